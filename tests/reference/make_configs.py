#!/usr/bin/env python3
"""Generate the atomic configurations used by pelkit's tests and examples.

Every configuration is produced by LAMMPS (``lmp``, run as a subprocess) and
written with ``write_data``, so coordinates carry full double precision
(shortest round-trip decimal representation).  The raw ``write_data`` output
is then normalised by this script:

* the first (comment) line describes the configuration and how it was made;
* ``Masses`` lines carry a comment naming the element, e.g. ``1 63.546 # Cu``;
* the ``Atoms`` (and, if kept, ``Velocities``) lines are sorted by atom id;
* the ``Velocities`` section is dropped except for the liquid snapshot.

The numeric content of every kept line (box, coordinates, image flags,
velocities) is copied verbatim from ``write_data``.

Configurations (type 1 = Cu, type 2 = Zr for the Cu-Zr files; potential
CuZr_mm.eam.fs with ``pair_style eam/fs``, metal units, timestep 2 fs):

=====================================  ======  ===================================
file                                   atoms   how it is made
=====================================  ======  ===================================
examples/data/cu50zr50_4000.data       4000    glass: random Cu/Zr on an fcc
                                               lattice at liquid density, 20 ps
                                               NPT at 2000 K, 30 ps NPT at 1500 K,
                                               NPT quench 1500 -> 300 K in 60 ps
                                               (2e13 K/s), 10 ps NPT at 300 K,
                                               CG minimisation with box/relax,
                                               then CG at fixed box.
tests/data/cu50zr50_glass_500.data     500     same protocol, 500 atoms.
tests/data/cu50zr50_triclinic.data     500     the 500-atom glass, sheared with
                                               change_box (xy, xz, yz all non-zero,
                                               remap), then 2 ps NVT at 300 K.
                                               Not minimised.
tests/data/cu50zr50_small_256.data     256     same melt/quench protocol, then
                                               2 ps NVT at 300 K; not minimised.
                                               Box edges < 2 x (7.6 + 1) A.
tests/data/cu50zr50_tiny_16.data       16      NVT melt/quench in a fixed 6.6 A
                                               cube (edges < cutoff 7.6 A, so an
                                               atom interacts with its own images);
                                               300 K snapshot, not minimised.
tests/data/cu64zr36_liquid.data        1000    Cu64Zr36 liquid: 20 ps NPT 2000 K,
                                               20 ps NPT 1500 K, snapshot at
                                               1500 K (velocities kept).
tests/data/cu_fcc_perturbed.data       256     Cu fcc a = 3.615 A, 4x4x4 cells,
                                               uniform random displacements in
                                               [-0.1, 0.1] A per component.
tests/data/cuni_alloy.data             256     random Cu50Ni50 fcc solid solution,
                                               a = 3.58 A, 4x4x4 cells, displaced
                                               as above (type 1 = Cu, 2 = Ni).
=====================================  ======  ===================================

Usage::

    tests/reference/make_configs.py                 # all configurations
    tests/reference/make_configs.py glass500 tiny   # only some
    tests/reference/make_configs.py --np 2 glass4000   # mpirun -np 2 lmp ...
    tests/reference/make_configs.py --list

The LAMMPS command used is ``lmp -in in.<name> -log log.<name> -screen none``
(prefixed by ``mpirun -np N`` when ``--np N`` > 1), run in a scratch
directory (``--workdir``, default: a temporary directory; logs are kept
there when ``--keep`` is given).  The MD is deterministic for a given
LAMMPS build and process count, but trajectories from different process
counts (or builds) diverge, so regenerated files are statistically but not
bitwise equivalent to the committed ones.  The committed files in this
repository were made with LAMMPS 29 Sep 2021 (Debian 12); glass4000 with
``--np 2`` and everything else with ``--np 1``.

Only the Python standard library is used.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
POTDIR = "/usr/share/lammps/potentials"
CUZR = POTDIR + "/CuZr_mm.eam.fs"

# Masses as given in the potential files (they are overridden by the EAM
# pair styles anyway; they do not enter energies, forces or the virial).
MASS = {"Cu": 63.546, "Zr": 91.224, "Ni": 58.689}

TIMESTEP_PS = 0.002


def steps(ps):
    return int(round(ps / TIMESTEP_PS))


# --------------------------------------------------------------------------
# LAMMPS input building blocks
# --------------------------------------------------------------------------

def header():
    return "units metal\natom_style atomic\nboundary p p p\natom_modify map array\n"


def masses(elements):
    return "".join("mass %d %r\n" % (i + 1, MASS[e]) for i, e in enumerate(elements))


def cuzr_pair():
    return ("pair_style eam/fs\n"
            "pair_coeff * * %s Cu Zr\n"
            "neighbor 1.0 bin\n"
            "neigh_modify every 1 delay 0 check yes\n"
            "timestep %r\n" % (CUZR, TIMESTEP_PS))


def lattice_block(lattice, a, n, ntypes):
    nx, ny, nz = n
    return ("lattice %s %r\n"
            "region box block 0 %d 0 %d 0 %d\n"
            "create_box %d box\n"
            "create_atoms 1 box\n" % (lattice, a, nx, ny, nz, ntypes))


def melt_quench(seed, t_melt=2000.0, t_hold=1500.0, t_final=300.0,
                ps_melt=20.0, ps_hold=30.0, ps_quench=60.0, ps_final=10.0,
                barostat=True):
    """NPT (or NVT) melt, hold, linear quench, and low-T hold."""
    if barostat:
        ens = lambda t0, t1: "npt temp %r %r 0.1 iso 0.0 0.0 1.0" % (t0, t1)
    else:
        ens = lambda t0, t1: "nvt temp %r %r 0.1" % (t0, t1)
    return (
        "velocity all create %r %d mom yes rot no dist gaussian\n"
        "thermo_style custom step temp pe press vol lx ly lz\n"
        "thermo 1000\n"
        "fix md all %s\n"
        "run %d\n"
        "unfix md\n"
        "fix md all %s\n"
        "run %d\n"
        "unfix md\n"
        "fix md all %s\n"
        "run %d\n"
        "unfix md\n"
        "fix md all %s\n"
        "run %d\n"
        "unfix md\n"
    ) % (t_melt, seed,
         ens(t_melt, t_melt), steps(ps_melt),
         ens(t_hold, t_hold), steps(ps_hold),
         ens(t_hold, t_final), steps(ps_quench),
         ens(t_final, t_final), steps(ps_final))


def minimise_block():
    return (
        "reset_timestep 0\n"
        "velocity all set 0.0 0.0 0.0\n"
        "thermo 100\n"
        "min_style cg\n"
        "fix relax all box/relax iso 0.0 vmax 0.001\n"
        "minimize 0.0 1.0e-10 20000 200000\n"
        "unfix relax\n"
        "minimize 0.0 1.0e-12 20000 200000\n"
    )


def nvt_block(temp, ps, seed):
    return (
        "reset_timestep 0\n"
        "velocity all create %r %d mom yes rot no dist gaussian\n"
        "fix md all nvt temp %r %r 0.1\n"
        "thermo 500\n"
        "run %d\n"
        "unfix md\n"
    ) % (temp, seed, temp, temp, steps(ps))


# --------------------------------------------------------------------------
# Configurations
# --------------------------------------------------------------------------

class Config:
    def __init__(self, name, path, elements, description, script,
                 keep_velocities=False, requires=(), check=None):
        self.name = name
        self.path = path                  # relative to the repository root
        self.elements = elements
        self.description = description
        self.script = script              # function(workdir) -> LAMMPS input
        self.keep_velocities = keep_velocities
        self.requires = requires          # names of configs used as input
        self.check = check                # function(parsed data) -> None


def glass_script(n_cells, seed):
    def script(ctx):
        return (header()
                # fcc at a = 4.2 A: 0.054 atoms/A^3, roughly the liquid density
                + lattice_block("fcc", 4.2, (n_cells,) * 3, 2)
                + "set type 1 type/ratio 2 0.5 %d\n" % (seed + 1)
                + masses(["Cu", "Zr"]) + cuzr_pair()
                + melt_quench(seed)
                + minimise_block()
                + "write_data raw.data\n")
    return script


def triclinic_script(ctx):
    src = ctx["glass500"]
    return (header()
            + "read_data %s\n" % src
            + "change_box all triclinic\n"
            # shear the cubic (~19.8 A) glass; all three tilts non-zero
            + "change_box all xy final 2.3 xz final -1.7 yz final 1.1 remap units box\n"
            + cuzr_pair()
            + nvt_block(300.0, 2.0, 73517)
            + "write_data raw.data\n")


def small_script(ctx):
    return (header()
            + lattice_block("fcc", 4.2, (4, 4, 4), 2)
            + "set type 1 type/ratio 2 0.5 55117\n"
            + masses(["Cu", "Zr"]) + cuzr_pair()
            + melt_quench(55113)
            + nvt_block(300.0, 2.0, 55119)
            + "write_data raw.data\n")


def tiny_script(ctx):
    # 16 atoms (bcc 2x2x2) in a fixed 6.6 A cube: 0.056 atoms/A^3.
    return (header()
            + lattice_block("bcc", 3.3, (2, 2, 2), 2)
            + "set type 1 type/ratio 2 0.5 66617\n"
            + masses(["Cu", "Zr"]) + cuzr_pair()
            + melt_quench(66613, barostat=False)
            + nvt_block(300.0, 2.0, 66619)
            + "write_data raw.data\n")


def liquid_script(ctx):
    # simple cubic 10x10x10 at a = 2.556 A: 0.060 atoms/A^3
    return (header()
            + lattice_block("sc", 2.556, (10, 10, 10), 2)
            + "set type 1 type/ratio 2 0.36 77717\n"
            + masses(["Cu", "Zr"]) + cuzr_pair()
            + "velocity all create 2000.0 77713 mom yes rot no dist gaussian\n"
            + "thermo_style custom step temp pe press vol lx ly lz\n"
            + "thermo 1000\n"
            + "fix md all npt temp 2000.0 2000.0 0.1 iso 0.0 0.0 1.0\n"
            + "run %d\n" % steps(20.0)
            + "unfix md\n"
            + "fix md all npt temp 1500.0 1500.0 0.1 iso 0.0 0.0 1.0\n"
            + "run %d\n" % steps(20.0)
            + "write_data raw.data\n")


def cu_fcc_script(ctx):
    return (header()
            + lattice_block("fcc", 3.615, (4, 4, 4), 1)
            + masses(["Cu"])
            + "displace_atoms all random 0.1 0.1 0.1 88813 units box\n"
            + "write_data raw.data\n")


def cuni_script(ctx):
    return (header()
            + lattice_block("fcc", 3.58, (4, 4, 4), 2)
            + "set type 1 type/ratio 2 0.5 99917\n"
            + masses(["Cu", "Ni"])
            + "displace_atoms all random 0.1 0.1 0.1 99913 units box\n"
            + "write_data raw.data\n")


def check_small(d):
    edges = box_edges(d)
    for e in edges:
        if not e < 2 * (7.6 + 1.0):
            raise RuntimeError("small cell edge %.4f A is not < 17.2 A" % e)


def check_tiny(d):
    for e in box_edges(d):
        if not e < 7.6:
            raise RuntimeError("tiny cell edge %.4f A is not < 7.6 A" % e)


def check_triclinic(d):
    if any(t == 0.0 for t in d["tilt"]):
        raise RuntimeError("triclinic cell has a zero tilt: %r" % (d["tilt"],))


CONFIGS = [
    Config("glass4000", "examples/data/cu50zr50_4000.data", ["Cu", "Zr"],
           "Cu50Zr50 metallic glass, 4000 atoms, melt-quenched (2e13 K/s) with "
           "CuZr_mm.eam.fs and CG-minimised", glass_script(10, 40013)),
    Config("glass500", "tests/data/cu50zr50_glass_500.data", ["Cu", "Zr"],
           "Cu50Zr50 metallic glass, 500 atoms, melt-quenched (2e13 K/s) with "
           "CuZr_mm.eam.fs and CG-minimised", glass_script(5, 50013)),
    Config("triclinic", "tests/data/cu50zr50_triclinic.data", ["Cu", "Zr"],
           "Cu50Zr50, 500 atoms, triclinic (xy, xz, yz != 0): sheared "
           "cu50zr50_glass_500 after 2 ps NVT at 300 K, not minimised",
           triclinic_script, requires=("glass500",), check=check_triclinic),
    Config("small256", "tests/data/cu50zr50_small_256.data", ["Cu", "Zr"],
           "Cu50Zr50, 256 atoms, box edges < 2*(7.6+1) A: melt-quenched, "
           "300 K NVT snapshot, not minimised", small_script, check=check_small),
    Config("tiny", "tests/data/cu50zr50_tiny_16.data", ["Cu", "Zr"],
           "Cu50Zr50, 16 atoms, box edges < 7.6 A cutoff (self-image "
           "interactions): NVT melt-quenched, 300 K snapshot, not minimised",
           tiny_script, check=check_tiny),
    Config("liquid", "tests/data/cu64zr36_liquid.data", ["Cu", "Zr"],
           "Cu64Zr36 liquid, 1000 atoms, NPT snapshot at 1500 K "
           "(CuZr_mm.eam.fs), velocities kept", liquid_script,
           keep_velocities=True),
    Config("cu_fcc", "tests/data/cu_fcc_perturbed.data", ["Cu"],
           "Cu fcc a=3.615 A, 4x4x4 cells, random displacements "
           "uniform in [-0.1,0.1] A", cu_fcc_script),
    Config("cuni", "tests/data/cuni_alloy.data", ["Cu", "Ni"],
           "random Cu50Ni50 fcc solid solution a=3.58 A, 4x4x4 cells, random "
           "displacements uniform in [-0.1,0.1] A", cuni_script),
]
BY_NAME = {c.name: c for c in CONFIGS}


# --------------------------------------------------------------------------
# data-file handling
# --------------------------------------------------------------------------

BOX_KEYS = ("xlo xhi", "ylo yhi", "zlo zhi", "xy xz yz")
SECTION_NAMES = ("Masses", "Atoms", "Velocities", "Pair Coeffs", "PairIJ Coeffs")


def parse_data(path):
    """Minimal parser for the write_data output of an atomic system."""
    with open(path) as f:
        lines = f.read().splitlines()
    d = {"title": lines[0], "header": [], "sections": {}, "section_titles": {},
         "tilt": (0.0, 0.0, 0.0)}
    i = 1
    while i < len(lines):
        s = lines[i].strip()
        key = s.split("#")[0].strip()
        if key in SECTION_NAMES:
            break
        if s:
            d["header"].append(lines[i])
            tok = s.split()
            if s.endswith("xlo xhi"):
                d["x"] = (float(tok[0]), float(tok[1]))
            elif s.endswith("ylo yhi"):
                d["y"] = (float(tok[0]), float(tok[1]))
            elif s.endswith("zlo zhi"):
                d["z"] = (float(tok[0]), float(tok[1]))
            elif s.endswith("xy xz yz"):
                d["tilt"] = (float(tok[0]), float(tok[1]), float(tok[2]))
            elif s.endswith(" atoms"):
                d["natoms"] = int(tok[0])
            elif s.endswith("atom types"):
                d["ntypes"] = int(tok[0])
        i += 1
    while i < len(lines):
        s = lines[i].strip()
        key = s.split("#")[0].strip()
        if key not in SECTION_NAMES:
            raise RuntimeError("%s: unexpected line %r" % (path, lines[i]))
        d["section_titles"][key] = s
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        body = []
        while i < len(lines):
            s2 = lines[i].strip()
            if s2.split("#")[0].strip() in SECTION_NAMES:
                break
            if s2:
                body.append(s2)
            i += 1
        d["sections"][key] = body
    return d


def box_edges(d):
    """Lengths of the three cell vectors a, b, c."""
    lx = d["x"][1] - d["x"][0]
    ly = d["y"][1] - d["y"][0]
    lz = d["z"][1] - d["z"][0]
    xy, xz, yz = d["tilt"]
    return (lx, (xy * xy + ly * ly) ** 0.5, (xz * xz + yz * yz + lz * lz) ** 0.5)


def finalise(raw, dest, cfg):
    d = parse_data(raw)
    if d["ntypes"] != len(cfg.elements):
        raise RuntimeError("%s: %d atom types, expected %d" %
                           (cfg.name, d["ntypes"], len(cfg.elements)))
    out = ["%s [pelkit tests/reference/make_configs.py %s; %s]"
           % (cfg.description, cfg.name, d["title"].strip()), ""]
    counts = [h.strip() for h in d["header"] if not h.strip().endswith(BOX_KEYS)]
    box = [h.strip() for h in d["header"] if h.strip().endswith(BOX_KEYS)]
    out += counts + [""] + box + [""]
    # Masses, with element comments
    out += ["Masses", ""]
    for line in d["sections"]["Masses"]:
        t = int(line.split()[0])
        m = line.split("#")[0].split()[1]
        out.append("%d %s # %s" % (t, m, cfg.elements[t - 1]))
    out.append("")
    atoms = sorted(d["sections"]["Atoms"], key=lambda s: int(s.split()[0]))
    ids = [int(s.split()[0]) for s in atoms]
    if ids != list(range(1, d["natoms"] + 1)):
        raise RuntimeError("%s: atom ids are not 1..N" % cfg.name)
    out += [d["section_titles"]["Atoms"], ""] + atoms + [""]
    if cfg.keep_velocities and "Velocities" in d["sections"]:
        vel = sorted(d["sections"]["Velocities"], key=lambda s: int(s.split()[0]))
        out += ["Velocities", ""] + vel + [""]
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w") as f:
        f.write("\n".join(out))
    d["path"] = dest
    return d


def describe(cfg, d):
    counts = {}
    for line in d["sections"]["Atoms"]:
        t = int(line.split()[1])
        counts[cfg.elements[t - 1]] = counts.get(cfg.elements[t - 1], 0) + 1
    a, b, c = box_edges(d)
    comp = " ".join("%s%d" % (e, counts.get(e, 0)) for e in cfg.elements)
    msg = ("%-10s %-40s N=%-5d %s  edges |a|,|b|,|c| = %.4f %.4f %.4f A"
           % (cfg.name, cfg.path, d["natoms"], comp, a, b, c))
    if d["tilt"] != (0.0, 0.0, 0.0):
        msg += "  tilts xy xz yz = %.4f %.4f %.4f" % d["tilt"]
    return msg


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------

def lmp_command(lmp, nproc, infile, log):
    cmd = [lmp, "-in", infile, "-log", log, "-screen", "none"]
    if nproc > 1:
        cmd = ["mpirun", "-np", str(nproc)] + cmd
    return cmd


def run_config(cfg, args, produced):
    wd = os.path.join(args.workdir, cfg.name)
    os.makedirs(wd, exist_ok=True)
    ctx = {name: os.path.join(ROOT, BY_NAME[name].path) for name in cfg.requires}
    ctx.update(produced)
    text = cfg.script(ctx)
    infile = os.path.join(wd, "in." + cfg.name)
    with open(infile, "w") as f:
        f.write(text)
    log = "log." + cfg.name
    cmd = lmp_command(args.lmp, args.np, "in." + cfg.name, log)
    env = dict(os.environ)
    # harmless for non-root users; needed by Open MPI when run as root
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    env.setdefault("OMP_NUM_THREADS", "1")
    print("[%s] %s  (in %s)" % (cfg.name, " ".join(cmd), wd), flush=True)
    t0 = time.time()
    res = subprocess.run(cmd, cwd=wd, env=env)
    if res.returncode != 0:
        tail = ""
        if os.path.exists(os.path.join(wd, log)):
            with open(os.path.join(wd, log)) as f:
                tail = "".join(f.readlines()[-30:])
        raise RuntimeError("LAMMPS failed for %s (rc=%d)\n%s" %
                           (cfg.name, res.returncode, tail))
    dest = os.path.join(ROOT, cfg.path)
    d = finalise(os.path.join(wd, "raw.data"), dest, cfg)
    if cfg.check:
        cfg.check(d)
    produced[cfg.name] = dest
    print("[%s] done in %.0f s" % (cfg.name, time.time() - t0), flush=True)
    print("  " + describe(cfg, d), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("names", nargs="*",
                   help="configurations to make (default: all): "
                   + ", ".join(c.name for c in CONFIGS))
    p.add_argument("--lmp", default="lmp", help="LAMMPS executable (default: lmp)")
    p.add_argument("--np", type=int, default=1,
                   help="number of MPI processes (mpirun -np N lmp ...)")
    p.add_argument("--workdir", default=None,
                   help="scratch directory for LAMMPS inputs and logs")
    p.add_argument("--keep", action="store_true",
                   help="keep the scratch directory")
    p.add_argument("--list", action="store_true", help="list configurations")
    p.add_argument("--describe", action="store_true",
                   help="only print atom counts and box sizes of existing files")
    args = p.parse_args()

    if args.list:
        for c in CONFIGS:
            print("%-10s %s" % (c.name, c.path))
        return 0
    names = args.names or [c.name for c in CONFIGS]
    for n in names:
        if n not in BY_NAME:
            p.error("unknown configuration %r" % n)
    if args.describe:
        for n in names:
            cfg = BY_NAME[n]
            print(describe(cfg, parse_data(os.path.join(ROOT, cfg.path))))
        return 0

    tmp = args.workdir is None
    if tmp:
        args.workdir = tempfile.mkdtemp(prefix="pelkit_configs_")
    args.workdir = os.path.abspath(args.workdir)
    produced = {}
    try:
        # keep dependency order (glass500 before triclinic)
        for cfg in CONFIGS:
            if cfg.name in names:
                run_config(cfg, args, produced)
    finally:
        if tmp and not args.keep:
            shutil.rmtree(args.workdir, ignore_errors=True)
        elif args.keep or not tmp:
            print("LAMMPS inputs and logs in %s" % args.workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
