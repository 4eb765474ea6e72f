#!/usr/bin/env python3
"""Minimise the same unrelaxed 4000-atom Cu50Zr50 glass with LAMMPS `min_style cg` and with
pelkit (bench_minimize: L-BFGS, CG, FIRE 2.0), one after the other, and print the ratios.

    benchmarks/compare_minimize.py [--build build] [--data examples/data/cu50zr50_4000.data]
                                   [--displacement 0.1] [--seed 1] [-o result.json]

Start configuration: the minimised bundled glass, every atom displaced by LAMMPS
`displace_atoms all random d d d SEED` (uniform in [-d, d]^3: each component has variance d²/3,
so the rms displacement per atom is d; d = --displacement = 0.1 Å by default), written with
write_data and given to both.
LAMMPS: `min_style cg`, `minimize 0 1e-10 100000 1000000` (ftol on the 2-norm of the whole force
vector) and, for the same criterion as pelkit's, `minimize 0 1e-6 ...` (2-norm ≤ 1e-6 implies
every atom's |f| ≤ 1e-6), one process each; its time is the minimisation's `Loop time` (no start-up). pelkit:
build/bin/bench_minimize with PELKIT_BENCH_START (one thread, fmax 1e-6 eV/Å per atom, neighbour
list built inside the timed region). Ratios are pelkit / LAMMPS (< 1: pelkit needs fewer).
Only the Python standard library; LAMMPS through the `lmp` executable.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference"))
from lammps_setup import setup_lines  # noqa: E402

POTENTIAL = "/usr/share/lammps/potentials/CuZr_mm.eam.fs"


def lmp(workdir, lines, log):
    with open(os.path.join(workdir, "in." + log), "w") as f:
        f.write("\n".join(lines) + "\n")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    r = subprocess.run([shutil.which("lmp") or "lmp", "-in", "in." + log, "-log", log, "-screen", "none"],
                       cwd=workdir, env=env)
    text = open(os.path.join(workdir, log)).read()
    if r.returncode != 0:
        sys.stderr.write(text[-3000:])
        raise SystemExit("LAMMPS failed (rc=%d)" % r.returncode)
    return text


def write_start(workdir, data, displacement, seed):
    """The displaced glass as a LAMMPS data file; uniform in [-d, d] per component."""
    d = displacement  # rms of |Δx| for uniform [-d, d]^3 is d
    start = os.path.join(workdir, "start.data")
    lmp(workdir, setup_lines(data, "eam/fs", ["pair_coeff * * %s Cu Zr" % POTENTIAL]) + [
        "displace_atoms all random %.17g %.17g %.17g %d units box" % (d, d, d, seed),
        "write_data %s" % start,
    ], "log.start")
    return start


def lammps_cg(workdir, start, ftol):
    text = lmp(workdir, setup_lines(start, "eam/fs", ["pair_coeff * * %s Cu Zr" % POTENTIAL]) + [
        "thermo_style custom step pe fnorm fmax",
        "thermo_modify format float %.17g norm no",
        "thermo 1000",
        "min_style cg",
        "minimize 0 %s 100000 1000000" % ftol,
        "variable fm equal fmax",
        "print \"FINAL_FMAX ${fm}\"",
    ], "log.min")
    res = {}
    m = re.search(r"Energy initial, next-to-last, final =\s*\n\s*(\S+)\s+(\S+)\s+(\S+)", text)
    res["energy_initial_eV"], res["energy_final_eV"] = float(m.group(1)), float(m.group(3))
    m = re.search(r"Iterations, force evaluations = (\d+) (\d+)", text)
    res["iterations"], res["force_evaluations"] = int(m.group(1)), int(m.group(2))
    res["stopping_criterion"] = re.search(r"Stopping criterion = (.+)", text).group(1).strip()
    res["loop_time_s"] = float(re.search(r"Loop time of (\S+) on", text).group(1))
    res["fmax_inf_norm_eV_per_A"] = float(re.search(r"^FINAL_FMAX ([-+0-9.eE]+)$", text, re.M).group(1))
    res["natoms"] = int(re.search(r"(\d+) atoms", text).group(1))
    res["energy_per_atom_eV"] = res["energy_final_eV"] / res["natoms"]
    res["lammps_command"] = "minimize 0 %s 100000 1000000" % ftol
    return res


def pelkit_runs(build, start):
    cmd = [os.path.join(build, "bin", "bench_minimize"), "--benchmark_format=json"]
    env = dict(os.environ, PELKIT_BENCH_START=start, OMP_NUM_THREADS="1")
    out = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout)
    runs = {}
    for b in out["benchmarks"]:
        name = b["run_name"].split("/iterations")[0].replace("/real_time", "").split("/")[-1]
        unit = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}[b["time_unit"]]
        runs[name] = {"wall_s": b["real_time"] * unit,
                      **{k: b[k] for k in ("force_evaluations", "energy_evaluations", "iterations",
                                           "energy_per_atom_eV", "energy_initial_per_atom_eV",
                                           "fmax_eV_per_A", "converged")}}
    return runs


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--data", default=os.path.join(ROOT, "examples", "data", "cu50zr50_4000.data"))
    p.add_argument("--displacement", type=float, default=0.1, help="Å, half-width d of the uniform displacement")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", "--output", help="write all numbers as JSON")
    a = p.parse_args()

    wd = tempfile.mkdtemp(prefix="pelkit_cmpmin_")
    try:
        start = write_start(wd, os.path.abspath(a.data), a.displacement, a.seed)
        lm = lammps_cg(wd, start, "1e-10")
        lm6 = lammps_cg(wd, start, "1e-6")
        pk = pelkit_runs(os.path.abspath(a.build), start)
    finally:
        shutil.rmtree(wd, ignore_errors=True)

    print("start: %s, uniform displacement d = %g Å (seed %d), %d atoms" % (a.data, a.displacement, a.seed,
                                                                             lm["natoms"]))
    for r in (lm, lm6):
        print("LAMMPS cg, %s: %d force evaluations, %.3f s (loop), E/N %.12f eV, fmax %.2e eV/Å (%s)" % (
            r["lammps_command"], r["force_evaluations"], r["loop_time_s"], r["energy_per_atom_eV"],
            r["fmax_inf_norm_eV_per_A"], r["stopping_criterion"]))
    print("%-8s %8s %8s %9s %9s %9s %18s %12s" % ("pelkit", "forces", "energy", "wall s", "evals/L",
                                                   "time/L", "E/N eV", "ΔE/N eV"))
    ratios = {}
    for name, r in pk.items():
        ev = r["force_evaluations"] / lm["force_evaluations"]
        tm = r["wall_s"] / lm["loop_time_s"]
        de = r["energy_per_atom_eV"] - lm["energy_per_atom_eV"]
        ratios[name] = {"force_evaluations": ev, "wall_time": tm, "energy_per_atom_difference_eV": de,
                        "force_evaluations_vs_ftol_1e-6": r["force_evaluations"] / lm6["force_evaluations"],
                        "wall_time_vs_ftol_1e-6": r["wall_s"] / lm6["loop_time_s"]}
        print("%-8s %8d %8d %9.3f %9.3f %9.3f %18.12f %12.2e%s" % (
            name, r["force_evaluations"], r["energy_evaluations"], r["wall_s"], ev, tm, r["energy_per_atom_eV"],
            de, "" if r["converged"] else "  (not converged)"))
    print("evals/L, time/L: pelkit / LAMMPS `minimize 0 1e-10` (< 1: pelkit better); ΔE/N = pelkit − that "
          "LAMMPS run's final energy per atom")
    print("against LAMMPS at ftol 1e-6 (2-norm ≤ 1e-6, so fmax ≤ 1e-6 as pelkit's criterion): " + ", ".join(
        "%s evals %.3f, time %.3f" % (n, q["force_evaluations_vs_ftol_1e-6"], q["wall_time_vs_ftol_1e-6"])
        for n, q in ratios.items()))
    if a.output:
        with open(a.output, "w") as f:
            json.dump({"lammps": lm, "lammps_ftol_1e-6": lm6, "pelkit": pk, "ratios": ratios, "displacement_A": a.displacement,
                       "seed": a.seed, "data": a.data}, f, indent=2)


if __name__ == "__main__":
    main()
