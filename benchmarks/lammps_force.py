#!/usr/bin/env python3
"""Time LAMMPS EAM force evaluations (the LAMMPS half of pelkit's speed benchmark).

The atoms never move (no fixes, no integrator), so every MD step of
``run N pre no post yes`` is exactly one force evaluation on a fixed
configuration: forward communication of ghost positions, the EAM pair
computation (density pass, embedding-derivative communication, force pass)
and reverse communication of ghost forces.  The neighbour list (half list,
cutoff 7.6 A + skin 1.0 A, ``neighbor 1.0 bin``) is built once during the
setup ``run 0``; since nothing moves it is never rebuilt (checked: the log
must report ``Neighbor list builds = 0``).

For every variant the script does, in one LAMMPS process (group)::

    run 0                       # setup with compute coord/atom (neighbour count)
    uncompute ...; run 0        # setup again without it: builds the half list
    run N pre no post yes       # repeated R times; each timed by LAMMPS

and takes the fastest of the R repeats (the machine may be shared).  From
each timed run it parses ``Loop time of T on P procs for N steps`` and the
``Pair`` row (avg column) of the MPI task timing breakdown, and reports

  ms_per_eval        1000 * T / N   (wall time of one complete force evaluation)
  pair_ms_per_eval   1000 * Pair_avg / N   (time inside the pair style only)

Variants (``--variants``, default: all that the LAMMPS build supports):

  serial        lmp, 1 process, forces only (energy/virial tallied only on the
                first and last step of each run, as in normal MD)
  serial_ev     lmp, 1 process, energy and virial computed on every step
                (``thermo 1`` with pe and press)
  serial_opt    lmp -sf opt  (pair_style eam/fs/opt, OPT package), 1 process
  mpi2          mpirun -np 2 lmp  (2 MPI ranks, spatial decomposition)
  mpi2_ev       mpirun -np 2 lmp, energy and virial on every step
  mpi2_opt      mpirun -np 2 lmp -sf opt
  omp1, omp2    lmp -sf omp -pk omp 1|2  (only if the OPENMP package is
                installed; the Debian 12 build does not have it)
  neigh         lmp, 1 process, neighbour list rebuilt on every step
                (``neigh_modify ... check no``): reports neigh_ms_per_build
                from the ``Neigh`` row

Neighbour counts: ``neighbors_per_atom_half_list`` is LAMMPS' ``Ave
neighs/atom`` (half list with newton on, pairs within cutoff + skin =
8.6 A); ``neighbors_per_atom_half_within_cutoff`` is half the mean
coordination number within 7.6 A (compute coord/atom), i.e. the number of
pairs per atom the EAM actually evaluates.

Output: JSON on stdout (and in ``-o FILE``).  Example::

    benchmarks/lammps_force.py                         # 4000-atom glass, all variants
    benchmarks/lammps_force.py --steps 500 --repeats 5 --variants serial mpi2

Only the Python standard library is used.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
DEFAULT_DATA = os.path.join(ROOT, "examples", "data", "cu50zr50_4000.data")
DEFAULT_POT = "/usr/share/lammps/potentials/CuZr_mm.eam.fs"


def installed_packages(lmp):
    out = subprocess.run([lmp, "-h"], capture_output=True, text=True).stdout
    m = re.search(r"Installed packages:\s*\n(.*?)\n\s*\n", out, re.S)
    return set(m.group(1).split()) if m else set()


def variant_table(lmp, packages):
    v = {
        "serial": dict(cores=1, cmd=[lmp], ev=False),
        "serial_ev": dict(cores=1, cmd=[lmp], ev=True),
        "mpi2": dict(cores=2, cmd=["mpirun", "-np", "2", lmp], ev=False),
        "mpi2_ev": dict(cores=2, cmd=["mpirun", "-np", "2", lmp], ev=True),
        "neigh": dict(cores=1, cmd=[lmp], ev=False, rebuild=True),
    }
    if "OPT" in packages:
        v["serial_opt"] = dict(cores=1, cmd=[lmp, "-sf", "opt"], ev=False)
        v["mpi2_opt"] = dict(cores=2, cmd=["mpirun", "-np", "2", lmp, "-sf", "opt"], ev=False)
    if "OPENMP" in packages or "USER-OMP" in packages:
        v["omp1"] = dict(cores=1, cmd=[lmp, "-sf", "omp", "-pk", "omp", "1"], ev=False)
        v["omp2"] = dict(cores=2, cmd=[lmp, "-sf", "omp", "-pk", "omp", "2"], ev=False)
    order = ["serial", "serial_ev", "serial_opt", "omp1", "mpi2", "mpi2_ev", "mpi2_opt", "omp2",
             "neigh"]
    return {k: v[k] for k in order if k in v}


def lammps_input(data, potential, elements, steps, repeats, ev, rebuild):
    lines = [
        "units metal",
        "atom_style atomic",
        "boundary p p p",
        "read_data %s" % data,
        "pair_style eam/fs",
        "pair_coeff * * %s %s" % (potential, " ".join(elements)),
        "neighbor 1.0 bin",
        "neigh_modify every 1 delay 0 check %s" % ("no" if rebuild else "yes"),
        # coordination within the cutoff, evaluated once in the setup run
        "compute coord all coord/atom cutoff 7.6",
        "compute cavg all reduce ave c_coord",
        "thermo_style custom step pe c_cavg",
        "thermo_modify format float %.17g",
        "run 0",
    ]
    if ev:
        lines += ["thermo_style custom step pe press", "thermo 1"]
    else:
        lines += ["thermo_style custom step pe", "thermo 0"]
    lines += [
        # drop the coordination compute (and its occasional full neighbour
        # list), then a full setup so that the timed runs can use "pre no"
        "uncompute cavg",
        "uncompute coord",
        "run 0 post no",
    ]
    for _ in range(repeats):
        lines.append("run %d pre no post yes" % steps)
    return "\n".join(lines) + "\n"


def parse_runs(log):
    """Return (setup info, list of timed-run dicts) from a LAMMPS log."""
    with open(log) as f:
        text = f.read()
    version = re.search(r"LAMMPS \((.+?)\)", text)
    info = {"lammps_version": version.group(1) if version else "unknown"}
    m = re.search(r"Step +PotEng +c_cavg\s*\n\s*0\s+(\S+)\s+(\S+)", text)
    if m:
        info["energy_eV"] = float(m.group(1))
        info["coordination_within_cutoff"] = float(m.group(2))
    runs = []
    blocks = re.split(r"(?=Loop time of )", text)[1:]
    for b in blocks:
        m = re.match(r"Loop time of (\S+) on (\d+) procs for (\d+) steps with (\d+) atoms", b)
        loop, procs, steps, natoms = float(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4))
        if steps == 0:
            continue
        r = {"loop_s": loop, "procs": procs, "steps": steps, "natoms": natoms}
        for sec in ("Pair", "Neigh", "Comm"):
            ms = re.search(r"^%s\s*\|\s*(\S+)\s*\|\s*(\S+)\s*\|\s*(\S+)" % sec, b, re.M)
            if ms:
                r[sec.lower() + "_avg_s"] = float(ms.group(2))
        mn = re.search(r"Ave neighs/atom = (\S+)", b)
        if mn:
            r["neighs_per_atom"] = float(mn.group(1))
        mb = re.search(r"Neighbor list builds = (\d+)", b)
        if mb:
            r["neigh_builds"] = int(mb.group(1))
        runs.append(r)
    return info, runs


def run_variant(name, spec, args, workdir):
    wd = os.path.join(workdir, name)
    os.makedirs(wd, exist_ok=True)
    with open(os.path.join(wd, "in.bench"), "w") as f:
        f.write(lammps_input(args.data, args.potential, args.elements, args.steps,
                             args.repeats, spec["ev"], spec.get("rebuild", False)))
    cmd = spec["cmd"] + ["-in", "in.bench", "-log", "log.bench", "-screen", "none", "-nocite"]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    res = subprocess.run(cmd, cwd=wd, env=env, capture_output=True, text=True)
    result = {"name": name, "cores": spec["cores"],
              "command": " ".join(cmd).replace(" -nocite", "")}
    if res.returncode != 0:
        result["error"] = (res.stderr or res.stdout)[-500:]
        return result, {}
    info, runs = parse_runs(os.path.join(wd, "log.bench"))
    if not runs:
        result["error"] = "no timed runs found in log"
        return result, info
    best = min(runs, key=lambda r: r["loop_s"])
    n = best["steps"]
    result.update({
        "ms_per_eval": 1e3 * best["loop_s"] / n,
        "pair_ms_per_eval": 1e3 * best.get("pair_avg_s", float("nan")) / n,
        "ms_per_eval_all_repeats": [1e3 * r["loop_s"] / r["steps"] for r in runs],
        "neighbors_per_atom_half_list": best.get("neighs_per_atom"),
        "neigh_builds": best.get("neigh_builds"),
    })
    if spec.get("rebuild"):
        result["neigh_ms_per_build"] = 1e3 * best.get("neigh_avg_s", float("nan")) / n
    elif best.get("neigh_builds", 0) != 0:
        result["warning"] = "neighbour list was rebuilt during the timed run"
    info["natoms"] = best["natoms"]
    return result, info


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", nargs="?", default=DEFAULT_DATA,
                   help="LAMMPS data file (default: examples/data/cu50zr50_4000.data)")
    p.add_argument("--potential", default=DEFAULT_POT)
    p.add_argument("--elements", nargs="+", default=["Cu", "Zr"])
    p.add_argument("--steps", type=int, default=200, help="force evaluations per timed run")
    p.add_argument("--repeats", type=int, default=3, help="timed runs per variant (best is kept)")
    p.add_argument("--variants", nargs="+", help="subset of variants to run")
    p.add_argument("--lmp", default="lmp")
    p.add_argument("-o", "--output", help="also write the JSON here")
    p.add_argument("--workdir", help="keep LAMMPS inputs and logs here")
    args = p.parse_args()
    args.data = os.path.abspath(args.data)

    packages = installed_packages(args.lmp)
    table = variant_table(args.lmp, packages)
    names = args.variants or list(table)
    for n in names:
        if n not in table:
            p.error("variant %r not available (have: %s)" % (n, ", ".join(table)))
    workdir = args.workdir or tempfile.mkdtemp(prefix="pelkit_lmpbench_")
    results, info = [], {}
    for n in names:
        sys.stderr.write("running %s ...\n" % n)
        r, i = run_variant(n, table[n], args, workdir)
        results.append(r)
        for k, v in i.items():
            info.setdefault(k, v)
    if not args.workdir:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)

    def best(name, key="ms_per_eval"):
        return next((r[key] for r in results if r["name"] == name and key in r), None)

    serial = next((r for r in results if r["name"] == "serial" and "ms_per_eval" in r), None)
    out = {
        "benchmark": "LAMMPS eam/fs force evaluation, fixed configuration",
        "data_file": os.path.relpath(args.data, ROOT) if args.data.startswith(ROOT) else args.data,
        "natoms": info.get("natoms"),
        "potential": args.potential,
        "elements": args.elements,
        "lammps_version": info.get("lammps_version"),
        "openmp_package": "OPENMP" in packages or "USER-OMP" in packages,
        "opt_package": "OPT" in packages,
        "cpu": cpu_model(),
        "steps_per_run": args.steps,
        "repeats": args.repeats,
        "cutoff_A": 7.6,
        "skin_A": 1.0,
        "neighbors_per_atom_half_list": serial["neighbors_per_atom_half_list"] if serial else None,
        "neighbors_per_atom_half_within_cutoff":
            info["coordination_within_cutoff"] / 2 if "coordination_within_cutoff" in info else None,
        # plain LAMMPS (no accelerator suffix), ms per force evaluation
        "summary_ms_per_eval": {
            "forces_1core": best("serial"),
            "forces_energy_virial_1core": best("serial_ev"),
            "forces_2cores": best("omp2") if best("omp2") is not None else best("mpi2"),
            "forces_2cores_variant": "omp2" if best("omp2") is not None else "mpi2",
            "forces_energy_virial_2cores": best("mpi2_ev"),
            "neighbor_build_1core": best("neigh", "neigh_ms_per_build"),
        },
        "results": results,
    }
    text = json.dumps(out, indent=2)
    print(text)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
