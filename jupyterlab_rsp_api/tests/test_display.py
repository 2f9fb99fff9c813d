"""FITS images inline: the bundle's FITS round-trips, its PNG decodes to the expected pixels, and
downsampling keeps every shown pixel on the sky where the original's block centre is."""

from __future__ import annotations

import base64
import importlib
import io
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from astropy.io import fits
from astropy.wcs import WCS

from .. import display
from ..display import (
    FITS_MIME,
    MAX_PIXELS_ENV,
    PNG_MIME,
    downsample,
    downsample_factor,
    encode_png,
    fits_bundle,
    max_pixels_setting,
    preview,
)

CUTOUT = Path(__file__).parents[2] / "src" / "vo" / "__tests__" / "fixtures" / "demo-cutout.fits"


def decode_png(data: bytes) -> tuple[int, np.ndarray]:
    """(colour type, pixels as (height, width, channels)) of an 8-bit PNG with unfiltered rows:
    every chunk's CRC is checked, so a broken encoder cannot pass."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        tag = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(tag + body), tag
        chunks.append((tag, body))
        offset += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8
    channels = {0: 1, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(body for tag, body in chunks if tag == b"IDAT"))
    rows = np.frombuffer(raw, np.uint8).reshape(height, 1 + width * channels)
    assert (rows[:, 0] == 0).all()  # filter type 0 on every row
    return colour, rows[:, 1:].reshape(height, width, channels)


def bundle_fits(bundle: dict[str, Any]) -> fits.HDUList:
    return fits.open(io.BytesIO(base64.b64decode(bundle[FITS_MIME])))


def tan_header(width: int, height: int, **extra: Any) -> fits.Header:
    header = fits.Header()
    header.update(
        CTYPE1="RA---TAN",
        CTYPE2="DEC--TAN",
        CRPIX1=width / 2 + 0.3,
        CRPIX2=height / 3 - 0.7,
        CRVAL1=55.8,
        CRVAL2=-32.1,
        CD1_1=-5.2e-5,
        CD1_2=1.1e-5,
        CD2_1=0.9e-5,
        CD2_2=5.4e-5,
    )
    header.update(extra)
    return header


# --- PNG ----------------------------------------------------------------------------------


def test_the_png_encoder_writes_what_a_decoder_reads() -> None:
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    colour, pixels = decode_png(encode_png(grey))
    assert colour == 0 and (pixels[..., 0] == grey).all()
    alpha = np.array([[255, 0, 255, 0]] * 3, np.uint8)
    colour, pixels = decode_png(encode_png(grey, alpha))
    assert colour == 4 and (pixels[..., 0] == grey).all() and (pixels[..., 1] == alpha).all()


def test_the_png_has_fits_row_1_at_the_bottom_and_blank_pixels_transparent() -> None:
    data = np.tile(np.linspace(0, 100, 50, dtype=np.float32)[:, None], (1, 30))
    data[0, 0] = np.nan
    _, pixels = decode_png(display.render_png(data))
    assert pixels.shape == (50, 30, 2)
    # FITS row 1 (data[0], the faintest) is the PNG's last row.
    assert pixels[-1, 1, 0] < pixels[0, 1, 0]
    assert pixels[-1, 0, 1] == 0 and pixels[-1, 1, 1] == 255 and (pixels[:-1, :, 1] == 255).all()


# --- the bundle ---------------------------------------------------------------------------


def test_a_cutout_file_round_trips_through_the_bundle() -> None:
    with fits.open(CUTOUT) as hdul:
        data, metadata = fits_bundle(hdul)
        original = hdul[0].data.copy()
        header = hdul[0].header
    assert set(data) == {FITS_MIME, PNG_MIME, "text/plain"}
    with bundle_fits(data) as shown:
        assert shown[0].data.dtype == original.dtype
        assert np.array_equal(shown[0].data, original, equal_nan=True)
        for key in ("CTYPE1", "CRPIX1", "CRVAL2", "CD1_1", "CD2_2"):
            if key in header:
                assert shown[0].header[key] == header[key]
    _, pixels = decode_png(base64.b64decode(data[PNG_MIME]))
    assert pixels.shape[:2] == original.shape
    fits_meta = metadata[FITS_MIME]
    assert fits_meta["factor"] == 1 and fits_meta["width"] == original.shape[1]
    assert fits_meta["source"] == str(CUTOUT)
    assert fits_meta["hdu"] == 0 and fits_meta["notes"] == []
    assert data["text/plain"].startswith(f"FITS image {original.shape[1]} x {original.shape[0]}")
    # A small cutout is drawn larger where only the PNG is shown.
    assert metadata[PNG_MIME]["width"] >= 256


def test_scaled_integers_arrive_as_their_physical_values() -> None:
    raw = np.arange(20, dtype=np.int16).reshape(4, 5)
    buffer = io.BytesIO()
    hdu = fits.PrimaryHDU(raw)
    hdu.scale("int16", bscale=0.5, bzero=10)
    hdu.writeto(buffer)
    buffer.seek(0)
    with fits.open(buffer) as hdul:
        physical = hdul[0].data.copy()
        data, _ = fits_bundle(hdul)
    with bundle_fits(data) as shown:
        assert np.allclose(shown[0].data, physical)
        assert "BSCALE" not in shown[0].header


def test_the_first_image_of_an_extension_file_is_shown_and_the_others_named() -> None:
    image = np.ones((6, 8), np.float32)
    hdul = fits.HDUList(
        [fits.PrimaryHDU(), fits.ImageHDU(image, name="IMAGE"), fits.ImageHDU(image, name="MASK")]
    )
    data, metadata = fits_bundle(hdul)
    assert metadata[FITS_MIME]["hdu"] == 1
    assert "HDU 1 'IMAGE'" in data["text/plain"]
    assert "the image HDUs 2 are not shown" in data["text/plain"]
    with bundle_fits(data) as shown:
        assert shown[0].data.shape == (6, 8)


def test_a_cube_shows_its_first_plane_and_says_so() -> None:
    cube = np.arange(3 * 4 * 5, dtype=np.float32).reshape(3, 4, 5)
    data, metadata = fits_bundle(fits.PrimaryHDU(cube))
    with bundle_fits(data) as shown:
        assert np.array_equal(shown[0].data, cube[0])
    assert "plane 1 of 3 shown" in metadata[FITS_MIME]["notes"]


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ({}, "no WCS"),
        ({"CTYPE1": "RA---SIN", "CTYPE2": "DEC--SIN"}, "RA---SIN / DEC--SIN"),
        ({"CTYPE1": "GLON-TAN", "CTYPE2": "GLAT-TAN"}, "not the gnomonic (TAN)"),
    ],
)
def test_images_whose_sky_positions_cannot_be_shown_say_why(
    header: dict[str, str], said: str
) -> None:
    data, metadata = fits_bundle(fits.ImageHDU(np.zeros((4, 4), np.float32), fits.Header(header)))
    assert said in data["text/plain"]
    # The lab's viewer says it itself, from the header.
    assert metadata[FITS_MIME]["notes"] == []
    assert FITS_MIME in data  # still shown, in pixel coordinates


def test_a_table_is_not_an_image_and_says_so() -> None:
    table = fits.BinTableHDU.from_columns(
        [fits.Column(name="flux", format="E", array=np.arange(3))], name="SOURCES"
    )
    data, metadata = fits_bundle(table)
    assert set(data) == {"text/plain"} and metadata == {}
    assert (
        "BinTableHDU 'SOURCES' is a table of 3 rows and 1 columns, not an image"
        in (data["text/plain"])
    )
    data, _ = fits_bundle(fits.HDUList([fits.PrimaryHDU(), table]))
    assert set(data) == {"text/plain"}
    assert (
        "No image to show in this HDUList: HDU 0 has no data; HDU 1 'SOURCES' is a table."
        in (data["text/plain"])
    )
    data, _ = fits_bundle(fits.PrimaryHDU())
    assert "Nothing to show: this HDU has no data." in data["text/plain"]


# --- downsampling -------------------------------------------------------------------------


def test_the_factor_keeps_the_image_within_the_limit() -> None:
    assert downsample_factor(74, 74, 1024 * 1024) == 1
    assert downsample_factor(2048, 2048, 1024 * 1024) == 2
    assert downsample_factor(4100, 4000, 1024 * 1024) == 4
    for width, height, limit in [(100_000, 100_000, 1 << 20), (1025, 1023, 1 << 18), (7, 3, 2)]:
        factor = downsample_factor(width, height, limit)
        assert -(-width // factor) * -(-height // factor) <= limit
        assert factor == 1 or -(-width // (factor - 1)) * -(-height // (factor - 1)) > limit
    with pytest.raises(ValueError):
        downsample_factor(10, 10, 0)


def test_block_means_leave_blank_pixels_out_and_keep_the_edges() -> None:
    data = np.arange(7 * 5, dtype=np.float32).reshape(7, 5)
    data[0, 0] = np.nan
    means, _ = downsample(data, fits.Header(), 3)
    assert means.shape == (3, 2)
    assert means[0, 0] == pytest.approx(np.nanmean(data[0:3, 0:3]))
    assert means[2, 1] == pytest.approx(data[6, 3:5].mean())  # a partial corner block
    blank = np.full((4, 4), np.nan, np.float32)
    assert np.isnan(downsample(blank, fits.Header(), 2)[0]).all()


def _block_centre(shown: float, factor: int) -> float:
    """The original 0-based pixel position of a shown (0-based) pixel's centre."""
    return factor * shown + (factor - 1) / 2


@pytest.mark.parametrize(
    "extra",
    [
        {},
        # CDELT + PC instead of CD
        {"CD1_1": None, "CD1_2": None, "CD2_1": None, "CD2_2": None, "CDELT1": -5e-5,
         "CDELT2": 5e-5, "PC1_1": 0.98, "PC1_2": 0.2, "PC2_1": -0.2, "PC2_2": 0.98},
        # SIP distortion, as Rubin's calexps carry it
        {"CTYPE1": "RA---TAN-SIP", "CTYPE2": "DEC--TAN-SIP", "A_ORDER": 2, "B_ORDER": 2,
         "A_2_0": 3e-6, "A_1_1": -2e-6, "A_0_2": 1e-6, "B_2_0": -1e-6, "B_0_2": 2.5e-6},
    ],
)  # fmt: skip
def test_downsampling_keeps_every_shown_pixel_where_its_block_is_on_the_sky(
    extra: dict[str, Any],
) -> None:
    width, height, factor = 203, 157, 4
    header = tan_header(width, height)
    for key, value in extra.items():
        if value is None:
            del header[key]
        else:
            header[key] = value
    original = WCS(header)
    data = np.random.default_rng(4).normal(size=(height, width)).astype(np.float32)
    shown, shown_header = downsample(data, header, factor)
    assert shown.shape == (40, 51)
    rescaled = WCS(shown_header)
    for x, y in [(0, 0), (50, 0), (0, 39), (50, 39), (25.4, 17.8), (12, 30)]:
        ra, dec = rescaled.all_pix2world([[x, y]], 0)[0]
        ra0, dec0 = original.all_pix2world(
            [[_block_centre(x, factor), _block_centre(y, factor)]], 0
        )[0]
        # 1e-9 degrees is 4 microarcseconds.
        assert ra == pytest.approx(ra0, abs=1e-9) and dec == pytest.approx(dec0, abs=1e-9)


def test_an_alternate_wcs_and_iraf_offsets_still_lead_back_to_the_original_pixels() -> None:
    # Rubin's calexps carry WCS A: the pixel position in the parent image.
    header = tan_header(100, 80)
    header.update(
        CTYPE1A="LINEAR", CTYPE2A="LINEAR", CRPIX1A=1.0, CRPIX2A=1.0, CRVAL1A=4000.0,
        CRVAL2A=2000.0, CDELT1A=1.0, CDELT2A=1.0, LTV1=-3999.0, LTV2=-1999.0, LTM1_1=1.0,
        LTM2_2=1.0,
    )  # fmt: skip
    _, shown = downsample(np.zeros((80, 100), np.float32), header, 5)
    parent = WCS(shown, key="A")
    x, y = parent.all_pix2world([[3, 7]], 0)[0]
    assert (x, y) == pytest.approx((4000 + _block_centre(3, 5), 2000 + _block_centre(7, 5)))
    # IRAF: physical = (image - LTV) / LTM, image 1-based.
    physical_x = (3 + 1 - shown["LTV1"]) / shown["LTM1_1"]
    assert physical_x == pytest.approx(4000 + _block_centre(3, 5) + 1 - 1)


def test_a_large_image_arrives_downsampled_with_its_wcs_and_a_note() -> None:
    width, height = 1500, 1100
    header = tan_header(width, height)
    data = np.random.default_rng(7).normal(100, 5, (height, width)).astype(np.float32)
    bundle, metadata = fits_bundle(fits.PrimaryHDU(data, header), max_pixels=200_000)
    meta = metadata[FITS_MIME]
    assert meta["factor"] == 3
    assert (meta["width"], meta["height"]) == (500, 367)
    assert (meta["originalWidth"], meta["originalHeight"]) == (width, height)
    assert "mean of 3 x 3 blocks, 500 x 367" in bundle["text/plain"]
    with bundle_fits(bundle) as shown:
        assert shown[0].data.shape == (367, 500)
        sky = WCS(shown[0].header).all_pix2world([[100, 200]], 0)[0]
        assert sky == pytest.approx(WCS(header).all_pix2world([[301, 601]], 0)[0], abs=1e-9)
    _, pixels = decode_png(base64.b64decode(bundle[PNG_MIME]))
    assert pixels.shape[:2] == (367, 500)


def test_the_limit_comes_from_the_environment_or_says_why_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert max_pixels_setting({}) == (1024 * 1024, None)
    assert max_pixels_setting({MAX_PIXELS_ENV: "4_000_000"}) == (4_000_000, None)
    value, problem = max_pixels_setting({MAX_PIXELS_ENV: "lots"})
    assert value == 1024 * 1024 and problem and "'lots' is not a whole number" in problem
    monkeypatch.setenv(MAX_PIXELS_ENV, "100")
    _, metadata = fits_bundle(fits.PrimaryHDU(np.zeros((40, 40), np.float32)))
    assert metadata[FITS_MIME]["factor"] == 4
    # The argument wins over the environment.
    assert (
        preview(fits.PrimaryHDU(np.zeros((40, 40), np.float32)), 2000)._repr_mimebundle_()[1][
            FITS_MIME
        ]["factor"]
        == 1
    )


# --- IPython ------------------------------------------------------------------------------


def test_the_registered_names_are_where_astropy_keeps_the_classes() -> None:
    for module, name in display.FORMATTED_TYPES:
        cls = getattr(importlib.import_module(module), name)
        assert cls is getattr(fits, name)


def test_load_ext_makes_hdus_display_as_images() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from .. import load_ipython_extension

    shell = InteractiveShell.instance()
    try:
        load_ipython_extension(shell)
        assert "adql" in shell.magics_manager.magics["cell"]
        assert shell.display_formatter is not None
        with fits.open(CUTOUT) as hdul:
            data, _ = shell.display_formatter.format(hdul)
            assert {FITS_MIME, PNG_MIME, "text/plain"} <= set(data)
            assert data["text/plain"].startswith("FITS image 74 x 74 float32")
            data, _ = shell.display_formatter.format(hdul[0])
            assert FITS_MIME in data
        table = fits.BinTableHDU.from_columns([fits.Column(name="a", format="J", array=[1])])
        data, _ = shell.display_formatter.format(table)
        assert FITS_MIME not in data and "not an image" in data["text/plain"]
    finally:
        InteractiveShell.clear_instance()
