# Sourced by the build scripts (from the repository root): ccache settings that let a clone in
# another folder reuse the objects of this one. CCACHE_BASEDIR makes ccache pass paths below
# the repository root as relative paths, so the compile commands (and hashes) do not depend on
# the folder; CCACHE_NOHASHDIR keeps the working directory out of the hash of -g builds (the
# debug info then names the folder of the first build). Either can be overridden from the
# environment; CCACHE_DISABLE=1 turns ccache off (cold builds).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd -P)}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
