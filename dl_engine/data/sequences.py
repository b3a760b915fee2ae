"""Generated sequence tasks: sine forecasting, the adding problem, remember-first at distance T.

Pure generators `(rng, batch, length, …) -> (x, y)` of NumPy arrays; x is always (B, T, I).
"""
from __future__ import annotations

import numpy as np


def sine_batch(rng: np.random.Generator, batch: int, length: int, noise: float = 0.0
               ) -> tuple[np.ndarray, np.ndarray]:
    """Noisy sine waves and their next clean value (many-to-many forecasting).

    Each row has its own frequency ω ∈ [0.15, 0.45] rad/step and phase, so the network must
    read the rhythm from the past. x (B, T, 1): sin(ωt+φ) + noise·ε; y (B, T, 1): sin(ω(t+1)+φ).
    """
    omega = rng.uniform(0.15, 0.45, size=(batch, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(batch, 1))
    t = np.arange(length + 1)[None, :]
    clean = np.sin(omega * t + phase)
    x = clean[:, :-1] + noise * rng.standard_normal((batch, length))
    return x[..., None].astype(np.float32), clean[:, 1:, None].astype(np.float32)


def adding_batch(rng: np.random.Generator, batch: int, length: int) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem (Hochreiter & Schmidhuber): add the two marked numbers (many-to-one).

    x (B, T, 2): channel 0 a value in [0, 1], channel 1 a marker, 1 at one step in each half of
    the sequence; y (B, 1): the sum of the two marked values. Predicting 1 always gives MSE ≈ 0.167.
    """
    if length < 2:
        raise ValueError("The adding problem needs a sequence of at least 2 steps.")
    values = rng.uniform(0, 1, size=(batch, length))
    marks = np.zeros((batch, length))
    half = length // 2
    rows = np.arange(batch)
    first, second = rng.integers(0, half, batch), rng.integers(half, length, batch)
    marks[rows, first] = marks[rows, second] = 1
    y = values[rows, first] + values[rows, second]
    return np.stack([values, marks], -1).astype(np.float32), y[:, None].astype(np.float32)


def remember_first_batch(rng: np.random.Generator, batch: int, length: int, symbols: int = 4,
                         distractors: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Remember the first symbol after `length − 1` random distractors (many-to-one).

    x (B, T, symbols + distractors): one-hot; step 0 holds one of the `symbols` (A, B, …), every
    later step one of the `distractors` (x, y, …). y (B,): the first symbol. Chance accuracy is
    1/symbols: nothing after step 0 says anything about the answer.
    """
    first = rng.integers(0, symbols, size=(batch, 1))
    noise = rng.integers(symbols, symbols + distractors, size=(batch, length - 1))
    seq = np.concatenate([first, noise], axis=1)
    return np.eye(symbols + distractors, dtype=np.float32)[seq], first[:, 0].astype(np.int64)


def symbol_names(x: np.ndarray, symbols: int = 4) -> list[str]:
    """Labels for one remember-first sequence (T, K): "A", "B", … for symbols, "x", "y", … for distractors."""
    return [chr(ord("A") + k) if k < symbols else chr(ord("x") + k - symbols) for k in map(int, x.argmax(-1))]
