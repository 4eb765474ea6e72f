#!/usr/bin/env python3
"""Run LAMMPS ``fix npt`` from a data file (with velocities) and write the thermo trace as JSON.

Used by tests/dynamics/npt.cpp to compare pelkit's MTK barostat (pelkit::npt) with LAMMPS on
the same start, and for the mean liquid density at given T and P. Output keys:

  natoms, dt_ps, steps, lammps_version, lammps_command
  step, pe_eV, ke_eV, temp_K, press_bar, vol_A3, lx_A, ly_A, lz_A, xy_A, xz_A, yz_A,
  conserved_eV                                 thermo every ``--thermo`` steps (metal units;
                                               conserved = etotal + the fix's energy)
  frames                                       as lammps_nve.py (positions unwrapped, id order)

The target pressure is given in bar to LAMMPS exactly as written (``--press-bar``). Numbers
are printed with %.17g. Only the Python standard library is used.

Example::

  tests/reference/lammps_npt.py start.data --dt 0.001 --steps 200 --temp 1200 --tdamp 0.1 \\
      --couple iso --press-bar 0 --pdamp 1.0 \\
      --potential /usr/share/lammps/potentials/CuZr_mm.eam.fs --elements Cu Zr -o npt.json
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from lammps_nve import parse_frames
from lammps_setup import setup_lines

THERMO = ["step", "pe", "ke", "temp", "press", "vol", "lx", "ly", "lz", "xy", "xz", "yz", "etotal",
          "f_integrate"]
HEADER = ["Step", "PotEng", "KinEng", "Temp", "Press", "Volume", "Lx", "Ly", "Lz", "Xy", "Xz", "Yz",
          "TotEng", "f_integrate"]


def build_input(a, data, potential):
    pair_coeff = "pair_coeff * * %s %s" % (potential, " ".join(a.elements))
    lines = setup_lines(data, a.pair_style, [pair_coeff])
    if a.couple == "tri":
        lines.append("change_box all triclinic")
    return "\n".join(lines + [
        "timestep %.17g" % a.dt,
        "fix integrate all npt temp %.17g %.17g %.17g %s %.17g %.17g %.17g" % (
            a.temp, a.temp_stop if a.temp_stop is not None else a.temp, a.tdamp, a.couple,
            a.press_bar, a.press_bar, a.pdamp),
        "thermo_style custom " + " ".join(THERMO),
        "thermo_modify format float %.17g norm no",
        "thermo %d" % a.thermo,
        "dump traj all custom %d traj.dump id xu yu zu vx vy vz" % (a.dump_every or a.steps),
        "dump_modify traj sort id format float %.17g",
        "run %d" % a.steps,
    ]) + "\n"


def parse_log(path):
    with open(path) as f:
        text = f.read()
    m = re.search(r"LAMMPS \((.+?)\)", text)
    version = m.group(1) if m else "unknown"
    lines = text.splitlines()
    rows = []
    for i, line in enumerate(lines):
        if line.split() == HEADER:
            for row in lines[i + 1:]:
                tok = row.split()
                if len(tok) != len(HEADER) or not re.match(r"^-?\d+$", tok[0]):
                    break
                rows.append(tok)
            break
    if not rows:
        raise RuntimeError("thermo output not found in %s" % path)
    return version, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--dt", type=float, required=True, help="time step, ps")
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--temp", type=float, required=True, help="target temperature, K")
    ap.add_argument("--temp-stop", type=float, default=None, help="end of a linear ramp, K")
    ap.add_argument("--tdamp", type=float, required=True, help="ps")
    ap.add_argument("--couple", choices=["iso", "aniso", "tri"], default="iso")
    ap.add_argument("--press-bar", type=float, required=True, help="target pressure, bar")
    ap.add_argument("--pdamp", type=float, required=True, help="ps")
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
    wd = tempfile.mkdtemp(prefix="pelkit_npt_")
    try:
        with open(os.path.join(wd, "in.npt"), "w") as f:
            f.write(build_input(a, data, potential))
        cmd = [a.lmp, "-in", "in.npt", "-log", "log.npt", "-screen", "none"]
        env = dict(os.environ, OMP_NUM_THREADS="1")
        res = subprocess.run(cmd, cwd=wd, env=env)
        if res.returncode != 0:
            with open(os.path.join(wd, "log.npt")) as f:
                sys.stderr.write(f.read()[-3000:])
            raise SystemExit("LAMMPS failed (rc=%d)" % res.returncode)
        version, rows = parse_log(os.path.join(wd, "log.npt"))
        frames = parse_frames(os.path.join(wd, "traj.dump"))
    finally:
        shutil.rmtree(wd, ignore_errors=True)

    col = lambda k: [float(r[k]) for r in rows]
    out = {
        "natoms": len(frames[-1]["positions_unwrapped_A"]) if frames else 0,
        "dt_ps": a.dt, "steps": a.steps, "lammps_version": version,
        "lammps_command": "fix npt temp %g %g %g %s %g %g %g" % (
            a.temp, a.temp_stop or a.temp, a.tdamp, a.couple, a.press_bar, a.press_bar, a.pdamp),
        "step": [int(r[0]) for r in rows],
        "pe_eV": col(1), "ke_eV": col(2), "temp_K": col(3), "press_bar": col(4), "vol_A3": col(5),
        "lx_A": col(6), "ly_A": col(7), "lz_A": col(8), "xy_A": col(9), "xz_A": col(10),
        "yz_A": col(11), "conserved_eV": [float(r[12]) + float(r[13]) for r in rows],
        "frames": frames,
    }
    with open(a.output, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
