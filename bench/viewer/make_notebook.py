"""A notebook whose one output is bench/viewer's 2048 x 2048 float32 image as the kernel shows it
inline (jupyterlab_rsp_api.display, not downsampled), for the inline render figure. Prints what
building the bundle costs in the kernel."""

from __future__ import annotations

import json
import sys
import time

from make_image import bench_hdu

from jupyterlab_rsp_api.display import fits_bundle

hdu = bench_hdu()
started = time.perf_counter()
data, metadata = fits_bundle(hdu, max_pixels=2048 * 2048)
elapsed = time.perf_counter() - started
notebook = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "cells": [
        {
            "cell_type": "code",
            "id": "inline-2048",
            "metadata": {},
            "execution_count": 1,
            "source": "hdu",
            "outputs": [
                {
                    "output_type": "execute_result",
                    "execution_count": 1,
                    "data": data,
                    "metadata": metadata,
                }
            ],
        }
    ],
}
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(notebook, out)
mb = 1e6
print("  an inline 2048 x 2048 float32 output (kernel side, jupyterlab_rsp_api.display)")
print(
    f"    bundle built in           {elapsed * 1000:.0f} ms "
    f"(FITS {len(data['application/fits']) / mb:.1f} MB and PNG "
    f"{len(data['image/png']) / mb:.1f} MB, base64)"
)
