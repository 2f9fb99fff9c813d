#!/usr/bin/python3
"""Deterministic data for the demo platform: a DP0.2-like catalog and 16 images with real WCS.

Writes, into the output folder:
  q.rd                 the DaCHS resource descriptor (tables generated here, one per concept)
  object_base.csv      objectId, coord_ra, coord_dec, r_mag, extendedness for ~100k objects
  fill.sql             SQL that fills Object (hundreds of columns), Source and CcdVisit from it
  images/*.fits        16 r-band images tiling the field, objects drawn as Gaussian PSFs

Runs with Debian's python3 (numpy, astropy come with DaCHS). Same seed, same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

SEED = 20261124
N_OBJECTS = 100_000
CENTER_RA, CENTER_DEC = 56.0, -32.0
GRID = 4  # images per side
IMAGE_SIZE = 1024  # pixels
PIXEL_DEG = 0.5 / 3600  # 0.5 arcsec pixels
FIELD_DEG = GRID * IMAGE_SIZE * PIXEL_DEG  # ~0.57 deg
BANDS = "ugrizy"
SCHEMA = "dp02_dc2_catalogs"

# (suffix, type, unit, ucd, description) for each band's measurement families; "{b}" is the band.
BAND_COLUMNS: list[tuple[str, str, str, str, str]] = []
for family, what in (
    ("psf", "PSF model"),
    ("cModel", "composite model (CModel)"),
    ("gaapOptimal", "GAaP optimal aperture"),
    ("gaapPsf", "GAaP PSF aperture"),
    ("calib", "calibration aperture (12 pixels)"),
    ("kron", "Kron aperture"),
    ("ap03", "3-pixel circular aperture"),
    ("ap06", "6-pixel circular aperture"),
    ("ap09", "9-pixel circular aperture"),
    ("ap12", "12-pixel circular aperture"),
):
    BAND_COLUMNS += [
        (f"{family}Flux", "double precision", "nJy", "phot.flux;em.opt.{B}",
         f"Flux in {{b}} band from the {what} measurement."),
        (f"{family}FluxErr", "double precision", "nJy", "stat.error;phot.flux;em.opt.{B}",
         f"Uncertainty of {{b}}_{family}Flux."),
        (f"{family}Flux_flag", "boolean", "", "meta.code.error;phot.flux",
         f"Set when the {what} measurement of the {{b}} band failed."),
    ]
BAND_COLUMNS += [
    ("cModelMag", "double precision", "mag", "phot.mag;em.opt.{B}", "AB magnitude in {b} band from the CModel flux."),
    ("cModelMagErr", "double precision", "mag", "stat.error;phot.mag;em.opt.{B}", "Uncertainty of {b}_cModelMag."),
    ("psfMag", "double precision", "mag", "phot.mag;em.opt.{B}", "AB magnitude in {b} band from the PSF flux."),
    ("psfMagErr", "double precision", "mag", "stat.error;phot.mag;em.opt.{B}", "Uncertainty of {b}_psfMag."),
    ("extendedness", "double precision", "", "src.class.starGalaxy", "Probability (0 star .. 1 galaxy) that the object is extended, {b} band."),
    ("blendedness", "double precision", "", "meta.code", "How much the {b}-band flux is affected by neighbours (0 isolated .. 1 blended)."),
    ("ixx", "double precision", "arcsec2", "src.morph.param", "Second moment xx of the {b}-band source shape."),
    ("iyy", "double precision", "arcsec2", "src.morph.param", "Second moment yy of the {b}-band source shape."),
    ("ixy", "double precision", "arcsec2", "src.morph.param", "Second moment xy of the {b}-band source shape."),
    ("ixxPSF", "double precision", "arcsec2", "instr.det.psf", "Second moment xx of the {b}-band PSF at the object."),
    ("iyyPSF", "double precision", "arcsec2", "instr.det.psf", "Second moment yy of the {b}-band PSF at the object."),
    ("ixyPSF", "double precision", "arcsec2", "instr.det.psf", "Second moment xy of the {b}-band PSF at the object."),
    ("kronRad", "real", "pixel", "phys.angSize", "Kron radius in the {b} band."),
    ("inputCount", "integer", "", "meta.number", "Number of visits contributing to the {b}-band coadd at the object."),
    ("pixelFlags_saturated", "boolean", "", "meta.code", "A pixel of the {b}-band footprint is saturated."),
    ("pixelFlags_edge", "boolean", "", "meta.code", "The {b}-band footprint touches the edge of the image."),
    ("centroid_flag", "boolean", "", "meta.code.error", "The {b}-band centroid measurement failed."),
]

OBJECT_FIXED: list[tuple[str, str, str, str, str]] = [
    ("objectId", "bigint", "", "meta.id;meta.main", "Unique identifier of the object."),
    ("coord_ra", "double precision", "deg", "pos.eq.ra;meta.main", "Right ascension (ICRS) of the object."),
    ("coord_dec", "double precision", "deg", "pos.eq.dec;meta.main", "Declination (ICRS) of the object."),
    ("coord_raErr", "real", "deg", "stat.error;pos.eq.ra", "Uncertainty of coord_ra."),
    ("coord_decErr", "real", "deg", "stat.error;pos.eq.dec", "Uncertainty of coord_dec."),
    ("tract", "bigint", "", "meta.id.part", "Sky-map tract the object lies in."),
    ("patch", "bigint", "", "meta.id.part", "Sky-map patch the object lies in."),
    ("detect_isPrimary", "boolean", "", "meta.code", "True for the one deblended, inner-patch, inner-tract record of each object; select on it."),
    ("detect_isIsolated", "boolean", "", "meta.code", "True when the object has no blended neighbour."),
    ("refExtendedness", "double precision", "", "src.class.starGalaxy", "Extendedness in the reference band: 0 point source, 1 extended."),
    ("refBand", "char(1)", "", "instr.bandpass", "Band chosen as reference for the forced photometry."),
    ("ebv", "real", "mag", "phys.absorption;em.opt.B", "E(B-V) from the SFD dust map at the object."),
]


def object_columns() -> list[tuple[str, str, str, str, str]]:
    columns = list(OBJECT_FIXED)
    for band in BANDS:
        for suffix, sqltype, unit, ucd, desc in BAND_COLUMNS:
            columns.append(
                (f"{band}_{suffix}", sqltype, unit, ucd.replace("{B}", _ucd_band(band)),
                 desc.replace("{b}", band))
            )
    return columns


def _ucd_band(band: str) -> str:
    return {"u": "U", "g": "B", "r": "R", "i": "I", "z": "I", "y": "I"}[band]


SOURCE_COLUMNS = [
    ("sourceId", "bigint", "", "meta.id;meta.main", "Unique identifier of the source."),
    ("objectId", "bigint", "", "meta.id", "Object this source was associated with (Object.objectId)."),
    ("ccdVisitId", "bigint", "", "meta.id", "Detector visit of the source (CcdVisit.ccdVisitId)."),
    ("visit", "bigint", "", "meta.id;obs", "Visit the source was measured on."),
    ("detector", "integer", "", "meta.id;instr.det", "Detector of the visit."),
    ("band", "char(1)", "", "instr.bandpass", "Band of the visit (u, g, r, i, z or y)."),
    ("coord_ra", "double precision", "deg", "pos.eq.ra;meta.main", "Right ascension (ICRS) of the source."),
    ("coord_dec", "double precision", "deg", "pos.eq.dec;meta.main", "Declination (ICRS) of the source."),
    ("psfFlux", "double precision", "nJy", "phot.flux", "Flux of the source from the PSF model."),
    ("psfFluxErr", "double precision", "nJy", "stat.error;phot.flux", "Uncertainty of psfFlux."),
    ("apFlux", "double precision", "nJy", "phot.flux", "Flux in a 12-pixel aperture."),
    ("apFluxErr", "double precision", "nJy", "stat.error;phot.flux", "Uncertainty of apFlux."),
    ("expMidptMJD", "double precision", "d", "time.epoch;obs", "Midpoint of the exposure (MJD, TAI)."),
    ("extendedness", "double precision", "", "src.class.starGalaxy", "Extendedness of the source."),
    ("pixelFlags_saturated", "boolean", "", "meta.code", "A pixel of the footprint is saturated."),
]

CCDVISIT_COLUMNS = [
    ("ccdVisitId", "bigint", "", "meta.id;meta.main", "Unique identifier of a detector's visit."),
    ("visit", "bigint", "", "meta.id;obs", "Visit identifier."),
    ("detector", "integer", "", "meta.id;instr.det", "Detector identifier."),
    ("band", "char(1)", "", "instr.bandpass", "Band of the visit."),
    ("expMidptMJD", "double precision", "d", "time.epoch;obs", "Midpoint of the exposure (MJD, TAI)."),
    ("expTime", "real", "s", "time.duration;obs.exposure", "Exposure time."),
    ("seeing", "real", "arcsec", "instr.obsty.seeing", "Mean PSF FWHM of the detector's image."),
    ("zeroPoint", "real", "mag", "phot.mag;arith.zp", "Photometric zero point (AB magnitude of 1 count/s)."),
    ("skyBg", "real", "adu", "instr.skyLevel", "Average sky background."),
    ("ra", "double precision", "deg", "pos.eq.ra", "Right ascension of the detector centre."),
    ("decl", "double precision", "deg", "pos.eq.dec", "Declination of the detector centre."),
]

# ------------------------------------------------------------------------------------------------


def column_xml(name: str, sqltype: str, unit: str, ucd: str, desc: str, extra: str = "") -> str:
    attrs = f"name={quoteattr(name)} type={quoteattr(sqltype)}"
    if unit:
        attrs += f" unit={quoteattr(unit)}"
    attrs += f" ucd={quoteattr(ucd)} tablehead={quoteattr(name)}"
    attrs += f" description={quoteattr(desc)} verbLevel=\"15\"{extra}"
    # DaCHS folds names to lower case unless quoted; keep the platform's mixed case visible.
    return f"    <column {attrs}/>"


def rd_text() -> str:
    objects = "\n".join(
        column_xml(*c, extra=' required="True"' if c[0] in ("objectId", "coord_ra", "coord_dec") else "")
        for c in object_columns()
    )
    sources = "\n".join(column_xml(*c) for c in SOURCE_COLUMNS)
    visits = "\n".join(column_xml(*c) for c in CCDVISIT_COLUMNS)
    return f"""<resource schema="{SCHEMA}" resdir="demo">
  <!-- Generated by demo/generate_data.py; edit that, not this. -->
  <meta name="title">Demo DP0.2-like catalogs and images</meta>
  <meta name="description">A small synthetic copy of Rubin's DP0.2 catalogs (Object, Source,
    CcdVisit) and 16 r-band images with WCS, made for the jupyterlab-rsp-api demo platform.</meta>
  <meta name="creationDate">2026-11-24T00:00:00Z</meta>
  <meta name="subject">catalogs</meta>
  <meta name="creator.name">jupyterlab-rsp-api</meta>
  <meta name="facility">Vera C. Rubin Observatory (simulated)</meta>

  <table id="Object" onDisk="True" adql="True" primary="objectId" mixin="//scs#pgs-pos-index">
    <meta name="description">Astrophysical objects detected on the coadds, with forced
      photometry in every band (synthetic).</meta>
{objects}
  </table>

  <table id="CcdVisit" onDisk="True" adql="True" primary="ccdVisitId">
    <meta name="description">One detector of one visit: observing conditions and calibration.</meta>
{visits}
  </table>

  <table id="Source" onDisk="True" adql="True" primary="sourceId">
    <meta name="description">Sources measured on single visits, associated with Objects.</meta>
    <foreignKey inTable="Object" source="objectId" dest="objectId"/>
    <foreignKey inTable="CcdVisit" source="ccdVisitId" dest="ccdVisitId"/>
{sources}
  </table>

  <data id="create">
    <make table="Object"/>
    <make table="CcdVisit"/>
    <make table="Source"/>
  </data>

  <table id="images" onDisk="True" mixin="//siap#pgs" adql="True">
    <meta name="description">Calibrated r-band images (calexp-like) of the demo field.</meta>
    <mixin
      calibLevel="2"
      collectionName="'LSST.DP02'"
      targetName="'DC2 demo field'"
      >//obscore#publishSIAP</mixin>
    <column name="visit" type="bigint" ucd="meta.id;obs" tablehead="visit"
      description="Visit identifier of the image."/>
    <column name="band" type="char(1)" ucd="instr.bandpass" tablehead="band"
      description="Band of the image."/>
  </table>

  <data id="import_images">
    <sources pattern="images/*.fits"/>
    <fitsProdGrammar>
      <rowfilter procDef="//products#define">
        <bind key="table">"\\schema.images"</bind>
      </rowfilter>
    </fitsProdGrammar>
    <make table="images">
      <rowmaker>
        <map key="visit">@VISIT</map>
        <map key="band">@FILTER</map>
        <apply procDef="//siap#setMeta">
          <bind key="title">"calexp visit %s detector %s" % (@VISIT, @DETECTOR)</bind>
          <bind key="instrument">"LSSTCam-imSim"</bind>
          <bind key="dateObs">@MJD</bind>
          <bind key="bandpassId">"r"</bind>
          <bind key="bandpassUnit">"m"</bind>
          <bind key="bandpassRefval">6.2e-7</bind>
          <bind key="bandpassLo">5.5e-7</bind>
          <bind key="bandpassHi">6.9e-7</bind>
        </apply>
        <apply procDef="//siap#computePGS"/>
      </rowmaker>
    </make>
  </data>

  <service id="dl" allowed="dlget,dlmeta">
    <meta name="title">Demo image DataLink and SODA cutouts</meta>
    <datalinkCore>
      <descriptorGenerator procDef="//soda#fits_genDesc">
        <bind key="accrefPrefix">'demo/images'</bind>
      </descriptorGenerator>
      <FEED source="//soda#fits_standardDLFuncs"/>
    </datalinkCore>
  </service>

  <service id="cone" allowed="scs.xml,form">
    <meta name="title">Demo Object cone search</meta>
    <meta name="testQuery.ra">56.0</meta>
    <meta name="testQuery.dec">-32.0</meta>
    <meta name="testQuery.sr">0.01</meta>
    <scsCore queriedTable="Object">
      <FEED source="//scs#coreDescs"/>
    </scsCore>
  </service>
</resource>
"""


def uniform_sql(k: int, key: str = "objectId") -> str:
    """A deterministic uniform number in [0, 1) from a row key and a column number."""
    return f"((hashint8(({key}) + {k * 1000003}) & 2147483647)::double precision / 2147483648.0)"


def fill_sql() -> str:
    """Object from the staged base table: every column from deterministic per-row expressions."""
    names: list[str] = []
    values: list[str] = []
    k = 0
    for name, sqltype, _unit, _ucd, _desc in object_columns():
        k += 1
        u = uniform_sql(k)
        if name in ("objectId", "coord_ra", "coord_dec"):
            expr = name.lower()
        elif name in ("coord_raErr", "coord_decErr"):
            expr = f"(1e-6 + 2e-6 * {u})"
        elif name == "tract":
            expr = "3828 + (coord_dec > -32)::int"
        elif name == "patch":
            expr = "floor((coord_ra - 55.7) / 0.1)::int * 7 + floor((coord_dec + 32.3) / 0.1)::int"
        elif name == "detect_isPrimary":
            expr = f"({u} < 0.93)"
        elif name == "detect_isIsolated":
            expr = f"({u} < 0.8)"
        elif name == "refExtendedness":
            expr = "ext"
        elif name == "refBand":
            expr = "'i'"
        elif name == "ebv":
            expr = f"(0.01 + 0.02 * {u})"
        else:
            band, suffix = name.split("_", 1)
            # colour offsets from r so the bands differ plausibly
            offset = {"u": 1.3, "g": 0.5, "r": 0.0, "i": -0.2, "z": -0.3, "y": -0.35}[band]
            mag = f"(r_mag + {offset} + 0.1 * ({u} - 0.5))"
            flux = f"power(10.0, (31.4 - {mag}) / 2.5)"
            err = f"(sqrt({flux}) * 3.0 + 20.0)"
            if suffix.endswith("FluxErr"):
                expr = err
            elif suffix.endswith("Flux"):
                expr = f"({flux} + {err} * ({u} - 0.5))"
            elif suffix.endswith("_flag") or suffix.startswith("pixelFlags") or suffix == "centroid_flag":
                expr = f"({u} < 0.02)"
            elif suffix in ("cModelMag", "psfMag"):
                expr = mag
            elif suffix.endswith("MagErr"):
                expr = f"(1.0857 * ({err}) / {flux})"
            elif suffix == "extendedness":
                expr = "ext"
            elif suffix == "blendedness":
                expr = f"power({u}, 4)"
            elif suffix == "kronRad":
                expr = f"(2.0 + 3.0 * {u})::real"
            elif suffix == "inputCount":
                expr = f"(5 + floor(20 * {u}))::int"
            elif "PSF" in suffix:
                expr = f"(0.12 + 0.02 * {u})"
            elif suffix in ("ixx", "iyy"):
                expr = f"(0.12 + ext * 0.5 * {u})"
            elif suffix == "ixy":
                expr = f"(0.05 * ({u} - 0.5))"
            else:
                raise ValueError(f"no rule for column {name}")
        names.append(f'"{name}"' if name != name.lower() else name)
        values.append(expr)

    object_insert = (
        f"INSERT INTO {SCHEMA}.object ({', '.join(n.lower() for n in names)})\n"
        f"SELECT {', '.join(values)}\nFROM stage;\n"
    )
    visits = []
    for index in range(GRID * GRID):
        visits.append(image_meta(index))
    ccd_rows = ",\n".join(
        f"({v['ccdVisitId']}, {v['visit']}, {v['detector']}, 'r', {v['mjd']:.6f}, 30.0, "
        f"{v['seeing']:.3f}, 31.4, {v['sky']:.1f}, {v['ra']:.6f}, {v['dec']:.6f})"
        for v in visits
    )
    ccd_insert = (
        f"INSERT INTO {SCHEMA}.ccdvisit (ccdvisitid, visit, detector, band, expmidptmjd, exptime,"
        f" seeing, zeropoint, skybg, ra, decl) VALUES\n{ccd_rows};\n"
    )
    # Sources: every object inside a visit's footprint, measured on that visit.
    half = IMAGE_SIZE * PIXEL_DEG / 2
    cases = []
    for v in visits:
        cases.append(
            f"SELECT {v['ccdVisitId']}::bigint AS ccdvisitid, {v['visit']}::bigint AS visit, "
            f"{v['detector']} AS detector, {v['mjd']:.6f} AS mjd, {v['ra']:.6f} AS cra, "
            f"{v['dec']:.6f} AS cdec"
        )
    source_insert = f"""
WITH visits AS ({" UNION ALL ".join(cases)})
INSERT INTO {SCHEMA}.source (sourceid, objectid, ccdvisitid, visit, detector, band, coord_ra,
  coord_dec, psfflux, psffluxerr, apflux, apfluxerr, expmidptmjd, extendedness,
  pixelflags_saturated)
SELECT s.objectId * 100 + row_number() OVER (PARTITION BY s.objectId ORDER BY v.visit),
  s.objectId, v.ccdvisitid, v.visit, v.detector, 'r',
  s.coord_ra + 1e-5 * ({uniform_sql(1, 's.objectId + v.visit')} - 0.5),
  s.coord_dec + 1e-5 * ({uniform_sql(2, 's.objectId + v.visit')} - 0.5),
  power(10.0, (31.4 - s.r_mag) / 2.5), sqrt(power(10.0, (31.4 - s.r_mag) / 2.5)) * 4 + 30,
  power(10.0, (31.4 - s.r_mag) / 2.5) * 0.97, sqrt(power(10.0, (31.4 - s.r_mag) / 2.5)) * 5 + 30,
  v.mjd, s.ext, false
FROM stage s JOIN visits v
  ON abs(s.coord_dec - v.cdec) < {half:.6f}
 AND abs(s.coord_ra - v.cra) * cos(radians(v.cdec)) < {half:.6f}
WHERE s.r_mag < 24.5;
"""
    return (
        "\\set ON_ERROR_STOP on\n"
        "BEGIN;\n"
        f"TRUNCATE {SCHEMA}.source, {SCHEMA}.object, {SCHEMA}.ccdvisit;\n"
        "CREATE TEMP TABLE stage (objectId bigint, coord_ra double precision,"
        " coord_dec double precision, r_mag double precision, ext double precision)"
        " ON COMMIT DROP;\n"
        "\\copy stage FROM 'object_base.csv' WITH (FORMAT csv)\n"
        + object_insert
        + ccd_insert
        + source_insert
        + "COMMIT;\n"
        f"ANALYZE {SCHEMA}.object; ANALYZE {SCHEMA}.source; ANALYZE {SCHEMA}.ccdvisit;\n"
    )


def image_meta(index: int) -> dict[str, float | int]:
    row, col = divmod(index, GRID)
    step = IMAGE_SIZE * PIXEL_DEG
    dec = CENTER_DEC + (row - (GRID - 1) / 2) * step
    ra = CENTER_RA + (col - (GRID - 1) / 2) * step / np.cos(np.radians(dec))
    visit = 1_000_000 + 37 * index
    rng = np.random.default_rng(SEED + index)
    return {
        "index": index,
        "visit": visit,
        "detector": index % 9,
        "ccdVisitId": visit * 1000 + index % 9,
        "mjd": 60_500.0 + index * 1.013,
        "seeing": float(0.6 + 0.4 * rng.random()),
        "sky": float(800 + 400 * rng.random()),
        "ra": float(ra),
        "dec": float(dec),
    }


def objects() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    half = FIELD_DEG / 2 * 1.05
    dec = CENTER_DEC + rng.uniform(-half, half, N_OBJECTS)
    ra = CENTER_RA + rng.uniform(-half, half, N_OBJECTS) / np.cos(np.radians(dec))
    # A galaxy-count-like magnitude distribution: many faint, few bright.
    r_mag = 26.0 - rng.exponential(2.2, N_OBJECTS).clip(0, 9)
    ext = (rng.random(N_OBJECTS) < 0.6).astype(float)
    ids = 1_567_000_000_000_000 + np.arange(N_OBJECTS, dtype=np.int64) * 17
    table = np.empty(N_OBJECTS, dtype=[("id", "i8"), ("ra", "f8"), ("dec", "f8"), ("r", "f8"), ("ext", "f8")])
    table["id"], table["ra"], table["dec"], table["r"], table["ext"] = ids, ra, dec, r_mag, ext
    return table


def render_image(meta: dict[str, float | int], catalog: np.ndarray, folder: Path) -> None:
    wcs = WCS(naxis=2)
    wcs.wcs.ctype = ["RA---TAN", "DEC--TAN"]
    wcs.wcs.crval = [meta["ra"], meta["dec"]]
    wcs.wcs.crpix = [IMAGE_SIZE / 2 + 0.5, IMAGE_SIZE / 2 + 0.5]
    wcs.wcs.cdelt = [-PIXEL_DEG, PIXEL_DEG]
    wcs.wcs.cunit = ["deg", "deg"]
    wcs.wcs.radesys = "ICRS"
    rng = np.random.default_rng(SEED * 7 + int(meta["index"]))
    image = rng.normal(float(meta["sky"]), 12.0, (IMAGE_SIZE, IMAGE_SIZE)).astype(np.float32)
    x, y = wcs.all_world2pix(catalog["ra"], catalog["dec"], 0)
    inside = (x > -5) & (x < IMAGE_SIZE + 5) & (y > -5) & (y < IMAGE_SIZE + 5)
    x, y, mag = x[inside], y[inside], catalog["r"][inside]
    counts = np.power(10.0, (28.0 - mag) / 2.5)
    sigma = float(meta["seeing"]) / 2.355 / 0.5
    offsets = np.arange(-5, 6)
    dx, dy = np.meshgrid(offsets, offsets)
    xi, yi = np.rint(x).astype(int), np.rint(y).astype(int)
    for ox, oy in zip(dx.ravel(), dy.ravel()):
        px, py = xi + ox, yi + oy
        ok = (px >= 0) & (px < IMAGE_SIZE) & (py >= 0) & (py < IMAGE_SIZE)
        weight = np.exp(-((px - x) ** 2 + (py - y) ** 2) / (2 * sigma**2)) / (2 * np.pi * sigma**2)
        np.add.at(image, (py[ok], px[ok]), (counts * weight)[ok].astype(np.float32))
    header = wcs.to_header()
    header["FILTER"] = ("r", "band")
    header["VISIT"] = (int(meta["visit"]), "visit id")
    header["DETECTOR"] = (int(meta["detector"]), "detector id")
    header["MJD"] = (float(meta["mjd"]), "exposure midpoint, MJD")
    header["MJD-OBS"] = (float(meta["mjd"]) - 15 / 86400, "exposure start, MJD")
    header["DATE-OBS"] = "2024-07-%02dT03:00:00" % (1 + int(meta["index"]))
    header["EXPTIME"] = (30.0, "s")
    header["BUNIT"] = "adu"
    header["OBJECT"] = "DC2 demo field"
    header["TELESCOP"] = "Rubin (simulated)"
    hdu = fits.PrimaryHDU(image, header=header)
    hdu.writeto(folder / f"calexp_{int(meta['visit'])}_{int(meta['detector'])}.fits", overwrite=True)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "q.rd").write_text(rd_text())
    catalog = objects()
    np.savetxt(
        out / "object_base.csv",
        np.column_stack([catalog["id"].astype(np.float64), catalog["ra"], catalog["dec"], catalog["r"], catalog["ext"]]),
        fmt=["%d", "%.8f", "%.8f", "%.4f", "%.0f"],
        delimiter=",",
    )
    (out / "fill.sql").write_text(fill_sql())
    images = out / "images"
    images.mkdir(exist_ok=True)
    for index in range(GRID * GRID):
        render_image(image_meta(index), catalog, images)
    print(f"generated {len(object_columns())} Object columns, {N_OBJECTS} objects, {GRID*GRID} images in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
