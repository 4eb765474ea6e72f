#!/usr/bin/python3
"""Brute-force per-atom two-body excess entropy s2, an independent check of
include/pelkit/descriptor/two_body_entropy.hpp.

Usage: s2_reference.py DATA SIGMA RMAX DR
Prints JSON {"resolved": [...], "single": [...]} with s2 (k_B) per atom in file order.
Prints "NO_NUMPY" and exits 0 when numpy is unavailable.

Same definition as the header (Piaggi & Parrinello, JCP 147, 114112 (2017), species-resolved):
neighbours are all periodic images (explicit loop over image shifts) with r < RMAX + 5 SIGMA,
each Gaussian is evaluated directly with exp() and kept where |r_k - r_ij| <= 5 SIGMA, and the
radial integral is Simpson's rule on r_k = k dr, k = 0..M, M = RMAX/DR rounded up to even.
"""
import json
import math
import sys

try:
    import numpy as np
except ImportError:
    print("NO_NUMPY")
    sys.exit(0)


def read_data(path):
    """Minimal LAMMPS data reader (atom_style atomic): box, types (0-based), positions."""
    lines = open(path).read().splitlines()
    lo = np.zeros(3)
    hi = np.zeros(3)
    tilt = [0.0, 0.0, 0.0]
    natoms = 0
    i = 1
    while i < len(lines):
        words = lines[i].split("#")[0].split()
        if words[-2:] == ["xlo", "xhi"]:
            lo[0], hi[0] = float(words[0]), float(words[1])
        elif words[-2:] == ["ylo", "yhi"]:
            lo[1], hi[1] = float(words[0]), float(words[1])
        elif words[-2:] == ["zlo", "zhi"]:
            lo[2], hi[2] = float(words[0]), float(words[1])
        elif words[-3:] == ["xy", "xz", "yz"]:
            tilt = [float(w) for w in words[:3]]
        elif words[-1:] == ["atoms"] and len(words) == 2:
            natoms = int(words[0])
        elif lines[i].startswith("Atoms"):
            break
        i += 1
    i += 1
    rows = []
    while len(rows) < natoms:
        words = lines[i].split("#")[0].split()
        if words:
            rows.append(words)
        i += 1
    rows.sort(key=lambda w: int(w[0]))  # atom-id order = file order in pelkit's test files
    types = np.array([int(w[1]) - 1 for w in rows])
    x = np.array([[float(w[2]), float(w[3]), float(w[4])] for w in rows])
    h = np.array([[hi[0] - lo[0], tilt[0], tilt[1]],
                  [0.0, hi[1] - lo[1], tilt[2]],
                  [0.0, 0.0, hi[2] - lo[2]]])
    return h, types, x


def main():
    path, sigma, rmax, dr = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    h, types, x = read_data(path)
    n = len(types)
    ntypes = types.max() + 1
    volume = abs(np.linalg.det(h))
    rho = n / volume
    counts = np.array([(types == t).sum() for t in range(ntypes)], dtype=float)

    m = math.ceil(rmax / dr - 1e-9)
    if m % 2:
        m += 1
    m = max(m, 2)
    dr = rmax / m
    r = np.arange(m + 1) * dr
    w = np.full(m + 1, 2.0)
    w[1::2] = 4.0
    w[0] = w[-1] = 1.0
    w *= dr / 3.0

    window = 5.0 * sigma
    rcut = rmax + window
    # Enough images: the perpendicular widths of the cell bound how far one must look.
    hinv = np.linalg.inv(h)
    widths = 1.0 / np.linalg.norm(hinv, axis=1)
    reach = [int(math.ceil(rcut / wd)) + 1 for wd in widths]
    shifts = np.array([h @ np.array([a, b, c])
                       for a in range(-reach[0], reach[0] + 1)
                       for b in range(-reach[1], reach[1] + 1)
                       for c in range(-reach[2], reach[2] + 1)])

    amp = 1.0 / math.sqrt(2.0 * math.pi * sigma * sigma)

    def entropy(gauss_sum, rho_b):
        # -2 pi rho x_b * integral of r^2 [g ln g - g + 1]; rho x_b = rho_b
        r2g = gauss_sum / (4.0 * math.pi * rho_b)
        f = np.empty(m + 1)
        f[0] = -r2g[0]
        g = r2g[1:] / r[1:] ** 2
        glng = np.zeros_like(g)
        pos = g > 0
        glng[pos] = g[pos] * np.log(g[pos])
        f[1:] = r[1:] ** 2 * (glng - g + 1.0)
        return -2.0 * math.pi * rho_b * float(np.dot(w, f))

    resolved = []
    single = []
    for i in range(n):
        dist = []
        jt = []
        for s in shifts:
            d = np.linalg.norm(x + s - x[i], axis=1)
            keep = d < rcut
            if not s.any():
                keep[i] = False
            dist.append(d[keep])
            jt.append(types[keep])
        dist = np.concatenate(dist)
        jt = np.concatenate(jt)
        diff = r[None, :] - dist[:, None]
        gauss = np.where(np.abs(diff) <= window, amp * np.exp(-diff ** 2 / (2 * sigma ** 2)), 0.0)
        single.append(entropy(gauss.sum(axis=0), rho))
        total = 0.0
        for b in range(ntypes):
            if counts[b] > 0:
                total += entropy(gauss[jt == b].sum(axis=0), counts[b] / volume)
        resolved.append(total)
    print(json.dumps({"resolved": resolved, "single": single}))


if __name__ == "__main__":
    main()
