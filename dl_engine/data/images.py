"""Images for the CNN pages: the notes' worked examples, lab inputs, digits and generated shapes.

Everything is generated or ships with scikit-learn (no downloads). Images are float arrays,
channel-first (C, H, W); datasets are `ImageSet`s with pixels scaled to [0, 1].
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

# The notes' worked examples (000: convolution input, ReLU, max pooling, flatten).
NOTES_IMAGE = np.arange(10, 251, 10, dtype=float).reshape(5, 5)
NOTES_RELU_IN = np.array([[5, -10], [-3, 7]], dtype=float)
NOTES_RELU_OUT = np.array([[5, 0], [0, 7]], dtype=float)
NOTES_POOL_IN = np.array([[1, 3, 2, 4], [5, 6, 7, 8], [9, 2, 3, 1], [0, 1, 5, 2]], dtype=float)
NOTES_POOL_MAX = np.array([[6, 8], [9, 5]], dtype=float)
NOTES_FLATTEN_IN = np.array([[1, 0, 2, 3], [4, 6, 5, 2], [0, 1, 3, 1], [5, 2, 2, 0]], dtype=float)

SHAPE_CLASSES = ("circle", "square", "triangle", "cross", "horizontal bar", "vertical bar")
PATTERNS = ("bars", "circle", "checkerboard", "gradient")
PHOTOS = ("china.jpg", "flower.jpg")


@dataclass(frozen=True)
class ImageSet:
    """A labelled image dataset. X: (N, C, H, W) float32 in [0, 1]; y: (N,) int64 in 0..K−1."""
    X: np.ndarray
    y: np.ndarray
    class_names: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, int, int]:
        """(C, H, W) of one image."""
        return tuple(self.X.shape[1:])


def _sklearn_file(*parts: str) -> Path:
    """A data file shipped inside scikit-learn, found without importing it (that costs seconds)."""
    return Path(importlib.util.find_spec("sklearn").origin).parent.joinpath("datasets", *parts)


@lru_cache(maxsize=1)
def digits() -> ImageSet:
    """scikit-learn's 1,797 handwritten digits (as load_digits), 8×8 grey, 10 classes, no download."""
    table = np.loadtxt(_sklearn_file("data", "digits.csv.gz"), delimiter=",")
    X = (table[:, :64] / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    return ImageSet(X, table[:, 64].astype(np.int64), tuple(str(k) for k in range(10)))


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    c = np.arange(size, dtype=np.float64)
    return np.meshgrid(c, c, indexing="ij")   # (H, W) row and column coordinates


def _draw(kind: str, rr: np.ndarray, cc: np.ndarray, cy: float, cx: float, r: float, t: float) -> np.ndarray:
    """One filled/stroked shape of radius r and stroke half-width t centred at (cy, cx)."""
    dy, dx = rr - cy, cc - cx
    if kind == "circle":
        return np.abs(np.hypot(dy, dx) - r) <= t
    if kind == "square":
        return np.abs(np.maximum(np.abs(dy), np.abs(dx)) - r) <= t
    if kind == "triangle":   # apex up: inside when below both slanted edges and above the base
        return (dy <= r * 0.8) & (dy >= -r) & (np.abs(dx) <= (dy + r) * 0.6)
    if kind == "cross":
        return ((np.abs(dy) <= t) | (np.abs(dx) <= t)) & (np.maximum(np.abs(dy), np.abs(dx)) <= r)
    if kind == "horizontal bar":
        return (np.abs(dy) <= t) & (np.abs(dx) <= r)
    if kind == "vertical bar":
        return (np.abs(dx) <= t) & (np.abs(dy) <= r)
    raise ValueError(f"Unknown shape '{kind}'; choose one of {list(SHAPE_CLASSES)}.")


@lru_cache(maxsize=4)
def shapes(n_per_class: int = 150, size: int = 28, noise: float = 0.15, seed: int = 0) -> ImageSet:
    """Generated grey shapes (SHAPE_CLASSES) with random size, stroke, shifts of a few pixels and noise."""
    rng = np.random.default_rng(seed)
    rr, cc = _grid(size)
    X = np.empty((n_per_class * len(SHAPE_CLASSES), 1, size, size), dtype=np.float32)
    y = np.repeat(np.arange(len(SHAPE_CLASSES)), n_per_class)
    for n, k in enumerate(y):
        shift = rng.uniform(-size / 8, size / 8, 2)
        r = rng.uniform(size * 0.2, size * 0.32)
        t = rng.uniform(0.8, 1.6) * size / 28
        img = _draw(SHAPE_CLASSES[k], rr, cc, size / 2 + shift[0], size / 2 + shift[1], r, t)
        X[n, 0] = img + rng.normal(0, noise, (size, size))
    return ImageSet(np.clip(X, 0, 1), y.astype(np.int64), SHAPE_CLASSES)


def pattern(name: str, size: int = 32) -> np.ndarray:
    """A generated lab input in [0, 1]: bars, circle, checkerboard or gradient. Returns (1, size, size)."""
    rr, cc = _grid(size)
    if name == "bars":
        img = (cc // max(1, size // 8)) % 2
    elif name == "circle":
        img = np.hypot(rr - size / 2 + 0.5, cc - size / 2 + 0.5) <= size / 3
    elif name == "checkerboard":
        img = (rr // max(1, size // 8) + cc // max(1, size // 8)) % 2
    elif name == "gradient":
        img = cc / max(1, size - 1)
    else:
        raise ValueError(f"Unknown pattern '{name}'; choose one of {list(PATTERNS)}.")
    return img.astype(np.float64)[None]


def to_grey(rgb: np.ndarray) -> np.ndarray:
    """(3, H, W) → (1, H, W) luminance (ITU-R 601 weights)."""
    return np.tensordot(np.array([0.299, 0.587, 0.114]), rgb, axes=1)[None]


def resize(img: np.ndarray, max_side: int) -> np.ndarray:
    """(C, H, W) in [0, 1] → shrunk so the longer side is ≤ max_side (area-averaged), float64."""
    from PIL import Image
    c, h, w = img.shape
    scale = min(1.0, max_side / max(h, w))
    if scale == 1.0:
        return img.astype(np.float64)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    chans = [np.asarray(Image.fromarray(ch.astype(np.float32), mode="F").resize(size, Image.BOX))
             for ch in img]
    return np.stack(chans).astype(np.float64)


@lru_cache(maxsize=8)
def photo(name: str, max_side: int = 64, grey: bool = True) -> np.ndarray:
    """One of scikit-learn's bundled sample photos, resized, in [0, 1]: (1 or 3, H, W)."""
    if name not in PHOTOS:
        raise ValueError(f"Unknown photo '{name}'; choose one of {list(PHOTOS)}.")
    from PIL import Image
    with Image.open(_sklearn_file("images", name)) as im:   # as sklearn's load_sample_image
        rgb = np.asarray(im.convert("RGB"), dtype=np.float64).transpose(2, 0, 1) / 255.0
    img = resize(rgb, max_side)
    return to_grey(img) if grey else img


def stratified_split(y: np.ndarray, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test) with each class split in the same proportion (at least one test item)."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for k in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == k))
        n_test = max(1, int(round(len(idx) * test_fraction))) if len(idx) > 1 else 0
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def fit_to(img: np.ndarray, shape: tuple[int, int, int], invert: bool = False) -> np.ndarray:
    """Make any image (C, H, W) in [0, 1] a network input of `shape` (C', H', W'): centre-crop to the
    aspect, resize, grey↔RGB, optionally invert (dark ink on white → bright on black), stretch to [0, 1]."""
    from PIL import Image
    c, h, w = shape
    _, ih, iw = img.shape
    side_h, side_w = (ih, round(ih * w / h)) if iw * h > ih * w else (round(iw * h / w), iw)
    top, left = (ih - side_h) // 2, (iw - side_w) // 2
    img = img[:, top:top + side_h, left:left + side_w]
    img = np.stack([np.asarray(Image.fromarray(ch.astype(np.float32), mode="F").resize((w, h), Image.BOX))
                    for ch in img]).astype(np.float64)
    if c == 1 and img.shape[0] == 3:
        img = to_grey(img)
    elif c == 3 and img.shape[0] == 1:
        img = np.repeat(img, 3, axis=0)
    if invert:
        img = 1.0 - img
    lo, hi = img.min(), img.max()
    return (img - lo) / (hi - lo) if hi > lo else np.zeros_like(img)
