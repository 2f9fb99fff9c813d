"""FITS images inline in notebook outputs, kernel side: astropy HDUs and HDULists as a bundle of
``application/fits`` (base64 FITS, read by the lab's viewer), ``image/png`` (for frontends without
the extension: nbviewer, GitHub, VS Code) and ``text/plain`` (what was shown, and what was not).

Kernel side only: numpy and astropy, no IPython at import time and nothing of the server. The
formatters are registered by ``%load_ext jupyterlab_rsp_api`` (with the magic) or
``%load_ext jupyterlab_rsp_api.display`` (alone); without them astropy's own repr is shown.

Images larger than a limit (``RSP_API_INLINE_MAX_PIXELS``, default 1024 x 1024 pixels, or the
``max_pixels`` argument of :func:`preview`) are shown as the mean of k x k blocks, with the WCS
rescaled so that every shown pixel keeps its place on the sky (see :func:`downsample`).
"""

from __future__ import annotations

import base64
import io
import math
import os
import struct
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from astropy.io import fits
    from IPython.core.interactiveshell import InteractiveShell

FITS_MIME = "application/fits"
PNG_MIME = "image/png"
MAX_PIXELS_ENV = "RSP_API_INLINE_MAX_PIXELS"
DEFAULT_MAX_PIXELS = 1024 * 1024
BUNDLE_VERSION = 1

Bundle = tuple[dict[str, Any], dict[str, Any]]


class FitsDisplayError(ValueError):
    """An object that cannot be shown as an image, with the reason worded for the user."""


# --- PNG ------------------------------------------------------------------------------------


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def encode_png(grey: np.ndarray, alpha: np.ndarray | None = None) -> bytes:
    """An 8-bit PNG of a (height, width) uint8 array, top row first; with alpha when given.

    PNG is a zlib stream of rows, each led by its filter type (0: none), between a header and an
    end chunk: enough for a preview, and no imaging library is needed in the kernel.
    """
    if grey.ndim != 2 or grey.dtype != np.uint8:
        raise ValueError("encode_png takes a 2-D uint8 array")
    height, width = grey.shape
    if alpha is None:
        pixels, colour_type = grey, 0
    else:
        pixels = np.stack([grey, alpha], axis=-1).reshape(height, width * 2)
        colour_type = 4
    rows = np.hstack([np.zeros((height, 1), np.uint8), pixels])
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)),
            _png_chunk(b"IEND", b""),
        ]
    )


def render_png(data: np.ndarray) -> bytes:
    """The image as the lab's viewer first shows it (zscale cuts, asinh stretch, grey; blank
    pixels transparent), FITS row 1 at the bottom."""
    from astropy.visualization import AsinhStretch, ZScaleInterval

    values = np.asarray(data, dtype=np.float32)
    finite = np.isfinite(values)
    if finite.any():
        low, high = ZScaleInterval().get_limits(values[finite])
    else:
        low, high = 0.0, 1.0
    scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
    # The lab's asinh is asinh(10 t) / asinh(10): astropy's AsinhStretch with a = 0.1.
    stretched = AsinhStretch(a=0.1)(np.clip(np.nan_to_num(scaled), 0.0, 1.0), clip=True)
    grey = np.round(np.asarray(stretched) * 255).astype(np.uint8)[::-1]
    alpha = None if finite.all() else np.where(finite, 255, 0).astype(np.uint8)[::-1]
    return encode_png(np.ascontiguousarray(grey), alpha)


# --- downsampling ---------------------------------------------------------------------------


def downsample_factor(width: int, height: int, max_pixels: int) -> int:
    """The smallest k for which the k x k block means of the image hold at most max_pixels."""
    if max_pixels < 1:
        raise ValueError(f"max_pixels must be 1 or more, not {max_pixels}")
    factor = max(1, math.ceil(math.sqrt(width * height / max_pixels)))
    while math.ceil(width / factor) * math.ceil(height / factor) > max_pixels:
        factor += 1
    return factor


def _block_means(data: np.ndarray, factor: int) -> np.ndarray:
    """Means of factor x factor blocks, blank (NaN) pixels left out; blocks at the right and top
    edges hold fewer pixels. Row strips bound the memory a huge image needs."""
    height, width = data.shape
    columns = np.arange(0, width, factor)
    out = np.empty((math.ceil(height / factor), len(columns)), np.float32)
    rows_per_strip = factor * max(1, 4_000_000 // max(1, width * factor))
    for start in range(0, height, rows_per_strip):
        strip = np.asarray(data[start : start + rows_per_strip], dtype=np.float64)
        finite = np.isfinite(strip)
        starts = np.arange(0, strip.shape[0], factor)
        sums = np.add.reduceat(np.add.reduceat(np.where(finite, strip, 0.0), starts, 0), columns, 1)
        counts = np.add.reduceat(np.add.reduceat(finite.astype(np.int64), starts, 0), columns, 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        first = start // factor
        out[first : first + means.shape[0]] = means
    return out


_ALTERNATES = ["", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def downsample_header(header: fits.Header, factor: int) -> fits.Header:
    """The header of the k x k block means: each WCS (primary and alternates) keeps every pixel's
    place on the sky.

    Shown pixel i' (1-based) covers original pixels k(i' - 1) + 1 ... k i', whose centre is
    original pixel k(i' - 1) + (k + 1) / 2. So CRPIX' = (CRPIX - 0.5) / k + 0.5, and the matrix
    from pixel offsets to intermediate world coordinates grows k times (CDi_j, or CDELTi when
    there is no CD; PCi_j is left alone). SIP polynomials take and give pixel offsets, so
    f'(u', v') = f(k u', k v') / k: A_p_q' = A_p_q k^(p+q-1), the same for B, AP and BP. IRAF's
    LTM/LTV (image = LTM physical + LTV) move as CRPIX does.
    """
    out = header.copy()
    for key in _ALTERNATES:
        has_cd = any(f"CD{i}_{j}{key}" in out for i in (1, 2) for j in (1, 2))
        for axis in (1, 2):
            crpix = f"CRPIX{axis}{key}"
            if crpix in out:
                out[crpix] = (out[crpix] - 0.5) / factor + 0.5
            for name in [f"CD{axis}_{j}{key}" for j in (1, 2)] if has_cd else [f"CDELT{axis}{key}"]:
                if name in out:
                    out[name] = out[name] * factor
    for polynomial in ("A", "B", "AP", "BP"):
        order = out.get(f"{polynomial}_ORDER")
        if not isinstance(order, int):
            continue
        for p in range(order + 1):
            for q in range(order + 1 - p):
                name = f"{polynomial}_{p}_{q}"
                if name in out:
                    out[name] = out[name] * factor ** (p + q - 1)
    for axis in (1, 2):
        if f"LTV{axis}" in out:
            out[f"LTV{axis}"] = (out[f"LTV{axis}"] - 0.5) / factor + 0.5
        for j in (1, 2):
            if f"LTM{axis}_{j}" in out:
                out[f"LTM{axis}_{j}"] = out[f"LTM{axis}_{j}"] / factor
    out.add_history(f"jupyterlab-rsp-api: mean of {factor} x {factor} blocks, WCS rescaled")
    return out


def downsample(data: np.ndarray, header: fits.Header, factor: int) -> tuple[np.ndarray, Any]:
    """The image as means of factor x factor blocks (float32) and its header with the WCS kept
    right; factor 1 returns both unchanged."""
    if factor == 1:
        return data, header
    return _block_means(data, factor), downsample_header(header, factor)


# --- what to show ---------------------------------------------------------------------------


@dataclass
class _Image:
    """The plane of an HDU that is shown, and what the user should know about it."""

    data: np.ndarray
    header: Any
    label: str
    notes: list[str] = field(default_factory=list)
    source: str | None = None
    hdu_index: int | None = None


def _source_of(hdu: Any) -> str | None:
    """The file an HDU was read from (absolute, in the kernel's file system), if it still exists."""
    try:
        info = hdu.fileinfo()
    except (AttributeError, ValueError):
        return None
    name = getattr(info.get("file"), "name", None) if info else None
    if isinstance(name, str) and os.path.isfile(name):
        return os.path.abspath(name)
    return None


def _is_image_hdu(hdu: Any) -> bool:
    from astropy.io import fits

    return (
        isinstance(hdu, (fits.PrimaryHDU, fits.ImageHDU))
        and not isinstance(hdu, fits.GroupsHDU)
        and hdu.header.get("NAXIS", 0) >= 2
        and all(hdu.header.get(f"NAXIS{i}", 0) > 0 for i in (1, 2))
    )


def _describe_hdu(index: int, hdu: Any) -> str:
    from astropy.io import fits

    name = f" {hdu.name!r}" if hdu.name and hdu.name != "PRIMARY" else ""
    if isinstance(hdu, (fits.BinTableHDU, fits.TableHDU)):
        return f"HDU {index}{name} is a table"
    naxis = hdu.header.get("NAXIS", 0)
    if naxis == 0:
        return f"HDU {index}{name} has no data"
    return f"HDU {index}{name} has {naxis} axis" if naxis == 1 else f"HDU {index}{name}"


def _sky_note(header: Any) -> str | None:
    """Why the viewer will show no sky positions, or None when it will."""
    ctype1 = str(header.get("CTYPE1", "")).strip()
    ctype2 = str(header.get("CTYPE2", "")).strip()
    if not ctype1 and not ctype2:
        return "the image has no WCS: pixel positions only"
    if not (ctype1.startswith("RA---TAN") and ctype2.startswith("DEC--TAN")):
        return (
            f"its WCS ({ctype1 or '?'} / {ctype2 or '?'}) is not the gnomonic (TAN) projection "
            "the viewer reads: pixel positions only"
        )
    return None


def _image_of(obj: Any) -> _Image:
    from astropy.io import fits

    if isinstance(obj, fits.HDUList):
        images = [(i, hdu) for i, hdu in enumerate(obj) if _is_image_hdu(hdu)]
        if not images:
            parts = "; ".join(_describe_hdu(i, hdu) for i, hdu in enumerate(obj)) or "it is empty"
            raise FitsDisplayError(f"No image to show in this HDUList: {parts}.")
        index, hdu = images[0]
        source = None
        try:
            filename = obj.filename()
        except (AttributeError, TypeError):
            filename = None
        if isinstance(filename, str) and os.path.isfile(filename):
            source = os.path.abspath(filename)
        name = f" {hdu.name!r}" if index and hdu.name else ""
        image = _plane_of(hdu, f"HDU {index}{name}")
        image.source = source
        image.hdu_index = index
        if len(images) > 1:
            others = ", ".join(str(i) for i, _ in images[1:])
            image.notes.append(f"the image HDUs {others} are not shown (display them one by one)")
        return image
    if isinstance(obj, (fits.BinTableHDU, fits.TableHDU)):
        raise FitsDisplayError(
            f"{_hdu_label(obj)} is a table of {obj.header.get('NAXIS2', 0)} rows "
            f"and {obj.header.get('TFIELDS', 0)} columns, not an image; "
            "astropy.table.Table.read(hdu) reads it."
        )
    if isinstance(obj, (fits.PrimaryHDU, fits.ImageHDU)):
        if not _is_image_hdu(obj):
            raise FitsDisplayError(
                f"Nothing to show: {_describe_hdu(0, obj).replace('HDU 0', 'this HDU')}."
            )
        image = _plane_of(obj, _hdu_label(obj))
        image.source = _source_of(obj)
        return image
    raise FitsDisplayError(f"A {type(obj).__name__} is not a FITS HDU or HDUList.")


def _hdu_label(hdu: Any) -> str:
    name = hdu.name if hdu.name and hdu.name != "PRIMARY" else ""
    return f"{type(hdu).__name__} {name!r}" if name else type(hdu).__name__


def _plane_of(hdu: Any, label: str) -> _Image:
    data = hdu.data
    notes: list[str] = []
    if data.ndim > 2:
        planes = int(np.prod(data.shape[:-2]))
        data = data.reshape((planes, *data.shape[-2:]))[0]
        notes.append(f"plane 1 of {planes} shown")
    header = hdu.header.copy()
    # The data are physical values now: their scaling and checksums do not apply to them.
    for key in ("BSCALE", "BZERO", "CHECKSUM", "DATASUM"):
        header.remove(key, ignore_missing=True, remove_all=True)
    if data.dtype.kind == "f":
        header.remove("BLANK", ignore_missing=True)
    return _Image(data=data, header=header, label=label, notes=notes)


def max_pixels_setting(env: dict[str, str] | None = None) -> tuple[int, str | None]:
    """The limit from RSP_API_INLINE_MAX_PIXELS (or the default), and a note when it is unusable."""
    raw = (os.environ if env is None else env).get(MAX_PIXELS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_PIXELS, None
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        return DEFAULT_MAX_PIXELS, (
            f"{MAX_PIXELS_ENV}={raw!r} is not a whole number of pixels above 0; "
            f"the default {DEFAULT_MAX_PIXELS} is used"
        )
    return value, None


def _to_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class _Plan:
    """What will be shown of an image, and the words that say so."""

    image: _Image
    factor: int
    max_pixels: int
    notes: list[str]
    # Why no sky positions will be shown: for text/plain only, as the lab's viewer says it itself.
    sky_note: str | None = None

    @property
    def shown_size(self) -> tuple[int, int]:
        height, width = self.image.data.shape
        return math.ceil(width / self.factor), math.ceil(height / self.factor)

    @property
    def plain(self) -> str:
        height, width = self.image.data.shape
        dtype = np.dtype(self.image.data.dtype).name
        where = f" of {self.image.source}" if self.image.source else ""
        text = f"FITS image {width} x {height} {dtype}, {self.image.label}{where}"
        notes = [*self.notes, *([self.sky_note] if self.sky_note else [])]
        return "\n".join([text, *(f"- {note}" for note in notes)])


def _plan(obj: Any, max_pixels: int | None) -> _Plan:
    image = _image_of(obj)
    notes = list(image.notes)
    if max_pixels is None:
        max_pixels, problem = max_pixels_setting()
        if problem:
            notes.append(problem)
    height, width = image.data.shape
    factor = downsample_factor(width, height, max_pixels)
    plan = _Plan(image, factor, max_pixels, notes)
    if factor > 1:
        shown_width, shown_height = plan.shown_size
        notes.insert(
            0,
            f"shown as the mean of {factor} x {factor} blocks, {shown_width} x {shown_height} "
            f"(the limit is {max_pixels} pixels: the max_pixels argument of "
            f"jupyterlab_rsp_api.display.preview, or {MAX_PIXELS_ENV})",
        )
    plan.sky_note = _sky_note(image.header)
    return plan


def plain_text(obj: Any, max_pixels: int | None = None) -> str:
    """The text/plain of an HDU or HDUList's bundle, without building the bundle."""
    try:
        return _plan(obj, max_pixels).plain
    except FitsDisplayError as error:
        return f"{_plain_repr(obj)}\n{error}"


def fits_bundle(obj: Any, max_pixels: int | None = None) -> Bundle:
    """The display bundle (data, metadata) of an HDUList or image HDU.

    Objects that hold no image (a table HDU, an HDUList of tables) get a text/plain bundle that
    says so. ``max_pixels`` (default: RSP_API_INLINE_MAX_PIXELS, else 1024 x 1024) bounds the
    pixels sent; larger images are shown as block means.
    """
    from astropy.io import fits

    try:
        plan = _plan(obj, max_pixels)
    except FitsDisplayError as error:
        return {"text/plain": f"{_plain_repr(obj)}\n{error}"}, {}
    image = plan.image
    height, width = image.data.shape
    data, header = downsample(image.data, image.header, plan.factor)
    shown_height, shown_width = data.shape
    buffer = io.BytesIO()
    fits.PrimaryHDU(data=data, header=header).writeto(buffer, output_verify="silentfix")
    metadata: dict[str, Any] = {
        "version": BUNDLE_VERSION,
        "width": shown_width,
        "height": shown_height,
        "originalWidth": width,
        "originalHeight": height,
        "factor": plan.factor,
        "label": image.label,
        "notes": plan.notes,
        "source": image.source,
    }
    if image.hdu_index is not None:
        metadata["hdu"] = image.hdu_index
    png_metadata: dict[str, Any] = {}
    if max(shown_width, shown_height) < 256:
        # Small cutouts are drawn larger in frontends that show only the PNG.
        scale = math.ceil(256 / max(shown_width, shown_height))
        png_metadata = {"width": shown_width * scale, "height": shown_height * scale}
    data_bundle = {
        FITS_MIME: _to_base64(buffer.getvalue()),
        PNG_MIME: _to_base64(render_png(data)),
        "text/plain": plan.plain,
    }
    return data_bundle, {FITS_MIME: metadata, **({PNG_MIME: png_metadata} if png_metadata else {})}


def _plain_repr(obj: Any) -> str:
    from astropy.io import fits

    if isinstance(obj, fits.HDUList):
        return f"HDUList of {len(obj)} HDUs"
    return repr(obj)


class FitsPreview:
    """An HDU or HDUList shown inline with its own pixel limit: ``preview(hdul, 4_000_000)``."""

    def __init__(self, obj: Any, max_pixels: int | None = None) -> None:
        self.obj = obj
        self.max_pixels = None if max_pixels is None else int(max_pixels)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Bundle:
        return fits_bundle(self.obj, self.max_pixels)


def preview(obj: Any, max_pixels: int | None = None) -> FitsPreview:
    """Show an HDU or HDUList inline (works without the formatters registered)."""
    return FitsPreview(obj, max_pixels)


# Registered by name: the formatters cost nothing until an HDU is shown (no astropy import), and
# test_display.py checks that these names are where the installed astropy keeps the classes.
FORMATTED_TYPES = (
    ("astropy.io.fits.hdu.hdulist", "HDUList"),
    ("astropy.io.fits.hdu.image", "PrimaryHDU"),
    ("astropy.io.fits.hdu.image", "ImageHDU"),
    ("astropy.io.fits.hdu.table", "BinTableHDU"),
    ("astropy.io.fits.hdu.table", "TableHDU"),
)


def _format(obj: Any) -> Bundle | None:
    from astropy.io import fits

    if isinstance(obj, fits.GroupsHDU):
        return None  # random groups are not images: astropy's repr
    return fits_bundle(obj)


def _pretty_hdulist(obj: Any, printer: Any, cycle: bool) -> None:
    printer.text(plain_text(obj))


def register_formatters(shell: InteractiveShell) -> None:
    display = shell.display_formatter
    if display is None:  # a shell without display (never in a kernel)
        return
    for module, name in FORMATTED_TYPES:
        display.mimebundle_formatter.for_type_by_name(module, name, _format)
    # An HDUList is a list, and IPython's own text/plain printer for lists would win over the
    # bundle's text: the same words come from here.
    display.formatters["text/plain"].for_type_by_name(
        "astropy.io.fits.hdu.hdulist", "HDUList", _pretty_hdulist
    )


def load_ipython_extension(shell: InteractiveShell) -> None:
    """``%load_ext jupyterlab_rsp_api.display``: HDUs and HDULists shown inline as images."""
    register_formatters(shell)
