#!/usr/bin/env python3
"""Minimise a configuration at fixed box with LAMMPS and write the result as JSON.

Runs ``lmp`` (subprocess) with::

    min_style <style>            (default cg)
    minimize <etol> <ftol> <maxiter> <maxeval>

on a LAMMPS data file with an EAM pair style (eam/fs by default) and writes

  natoms, min_style, lammps_command (the minimize line), lammps_version
  energy_initial_eV, energy_final_eV, energy_per_atom_eV
  stopping_criterion           LAMMPS's text ("force tolerance", "linesearch alpha is zero", ...)
  iterations, force_evaluations  from LAMMPS's "Minimization stats"
  fmax_eV_per_A                max per-atom force norm at the end (from a dump, %.17g)
  fnorm2_eV_per_A              2-norm of the whole force vector at the end (LAMMPS's ftol measure)
  wall_time_s                  time of the lmp process
  final_data                   write_data output, only with --write-data

Note LAMMPS's ftol is a tolerance on the 2-norm of the 3N force vector, not per atom.

Example::

  tests/reference/lammps_minimize.py tests/data/cu50zr50_triclinic.data \\
      --potential /usr/share/lammps/potentials/CuZr_mm.eam.fs --elements Cu Zr \\
      --etol 0 --ftol 1e-10 -o out.json

Only the Python standard library is used.
"""

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from lammps_setup import setup_lines


def build_input(a, data, potential):
    pair_coeff = "pair_coeff * * %s %s" % (potential, " ".join(a.elements))
    lines = setup_lines(data, a.pair_style, [pair_coeff], a.skin) + [
        "thermo_style custom step pe fnorm fmax",
        "thermo_modify format float %.17g norm no",
        "thermo 1000",
        "min_style %s" % a.min_style,
        "minimize %s %s %d %d" % (a.etol, a.ftol, a.maxiter, a.maxeval),
        "dump frc all custom 1 forces.dump id fx fy fz",
        "dump_modify frc sort id format float %.17g",
        "run 0",
    ]
    if a.write_data:
        lines.append("write_data %s" % os.path.abspath(a.write_data))
    return "\n".join(lines) + "\n"


def parse(log_text, dump_path):
    res = {}
    m = re.search(r"LAMMPS \((.+?)\)", log_text)
    res["lammps_version"] = m.group(1) if m else "unknown"
    m = re.search(r"Stopping criterion = (.+)", log_text)
    res["stopping_criterion"] = m.group(1).strip() if m else "unknown"
    m = re.search(r"Energy initial, next-to-last, final =\s*\n\s*(\S+)\s+(\S+)\s+(\S+)", log_text)
    if not m:
        raise RuntimeError("minimization stats not found in the LAMMPS log")
    res["energy_initial_eV"] = float(m.group(1))
    res["energy_final_eV"] = float(m.group(3))
    m = re.search(r"Iterations, force evaluations = (\d+) (\d+)", log_text)
    res["iterations"] = int(m.group(1))
    res["force_evaluations"] = int(m.group(2))
    with open(dump_path) as f:
        lines = f.read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
    rows = [l.split() for l in lines[start + 1:] if l.strip()]
    norms = [math.sqrt(sum(float(x) ** 2 for x in r[1:4])) for r in rows]
    res["natoms"] = len(rows)
    res["fmax_eV_per_A"] = max(norms)
    res["fnorm2_eV_per_A"] = math.sqrt(sum(n * n for n in norms))
    res["energy_per_atom_eV"] = res["energy_final_eV"] / len(rows)
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data")
    p.add_argument("--potential", required=True)
    p.add_argument("--pair-style", default="eam/fs")
    p.add_argument("--elements", nargs="+", required=True)
    p.add_argument("--min-style", default="cg")
    p.add_argument("--etol", default="0")
    p.add_argument("--ftol", default="1e-10")
    p.add_argument("--maxiter", type=int, default=100000)
    p.add_argument("--maxeval", type=int, default=1000000)
    p.add_argument("--skin", type=float, default=1.0)
    p.add_argument("--lmp", default=shutil.which("lmp") or "lmp")
    p.add_argument("--write-data", help="also write the minimised configuration here")
    p.add_argument("-o", "--output", help="JSON output (default: stdout)")
    a = p.parse_args()

    wd = tempfile.mkdtemp(prefix="pelkit_min_")
    try:
        with open(os.path.join(wd, "in.min"), "w") as f:
            f.write(build_input(a, os.path.abspath(a.data), os.path.abspath(a.potential)))
        env = dict(os.environ, OMP_NUM_THREADS="1")
        t0 = time.perf_counter()
        r = subprocess.run([a.lmp, "-in", "in.min", "-log", "log.min", "-screen", "none"],
                           cwd=wd, env=env)
        wall = time.perf_counter() - t0
        log_text = open(os.path.join(wd, "log.min")).read() if os.path.exists(
            os.path.join(wd, "log.min")) else ""
        if r.returncode != 0:
            sys.stderr.write(log_text[-3000:])
            raise SystemExit("LAMMPS failed (rc=%d)" % r.returncode)
        res = parse(log_text, os.path.join(wd, "forces.dump"))
    finally:
        shutil.rmtree(wd, ignore_errors=True)
    res.update({"min_style": a.min_style, "wall_time_s": wall,
                "lammps_command": "minimize %s %s %d %d" % (a.etol, a.ftol, a.maxiter, a.maxeval),
                "data_file": os.path.abspath(a.data), "potential": os.path.abspath(a.potential),
                "elements": a.elements})
    if a.write_data:
        res["final_data"] = os.path.abspath(a.write_data)
    text = json.dumps(res, indent=2)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
