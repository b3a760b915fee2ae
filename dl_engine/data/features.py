"""Input features computed from the two coordinates (x1, x2), as in TensorFlow Playground."""
from __future__ import annotations

from typing import Callable

import numpy as np

# name → (function of the (N, 2) points giving (N,), label shown on the page)
FEATURES: dict[str, tuple[Callable[[np.ndarray], np.ndarray], str]] = {
    "x1": (lambda X: X[:, 0], r"x_1"),
    "x2": (lambda X: X[:, 1], r"x_2"),
    "x1^2": (lambda X: X[:, 0] ** 2, r"x_1^2"),
    "x2^2": (lambda X: X[:, 1] ** 2, r"x_2^2"),
    "x1*x2": (lambda X: X[:, 0] * X[:, 1], r"x_1 x_2"),
    "sin_x1": (lambda X: np.sin(X[:, 0]), r"\sin x_1"),
    "sin_x2": (lambda X: np.sin(X[:, 1]), r"\sin x_2"),
}


def feature_matrix(X: np.ndarray, names: tuple[str, ...] | list[str]) -> np.ndarray:
    """(N, 2) points → (N, F) float32 columns, one per named feature, in the given order."""
    if not names:
        raise ValueError("Pick at least one input feature.")
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(f"Unknown feature(s) {unknown}; choose from {list(FEATURES)}.")
    X = np.asarray(X, np.float32)
    return np.stack([FEATURES[n][0](X) for n in names], 1).astype(np.float32)
