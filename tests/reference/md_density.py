#!/usr/bin/env python3
"""Density of a Cu50Zr50 liquid under NPT: `pelkit md` against LAMMPS `fix npt`, from the same
start, as independent runs (their trajectories part after a few ps); prints each pair's block
averages with standard errors, the difference in units of the combined standard error, and the
pool of all pairs.

    tests/reference/md_density.py [--build build] [--natoms 1000] [--T 1500] [--P 0]
                                  [--time-ps 100] [--average-after-ps 20] [--seeds 3,5]
                                  [--blocks 10] [--keep DIR] [-o md_density.json]

The start: `pelkit quench` of a random alloy (melt at 2000 K for 10 ps, 5 ps at the liquid's
T), then, per seed, velocities drawn at T (`pelkit md --steps 0 --new-velocities`). Both codes
then run dt 2 fs, Tdamp 0.1 ps, Pdamp 1 ps, iso, and sample the density every 10 steps. Takes
about (natoms/1000) x (time_ps/100) x 10 min per seed on one core for both codes together.
Only the Python standard library is used.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POTENTIAL = "/usr/share/lammps/potentials/CuZr_mm.eam.fs"
AMU_PER_A3_TO_G_PER_CM3 = 1.66053906660
EV_PER_A3_TO_GPA = 160.21766208
NKTV2P_METAL = 1.6021765e6  # bar per eV/A^3 (LAMMPS metal units)


def block_mean(x, blocks):
    n = len(x) // blocks
    means = [sum(x[b * n:(b + 1) * n]) / n for b in range(blocks)]
    m = sum(means) / blocks
    return m, math.sqrt(sum((v - m) ** 2 for v in means) / (blocks - 1) / blocks)


def total_mass(data):
    text = open(data).read()
    masses = {int(l.split()[0]): float(l.split()[1])
              for l in re.search(r"Masses\s*\n\s*\n(.*?)\n\s*\n", text, re.S).group(1).splitlines()}
    atoms = re.search(r"Atoms.*?\n\s*\n(.*?)(\n\s*\n|$)", text, re.S).group(1).splitlines()
    return sum(masses[int(a.split()[1])] for a in atoms if a.strip())


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--natoms", type=int, default=1000)
    ap.add_argument("--T", type=float, default=1500.0, help="K")
    ap.add_argument("--P", type=float, default=0.0, help="GPa")
    ap.add_argument("--time-ps", type=float, default=100.0)
    ap.add_argument("--average-after-ps", type=float, default=20.0)
    ap.add_argument("--seeds", default="3,5")
    ap.add_argument("--blocks", type=int, default=10)
    ap.add_argument("--keep", help="keep the runs in DIR")
    ap.add_argument("-o", "--output")
    a = ap.parse_args()
    pelkit = os.path.join(a.build, "bin", "pelkit")
    work = a.keep or tempfile.mkdtemp(prefix="pelkit_md_density_")
    os.makedirs(work, exist_ok=True)
    steps = int(round(a.time_ps / 0.002))
    liquid = os.path.join(work, "liquid.data")
    run([pelkit, "quench", "--potential", POTENTIAL, "--natoms", str(a.natoms), "--seed", "4",
         "--melt-T", "2000", "--melt-ps", "10", "--equilibrate-ps", "5", "--T0", str(a.T),
         "--T1", str(a.T - 100), "--rate", "1e15", "--pressure", str(a.P), "--release-ps", "0",
         "--relax-ps", "0", "--progress", "never", "--out", liquid, "--json", os.path.join(work, "quench.json")])
    pairs = []
    for seed in a.seeds.split(","):
        start = os.path.join(work, f"start_{seed}.data")
        run([pelkit, "md", "--potential", POTENTIAL, "--data", liquid, "--ensemble", "nve", "--steps", "0",
             "--new-velocities", "--T", str(a.T), "--seed", seed, "--out", start, "--progress", "never",
             "--json", os.path.join(work, f"start_{seed}.json")])
        thermo = os.path.join(work, f"pelkit_{seed}.csv")
        run([pelkit, "md", "--potential", POTENTIAL, "--data", start, "--ensemble", "npt", "--T", str(a.T),
             "--P", str(a.P), "--tau-T", "0.1", "--tau-P", "1.0", "--steps", str(steps), "--thermo", thermo,
             "--thermo-every", "10", "--progress", "never", "--json", os.path.join(work, f"pelkit_{seed}.json")])
        lmp_json = os.path.join(work, f"lammps_{seed}.json")
        run([sys.executable, os.path.join(ROOT, "tests", "reference", "lammps_npt.py"), start, "--dt", "0.002",
             "--steps", str(steps), "--temp", str(a.T), "--tdamp", "0.1", "--couple", "iso", "--press-bar",
             repr(a.P / EV_PER_A3_TO_GPA * NKTV2P_METAL), "--pdamp", "1.0", "--thermo", "10",
             "--potential", POTENTIAL, "--elements", "Cu", "Zr", "-o", lmp_json])
        with open(thermo) as f:
            head = f.readline().strip().split(",")
            rows = [l.strip().split(",") for l in f if l.strip()]
        it, ir = head.index("time_ps"), head.index("density_g_per_cm3")
        ours = [float(r[ir]) for r in rows if float(r[it]) >= a.average_after_ps - 1e-9]
        lmp = json.load(open(lmp_json))
        mass = total_mass(start)
        theirs = [mass / v * AMU_PER_A3_TO_G_PER_CM3 for s, v in zip(lmp["step"], lmp["vol_A3"])
                  if s * 0.002 >= a.average_after_ps - 1e-9]
        (m1, e1), (m2, e2) = block_mean(ours, a.blocks), block_mean(theirs, a.blocks)
        z = (m1 - m2) / math.hypot(e1, e2)
        pairs.append({"seed": int(seed), "pelkit_g_per_cm3": [m1, e1], "lammps_g_per_cm3": [m2, e2], "z": z})
        print(f"seed {seed}: pelkit {m1:.5f} +- {e1:.5f}, LAMMPS {m2:.5f} +- {e2:.5f} g/cm3, "
              f"difference {m1 - m2:+.5f} = {z:+.2f} combined s.e.", flush=True)

    def pool(key):
        w = [1 / p[key][1] ** 2 for p in pairs]
        return sum(wi * p[key][0] for wi, p in zip(w, pairs)) / sum(w), 1 / math.sqrt(sum(w))
    (m1, e1), (m2, e2) = pool("pelkit_g_per_cm3"), pool("lammps_g_per_cm3")
    z = (m1 - m2) / math.hypot(e1, e2)
    print(f"pooled ({len(pairs)} pairs): pelkit {m1:.5f} +- {e1:.5f}, LAMMPS {m2:.5f} +- {e2:.5f} g/cm3, "
          f"difference {m1 - m2:+.5f} = {z:+.2f} combined s.e.")
    if a.output:
        with open(a.output, "w") as f:
            json.dump({"natoms": a.natoms, "T_K": a.T, "P_GPa": a.P, "time_ps": a.time_ps,
                       "average_after_ps": a.average_after_ps, "blocks": a.blocks, "pairs": pairs,
                       "pooled": {"pelkit_g_per_cm3": [m1, e1], "lammps_g_per_cm3": [m2, e2], "z": z}}, f, indent=1)


if __name__ == "__main__":
    main()
