#!/usr/bin/env python3
"""Reads a pelkit --atoms-out (or minimize --out) extended XYZ file with ase.io.read and checks it
against the JSON of the same run (tests/tool/atoms_out.cpp runs it).

  ase_atoms_out.py FILE JSON [--columns NAME=KEY,...] [--eval] [--minimize] [--dump DUMP]

--columns: atoms.arrays[NAME] equals the JSON's per-atom array KEY exactly (the files hold
  shortest round-trip numbers), integer-typed when the JSON's values are integers.
--eval: energy, forces and stress (ASE: eV/Å³, positive in tension, Voigt xx yy zz yz xz xy)
  as ASE's calculator gives them equal `pelkit eval`'s energy_eV, forces_eV_per_A and
  -pressure_tensor_GPa (and atom_energies_eV the energy_eV array when the JSON has them).
--minimize: the same file against `pelkit minimize`'s JSON: energy_final_eV,
  pressure_GPa = -trace(stress)/3, largest force norm = fmax_eV_per_A (fixed cell).
--dump: ASE reads the LAMMPS dump DUMP too (format lammps-dump-text): same atoms in the same
  order, positions and forces as in FILE.
An "id" array, when present, must equal the JSON's ids (atom-id order).
Exit 0 when everything agrees, 1 with a message otherwise, 77 when ASE is not installed."""
import argparse
import json
import sys

try:
    import ase.io
    import numpy as np
except ImportError:
    sys.exit(77)

EV_PER_A3_TO_GPA = 160.21766340  # pelkit's units::eV_per_A3_to_GPa (e · 10^21); the test passes it


def fail(msg):
    print("ase_atoms_out.py: " + msg, file=sys.stderr)
    sys.exit(1)


def close(name, got, want, tol):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        fail(f"{name}: shape {got.shape}, expected {want.shape}")
    err = float(np.max(np.abs(got - want))) if got.size else 0.0
    if not err <= tol:
        fail(f"{name}: differs by {err} (> {tol})")


parser = argparse.ArgumentParser()
parser.add_argument("file")
parser.add_argument("json")
parser.add_argument("--columns", default="")
parser.add_argument("--eval", action="store_true")
parser.add_argument("--minimize", action="store_true")
parser.add_argument("--dump")
parser.add_argument("--pressure-conversion", type=float, default=EV_PER_A3_TO_GPA)
args = parser.parse_args()
with open(args.json) as f:
    j = json.load(f)
atoms = ase.io.read(args.file)
n = j["natoms"]
if len(atoms) != n:
    fail(f"{len(atoms)} atoms, expected {n}")
if "id" in atoms.arrays:
    if atoms.arrays["id"].dtype.kind != "i" or atoms.arrays["id"].tolist() != j["ids"]:
        fail("the id array is not the JSON's ids")

for item in filter(None, args.columns.split(",")):
    name, key = item.split("=")
    if name not in atoms.arrays:
        fail(f"no array {name}; arrays: " + ", ".join(atoms.arrays))
    got, want = atoms.arrays[name], np.asarray(j[key])
    if got.shape != want.shape:
        fail(f"{name}: shape {got.shape}, expected {want.shape}")
    if want.dtype.kind == "i" and got.dtype.kind != "i":
        fail(f"{name}: dtype {got.dtype}, expected integers")
    if not np.array_equal(got, want):
        fail(f"{name} differs from the JSON's {key} (largest difference {np.max(np.abs(got - want))})")

conv = args.pressure_conversion
if args.eval:
    e = atoms.get_potential_energy()
    if e != j["energy_eV"]:
        fail(f"energy {e!r}, expected {j['energy_eV']!r}")
    close("forces", atoms.get_forces(), j["forces_eV_per_A"], 0.0)
    p = j["pressure_tensor_GPa"]
    want = [-p[c] / conv for c in ("xx", "yy", "zz", "yz", "xz", "xy")]
    close("stress", atoms.get_stress(), want, 1e-13 * max(1e-3, max(abs(w) for w in want)))
    if "atom_energies_eV" in j:
        close("energy_eV", atoms.arrays["energy_eV"], j["atom_energies_eV"], 0.0)
if args.minimize:
    e = atoms.get_potential_energy()
    if abs(e - j["energy_final_eV"]) > 1e-12 * abs(j["energy_final_eV"]):
        fail(f"energy {e!r}, expected {j['energy_final_eV']!r}")
    s = atoms.get_stress()
    p = -(s[0] + s[1] + s[2]) / 3 * conv
    if abs(p - j["pressure_GPa"]) > 1e-9 * max(1.0, abs(j["pressure_GPa"])):
        fail(f"pressure from the stress {p!r} GPa, expected {j['pressure_GPa']!r}")
    fmax = float(np.max(np.linalg.norm(atoms.get_forces(), axis=1)))
    if abs(fmax - j["fmax_eV_per_A"]) > 1e-9 * max(1e-6, j["fmax_eV_per_A"]):
        fail(f"largest force {fmax!r}, expected {j['fmax_eV_per_A']!r}")
if args.dump:
    d = ase.io.read(args.dump, format="lammps-dump-text")
    if len(d) != n:
        fail(f"dump: {len(d)} atoms, expected {n}")
    if d.get_chemical_symbols() != atoms.get_chemical_symbols():
        fail("dump: the elements differ from the extended XYZ file's")
    close("dump positions", d.get_positions(), atoms.get_positions(), 1e-9)
    close("dump cell", d.get_cell()[:], atoms.get_cell()[:], 1e-9)
    if atoms.calc is not None and "forces" in atoms.calc.results:
        close("dump forces", d.get_forces(), atoms.get_forces(), 1e-12)
print("ok")
