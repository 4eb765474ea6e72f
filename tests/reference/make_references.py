#!/usr/bin/env python3
"""Regenerate the LAMMPS reference results tests/data/<config>.<style>.ref.json.

For every (configuration, pair style, potential) combination below, runs
tests/reference/lammps_reference.py (LAMMPS ``run 0``, serial) and writes
tests/data/<config>.<style>.ref.json, where <style> is the pair style with
'/' replaced by '_' (eam, eam_alloy, eam_fs).

=====================================  =========  =====================  ======
configuration                          style      potential              types
=====================================  =========  =====================  ======
examples/data/cu50zr50_4000.data       eam/fs     CuZr_mm.eam.fs         Cu Zr
tests/data/cu50zr50_glass_500.data     eam/fs     CuZr_mm.eam.fs         Cu Zr
tests/data/cu50zr50_triclinic.data     eam/fs     CuZr_mm.eam.fs         Cu Zr
tests/data/cu50zr50_small_256.data     eam/fs     CuZr_mm.eam.fs         Cu Zr
tests/data/cu50zr50_tiny_16.data       eam/fs     CuZr_mm.eam.fs         Cu Zr
tests/data/cu64zr36_liquid.data        eam/fs     CuZr_mm.eam.fs         Cu Zr
tests/data/cu_fcc_perturbed.data       eam        Cu_u3.eam (funcfl)     Cu
tests/data/cu_fcc_perturbed.data       eam/alloy  Cu_mishin1.eam.alloy   Cu
tests/data/cuni_alloy.data             eam/alloy  CuNi.eam.alloy         Cu Ni
=====================================  =========  =====================  ======

Potentials are read from /usr/share/lammps/potentials (``--potdir``).

Usage::

    tests/reference/make_references.py            # all
    tests/reference/make_references.py glass_500  # names containing a substring
    tests/reference/make_references.py --check    # recompute, compare with the
                                                  # committed files, write nothing

Only the Python standard library is used.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import lammps_reference  # noqa: E402

CASES = [
    # (data file relative to ROOT, pair style, potential file, elements)
    ("examples/data/cu50zr50_4000.data", "eam/fs", "CuZr_mm.eam.fs", ["Cu", "Zr"]),
    ("tests/data/cu50zr50_glass_500.data", "eam/fs", "CuZr_mm.eam.fs", ["Cu", "Zr"]),
    ("tests/data/cu50zr50_triclinic.data", "eam/fs", "CuZr_mm.eam.fs", ["Cu", "Zr"]),
    ("tests/data/cu50zr50_small_256.data", "eam/fs", "CuZr_mm.eam.fs", ["Cu", "Zr"]),
    ("tests/data/cu50zr50_tiny_16.data", "eam/fs", "CuZr_mm.eam.fs", ["Cu", "Zr"]),
    ("tests/data/cu64zr36_liquid.data", "eam/fs", "CuZr_mm.eam.fs", ["Cu", "Zr"]),
    ("tests/data/cu_fcc_perturbed.data", "eam", "Cu_u3.eam", ["Cu"]),
    ("tests/data/cu_fcc_perturbed.data", "eam/alloy", "Cu_mishin1.eam.alloy", ["Cu"]),
    ("tests/data/cuni_alloy.data", "eam/alloy", "CuNi.eam.alloy", ["Cu", "Ni"]),
]


def output_name(data, style):
    base = os.path.splitext(os.path.basename(data))[0]
    return os.path.join(ROOT, "tests", "data",
                        "%s.%s.ref.json" % (base, style.replace("/", "_")))


def compare(new, old):
    """Differences between two reference dicts (new vs old)."""
    e = abs(new["energy_eV"] - old["energy_eV"]) / abs(old["energy_eV"])
    epa = max(abs(a - b) for a, b in zip(new["energy_per_atom_eV"], old["energy_per_atom_eV"]))
    f = max(abs(a - b) for fa, fb in zip(new["forces_eV_per_A"], old["forces_eV_per_A"])
            for a, b in zip(fa, fb))
    pscale = max(abs(v) for v in old["pressure_virial_bar"].values())
    p = max(abs(new["pressure_virial_bar"][k] - v)
            for k, v in old["pressure_virial_bar"].items()) / pscale
    return {"energy_rel": e, "energy_per_atom_abs_eV": epa, "force_abs_eV_per_A": f,
            "pressure_rel_to_max_component": p}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("filters", nargs="*", help="only cases whose output name contains one of these")
    p.add_argument("--lmp", default="lmp", help="LAMMPS executable")
    p.add_argument("--potdir", default="/usr/share/lammps/potentials")
    p.add_argument("--check", action="store_true",
                   help="compare with the existing JSON files instead of writing")
    p.add_argument("--np", type=int, default=1,
                   help="mpirun -np N (only useful with --check, to measure how much "
                   "the summation order changes the results)")
    args = p.parse_args()
    if args.np != 1 and not args.check:
        p.error("references are written from serial runs; use --np only with --check")

    status = 0
    for data, style, pot, elements in CASES:
        out = output_name(data, style)
        if args.filters and not any(f in os.path.basename(out) for f in args.filters):
            continue
        ref, checks = lammps_reference.compute_reference(
            os.path.join(ROOT, data), style, [os.path.join(args.potdir, pot)],
            elements, lmp=args.lmp, nproc=args.np)
        rel_out = os.path.relpath(out, ROOT)
        if args.check:
            with open(out) as f:
                old = json.load(f)
            diff = compare(ref, old)
            ok = all(v == 0.0 for v in diff.values())
            status |= 0 if ok else 1
            print("%-52s %s" % (rel_out, "identical" if ok else "DIFFERS: " + "  ".join(
                "%s %.2g" % kv for kv in diff.items())))
            continue
        with open(out, "w") as f:
            f.write(lammps_reference.dumps(ref, data_file=data))
        print("%-52s N=%-5d E=%.10f eV  max|F|=%.3g eV/A  checks: sum(e_i)-E %.1e rel, "
              "sum F %.1e, stress/atom vs pressure %.1e rel"
              % (rel_out, ref["natoms"], ref["energy_eV"], checks["max_abs_force"],
                 checks["sum_epa_minus_pe_rel"], checks["sum_forces_max_abs"],
                 checks["stress_atom_vs_pressure_rel"]))
    return status


if __name__ == "__main__":
    sys.exit(main())
