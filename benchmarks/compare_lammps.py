#!/usr/bin/env python3
"""Run pelkit's and LAMMPS's force-evaluation benchmarks on the same configuration, one after
the other on the same machine, and print the speed ratios.

    benchmarks/compare_lammps.py [--build build] [--data examples/data/cu50zr50_4000.data]
                                 [--repeats 3] [-o ratios.json]

pelkit: build/bin/bench_potential (Google Benchmark; energy + forces + virial per call, prebuilt
neighbour list, 1 and 2 OpenMP threads). LAMMPS: benchmarks/lammps_force.py (pair_style eam/fs,
`run N` with no fixes, energy + virial tallied every step, 1 process and `mpirun -np 2`).
Ratios are LAMMPS time / pelkit time (> 1: pelkit is faster). Only the Python standard library.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pelkit_times(build, data, repeats):
    cmd = [os.path.join(build, "bin", "bench_potential"), "--benchmark_format=json",
           "--benchmark_repetitions=%d" % repeats, "--benchmark_report_aggregates_only=true"]
    env = dict(os.environ, PELKIT_BENCH_DATA=data)
    out = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout)
    times = {}
    for b in out["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"].split("/min_time")[0].replace("/real_time", "")
        unit = {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[b["time_unit"]]
        times[name] = b["real_time"] * unit
    return times


def lammps_times(data, repeats, steps):
    cmd = [sys.executable, os.path.join(ROOT, "benchmarks", "lammps_force.py"), data,
           "--steps", str(steps), "--repeats", str(repeats),
           "--variants", "serial_ev", "mpi2_ev", "neigh"]
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    return out["summary_ms_per_eval"], out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--data", default=os.path.join(ROOT, "examples", "data", "cu50zr50_4000.data"))
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--steps", type=int, default=200, help="LAMMPS force evaluations per timed run")
    p.add_argument("-o", "--output", help="write the numbers and ratios as JSON")
    args = p.parse_args()

    pk = pelkit_times(args.build, args.data, args.repeats)
    lm, lammps_full = lammps_times(args.data, args.repeats, args.steps)
    rows = [
        ("force evaluation, 1 core", lm["forces_energy_virial_1core"], pk.get("eam_forces/1")),
        ("force evaluation, 2 cores", lm["forces_energy_virial_2cores"], pk.get("eam_forces/2")),
        ("neighbour-list build, 1 core", lm["neighbor_build_1core"], pk.get("neighbor_build/1")),
    ]
    print("%-30s %12s %12s %8s" % ("", "LAMMPS ms", "pelkit ms", "ratio"))
    result = {"data": args.data, "pelkit_ms": pk, "lammps_ms": lm, "ratios": {}}
    for label, l, q in rows:
        ratio = l / q if l and q else None
        result["ratios"][label] = ratio
        print("%-30s %12s %12s %8s" % (label, "%.2f" % l if l else "-", "%.2f" % q if q else "-",
                                         "%.2fx" % ratio if ratio else "-"))
    if pk.get("eam_forces/1") and pk.get("eam_forces/2"):
        scaling = pk["eam_forces/1"] / pk["eam_forces/2"]
        result["pelkit_two_thread_speedup"] = scaling
        print("pelkit 2-thread speed-up over 1 thread: %.2fx" % scaling)
    result["lammps"] = lammps_full
    if args.output:
        with open(args.output, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
