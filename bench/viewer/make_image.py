"""A 2048 x 2048 float32 FITS image with a sky background, noise and stars, for bench/viewer."""

from __future__ import annotations

import sys

import numpy as np
from astropy.io import fits


def bench_hdu() -> fits.PrimaryHDU:
    rng = np.random.default_rng(2048)
    image = rng.normal(100.0, 10.0, (2048, 2048)).astype(np.float32)
    ys, xs = np.mgrid[0:2048, 0:2048]
    stars = zip(rng.uniform(0, 2048, 300), rng.uniform(0, 2048, 300), rng.uniform(1e3, 1e5, 300))
    for x, y, flux in stars:
        cut = (slice(max(0, int(y) - 8), int(y) + 8), slice(max(0, int(x) - 8), int(x) + 8))
        image[cut] += (flux * np.exp(-((xs[cut] - x) ** 2 + (ys[cut] - y) ** 2) / 4.0)).astype(
            np.float32
        )
    header = fits.Header()
    header.update(
        CTYPE1="RA---TAN",
        CTYPE2="DEC--TAN",
        CRPIX1=1024.5,
        CRPIX2=1024.5,
        CRVAL1=55.8,
        CRVAL2=-32.1,
        CDELT1=-5.5e-5,
        CDELT2=5.5e-5,
    )
    return fits.PrimaryHDU(image, header)


if __name__ == "__main__":
    bench_hdu().writeto(sys.argv[1], overwrite=True)
