"""Toy 2-D classification sets on the [-6, 6]² plane, as pure generators, and a seeded split.

Each generator is `(n, noise, rng) -> (X (N, 2) float32, y (N,) int64)`, noise in [0, 0.5],
modelled on TensorFlow Playground's datasets (moons added).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

DOMAIN = 6.0  # the input plane is [-DOMAIN, DOMAIN]²
Generator = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]


def _pack(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(X, np.float32), np.asarray(y, np.int64)


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Class 1 inside radius 2.5, class 0 on a ring 3.5–5; noise jitters points, labels follow radius."""
    radius = 5.0
    inner, outer = n // 2, n - n // 2
    r = np.concatenate([rng.uniform(0, radius * 0.5, inner), rng.uniform(radius * 0.7, radius, outer)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.stack([r * np.sin(angle), r * np.cos(angle)], 1)
    X += rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(X[:, 0], X[:, 1]) < radius * 0.5).astype(np.int64)
    return _pack(X, y)


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Four quadrants: class 1 where x1·x2 > 0 (measured before noise), a 0.3 gap at the axes."""
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    X += rng.uniform(-5, 5, (n, 2)) * noise
    return _pack(X, y)


def gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs at (2, 2) (class 1) and (−2, −2) (class 0); noise widens them."""
    std = np.sqrt(0.5 + 3.5 * noise / 0.5)
    half = n // 2
    y = np.concatenate([np.ones(half), np.zeros(n - half)]).astype(np.int64)
    centres = np.where(y[:, None] == 1, 2.0, -2.0)
    return _pack(centres + rng.normal(0, std, (n, 2)), y)


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms (1.75 turns, radius up to 5)."""
    half = n // 2
    parts = []
    for label, count, shift in ((1, half, 0.0), (0, n - half, np.pi)):
        t = np.arange(count) / max(1, count)
        r, angle = 5 * t, 1.75 * 2 * np.pi * t + shift
        xy = np.stack([r * np.sin(angle), r * np.cos(angle)], 1) + rng.uniform(-1, 1, (count, 2)) * noise * 2
        parts.append((xy, np.full(count, label)))
    X = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    return _pack(X, y)


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half-moons (scikit-learn's shape) scaled to the plane; noise is Gaussian."""
    upper = n // 2
    t = np.concatenate([rng.uniform(0, np.pi, upper), rng.uniform(0, np.pi, n - upper)])
    y = np.concatenate([np.zeros(upper), np.ones(n - upper)]).astype(np.int64)
    X = np.where(y[:, None] == 0, np.stack([np.cos(t), np.sin(t)], 1),
                 np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1))
    X = (X - [0.5, 0.25]) * 3.2 + rng.normal(0, noise * 2, (n, 2))
    return _pack(X, y)


DATASETS: dict[str, Generator] = {"circle": circle, "xor": xor, "gauss": gauss, "spiral": spiral, "moons": moons}


def make_dataset(name: str, n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The named set with n points, reproducible from the seed."""
    if name not in DATASETS:
        raise ValueError(f"Unknown dataset '{name}'; choose one of {sorted(DATASETS)}.")
    return DATASETS[name](n, noise, np.random.default_rng(seed))


def split(X: np.ndarray, y: np.ndarray, train_ratio: float, seed: int):
    """Seeded shuffle into (X_train, y_train, X_test, y_test); each side keeps ≥ 1 point."""
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_train = int(np.clip(round(n * train_ratio), 1, n - 1))
    tr, te = order[:n_train], order[n_train:]
    return X[tr], y[tr], X[te], y[te]


def fit_to_plane(X: np.ndarray, margin: float = 1.0) -> np.ndarray:
    """Rescale uploaded points linearly (one factor, centred) into [-DOMAIN+margin, DOMAIN-margin]²."""
    X = np.asarray(X, np.float64)
    centre = (X.max(0) + X.min(0)) / 2
    half = np.abs(X - centre).max()
    scale = (DOMAIN - margin) / half if half > 0 else 1.0
    return ((X - centre) * scale).astype(np.float32)
