"""Write the example uploads offered beside every uploader ("Download an example").

Run from anywhere: `.venv/bin/python assets/make_examples.py`. The files are small (< 50 kB in
all) and the same on every run (fixed seeds, fixed zip timestamps), so they are committed:
  points.csv   60 labelled 2-D points, two separable classes (Perceptron and MLP pages)
  shapes.zip   3 class folders × 5 grey 28×28 PNGs: circle, square, triangle (Train a CNN)
  image.png    a 64×64 hand-drawn-style 7, dark ink on white (Convolution lab, CNN probe)
  text.txt     a short text for the recurrent page's "Paste your text"
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from dl_engine.data.images import SHAPE_CLASSES, shapes  # noqa: E402
from dl_engine.data.perceptron_data import separable_clusters  # noqa: E402

TEXT = """the cat sat on the mat and the dog sat on the log.
the cat saw the dog and the dog saw the cat.
a small net reads one letter at a time and guesses the next.
at first it guesses at random. then it learns that a space comes after a word,
that t is often followed by h, and that the cat sits on the mat.
the cat sat on the mat and the dog sat on the log.
"""


def points_csv() -> bytes:
    X, y = separable_clusters(60, seed=3)
    order = np.random.default_rng(0).permutation(len(y))   # classes mixed, as a real file would be
    X, y = X[order], y[order]
    rows = ["x1,x2,label"] + [f"{a:.3f},{b:.3f},{label}" for (a, b), label in zip(X, y)]
    return ("\n".join(rows) + "\n").encode()


def png(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def shapes_zip() -> bytes:
    data = shapes(n_per_class=5, size=28, seed=0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for k in range(3):
            for n, img in enumerate(data.X[data.y == k], start=1):
                info = zipfile.ZipInfo(f"shapes/{SHAPE_CLASSES[k]}/{n}.png", date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, png(np.round(img[0] * 255).astype(np.uint8)))
    return buf.getvalue()


def seven() -> bytes:
    """A 64×64 '7': a top bar and a slanted stroke, dark ink on a white page."""
    rows, cols = np.mgrid[0:64, 0:64]
    bar = (abs(rows - 14) <= 3) & (cols >= 14) & (cols <= 50)
    stroke = (abs(cols - (50 - (rows - 14) * 0.45)) <= 3.5) & (rows >= 14) & (rows <= 54)
    return png(np.where(bar | stroke, 30, 245).astype(np.uint8))


def main() -> None:
    files = {"points.csv": points_csv(), "shapes.zip": shapes_zip(), "image.png": seven(),
             "text.txt": TEXT.encode()}
    for name, data in files.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
