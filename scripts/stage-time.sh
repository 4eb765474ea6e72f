# Sourced by the CI scripts: stage_time NAME SECONDS [NOTE] appends one row to the file named
# by PELKIT_STAGE_TIMES (set by .ci/run, which prints the rows as its summary table at the
# end); without PELKIT_STAGE_TIMES it does nothing.
stage_time() {
  [ -n "${PELKIT_STAGE_TIMES:-}" ] || return 0
  printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >>"$PELKIT_STAGE_TIMES"
}
