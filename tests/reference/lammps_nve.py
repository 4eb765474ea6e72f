#!/usr/bin/env python3
"""Run LAMMPS ``fix nve`` from a data file (with velocities) and write the trajectory summary as JSON.

Used by tests/dynamics/nve_lammps.cpp to compare pelkit's velocity Verlet with LAMMPS on the
same start. Output keys:

  natoms, dt_ps, steps, lammps_version, lammps_command
  step, pe_eV, ke_eV, etotal_eV     thermo every ``--thermo`` steps (LAMMPS metal units)
  frames                            every ``--dump-every`` steps (default: the last step):
                                    [{"step": n, "positions_unwrapped_A": [[xu, yu, zu], ...],
                                      "velocities_A_per_ps": [[vx, vy, vz], ...]}, ...],
                                    atom-id order

All numbers are printed by LAMMPS with %.17g and stored with Python's round-trip repr.
Only the Python standard library is used.

Example::

  tests/reference/lammps_nve.py start.data --dt 0.001 --steps 100 \\
      --pair-style eam/fs --potential /usr/share/lammps/potentials/CuZr_mm.eam.fs \\
      --elements Cu Zr -o nve.json
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from lammps_setup import setup_lines

THERMO = ["step", "pe", "ke", "etotal"]


def build_input(data, pair_style, potential, elements, dt, steps, thermo, dump_every):
    pair_coeff = "pair_coeff * * %s %s" % (potential, " ".join(elements))
    return "\n".join(setup_lines(data, pair_style, [pair_coeff]) + [
        "timestep %.17g" % dt,
        "fix integrate all nve",
        "thermo_style custom " + " ".join(THERMO),
        "thermo_modify format float %.17g norm no",
        "thermo %d" % thermo,
        "dump traj all custom %d traj.dump id xu yu zu vx vy vz" % dump_every,
        "dump_modify traj sort id format float %.17g",
        "run %d" % steps,
    ]) + "\n"


def parse_log(path):
    with open(path) as f:
        text = f.read()
    m = re.search(r"LAMMPS \((.+?)\)", text)
    version = m.group(1) if m else "unknown"
    rows = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.split() == ["Step", "PotEng", "KinEng", "TotEng"]:
            for row in lines[i + 1:]:
                tok = row.split()
                if len(tok) != 4 or not re.match(r"^-?\d+$", tok[0]):
                    break
                rows.append(tok)
            break
    if not rows:
        raise RuntimeError("thermo output not found in %s" % path)
    return version, rows


def parse_frames(path):
    with open(path) as f:
        lines = f.read().splitlines()
    starts = [i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS")]
    steps = [int(lines[i + 1]) for i, l in enumerate(lines) if l.startswith("ITEM: TIMESTEP")]
    return [dict(step=n, **parse_frame(lines, s)) for n, s in zip(steps, starts) if n > 0]


def parse_frame(lines, start):
    cols = lines[start].split()[2:]
    rows = []
    for l in lines[start + 1:]:
        if l.startswith("ITEM:"):
            break
        rows.append(l.split())
    ids = [int(r[cols.index("id")]) for r in rows]
    if ids != list(range(1, len(rows) + 1)):
        raise RuntimeError("dump is not sorted by id 1..N")
    pos = [[float(r[cols.index(c)]) for c in ("xu", "yu", "zu")] for r in rows]
    vel = [[float(r[cols.index(c)]) for c in ("vx", "vy", "vz")] for r in rows]
    return {"positions_unwrapped_A": pos, "velocities_A_per_ps": vel}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--dt", type=float, required=True, help="time step, ps")
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--thermo", type=int, default=1)
    ap.add_argument("--dump-every", type=int, default=0, help="default: only the last step")
    ap.add_argument("--pair-style", default="eam/fs")
    ap.add_argument("--potential", required=True)
    ap.add_argument("--elements", nargs="+", required=True)
    ap.add_argument("--lmp", default="lmp")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()

    data = os.path.abspath(a.data)
    potential = os.path.abspath(a.potential)
    wd = tempfile.mkdtemp(prefix="pelkit_nve_")
    try:
        with open(os.path.join(wd, "in.nve"), "w") as f:
            f.write(build_input(data, a.pair_style, potential, a.elements, a.dt, a.steps, a.thermo,
                                a.dump_every or a.steps))
        cmd = [a.lmp, "-in", "in.nve", "-log", "log.nve", "-screen", "none"]
        env = dict(os.environ, OMP_NUM_THREADS="1")
        res = subprocess.run(cmd, cwd=wd, env=env)
        if res.returncode != 0:
            with open(os.path.join(wd, "log.nve")) as f:
                sys.stderr.write(f.read()[-3000:])
            raise SystemExit("LAMMPS failed (rc=%d)" % res.returncode)
        version, rows = parse_log(os.path.join(wd, "log.nve"))
        frames = parse_frames(os.path.join(wd, "traj.dump"))
    finally:
        shutil.rmtree(wd, ignore_errors=True)

    out = {
        "natoms": len(frames[-1]["positions_unwrapped_A"]), "dt_ps": a.dt, "steps": a.steps,
        "lammps_version": version, "lammps_command": "fix nve",
        "step": [int(r[0]) for r in rows],
        "pe_eV": [float(r[1]) for r in rows],
        "ke_eV": [float(r[2]) for r in rows],
        "etotal_eV": [float(r[3]) for r in rows],
        "frames": frames,
    }
    with open(a.output, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
