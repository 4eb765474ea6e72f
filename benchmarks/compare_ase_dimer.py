#!/usr/bin/python3
"""Force calls of pelkit's dimer (pelkit::dimer_search) and ASE's dimer (ase.dimer) from the
same starts on a Cu50Zr50 glass with the Mendelev CuZr_mm EAM potential.

    /usr/bin/python3 benchmarks/compare_ase_dimer.py [--build build-bench]
        [--data tests/data/cu50zr50_glass_500.data] [-n 8] [--outdir /tmp/dimer_cmp]
        [--variants matched,defaults] [-o result.json]
    /usr/bin/python3 benchmarks/compare_ase_dimer.py --report result.json   # table only

1. Runs BUILD/bin/dimer_starts DATA N OUTDIR (skipped with --skip-pelkit): pelkit minimises the
   glass, writes OUTDIR/minimum.data, the exact initial displacement of each search
   (start_<centre>.txt, the centre's cluster within 3.6 Å, norm 0.5 Å, rigid translation
   removed), the saddles it finds (saddle_<centre>.txt) and OUTDIR/pelkit.jsonl.
2. For every start: ASE Atoms from minimum.data (type 1 = Cu, 2 = Zr), LAMMPS through
   ase.calculators.lammpslib.LAMMPSlib (pair_style eam/fs, the same potential file), positions =
   minimum + displacement, initial dimer direction = the displacement (normalised); ASE's dimer
   (MinModeAtoms + DimerControl + MinModeTranslate) runs until pelkit's saddle criterion holds.
3. Prints a table and writes it as JSON (-o, default OUTDIR/compare_ase_dimer.json).

Saddle criterion, both codes: 3N force 2-norm (rigid translation removed, as pelkit does) below
0.05 eV/Å with negative dimer curvature, tested after the rotations at each translation step.
ASE's own MinModeTranslate.converged() is a max-atom test, max_i |F†_i| < fmax with C < 0 on the
effective (modified) force; it is looser (max-atom ≤ 2-norm), so the script runs ASE with
fmax = 0 and applies pelkit's test itself. The number of calls at which ASE's native test with
fmax = 0.05 would have stopped is recorded too (ase_native_calls).

Force-call counts:
  pelkit calls_to_saddle  evaluations from the displaced start to the converged saddle, rotations
                          at the saddle included, the check of the start minimum excluded
                          (dimer_starts locates it in the call sequence and verifies it by
                          rerunning with exactly that budget).
  pelkit force_calls      everything in the event record: start check, dimer, both
                          minimisations after the saddle (push over, validation push back).
  ASE calls               every LAMMPSlib calculation from the displaced start (the minimum's
                          energy is computed before and not counted) to the criterion.

ASE variants (--variants):
  matched   DimerControl as close as ASE allows to pelkit's defaults: dimer_separation 0.01 Å,
            max_num_rot 8, f_rot_min = f_rot_max = 0.04 eV/Å² (rotate until the rotational force
            is below 0.04 eV/Å², about pelkit's 0.02 rad angle tolerance at |C| ≈ 1 eV/Å²),
            extrapolate_forces (image force after a rotation interpolated from the trial
            rotation, Kästner & Sherwood, as pelkit: one force call per rotation instead of two),
            maximum_translation 0.2 Å (ASE: 3N norm of the step; pelkit: largest atom move);
            use_central_forces (ASE default; one image, as pelkit). ASE translates with
            Polak–Ribière CG and a line-search trial step; pelkit with L-BFGS.
  defaults  DimerControl() defaults (dimer_separation 1e-4 Å, max_num_rot 1, f_rot_min 0.1,
            f_rot_max 1.0, maximum_translation 0.1 Å), only the criterion as above.
Caps for ASE: --max-steps translation steps (1000, pelkit's max_translations) and --max-calls
force calls (5000, pelkit's max_force_calls).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from ase import Atoms
from ase.calculators.lammpslib import LAMMPSlib
from ase.dimer import DimerControl, MinModeAtoms, MinModeTranslate

# Debian's python3-lammps loads "liblammps.so", which only the (absent) dev package provides;
# the runtime package liblammps0 has liblammps.so.0. Load that instead when needed.
import ctypes  # noqa: E402
import lammps.core  # noqa: E402

try:
    ctypes.CDLL("liblammps.so")
except OSError:
    _cdll = lammps.core.CDLL

    def _cdll_so0(name, *args, **kwargs):
        return _cdll("liblammps.so.0" if name == "liblammps.so" else name, *args, **kwargs)

    lammps.core.CDLL = _cdll_so0

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POTENTIAL = "/usr/share/lammps/potentials/CuZr_mm.eam.fs"
SADDLE_FORCE = 0.05  # eV/Å, pelkit dimer_search::parameters::saddle_force (3N 2-norm)

# DimerControl keeps its parameters in a class-level dict that set_parameter() (and so the
# constructor's keyword arguments) mutates: settings would leak from one DimerControl into every
# later one. Each search gets its own copy of the pristine defaults instead.
ASE_DEFAULTS = dict(DimerControl.parameters)

VARIANTS = {
    "matched": dict(dimer_separation=0.01, max_num_rot=8, f_rot_min=0.04, f_rot_max=0.04,
                    extrapolate_forces=True, maximum_translation=0.2),
    "defaults": dict(),
}


class CountingLAMMPSlib(LAMMPSlib):
    """LAMMPSlib that counts its calculations (each one energy + forces)."""

    ncalls = 0

    def calculate(self, atoms=None, properties=("energy", "forces"), system_changes=("positions",)):
        if system_changes:
            self.ncalls += 1
        super().calculate(atoms, properties, system_changes)


def read_data(path):
    """Positions (Å, file order, relative to the box origin), symbols and the orthogonal box of a
    pelkit-written data file. Not ase.io's lammps-data reader: ASE 3.22 maps types to elements
    only through a Z_of_type given in advance (it ignores the Masses comments this checks) and
    keeps the box origin in the positions."""
    lines = open(path).read().splitlines()
    lo, hi, names = {}, {}, {}
    natoms = None
    i = 1
    while i < len(lines):
        words = lines[i].split("#")[0].split()
        if len(words) == 2 and words[1] == "atoms":
            natoms = int(words[0])
        elif len(words) == 4 and words[2][1:] == "lo":
            lo[words[2][0]], hi[words[2][0]] = float(words[0]), float(words[1])
        elif len(words) == 6 and words[3:] == ["xy", "xz", "yz"] and any(float(w) for w in words[:3]):
            raise SystemExit("triclinic boxes are not supported here")
        elif lines[i].startswith("Masses"):
            i += 2
            while lines[i].strip():
                t, _, name = lines[i].partition("#")
                names[int(t.split()[0])] = name.strip()
                i += 1
        elif lines[i].startswith("Atoms"):
            break
        i += 1
    i += 2
    types, pos = [], []
    while len(pos) < natoms:
        w = lines[i].split()
        if w:
            types.append(int(w[1]))
            pos.append([float(x) for x in w[2:5]])
        i += 1
    # Types 1 = Cu, 2 = Zr (the Masses comments pelkit writes); anything else is an error.
    if names.get(1) != "Cu" or names.get(2) != "Zr":
        raise SystemExit("%s: expected Masses '1 ... # Cu' and '2 ... # Zr', got %s" % (path, names))
    symbols = [names[t] for t in types]
    cell = [hi[k] - lo[k] for k in "xyz"]
    origin = np.array([lo[k] for k in "xyz"])
    return np.array(pos) - origin, symbols, cell


def distance(a, b, cell):
    """Δ (Å): 3N 2-norm of the minimum-image differences with the rigid translation removed
    (pelkit projects translations out, ASE's dimer does not; the frames also differ by the box
    origin)."""
    d = a - b
    L = np.array(cell)
    d -= L * np.round(d / L)
    d -= d.mean(axis=0)
    return float(np.linalg.norm(d))


def ase_dimer(pos0, symbols, cell, disp, settings, max_steps, max_calls):
    """One ASE dimer search from pos0 + disp along disp; returns a dict."""
    calc = CountingLAMMPSlib(lmpcmds=["pair_style eam/fs", "pair_coeff * * %s Cu Zr" % POTENTIAL],
                             atom_types={"Cu": 1, "Zr": 2}, keep_alive=True, log_file=None)
    atoms = Atoms(symbols=symbols, positions=pos0, cell=cell, pbc=True)
    atoms.calc = calc
    e0 = atoms.get_potential_energy()
    f0 = atoms.get_forces()
    fmax0 = float(np.sqrt((f0 ** 2).sum(axis=1)).max())
    atoms.positions = pos0 + disp
    calc.ncalls = 0
    t0 = time.perf_counter()
    control = DimerControl(logfile=None, eigenmode_logfile=None)
    for key in settings:
        if key not in ASE_DEFAULTS:
            raise ValueError("not a DimerControl parameter: " + key)
    control.parameters = dict(ASE_DEFAULTS, **settings)  # see ASE_DEFAULTS
    d_atoms = MinModeAtoms(atoms, control, eigenmodes=[disp / np.linalg.norm(disp)], random_seed=1)
    opt = MinModeTranslate(d_atoms, logfile=None)
    status, native = "activation_not_converged", None
    fnorm = curv = float("nan")
    for _ in opt.irun(fmax=0.0, steps=max_steps):
        d_atoms.get_forces()  # effective force; rotates the dimer at a new centre
        freal = d_atoms.get_forces(real=True)
        curv = float(d_atoms.get_curvature())
        fnorm = float(np.linalg.norm(freal - freal.mean(axis=0)))
        feff = d_atoms.get_forces()
        if native is None and curv < 0 and np.sqrt((feff ** 2).sum(axis=1)).max() < SADDLE_FORCE:
            native = calc.ncalls
        if curv < 0 and fnorm < SADDLE_FORCE:
            status = "ok"
            break
        if calc.ncalls >= max_calls:
            status = "max_force_calls"
            break
    wall = time.perf_counter() - t0
    res = dict(status=status, calls=calc.ncalls, ase_native_calls=native, steps=opt.nsteps,
               e_sad_ini=float(atoms.get_potential_energy() - e0) if status == "ok" else None,
               force_saddle=fnorm, curvature=curv, wall_s=wall, lammps_fmax_at_minimum=fmax0,
               saddle=atoms.get_positions().copy())
    calc.lmp.close()
    return res


def summary(calls, ok, n):
    calls = [c for c in calls if c is not None]
    return dict(success=ok / n if n else float("nan"),
                calls_mean=statistics.mean(calls) if calls else None,
                calls_median=statistics.median(calls) if calls else None)


def fmt(x, spec):
    return format(x, spec) if x is not None else "-"


def report(rows, variants):
    """Prints the table and returns the summary."""
    head = "%6s | %-8s %6s %6s %8s %5s | " % ("centre", "pelkit", "saddle", "total", "Ea/eV", "Δmin")
    head += " | ".join("%-9s %6s %6s %8s %5s %5s" % ("ASE-" + v[:5], "calls", "native", "Ea/eV", "Δmin", "Δpk")
                       for v in variants)
    print(head)
    print("-" * len(head))
    for row in rows:
        p = row["pelkit"]
        line = "%6d | %-8s %6s %6d %8s %5s | " % (row["centre"], p["status"], fmt(p["calls_to_saddle"], "d"),
                                                  p["force_calls"], fmt(p["e_sad_ini"], ".4f"),
                                                  fmt(p["distance_saddle_minimum"], ".2f"))
        parts = []
        for v in variants:
            r = row["ase"][v]
            parts.append("%-9s %6d %6s %8s %5s %5s" % (r["status"][:9], r["calls"], fmt(r["ase_native_calls"], "d"),
                                                       fmt(r["e_sad_ini"], ".4f"),
                                                       fmt(r["distance_saddle_minimum"], ".2f"),
                                                       fmt(r["distance_to_pelkit_saddle"], ".2f")))
        line += " | ".join(parts)
        print(line)
    n = len(rows)
    summ = {"pelkit_calls_to_saddle": summary([r["pelkit"]["calls_to_saddle"] for r in rows if r["pelkit"]["status"] == "ok"],
                                              sum(r["pelkit"]["status"] == "ok" for r in rows), n),
            "pelkit_force_calls_total": summary([r["pelkit"]["force_calls"] for r in rows if r["pelkit"]["status"] == "ok"],
                                                sum(r["pelkit"]["status"] == "ok" for r in rows), n)}
    summ["pelkit_validated"] = sum(r["pelkit"]["validated"] for r in rows) / n if n else float("nan")
    for v in variants:
        ok = [r for r in rows if r["ase"][v]["status"] == "ok"]
        summ["ase_" + v] = summary([r["ase"][v]["calls"] for r in ok], len(ok), n)
        summ["ase_" + v]["same_saddle_as_pelkit"] = sum(
            (r["ase"][v]["distance_to_pelkit_saddle"] or 1e9) < 0.1 for r in ok)
        # Paired: only the starts where both codes reached a saddle.
        both = [r for r in ok if r["pelkit"]["status"] == "ok" and r["pelkit"]["calls_to_saddle"] is not None]
        summ["paired_" + v] = dict(
            starts=[r["centre"] for r in both],
            pelkit=summary([r["pelkit"]["calls_to_saddle"] for r in both], len(both), len(both)),
            ase=summary([r["ase"][v]["calls"] for r in both], len(both), len(both)))
    print("Ea = E_saddle - E_minimum; Δmin = |saddle - minimum| (Å), Δpk = |ASE saddle - pelkit saddle| (Å),")
    print("both without rigid translation; saddle = pelkit calls to the saddle, total = its event's force_calls;")
    print("native = ASE calls when its own max-atom test (fmax 0.05 on the effective force, C < 0) first held.")
    print()
    print("%-28s %8s %10s %12s" % ("", "success", "mean calls", "median calls"))
    for k, s in summ.items():
        if isinstance(s, dict) and "success" in s:
            print("%-28s %8.2f %10s %12s" % (k, s["success"], fmt(s["calls_mean"], ".0f"), fmt(s["calls_median"], ".0f")))
    print("pelkit validated fraction: %.2f" % summ["pelkit_validated"])
    for v in variants:
        pr = summ["paired_" + v]
        print("paired with ASE %s (%d starts where both converged): calls to saddle mean/median pelkit %s/%s, "
              "ASE %s/%s" % (v, len(pr["starts"]), fmt(pr["pelkit"]["calls_mean"], ".0f"),
                             fmt(pr["pelkit"]["calls_median"], ".0f"), fmt(pr["ase"]["calls_mean"], ".0f"),
                             fmt(pr["ase"]["calls_median"], ".0f")))
    for v in variants:
        print("ASE %s: same saddle as pelkit (Δ < 0.1 Å) in %d of %d converged" % (
            v, summ["ase_" + v]["same_saddle_as_pelkit"], round(summ["ase_" + v]["success"] * n)))
    return summ


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--data", default=os.path.join(ROOT, "tests", "data", "cu50zr50_glass_500.data"))
    ap.add_argument("-n", type=int, default=8)
    ap.add_argument("--outdir", default="/tmp/dimer_cmp")
    ap.add_argument("--variants", default="matched,defaults")
    ap.add_argument("--max-steps", type=int, default=1000)
    ap.add_argument("--max-calls", type=int, default=5000)
    ap.add_argument("--skip-pelkit", action="store_true", help="reuse OUTDIR from an earlier run")
    ap.add_argument("-o", "--output")
    ap.add_argument("--report", metavar="JSON", help="only print the table of an earlier run's JSON")
    a = ap.parse_args()
    if a.report:
        with open(a.report) as f:
            d = json.load(f)
        report(d["rows"], list(d["variants"]))
        return
    variants = [v for v in a.variants.split(",") if v]
    for v in variants:
        if v not in VARIANTS:
            raise SystemExit("unknown variant %s" % v)

    if not a.skip_pelkit:
        exe = os.path.join(a.build, "bin", "dimer_starts")
        subprocess.run([exe, a.data, str(a.n), a.outdir], check=True,
                       env=dict(os.environ, OMP_NUM_THREADS="1"))
    pelkit = {}
    with open(os.path.join(a.outdir, "pelkit.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            pelkit[r["centre"]] = r
    pos0, symbols, cell = read_data(os.path.join(a.outdir, "minimum.data"))

    rows = []
    for centre in sorted(pelkit):
        disp = np.loadtxt(os.path.join(a.outdir, "start_%d.txt" % centre))
        p = pelkit[centre]
        psaddle_path = os.path.join(a.outdir, "saddle_%d.txt" % centre)
        psaddle = np.loadtxt(psaddle_path) if os.path.exists(psaddle_path) else None
        p["distance_saddle_minimum"] = distance(psaddle, pos0, cell) if psaddle is not None else None
        row = dict(centre=centre, pelkit=p, ase={})
        for v in variants:
            r = ase_dimer(pos0, symbols, cell, disp, VARIANTS[v], a.max_steps, a.max_calls)
            saddle = r.pop("saddle")
            ok = r["status"] == "ok"
            r["distance_saddle_minimum"] = distance(saddle, pos0, cell) if ok else None
            r["distance_to_pelkit_saddle"] = distance(saddle, psaddle, cell) if ok and psaddle is not None else None
            if ok:
                np.savetxt(os.path.join(a.outdir, "ase_saddle_%s_%d.txt" % (v, centre)), saddle, fmt="%.17g")
            row["ase"][v] = r
            print("centre %d ASE %s: %s, %d calls, %.1f s" % (centre, v, r["status"], r["calls"], r["wall_s"]),
                  file=sys.stderr, flush=True)
        rows.append(row)

    summ = report(rows, variants)
    out = a.output or os.path.join(a.outdir, "compare_ase_dimer.json")
    with open(out, "w") as f:
        json.dump(dict(data=a.data, n=len(rows), variants={v: VARIANTS[v] for v in variants}, saddle_force=SADDLE_FORCE,
                       max_steps=a.max_steps, max_calls=a.max_calls, rows=rows, summary=summ), f, indent=1)
    print("wrote", out)


if __name__ == "__main__":
    main()
