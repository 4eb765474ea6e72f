"""The start every reference LAMMPS input shares: metal units, atomic style, periodic cell,
the data file, the pair style and coefficients, and the neighbour list (Å)."""


def setup_lines(data, pair_style, pair_coeffs, skin=1.0, check=True):
    """Input lines up to and including the neighbour settings. `pair_coeffs` is a list of
    complete `pair_coeff ...` lines; `check` adds `neigh_modify every 1 delay 0 check yes`."""
    lines = [
        "units metal",
        "atom_style atomic",
        "boundary p p p",
        "atom_modify map array",
        "read_data %s" % data,
        "pair_style %s" % pair_style,
    ] + list(pair_coeffs) + ["neighbor %g bin" % skin]
    if check:
        lines.append("neigh_modify every 1 delay 0 check yes")
    return lines
