#!/usr/bin/env python3
"""Elastic constants at T = 0 with LAMMPS, the finite-strain way of LAMMPS's examples/ELASTIC.

For each Voigt strain k (xx yy zz yz xz xy) and sign s = +1, -1 the reference configuration is
read again, the cell is deformed affinely by F = I + s*delta*E_k (E_k = e_a e_b^T, a <= b; the
new upper-triangular cell is h' = F h, applied with ``change_box all ... final ... remap units
box``, which keeps fractional coordinates and xlo/ylo/zlo), the atoms are relaxed at fixed cell
with ``minimize <etol> <ftol> ...`` and the virial pressure tensor pxx pyy pzz pyz pxz pxy is
printed (%.17g, bar). The script writes JSON:

  raw_GPa      6x6 nested list, B[l][k] = -(P_l(+delta) - P_l(-delta)) / (2 delta), GPa
               (1 GPa = 1e4 bar); not symmetrised
  C_GPa        its symmetric part
  pressure_reference_GPa   pxx pyy pzz pyz pxz pxy of the undeformed reference, GPa
  delta, natoms, lammps_command (the minimize line), lammps_version, wall_time_s

Example::

  tests/reference/lammps_elastic.py glass.data \\
      --potential /usr/share/lammps/potentials/CuZr_mm.eam.fs --elements Cu Zr -o ref.json

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
import time

from lammps_setup import setup_lines

VOIGT = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]


def read_cell(path):
    """(lo, h) of a LAMMPS data file: lo = [xlo, ylo, zlo], h upper-triangular rows."""
    lo, hi, tilt = [0.0] * 3, [0.0] * 3, [0.0, 0.0, 0.0]
    with open(path) as f:
        for line in f:
            w = line.split("#")[0].split()
            for d, name in enumerate(("xlo", "ylo", "zlo")):
                if len(w) == 4 and w[2] == name:
                    lo[d], hi[d] = float(w[0]), float(w[1])
            if len(w) == 6 and w[3:] == ["xy", "xz", "yz"]:
                tilt = [float(x) for x in w[:3]]
            if w and w[0] in ("Atoms", "Masses"):
                break
    h = [[hi[0] - lo[0], tilt[0], tilt[1]], [0.0, hi[1] - lo[1], tilt[2]], [0.0, 0.0, hi[2] - lo[2]]]
    return lo, h


def deformed(h, k, eps):
    """F h with F = I + eps e_a e_b^T: row a of h gains eps times row b."""
    a, b = VOIGT[k]
    g = [row[:] for row in h]
    for j in range(3):
        g[a][j] += eps * h[b][j]
    return g


def block(a, data, potential, lo, h, label):
    pair_coeff = "pair_coeff * * %s %s" % (potential, " ".join(a.elements))
    lines = ["clear"] + setup_lines(data, a.pair_style, [pair_coeff], a.skin) + [
        "thermo_style custom step pe pxx pyy pzz pyz pxz pxy",  # keeps the pressure compute current
        "thermo_modify format float %.17g"]
    if h is not None:
        lines += [
            "change_box all triclinic",
            "change_box all x final %.17g %.17g y final %.17g %.17g z final %.17g %.17g "
            "xy final %.17g xz final %.17g yz final %.17g remap units box"
            % (lo[0], lo[0] + h[0][0], lo[1], lo[1] + h[1][1], lo[2], lo[2] + h[2][2],
               h[0][1], h[0][2], h[1][2]),
            "min_style %s" % a.min_style,
            "minimize %s %s %d %d" % (a.etol, a.ftol, a.maxiter, a.maxeval),
        ]
    else:
        lines.append("run 0")
    lines.append('print "PELKIT_STRESS %s $(pxx:%%.17g) $(pyy:%%.17g) $(pzz:%%.17g) '
                 '$(pyz:%%.17g) $(pxz:%%.17g) $(pxy:%%.17g)"' % label)
    return lines


def build_input(a, data, potential):
    lo, h = read_cell(data)
    lines = block(a, data, potential, lo, None, "ref")
    for k in range(6):
        for sign, name in ((1, "p"), (-1, "m")):
            lines += block(a, data, potential, lo, deformed(h, k, sign * a.delta), "%d%s" % (k, name))
    return "\n".join(lines) + "\n"


def parse(log_text, delta):
    p = {}
    for m in re.finditer(r"^PELKIT_STRESS (\S+) (.+)$", log_text, re.M):
        p[m.group(1)] = [float(x) / 1e4 for x in m.group(2).split()]  # bar -> GPa
    if len(p) != 13:
        raise RuntimeError("expected 13 stress lines in the LAMMPS log, found %d" % len(p))
    raw = [[-(p["%dp" % k][l] - p["%dm" % k][l]) / (2 * delta) for k in range(6)] for l in range(6)]
    sym = [[0.5 * (raw[l][k] + raw[k][l]) for k in range(6)] for l in range(6)]
    m = re.search(r"LAMMPS \((.+?)\)", log_text)
    n = re.search(r"^\s*(\d+) atoms$", log_text, re.M)
    return {"raw_GPa": raw, "C_GPa": sym, "pressure_reference_GPa": p["ref"],
            "lammps_version": m.group(1) if m else "unknown", "natoms": int(n.group(1)) if n else None}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data", help="LAMMPS data file of a minimised configuration")
    p.add_argument("--potential", required=True)
    p.add_argument("--pair-style", default="eam/fs")
    p.add_argument("--elements", nargs="+", required=True)
    p.add_argument("--delta", type=float, default=1e-5, help="strain amplitude (engineering shear)")
    p.add_argument("--min-style", default="cg")
    p.add_argument("--etol", default="0")
    p.add_argument("--ftol", default="1e-10")
    p.add_argument("--maxiter", type=int, default=100000)
    p.add_argument("--maxeval", type=int, default=1000000)
    p.add_argument("--skin", type=float, default=1.0)
    p.add_argument("--lmp", default=shutil.which("lmp") or "lmp")
    p.add_argument("-o", "--output", help="JSON output (default: stdout)")
    a = p.parse_args()

    wd = tempfile.mkdtemp(prefix="pelkit_elastic_")
    try:
        with open(os.path.join(wd, "in.elastic"), "w") as f:
            f.write(build_input(a, os.path.abspath(a.data), os.path.abspath(a.potential)))
        env = dict(os.environ, OMP_NUM_THREADS="1")
        t0 = time.perf_counter()
        r = subprocess.run([a.lmp, "-in", "in.elastic", "-log", "log.elastic", "-screen", "none"],
                           cwd=wd, env=env)
        wall = time.perf_counter() - t0
        log_path = os.path.join(wd, "log.elastic")
        log_text = open(log_path).read() if os.path.exists(log_path) else ""
        if r.returncode != 0:
            sys.stderr.write(log_text[-3000:])
            raise SystemExit("LAMMPS failed (rc=%d)" % r.returncode)
        res = parse(log_text, a.delta)
    finally:
        shutil.rmtree(wd, ignore_errors=True)
    res.update({"delta": a.delta, "wall_time_s": wall, "min_style": a.min_style,
                "lammps_command": "minimize %s %s %d %d" % (a.etol, a.ftol, a.maxiter, a.maxeval),
                "data_file": os.path.abspath(a.data), "potential": os.path.abspath(a.potential),
                "elements": a.elements})
    text = json.dumps(res, indent=2)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
