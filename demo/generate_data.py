#!/usr/bin/python3
"""Deterministic data for the demo platform: a DP0.2-like sky and 16 calexp-like images.

    /usr/bin/python3 demo/generate_data.py OUTDIR

writes into OUTDIR (the DaCHS resource directory; the resource descriptor demo/dachs/q.rd reads it):

  data/object_base.csv   one row per Object: id, position, extendedness, AB magnitude per band,
                         tract, patch; the RD derives Object's ~300 columns from these in SQL
  data/ccdvisit.csv      one row per image (visit x detector)
  data/source.csv        one row per Object measured on an image (the single-visit Sources)
  data/images.csv        file name, band, visit and detector of each image
  data/oddities.csv      quirks.oddities (demo/dachs/quirks.rd): delimited column names, ids above
                         2**53, emoji in every tenth label
  data/fields.csv        the rows of the 300 tables quirks.field_000 .. field_299 (five each)
  images/calexp_<visit>_<detector>.fits
                         16 float32 1024x1024 images with a TAN WCS: 4 visits (bands g, r, i, z)
                         of a 2x2 mosaic of detectors, background-subtracted, every Object drawn
                         as a Gaussian (PSF for stars, PSF convolved with a size for galaxies) at
                         its catalogue position, so overlays of Object on the images line up.

Runs with Debian's python3 (numpy and astropy come with DaCHS). Same seed, same bytes: the output
depends only on this file.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

SEED = 20261124
N_OBJECTS = 100_000
BANDS = "ugrizy"

# The images: detector 0 of the first visit is centred on (55.748, -32.213), the other detectors
# of the 2x2 mosaic lie east and north of it. The Objects cover RA 55..57, Dec -33..-31 (DC2-like)
# and crowd on the mosaic.
IMAGE_SIZE = 1024
PIXEL_DEG = 0.5 / 3600
STEP_DEG = IMAGE_SIZE * PIXEL_DEG
SW_RA, SW_DEC = 55.748, -32.213
MOSAIC = 2
FIELD_RA, FIELD_DEC = (55.0, 57.0), (-33.0, -31.0)
FRACTION_ON_MOSAIC = 0.6

# One visit per band; (band, visit, MJD at exposure start, seeing FWHM in arcsec, dither in arcsec).
VISITS = [
    ("g", 1_000_000, 60_580.1521, 0.92, (0.0, 0.0)),
    ("r", 1_000_037, 60_582.1103, 0.78, (6.0, -4.0)),
    ("i", 1_000_074, 60_585.0987, 0.71, (-5.0, 5.0)),
    ("z", 1_000_111, 60_589.1244, 0.74, (3.0, 7.0)),
]
EXPTIME = 30.0
ZERO_POINT = {"g": 31.2, "r": 31.4, "i": 31.2, "z": 30.8}  # AB mag of one count (30 s)
SKY_NOISE = {
    "g": 8.0,
    "r": 10.0,
    "i": 12.0,
    "z": 14.0,
}  # counts per pixel, after background removal
SKY_LEVEL = {"g": 420.0, "r": 780.0, "i": 1250.0, "z": 1900.0}  # the background that was removed
# Filter bandpasses (m): lower, upper, effective wavelength.
BANDPASS = {
    "g": (4.02e-7, 5.52e-7, 4.75e-7),
    "r": (5.52e-7, 6.91e-7, 6.22e-7),
    "i": (6.91e-7, 8.18e-7, 7.54e-7),
    "z": (8.18e-7, 9.22e-7, 8.69e-7),
}
NJY_ZERO_POINT = 31.4  # AB mag of 1 nJy
SOURCE_LIMIT = 24.8  # single-visit detection limit (mag)
DRAW_LIMIT = 26.5  # fainter objects would be invisible in the noise
OBJECT_ID0 = 1_567_428_592_185_376_768  # DP0.2-like 64-bit ids (beyond 2**53, as the real ones)


def detector_center(visit_index: int, detector: int) -> tuple[float, float]:
    """Centre of a detector of a visit: the 2x2 mosaic, shifted by the visit's dither."""
    ix, iy = detector % MOSAIC, detector // MOSAIC
    dither = VISITS[visit_index][4]
    dec = SW_DEC + iy * STEP_DEG + dither[1] / 3600
    ra = SW_RA + (ix * STEP_DEG + dither[0] / 3600) / np.cos(np.radians(dec))
    return float(ra), float(dec)


def make_wcs(ra: float, dec: float) -> WCS:
    wcs = WCS(naxis=2)
    wcs.wcs.ctype = ["RA---TAN", "DEC--TAN"]
    wcs.wcs.crval = [ra, dec]
    wcs.wcs.crpix = [IMAGE_SIZE / 2 + 0.5, IMAGE_SIZE / 2 + 0.5]
    wcs.wcs.cdelt = [-PIXEL_DEG, PIXEL_DEG]  # CDELT, not CD: Hipsgen reads the scale from CDELT
    wcs.wcs.cunit = ["deg", "deg"]
    wcs.wcs.radesys = "ICRS"
    return wcs


def make_objects(rng: np.random.Generator) -> dict[str, np.ndarray]:
    n_mosaic = int(N_OBJECTS * FRACTION_ON_MOSAIC)
    n_field = N_OBJECTS - n_mosaic
    pad = 0.01
    dec_lo, dec_hi = SW_DEC - STEP_DEG / 2 - pad, SW_DEC + (MOSAIC - 0.5) * STEP_DEG + pad
    dec = np.concatenate([rng.uniform(dec_lo, dec_hi, n_mosaic), rng.uniform(*FIELD_DEC, n_field)])
    ra_lo = SW_RA - (STEP_DEG / 2 + pad) / np.cos(np.radians(dec[:n_mosaic]))
    ra_span = (MOSAIC * STEP_DEG + 2 * pad) / np.cos(np.radians(dec[:n_mosaic]))
    ra = np.concatenate([ra_lo + ra_span * rng.random(n_mosaic), rng.uniform(*FIELD_RA, n_field)])
    # Number counts rising with magnitude (dN/dm ~ 10^(0.3 m)) between r = 16 and 27.
    a, m0, m1 = 0.3, 16.0, 27.0
    u = rng.random(N_OBJECTS)
    r_mag = np.log10(u * (10 ** (a * m1) - 10 ** (a * m0)) + 10 ** (a * m0)) / a
    extended = rng.random(N_OBJECTS) < 0.25 + 0.65 * (r_mag - m0) / (m1 - m0)
    g_r = np.where(extended, rng.normal(0.75, 0.3, N_OBJECTS), rng.uniform(0.2, 1.5, N_OBJECTS))
    r_i = 0.45 * g_r + rng.normal(0.0, 0.06, N_OBJECTS)
    i_z = 0.25 * g_r + rng.normal(0.0, 0.05, N_OBJECTS)
    mags = {
        "r": r_mag,
        "g": r_mag + g_r,
        "u": r_mag + g_r + 0.9 + 0.6 * g_r + rng.normal(0.0, 0.1, N_OBJECTS),
        "i": r_mag - r_i,
        "z": r_mag - r_i - i_z,
        "y": r_mag - r_i - i_z - 0.1 + rng.normal(0.0, 0.05, N_OBJECTS),
    }
    size = np.where(
        extended, rng.uniform(0.3, 1.6, N_OBJECTS) * (1 + (24 - r_mag).clip(0) / 4), 0.0
    )
    # Sky map: tracts of 1 deg in Dec, 7x7 patches of each.
    tract = (
        3828
        + np.floor(dec - FIELD_DEC[0]).astype(np.int64) * 10
        + np.floor(ra - FIELD_RA[0]).astype(np.int64)
    )
    px = np.floor(((ra - FIELD_RA[0]) % 1.0) * 7).astype(np.int64)
    py = np.floor(((dec - FIELD_DEC[0]) % 1.0) * 7).astype(np.int64)
    ids = OBJECT_ID0 + np.arange(N_OBJECTS, dtype=np.int64) * 4099
    return {
        "objectId": ids,
        "ra": ra,
        "dec": dec,
        "extended": extended.astype(np.int64),
        "size": size,
        "tract": tract,
        "patch": py * 7 + px,
        **{f"mag_{b}": mags[b] for b in BANDS},
    }


def write_objects(objects: dict[str, np.ndarray], path: Path) -> None:
    columns = ["objectId", "coord_ra", "coord_dec", "extended", "size_arcsec", "tract", "patch"] + [
        f"mag_{b}" for b in BANDS
    ]
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for k in range(N_OBJECTS):
            writer.writerow(
                [
                    int(objects["objectId"][k]),
                    f"{objects['ra'][k]:.9f}",
                    f"{objects['dec'][k]:.9f}",
                    int(objects["extended"][k]),
                    f"{objects['size'][k]:.3f}",
                    int(objects["tract"][k]),
                    int(objects["patch"][k]),
                ]
                + [f"{objects['mag_' + b][k]:.4f}" for b in BANDS]
            )


def render(
    objects: dict[str, np.ndarray],
    visit_index: int,
    detector: int,
    images: Path,
    ccd_rows: list[list[object]],
    source_rows: list[list[object]],
) -> None:
    band, visit, mjd_start, seeing, _ = VISITS[visit_index]
    ra0, dec0 = detector_center(visit_index, detector)
    wcs = make_wcs(ra0, dec0)
    rng = np.random.default_rng([SEED, visit, detector])
    image = rng.normal(0.0, SKY_NOISE[band], (IMAGE_SIZE, IMAGE_SIZE)).astype(np.float32)

    x, y = wcs.all_world2pix(objects["ra"], objects["dec"], 0)
    mag = objects[f"mag_{band}"]
    inside = (x > -8) & (x < IMAGE_SIZE + 7) & (y > -8) & (y < IMAGE_SIZE + 7) & (mag < DRAW_LIMIT)
    xs, ys, ms = x[inside], y[inside], mag[inside]
    counts = np.power(10.0, (ZERO_POINT[band] - ms) / 2.5)
    psf_sigma_px = seeing / 2.355 / (PIXEL_DEG * 3600)
    sigma = np.sqrt(psf_sigma_px**2 + (objects["size"][inside] / (PIXEL_DEG * 3600)) ** 2).clip(
        max=3.5
    )
    xi, yi = np.rint(xs).astype(int), np.rint(ys).astype(int)
    for oy in range(-7, 8):
        for ox in range(-7, 8):
            px, py = xi + ox, yi + oy
            ok = (px >= 0) & (px < IMAGE_SIZE) & (py >= 0) & (py < IMAGE_SIZE)
            weight = np.exp(-((px - xs) ** 2 + (py - ys) ** 2) / (2 * sigma**2)) / (
                2 * np.pi * sigma**2
            )
            np.add.at(image, (py[ok], px[ok]), (counts * weight)[ok].astype(np.float32))

    ccd_visit_id = visit * 1000 + detector
    mjd_mid = mjd_start + EXPTIME / 2 / 86400
    corners = wcs.all_pix2world(
        [
            [0.5, 0.5],
            [0.5, IMAGE_SIZE + 0.5],
            [IMAGE_SIZE + 0.5, IMAGE_SIZE + 0.5],
            [IMAGE_SIZE + 0.5, 0.5],
        ],
        1,
    )
    (llcra, llcdec), (ulcra, ulcdec), (urcra, urcdec), (lrcra, lrcdec) = corners
    zenith = 12.0 + 8.0 * visit_index + 0.3 * detector
    ccd_rows.append(
        [
            ccd_visit_id,
            visit,
            detector,
            band,
            f"{band}_sim_1.4",
            f"{ra0:.8f}",
            f"{dec0:.8f}",
            f"{zenith:.3f}",
            f"{ZERO_POINT[band]:.3f}",
            f"{psf_sigma_px:.4f}",
            f"{seeing:.3f}",
            f"{SKY_LEVEL[band]:.1f}",
            f"{SKY_NOISE[band]:.2f}",
            f"{mjd_start:.8f}",
            f"{mjd_mid:.8f}",
            f"{EXPTIME:.1f}",
            f"{EXPTIME:.1f}",
            1,
            IMAGE_SIZE,
            IMAGE_SIZE,
            f"{llcra:.8f}",
            f"{llcdec:.8f}",
            f"{ulcra:.8f}",
            f"{ulcdec:.8f}",
            f"{urcra:.8f}",
            f"{urcdec:.8f}",
            f"{lrcra:.8f}",
            f"{lrcdec:.8f}",
        ]
    )

    # The Sources of this detector: every Object brighter than the single-visit limit on it.
    on = (x >= 0) & (x < IMAGE_SIZE) & (y >= 0) & (y < IMAGE_SIZE) & (mag < SOURCE_LIMIT)
    index = np.flatnonzero(on)
    flux = np.power(10.0, (NJY_ZERO_POINT - mag[index]) / 2.5)
    flux_err = np.sqrt(flux * 40.0 + 180.0**2)
    psf_flux = flux + flux_err * rng.normal(0.0, 1.0, len(index))
    ap_flux = flux * np.where(objects["extended"][index] == 1, 0.82, 0.95) + flux_err * rng.normal(
        0.0, 1.2, len(index)
    )
    jitter = rng.normal(0.0, 0.03 / 3600, (2, len(index)))
    for n, k in enumerate(index):
        source_rows.append(
            [
                visit * 10**10 + detector * 10**7 + n,
                int(objects["objectId"][k]),
                ccd_visit_id,
                visit,
                detector,
                band,
                f"{objects['ra'][k] + jitter[0][n] / np.cos(np.radians(dec0)):.9f}",
                f"{objects['dec'][k] + jitter[1][n]:.9f}",
                f"{x[k]:.3f}",
                f"{y[k]:.3f}",
                f"{psf_flux[n]:.3f}",
                f"{flux_err[n]:.3f}",
                f"{ap_flux[n]:.3f}",
                f"{flux_err[n] * 1.2:.3f}",
                f"{float(objects['extended'][k]):.1f}",
                "t" if mag[k] < 16.5 else "f",
            ]
        )

    header = wcs.to_header()
    cards = [
        ("FILTER", band, "band"),
        ("BAND", band, "band"),
        ("PHYSFILT", f"{band}_sim_1.4", "physical filter"),
        ("VISIT", visit, "visit id"),
        ("DETECTOR", detector, "detector id"),
        ("CCDVISIT", ccd_visit_id, "ccdVisitId"),
        ("MJD-OBS", mjd_start, "exposure start (MJD, TAI)"),
        ("MJD-END", mjd_start + EXPTIME / 86400, "exposure end"),
        ("MJD-AVG", mjd_mid, "exposure midpoint"),
        ("MJDSTART", mjd_start, "exposure start (MJD, TAI)"),
        ("MIDPTMJD", mjd_mid, "exposure midpoint (MJD, TAI)"),
        ("EXPTIME", EXPTIME, "[s] exposure time"),
        ("DATE-OBS", _isot(mjd_start), "exposure start (TAI)"),
        ("TIMESYS", "TAI", ""),
        ("BUNIT", "adu", "background-subtracted counts"),
        ("MAGZERO", ZERO_POINT[band], "AB mag of one count"),
        ("SEEING", seeing, "[arcsec] PSF FWHM"),
        ("SKYLEVEL", SKY_LEVEL[band], "background removed"),
        ("OBJECT", "DC2 demo field", ""),
        ("TELESCOP", "Rubin (simulated)", ""),
        ("INSTRUME", "LSSTCam-imSim", ""),
        ("ORIGIN", "jupyterlab-rsp-api demo", ""),
    ]
    for key, value, comment in cards:
        header[key] = (value, comment)
    fits.PrimaryHDU(image, header=header).writeto(
        images / f"calexp_{visit}_{detector}.fits", overwrite=True
    )


def _isot(mjd: float) -> str:
    from astropy.time import Time

    return Time(mjd, format="mjd", scale="tai").isot[:19]


CCDVISIT_HEADER = [
    "ccdVisitId",
    "visit",
    "detector",
    "band",
    "physical_filter",
    "ra",
    "decl",
    "zenithDistance",
    "zeroPoint",
    "psfSigma",
    "seeing",
    "skyBg",
    "skyNoise",
    "obsStartMJD",
    "expMidptMJD",
    "expTime",
    "darkTime",
    "nExposures",
    "xSize",
    "ySize",
    "llcra",
    "llcdec",
    "ulcra",
    "ulcdec",
    "urcra",
    "urcdec",
    "lrcra",
    "lrcdec",
]
SOURCE_HEADER = [
    "sourceId",
    "objectId",
    "ccdVisitId",
    "visit",
    "detector",
    "band",
    "coord_ra",
    "coord_dec",
    "x",
    "y",
    "psfFlux",
    "psfFluxErr",
    "apFlux",
    "apFluxErr",
    "extendedness",
    "pixelFlags_saturated",
]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# quirks.oddities: ids from 2**53 + 1 in steps of 2 (odd: none has an exact double), the last
# one the largest bigint; every tenth label, the first among them, has characters outside the
# BMP, so the first rows of any query already carry them.
N_ODDITIES = 200
ODDITIES_HEADER = [
    "id",
    "ra",
    "dec",
    "size",
    "distance",
    "select",
    "MixedCase",
    "Mixed Case",
    "value",
    "label",
    "label_ascii",
]
EMOJI = ["\U0001f52d", "\U0001f30c", "\U0001fa90", "\U0001f320", "\u2b50\U0001f680"]
N_FIELDS, ROWS_PER_FIELD = 300, 5


def oddity_id(k: int) -> int:
    """Row k's id (the tests check these values arrive exactly)."""
    return 2**63 - 1 if k == N_ODDITIES - 1 else 2**53 + 1 + 2 * k


def oddity_label(k: int) -> str:
    """Row k's label: every tenth, the first among them, has characters outside the BMP."""
    return f"{EMOJI[(k // 10) % len(EMOJI)]} target {k}" if k % 10 == 0 else f"Étoile {k}"


def oddity_rows(rng: np.random.Generator) -> list[list[object]]:
    rows: list[list[object]] = []
    for k in range(N_ODDITIES):
        label = oddity_label(k)
        rows.append(
            [
                oddity_id(k),
                round(float(rng.uniform(*FIELD_RA)), 6),
                round(float(rng.uniform(*FIELD_DEC)), 6),
                round(float(rng.uniform(0.5, 30.0)), 3),
                round(float(rng.uniform(10.0, 5000.0)), 2),
                int(rng.integers(0, 2)),
                round(float(rng.uniform(14.0, 24.0)), 3),
                f"note {k}",
                round(float(rng.normal(0.0, 1.0)), 4),
                label,
                label,
            ]
        )
    return rows


def field_rows(rng: np.random.Generator) -> list[list[object]]:
    rows: list[list[object]] = []
    for field in range(N_FIELDS):
        ra0 = FIELD_RA[0] + (field % 20) * 0.1
        dec0 = FIELD_DEC[0] + (field // 20) * 0.1
        for j in range(ROWS_PER_FIELD):
            rows.append(
                [
                    f"{field:03d}",
                    field * ROWS_PER_FIELD + j + 1,
                    round(ra0 + float(rng.uniform(0.0, 0.1)), 6),
                    round(dec0 + float(rng.uniform(0.0, 0.1)), 6),
                    round(float(rng.uniform(16.0, 25.0)), 3),
                ]
            )
    return rows


def main(out: Path) -> None:
    data, images = out / "data", out / "images"
    data.mkdir(parents=True, exist_ok=True)
    images.mkdir(parents=True, exist_ok=True)
    objects = make_objects(np.random.default_rng(SEED))
    write_objects(objects, data / "object_base.csv")
    ccd_rows: list[list[object]] = []
    source_rows: list[list[object]] = []
    for visit_index in range(len(VISITS)):
        for detector in range(MOSAIC * MOSAIC):
            render(objects, visit_index, detector, images, ccd_rows, source_rows)
    write_csv(data / "ccdvisit.csv", CCDVISIT_HEADER, ccd_rows)
    write_csv(data / "source.csv", SOURCE_HEADER, source_rows)
    write_csv(
        data / "images.csv",
        ["file", "band", "visit", "detector", "ccdVisitId"],
        [[f"calexp_{row[1]}_{row[2]}.fits", row[3], row[1], row[2], row[0]] for row in ccd_rows],
    )
    # Their own random stream: the catalogs and images above stay byte for byte as they were.
    quirks_rng = np.random.default_rng(SEED + 1)
    write_csv(data / "oddities.csv", ODDITIES_HEADER, oddity_rows(quirks_rng))
    write_csv(data / "fields.csv", ["field", "id", "ra", "dec", "mag"], field_rows(quirks_rng))
    print(f"{N_OBJECTS} objects, {len(source_rows)} sources, {len(ccd_rows)} images in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate_data.py OUTDIR")
    main(Path(sys.argv[1]))
