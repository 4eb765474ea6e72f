#!/usr/bin/env python3
"""Compute LAMMPS reference energies, forces and virial stress for one configuration.

Runs ``lmp`` (as a subprocess, ``run 0``) on a LAMMPS data file with an EAM
pair style and writes a JSON file with

  natoms                      number of atoms
  energy_eV                   total potential energy (thermo ``pe``)
  energy_per_atom_eV          per-atom energies (compute pe/atom), atom-id order
  forces_eV_per_A             [[fx, fy, fz], ...] in atom-id order
  pressure_virial_bar         virial part of the pressure tensor, bar
                              (compute pressure NULL virial), keys xx yy zz xy xz yz
  pressure_virial_eV_per_A3   the same in eV/A^3 (bar / nktv2p, nktv2p = 1.6021765e6)
  virial_eV                   pressure_virial_eV_per_A3 * volume, i.e.
                              W_ab = sum_i r_i,a f_i,b (LAMMPS sign convention:
                              positive pressure = positive virial)
  volume_A3                   cell volume
  box                         lx ly lz xy xz yz (LAMMPS thermo keywords)
  lammps_version, pair_style, potential, elements, data_file, lammps_command

All numbers are printed by LAMMPS with ``%.17g`` (thermo_modify format float,
dump_modify format float) and stored in JSON with Python's round-trip float
representation, so they carry full double precision.

Example::

  tests/reference/lammps_reference.py tests/data/cu50zr50_glass_500.data \\
      --pair-style eam/fs --potential /usr/share/lammps/potentials/CuZr_mm.eam.fs \\
      --elements Cu Zr -o out.json

For ``--pair-style eam`` (funcfl files) one potential file per element is
given (or a single file used for all types) and ``pair_coeff i i file`` is
issued per type; for eam/alloy and eam/fs the usual
``pair_coeff * * file El1 El2 ...`` is used.

Only the Python standard library is used.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from lammps_setup import setup_lines

NKTV2P_METAL = 1.6021765e6          # LAMMPS force->nktv2p in metal units
TENSOR_KEYS = ("xx", "yy", "zz", "xy", "xz", "yz")
THERMO_COLS = (["step", "atoms", "pe"] + ["c_pv[%d]" % i for i in range(1, 7)]
               + ["vol", "lx", "ly", "lz", "xy", "xz", "yz", "c_pesum"]
               + ["c_ssum[%d]" % i for i in range(1, 7)])


def data_file_elements(path):
    """Element names from the '# El' comments of the Masses section (or None)."""
    names = {}
    with open(path) as f:
        lines = f.read().splitlines()
    in_masses = False
    for line in lines:
        s = line.strip()
        if not s:
            continue
        key = s.split("#")[0].strip()
        if key == "Masses":
            in_masses = True
            continue
        if in_masses:
            if re.match(r"^[A-Za-z]", key):
                break
            if "#" in s:
                names[int(key.split()[0])] = s.split("#", 1)[1].strip()
    if not names:
        return None
    return [names.get(i) for i in range(1, max(names) + 1)]


def pair_coeff_lines(pair_style, potentials, elements):
    base = pair_style.split("/")[0]
    if pair_style in ("eam", "eam/opt"):
        if len(potentials) == 1:
            potentials = potentials * len(elements)
        if len(potentials) != len(elements):
            raise SystemExit("eam: give one funcfl file per element")
        return ["pair_coeff %d %d %s" % (i + 1, i + 1, p)
                for i, p in enumerate(potentials)]
    if base != "eam" or len(potentials) != 1:
        raise SystemExit("unsupported pair style / potential combination")
    return ["pair_coeff * * %s %s" % (potentials[0], " ".join(elements))]


def build_input(data, pair_style, potentials, elements, dumpfile):
    lines = setup_lines(data, pair_style, pair_coeff_lines(pair_style, potentials, elements),
                        check=False) + [
        "compute pea all pe/atom",
        "compute pesum all reduce sum c_pea",
        "compute pv all pressure NULL virial",
        # independent check of the virial: sum of per-atom virials
        "compute sa all stress/atom NULL virial",
        "compute ssum all reduce sum c_sa[1] c_sa[2] c_sa[3] c_sa[4] c_sa[5] c_sa[6]",
        "thermo_style custom " + " ".join(THERMO_COLS),
        "thermo_modify format float %.17g norm no lost error",
        "dump frc all custom 1 %s id type fx fy fz c_pea" % dumpfile,
        "dump_modify frc sort id format float %.17g",
        "run 0",
    ]
    return "\n".join(lines) + "\n"


def parse_log(log):
    with open(log) as f:
        text = f.read()
    m = re.search(r"LAMMPS \((.+?)\)", text)
    version = m.group(1) if m else "unknown"
    lines = text.splitlines()
    for i, line in enumerate(lines):
        tok = line.split()
        if tok and tok[0] == "Step" and len(tok) == len(THERMO_COLS):
            vals = lines[i + 1].split()
            return version, dict(zip(THERMO_COLS, vals))
    raise RuntimeError("thermo output not found in %s" % log)


def parse_dump(path, natoms):
    with open(path) as f:
        lines = f.read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
    cols = lines[start].split()[2:]
    rows = [l.split() for l in lines[start + 1:start + 1 + natoms]]
    ids = [int(r[cols.index("id")]) for r in rows]
    if ids != list(range(1, natoms + 1)):
        raise RuntimeError("dump is not sorted by id 1..N")
    forces = [[float(r[cols.index(c)]) for c in ("fx", "fy", "fz")] for r in rows]
    epa = [float(r[cols.index("c_pea")]) for r in rows]
    types = [int(r[cols.index("type")]) for r in rows]
    raw = [r[cols.index(c)] for r in rows for c in ("fx", "fy", "fz", "c_pea")]
    return forces, epa, types, raw


def compute_reference(data, pair_style, potentials, elements, lmp="lmp",
                      workdir=None, keep=False, nproc=1):
    data = os.path.abspath(data)
    potentials = [os.path.abspath(p) if os.path.exists(p) else p for p in potentials]
    file_elements = data_file_elements(data)
    if file_elements is not None and file_elements != list(elements):
        raise SystemExit("elements %r do not match the Masses comments %r of %s"
                         % (list(elements), file_elements, data))
    tmp = workdir is None
    wd = tempfile.mkdtemp(prefix="pelkit_ref_") if tmp else workdir
    os.makedirs(wd, exist_ok=True)
    try:
        with open(os.path.join(wd, "in.ref"), "w") as f:
            f.write(build_input(data, pair_style, potentials, elements, "forces.dump"))
        cmd = [lmp, "-in", "in.ref", "-log", "log.ref", "-screen", "none"]
        if nproc > 1:
            cmd = ["mpirun", "-np", str(nproc)] + cmd
        env = dict(os.environ, OMP_NUM_THREADS="1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        res = subprocess.run(cmd, cwd=wd, env=env)
        if res.returncode != 0:
            with open(os.path.join(wd, "log.ref")) as f:
                sys.stderr.write(f.read()[-3000:])
            raise RuntimeError("LAMMPS failed (rc=%d)" % res.returncode)
        version, th = parse_log(os.path.join(wd, "log.ref"))
        natoms = int(th["atoms"])
        forces, epa, types, raw = parse_dump(os.path.join(wd, "forces.dump"), natoms)
    finally:
        if tmp and not keep:
            shutil.rmtree(wd, ignore_errors=True)

    # precision check: every number must have been printed with %.17g, i.e.
    # with 17 significant digits (enough to round-trip any double)
    printed = [th[k] for k in THERMO_COLS[2:]] + raw
    short = [s for s in printed if "%.17g" % float(s) != s]
    if short:
        raise RuntimeError("LAMMPS output lacks full precision: %r" % short[:5])

    vol = float(th["vol"])
    p_bar = {k: float(th["c_pv[%d]" % (i + 1)]) for i, k in enumerate(TENSOR_KEYS)}
    p_ev = {k: v / NKTV2P_METAL for k, v in p_bar.items()}
    vir = {k: v * vol for k, v in p_ev.items()}
    energy = float(th["pe"])

    # consistency checks (diagnostics, printed by main())
    s_atom = {k: float(th["c_ssum[%d]" % (i + 1)]) for i, k in enumerate(TENSOR_KEYS)}
    scale = max(abs(v) for v in p_bar.values()) or 1.0
    checks = {
        "sum_epa_minus_pe_rel": abs(sum(epa) - energy) / abs(energy),
        "sum_forces_max_abs": max(abs(sum(f[i] for f in forces)) for i in range(3)),
        "max_abs_force": max(abs(c) for f in forces for c in f),
        # stress/atom is -(per-atom virial); sum/V * (-1) must equal the pressure
        "stress_atom_vs_pressure_rel": max(abs(-s_atom[k] / vol - p_bar[k])
                                           for k in TENSOR_KEYS) / scale,
    }
    ref = {
        "natoms": natoms,
        "energy_eV": energy,
        "energy_per_atom_eV": epa,
        "forces_eV_per_A": forces,
        "pressure_virial_bar": p_bar,
        "pressure_virial_eV_per_A3": p_ev,
        "virial_eV": vir,
        "volume_A3": vol,
        "box": {k: float(th[k]) for k in ("lx", "ly", "lz", "xy", "xz", "yz")},
        "nktv2p_bar_per_eV_per_A3": NKTV2P_METAL,
        "atom_types": types,
        "lammps_version": version,
        "pair_style": pair_style,
        "potential": potentials[0] if len(potentials) == 1 else potentials,
        "elements": list(elements),
        "lammps_command": " ".join(cmd) + "  (input: run 0, see tests/reference/lammps_reference.py)",
    }
    return ref, checks


def dumps(ref, data_file=None):
    """JSON text: one line per atom for the per-atom arrays, full precision."""
    ref = dict(ref)
    if data_file is not None:
        ref = {"data_file": data_file, **ref}
    out = ["{"]
    items = list(ref.items())
    for n, (k, v) in enumerate(items):
        comma = "," if n + 1 < len(items) else ""
        if k in ("energy_per_atom_eV", "forces_eV_per_A", "atom_types"):
            body = ",\n    ".join(json.dumps(x) for x in v)
            out.append('  %s: [\n    %s\n  ]%s' % (json.dumps(k), body, comma))
        else:
            out.append("  %s: %s%s" % (json.dumps(k), json.dumps(v), comma))
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", help="LAMMPS data file (atom_style atomic)")
    p.add_argument("--pair-style", required=True, help="eam, eam/alloy or eam/fs")
    p.add_argument("--potential", required=True, nargs="+",
                   help="potential file(s) (one per element for funcfl eam)")
    p.add_argument("--elements", required=True, nargs="+",
                   help="element names for atom types 1..N")
    p.add_argument("-o", "--output", help="JSON output (default: stdout)")
    p.add_argument("--lmp", default="lmp", help="LAMMPS executable")
    p.add_argument("--workdir", help="keep LAMMPS input/log/dump here")
    p.add_argument("--np", type=int, default=1,
                   help="run with mpirun -np N (default 1; references are made serially)")
    args = p.parse_args()
    ref, checks = compute_reference(args.data, args.pair_style, args.potential,
                                    args.elements, lmp=args.lmp,
                                    workdir=args.workdir, keep=bool(args.workdir),
                                    nproc=args.np)
    text = dumps(ref)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    sys.stderr.write("checks: %s\n" % json.dumps(checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
