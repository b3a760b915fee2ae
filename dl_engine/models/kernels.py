"""Preset 3×3 (and 5×5) filters for the convolution lab and the CNN what-if, with what each detects."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Preset:
    """A named kernel: its 3×3 weights, an optional native 5×5 version, and what it does."""
    k3: tuple
    about: str
    k5: tuple | None = None


def _gauss(n: int) -> tuple:
    row = np.array([1, 2, 1] if n == 3 else [1, 4, 6, 4, 1], dtype=float)
    k = np.outer(row, row)
    return tuple(map(tuple, k / k.sum()))


PRESETS: dict[str, Preset] = {
    "identity": Preset(((0, 0, 0), (0, 1, 0), (0, 0, 0)), "copies the input: the output equals the image"),
    "vertical edge (notes)": Preset(
        ((1, 0, -1), (1, 0, -1), (1, 0, -1)),
        "the notes' [[1, 0, −1], …] filter (their listing prints two of its three equal rows): "
        "responds where brightness changes from left to right"),
    "horizontal edge": Preset(((1, 1, 1), (0, 0, 0), (-1, -1, -1)),
                              "responds where brightness changes from top to bottom"),
    "sobel x": Preset(((1, 0, -1), (2, 0, -2), (1, 0, -1)),
                      "vertical edges, with the centre row weighted twice (less noisy)"),
    "sobel y": Preset(((1, 2, 1), (0, 0, 0), (-1, -2, -1)),
                      "horizontal edges, with the centre column weighted twice"),
    "laplacian": Preset(((0, 1, 0), (1, -4, 1), (0, 1, 0)),
                        "edges in every direction: zero on flat areas and smooth ramps"),
    "box blur": Preset(tuple(((1 / 9,) * 3,) * 3), "the mean of the window: smooths",
                       tuple(((1 / 25,) * 5,) * 5)),
    "gaussian blur": Preset(_gauss(3), "a weighted mean, heavier at the centre: smooths gently",
                            _gauss(5)),
    "sharpen": Preset(((0, -1, 0), (-1, 5, -1), (0, -1, 0)), "identity plus edges: crisper detail"),
    "emboss": Preset(((-2, -1, 0), (-1, 1, 1), (0, 1, 2)), "a diagonal relief, as if lit from one corner"),
}


def preset(name: str, size: int = 3) -> np.ndarray:
    """The preset as a (size, size) array; a 3×3 preset is centred in zeros when no native 5×5 exists."""
    if name not in PRESETS:
        raise ValueError(f"Unknown kernel preset '{name}'; choose one of {list(PRESETS)}.")
    entry = PRESETS[name]
    if size == 5 and entry.k5 is not None:
        return np.array(entry.k5, dtype=float)
    return fit(np.array(entry.k3, dtype=float), size)


def fit(kernel: np.ndarray, size: int) -> np.ndarray:
    """Centre-pad (or centre-crop) a square kernel to (size, size)."""
    kernel = np.asarray(kernel, dtype=float)
    n = kernel.shape[0]
    if n == size:
        return kernel.copy()
    if n < size:
        lo = (size - n) // 2
        out = np.zeros((size, size))
        out[lo:lo + n, lo:lo + n] = kernel
        return out
    lo = (n - size) // 2
    return kernel[lo:lo + size, lo:lo + size].copy()
