"""The GAN page's real distributions on the [-6, 6]² plane (toy2d's): a ring of 8 Gaussians, two
moons and a line; an uploaded CSV's points stand in for points a user drew.

Each generator is `(n, rng) -> X (n, 2) float32`.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from dl_engine.data import toy2d

RING_MODES = 8
RING_RADIUS = 4.0
RING_STD = 0.25
MODE_RADIUS = 3 * RING_STD       # a sample within 3σ of a centre belongs to that mode
MODE_SHARE = 0.25                # a mode is covered with at least this share of its fair 1/8
Target = Callable[[int, np.random.Generator], np.ndarray]


def ring_centres() -> np.ndarray:
    """(8, 2) the ring's mode centres, 45° apart on radius RING_RADIUS."""
    angle = 2 * np.pi * np.arange(RING_MODES) / RING_MODES
    return RING_RADIUS * np.stack([np.cos(angle), np.sin(angle)], 1)


def ring(n: int, rng: np.random.Generator) -> np.ndarray:
    """An equal mixture of 8 isotropic Gaussians (std RING_STD) round the ring."""
    modes = rng.integers(0, RING_MODES, n)
    return (ring_centres()[modes] + rng.normal(0, RING_STD, (n, 2))).astype(np.float32)


def moons(n: int, rng: np.random.Generator) -> np.ndarray:
    """toy2d's two half-moons (both classes, labels dropped), a little noise."""
    return toy2d.moons(n, 0.05, rng)[0]


def line(n: int, rng: np.random.Generator) -> np.ndarray:
    """A segment from (−4, −3) to (4, 3), uniform along it, Gaussian (std 0.1) across it."""
    t = rng.uniform(-1, 1, n)
    along, across = np.array([4.0, 3.0]), np.array([-0.6, 0.8])   # across ⊥ along, unit length
    return (t[:, None] * along + rng.normal(0, 0.1, n)[:, None] * across).astype(np.float32)


TARGETS: dict[str, Target] = {"ring": ring, "moons": moons, "line": line}


def ring_modes_covered(X: np.ndarray) -> int:
    """How many of the ring's 8 modes hold at least MODE_SHARE / 8 of the samples X (N, 2) within
    MODE_RADIUS of their centre: 8 for the ring itself, 1 or 2 for a collapsed generator."""
    d = np.linalg.norm(np.asarray(X, np.float64)[:, None, :] - ring_centres()[None], axis=2)   # (N, 8)
    near = d.min(1) <= MODE_RADIUS
    counts = np.bincount(d.argmin(1)[near], minlength=RING_MODES)
    return int((counts >= MODE_SHARE * len(X) / RING_MODES).sum())
