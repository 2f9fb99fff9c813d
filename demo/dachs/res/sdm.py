"""The wide part of the demo's DP0.2-like schema, for q.rd.

Object has, like the real DP0.2 Object, a block of measurement columns repeated for every band.
This module is the one place that lists that block: q.rd's LOOP turns ``object_band_columns()``
into column definitions, and ``fill_object`` derives every column's values in SQL from the few
per-object quantities that demo/generate_data.py writes (position, extendedness, a magnitude per
band), with a deterministic per-row, per-column hash standing in for measurement noise.

DaCHS loads this file with ``utils.loadPythonModule``; it needs nothing but the standard library.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

BANDS = "ugrizy"
_BAND_UCD = {
    "u": "em.opt.U",
    "g": "em.opt.B",
    "r": "em.opt.R",
    "i": "em.opt.I",
    "z": "em.opt.I",
    "y": "em.IR.J",
}

# Measurement families with a flux, its error and a failure flag; (prefix, what it measures).
_FLUX_FAMILIES = [
    ("psf", "PSF model fit"),
    ("cModel", "composite model (CModel) fit"),
    ("gaapOptimal", "GAaP photometry with the optimal aperture"),
    ("gaapPsf", "GAaP photometry with a PSF-sized aperture"),
    ("gaap1p0", "GAaP photometry with a 1.0 arcsec aperture"),
    ("calib", "calibration aperture (12 pixel radius)"),
    ("kron", "Kron aperture"),
    ("ap03", "circular aperture of 3 pixel radius"),
    ("ap06", "circular aperture of 6 pixel radius"),
    ("ap09", "circular aperture of 9 pixel radius"),
]

# (suffix, type, unit, ucd, verbLevel, description); {b} is the band, {B} the band's UCD word.
_OTHER = [
    (
        "cModelMag",
        "double precision",
        "mag",
        "phot.mag;{B}",
        12,
        "AB magnitude in {b} from the CModel flux.",
    ),
    (
        "cModelMagErr",
        "double precision",
        "mag",
        "stat.error;phot.mag;{B}",
        12,
        "Uncertainty of {b}_cModelMag.",
    ),
    (
        "psfMag",
        "double precision",
        "mag",
        "phot.mag;{B}",
        12,
        "AB magnitude in {b} from the PSF flux.",
    ),
    (
        "psfMagErr",
        "double precision",
        "mag",
        "stat.error;phot.mag;{B}",
        12,
        "Uncertainty of {b}_psfMag.",
    ),
    (
        "extendedness",
        "double precision",
        "",
        "src.class.starGalaxy",
        25,
        "Extendedness in {b}: 0 for a point source, 1 for an extended one.",
    ),
    (
        "extendedness_flag",
        "boolean",
        "",
        "meta.code.error;src.class.starGalaxy",
        30,
        "Set when the {b} extendedness could not be measured.",
    ),
    (
        "blendedness",
        "double precision",
        "",
        "meta.code;phys.size",
        30,
        "Fraction of the {b} flux from neighbours in the footprint (0 isolated, 1 fully blended).",
    ),
    (
        "ixx",
        "double precision",
        "arcsec**2",
        "phys.size.axisRatio;src.morph",
        30,
        "Second moment xx of the {b} source shape.",
    ),
    (
        "iyy",
        "double precision",
        "arcsec**2",
        "phys.size.axisRatio;src.morph",
        30,
        "Second moment yy of the {b} source shape.",
    ),
    (
        "ixy",
        "double precision",
        "arcsec**2",
        "phys.size.axisRatio;src.morph",
        30,
        "Second moment xy of the {b} source shape.",
    ),
    (
        "ixxPSF",
        "double precision",
        "arcsec**2",
        "instr.det.psf",
        30,
        "Second moment xx of the {b} PSF at the object.",
    ),
    (
        "iyyPSF",
        "double precision",
        "arcsec**2",
        "instr.det.psf",
        30,
        "Second moment yy of the {b} PSF at the object.",
    ),
    (
        "ixyPSF",
        "double precision",
        "arcsec**2",
        "instr.det.psf",
        30,
        "Second moment xy of the {b} PSF at the object.",
    ),
    ("kronRad", "real", "pix", "phys.angSize;src", 30, "Kron radius measured in {b}."),
    (
        "inputCount",
        "integer",
        "",
        "meta.number;obs",
        25,
        "Number of {b} visits contributing to the coadd at the object.",
    ),
    (
        "pixelFlags_saturated",
        "boolean",
        "",
        "meta.code;instr.saturation",
        30,
        "A pixel of the {b} footprint is saturated.",
    ),
    (
        "pixelFlags_edge",
        "boolean",
        "",
        "meta.code",
        30,
        "The {b} footprint touches the edge of the coadd.",
    ),
    (
        "centroid_flag",
        "boolean",
        "",
        "meta.code.error;pos",
        30,
        "The {b} centroid measurement failed.",
    ),
]


def _families() -> list[tuple[str, str, str, str, int, str]]:
    columns = []
    for prefix, what in _FLUX_FAMILIES:
        verb = 10 if prefix in ("psf", "cModel") else 20
        columns += [
            (
                f"{prefix}Flux",
                "double precision",
                "nJy",
                "phot.flux;{B}",
                verb,
                f"Flux in {{b}} from the {what}.",
            ),
            (
                f"{prefix}FluxErr",
                "double precision",
                "nJy",
                "stat.error;phot.flux;{B}",
                verb,
                f"Uncertainty of {{b}}_{prefix}Flux.",
            ),
            (
                f"{prefix}Flux_flag",
                "boolean",
                "",
                "meta.code.error;phot.flux",
                30,
                f"Set when the {{b}} {what} failed.",
            ),
        ]
    return columns + _OTHER


def object_band_columns() -> Iterator[dict[str, str]]:
    """Every per-band column of Object, as items for a DaCHS LOOP (all values strings)."""
    for band in BANDS:
        for suffix, sqltype, unit, ucd, verb, description in _families():
            yield {
                "name": f"{band}_{suffix}",
                "type": sqltype,
                "unit": unit,
                "ucd": ucd.replace("{B}", _BAND_UCD[band]),
                "verbLevel": str(verb),
                # Flags and counts are never NULL here; saying so spares them VOTable null values.
                "required": "True" if sqltype in ("boolean", "integer") else "False",
                "description": description.replace("{b}", band),
            }


# ---------------------------------------------------------------------------------------------
# Filling the tables (called from q.rd's import scripts with the DaCHS table being made).

_STAGE_COLUMNS = (
    "objectid bigint, coord_ra double precision, coord_dec double precision, extended integer,"
    " size_arcsec double precision, tract bigint, patch bigint, "
    + ", ".join(f"mag_{b} double precision" for b in BANDS)
)


def _noise(k: int) -> str:
    """A deterministic number in [0, 1) for the row and the column number k.

    Four hashes of objectId per row (r0..r3, computed once in fill_object) spread over the
    columns by a cheap multiply-and-take-the-fraction, far faster than one hash per value.
    """
    a = 3.0 + (k * 0.6180339887 % 1.0) * 50.0
    b = k * 0.7548776662 % 1.0
    x = f"(r{k % 4} * {a:.6f} + {b:.6f})"
    return f"({x} - floor{x})"


def _gauss(k: int) -> str:
    """A deterministic number with mean 0 and standard deviation 1 (uniform, which will do here)."""
    return f"({_noise(k)} - 0.5) * 3.4641"


def _expression(name: str, k: int) -> str:
    u, v = _noise(k), _noise(k + 1)
    fixed = {
        "objectid": "objectid",
        "coord_ra": "coord_ra",
        "coord_dec": "coord_dec",
        "coord_raerr": f"(2e-6 + 1e-5 * power({u}, 3)) * (1 + greatest(mag_r - 22, 0))",
        "coord_decerr": f"(2e-6 + 1e-5 * power({v}, 3)) * (1 + greatest(mag_r - 22, 0))",
        "coord_ra_dec_cov": f"1e-12 * ({u} - 0.5)",
        # Position on the patch's 4000x4000 coadd: the fractional part of 7 patches per degree.
        "x": f"((coord_ra - 55) * 7 - floor((coord_ra - 55) * 7)) * 4000 + 0.01 * {u}",
        "y": f"((coord_dec + 33) * 7 - floor((coord_dec + 33) * 7)) * 4000 + 0.01 * {u}",
        "tract": "tract",
        "patch": "patch",
        "detect_isprimary": f"{u} < 0.93",
        "detect_isisolated": f"{u} < 0.75",
        "detect_isdeblendedsource": f"{u} >= 0.25",
        "detect_fromblend": f"{u} >= 0.75",
        "detect_ispatchinner": "true",
        "detect_istractinner": "true",
        "parentobjectid": f"CASE WHEN {u} < 0.25 THEN objectid - 4099 * floor(1 + 3 * {v})::bigint"
        " ELSE 0 END",
        "deblend_nchild": f"CASE WHEN {u} < 0.1 THEN 1 + floor(4 * {v})::int ELSE 0 END",
        "deblend_skipped": f"{u} < 0.003",
        "footprintarea": "(40 + 400 * power(10, (22 - mag_r) / 5.0) + 200 * size_arcsec)::int",
        "refband": "'i'",
        "refextendedness": "extended::double precision",
        "reffwhm": "0.75 + 0.4 * size_arcsec",
        "shape_xx": f"0.1 + size_arcsec * size_arcsec * (0.8 + 0.4 * {u})",
        "shape_yy": f"0.1 + size_arcsec * size_arcsec * (0.8 + 0.4 * {v})",
        "shape_xy": f"size_arcsec * size_arcsec * 0.2 * ({u} - 0.5)",
        "shape_flag": f"{u} < 0.01",
        "ebv": f"0.012 + 0.01 * (coord_ra - 55) / 2 + 0.002 * {u}",
    }
    if name in fixed:
        return fixed[name]
    band, suffix = name.split("_", 1)
    mag, flux, err = f"mag_{band}", f"flux_{band}", f"err_{band}"  # computed once per row below
    aperture = {
        "psf": 1.0,
        "cModel": 1.0,
        "gaapOptimal": 0.93,
        "gaapPsf": 0.9,
        "gaap1p0": 0.86,
        "calib": 0.97,
        "kron": 0.95,
        "ap03": 0.55,
        "ap06": 0.82,
        "ap09": 0.92,
    }
    for prefix, fraction in aperture.items():
        if suffix == f"{prefix}Flux":
            # Extended objects lose flux in small apertures and in the PSF fit.
            lost = 0.35 if prefix in ("psf", "ap03") else 0.1
            loss = f"(1 - extended * {lost} * least(size_arcsec, 1.5))"
            return f"{flux} * {fraction} * {loss} + {err} * {_gauss(k)} * 0.5"
        if suffix == f"{prefix}FluxErr":
            return f"{err} * {1.0 if prefix in ('psf', 'cModel') else 1.15}"
    if suffix.endswith("Flux_flag"):
        return f"{u} < 0.01 OR {mag} > 28.5"
    if suffix == "cModelMag":
        return f"{mag} + 0.02 * {_gauss(k)}"
    if suffix == "psfMag":
        return (
            f"{mag} - 2.5 * log(1 - extended * 0.35 * least(size_arcsec, 1.5)) + 0.02 * {_gauss(k)}"
        )
    if suffix in ("cModelMagErr", "psfMagErr"):
        return f"1.0857 * {err} / {flux}"
    if suffix == "extendedness":
        # Faint objects are misclassified now and then.
        flipped = f"CASE WHEN {mag} > 26 AND {u} < 0.3 THEN 1 - extended ELSE extended END"
        return f"({flipped})::double precision"
    if suffix == "extendedness_flag":
        return f"{mag} > 27.5"
    if suffix == "blendedness":
        return f"power({u}, 6)"
    if suffix in ("ixx", "iyy"):
        return f"0.08 + size_arcsec * size_arcsec * (0.6 + 0.8 * {u})"
    if suffix == "ixy":
        return f"size_arcsec * size_arcsec * 0.3 * ({u} - 0.5)"
    if suffix in ("ixxPSF", "iyyPSF"):
        return f"0.085 + 0.01 * {u}"
    if suffix == "ixyPSF":
        return f"0.004 * ({u} - 0.5)"
    if suffix == "kronRad":
        return f"(2.5 + 3 * size_arcsec + {u})::real"
    if suffix == "inputCount":
        return f"(8 + floor(22 * {u}))::int"
    if suffix == "pixelFlags_saturated":
        return f"{mag} < 16.8"
    if suffix == "pixelFlags_edge":
        return f"{u} < 0.005"
    if suffix == "centroid_flag":
        return f"{u} < 0.004"
    raise ValueError(f"sdm.py has no rule for Object column {name}")


def _copy(table: Any, target: str, path: str) -> None:
    with open(path, encoding="utf-8") as source:
        columns = source.readline().strip().lower()
        cursor = table.connection.cursor()
        cursor.copy_expert(f"COPY {target} ({columns}) FROM STDIN WITH (FORMAT csv)", source)
        cursor.close()


def fill_object(table: Any, resdir: str) -> None:
    """Fill Object from data/object_base.csv: every column of the table from a rule above."""
    qname = table.tableDef.getQName()
    cursor = table.connection.cursor()
    cursor.execute(f"CREATE TEMP TABLE object_stage ({_STAGE_COLUMNS}) ON COMMIT DROP")
    cursor.close()
    with open(os.path.join(resdir, "data", "object_base.csv"), encoding="utf-8") as source:
        source.readline()
        cursor = table.connection.cursor()
        cursor.copy_expert("COPY object_stage FROM STDIN WITH (FORMAT csv)", source)
        cursor.close()
    names, values = [], []
    for k, column in enumerate(table.tableDef.columns, start=1):
        name = str(column.name)
        names.append(name.lower())
        values.append(f"({_expression(_key(name), k)})")
    # Each band's flux (nJy, from the AB magnitude) and its coadd error (a photon term and a sky
    # floor) once per row: OFFSET 0 keeps PostgreSQL from inlining them into every column.
    per_band = ", ".join(
        f"power(10.0, (31.4 - mag_{b}) / 2.5) AS flux_{b},"
        f" sqrt(power(10.0, (31.4 - mag_{b}) / 2.5) * 8.0 + 3600.0) AS err_{b}"
        for b in BANDS
    )
    hashes = ", ".join(
        f"(hashint8(objectid + {j}) & 2147483647)::double precision / 2147483648.0 AS r{j}"
        for j in range(4)
    )
    cursor = table.connection.cursor()
    cursor.execute(
        f"INSERT INTO {qname} ({', '.join(names)}) SELECT {', '.join(values)}"
        f" FROM (SELECT *, {per_band}, {hashes} FROM object_stage OFFSET 0) AS stage"
    )
    cursor.close()


def _key(name: str) -> str:
    """Rule key for a column: lower case for the fixed columns, band_suffix as written otherwise."""
    if len(name) > 2 and name[1] == "_" and name[0] in BANDS:
        return name
    return name.lower()


def fill_from_csv(table: Any, resdir: str, filename: str) -> None:
    """COPY a CSV written by generate_data.py (header = column names) into the table."""
    _copy(table, table.tableDef.getQName(), os.path.join(resdir, "data", filename))
