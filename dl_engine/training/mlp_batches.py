"""The MLP's sample order: every epoch a new permutation of the training rows, cut into batches.

Permutations come from one seeded stream, drawn many epochs at a time (`Generator.permuted` over a
block of rows draws exactly what one `permutation` per epoch would, so the exported script's loop
replays it), and the compiled kernel walks them across epoch ends without returning to Python.
"""
from __future__ import annotations

import math

import numpy as np

BLOCK = 64  # epochs drawn at once, at least


class EpochOrders:
    """orders (E, N): epoch e trains on rows orders[e] in batches of `batch` (the last one may be
    short); cursor (2,) = (epoch, first row of the next batch), advanced by whoever trains."""

    def __init__(self, n: int, batch: int, seed: int):
        self.n, self.batch = n, batch
        self.steps_per_epoch = math.ceil(n / batch)
        self._rng = np.random.default_rng(seed)
        self._rows = np.tile(np.arange(n, dtype=np.int64), (BLOCK, 1))
        self.orders = np.empty((0, n), np.int64)
        self.cursor = np.zeros(2, np.int64)

    def steps_left(self) -> int:
        return (len(self.orders) - int(self.cursor[0])) * self.steps_per_epoch - int(self.cursor[1]) // self.batch

    def ensure(self, steps: int) -> None:
        """Draw epochs ahead until the orders hold at least `steps` more steps."""
        missing = steps - self.steps_left()
        if missing <= 0:
            return
        epochs = max(BLOCK, math.ceil(missing / self.steps_per_epoch))
        rows = self._rows if epochs == BLOCK else np.tile(self._rows[0], (epochs, 1))
        self.orders = np.concatenate([self.orders[int(self.cursor[0]):], self._rng.permuted(rows, axis=1)])
        self.cursor[0] = 0

    def next_rows(self) -> np.ndarray:
        """The rows (B,) of the next step, advancing the cursor."""
        self.ensure(1)
        e, first = int(self.cursor[0]), int(self.cursor[1])
        stop = min(first + self.batch, self.n)
        self.cursor[:] = (e + 1, 0) if stop >= self.n else (e, stop)
        return self.orders[e, first:stop]
