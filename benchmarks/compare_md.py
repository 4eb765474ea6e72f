#!/usr/bin/env python3
"""MD speed of pelkit and LAMMPS under NPT on the same configuration, one after the other on the
same machine; prints steps per second and the ratios (pelkit / LAMMPS, > 1: pelkit is faster).

    benchmarks/compare_md.py [--build build] [--data examples/data/cu50zr50_4000.data]
                             [--steps 1000] [-o md_ratios.json]

pelkit: build/bin/bench_md (Google Benchmark, npt_step at 300 K and 1500 K, 1 and 2 threads).
LAMMPS: `fix npt temp T T 0.1 iso 0 0 1.0`, dt 2 fs, neighbor 1.0 bin, velocities created at T,
200 warm-up steps, then `run N`; steps/s from its "Loop time" line, thermo output only at the
ends (1 process; `mpirun -np 2` when mpirun exists). Only the Python standard library is used.
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


def pelkit_rates(build):
    cmd = [os.path.join(build, "bin", "bench_md"), "--benchmark_format=json", "--benchmark_filter=npt_step"]
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    rates = {}
    for b in out["benchmarks"]:
        threads, temp = b["name"].split("/")[1:3]
        rates["%sK_%st" % (temp, threads)] = b["steps_per_s"]
    return rates


def lammps_rate(data, temp, steps, procs):
    wd = tempfile.mkdtemp(prefix="pelkit_md_")
    try:
        lines = setup_lines(os.path.abspath(data), "eam/fs", ["pair_coeff * * %s Cu Zr" % POTENTIAL])
        lines += ["velocity all create %g 1 dist gaussian mom yes" % temp, "timestep 0.002",
                  "fix md all npt temp %g %g 0.1 iso 0 0 1.0" % (temp, temp), "thermo 0",
                  "run 200", "run %d" % steps]
        with open(os.path.join(wd, "in.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
        cmd = ["lmp", "-in", "in.md", "-log", "log.md", "-screen", "none"]
        if procs > 1:
            cmd = ["mpirun", "-np", str(procs)] + cmd
        env = dict(os.environ, OMP_NUM_THREADS="1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        subprocess.run(cmd, cwd=wd, env=env, check=True, capture_output=True)
        with open(os.path.join(wd, "log.md")) as f:
            loops = re.findall(r"Loop time of ([0-9.eE+-]+) on \d+ procs for (\d+) steps", f.read())
        t, n = loops[-1]
        return int(n) / float(t)
    finally:
        shutil.rmtree(wd, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--data", default=os.path.join(ROOT, "examples", "data", "cu50zr50_4000.data"))
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("-o", "--output")
    a = p.parse_args()
    pk = pelkit_rates(a.build)
    result = {"pelkit_steps_per_s": pk, "lammps_steps_per_s": {}, "ratios": {}}
    print("%-22s %12s %12s %8s" % ("NPT, 4000 atoms", "LAMMPS st/s", "pelkit st/s", "ratio"))
    for temp in (300, 1500):
        for procs in (1, 2):
            if procs == 2 and not shutil.which("mpirun"):
                continue
            key = "%dK_%dt" % (temp, procs)
            lm = lammps_rate(a.data, temp, a.steps, procs)
            result["lammps_steps_per_s"][key] = lm
            ratio = pk.get(key, 0) / lm
            result["ratios"][key] = ratio
            print("%-22s %12.1f %12.1f %7.2fx" % ("%d K, %d core%s" % (temp, procs, "s" if procs > 1 else ""),
                                                  lm, pk.get(key, 0), ratio))
    if a.output:
        with open(a.output, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
