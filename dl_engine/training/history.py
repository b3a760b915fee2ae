"""Bounded metric history: keeps at most `max_points` rows by halving its resolution."""
from __future__ import annotations

import numpy as np


class History:
    """Rows of {name: value} keyed by step; when full, every other row is dropped.

    Memory stays bounded however long a run lasts, and charts get ≤ max_points points that
    still span the whole run (older stretches at coarser resolution).
    """

    def __init__(self, max_points: int = 1500):
        self.max_points = max_points
        self.rows: list[dict[str, float]] = []
        self._latest: dict[str, float] | None = None  # shown even when the stride skips it
        self._stride = 1
        self._skipped = 0

    def append(self, row: dict[str, float]) -> None:
        self._latest = row
        self._skipped += 1
        if self._skipped < self._stride and self.rows:
            return
        self._skipped = 0
        self.rows.append(row)
        self._latest = None
        if len(self.rows) >= self.max_points:
            self.rows = self.rows[::2]
            self._stride *= 2

    def arrays(self) -> dict[str, np.ndarray]:
        """{name: (T,) float array}, the newest row last; a name missing in a row is NaN."""
        rows = self.rows + ([self._latest] if self._latest is not None else [])
        names = dict.fromkeys(k for row in rows for k in row)
        return {k: np.array([row.get(k, np.nan) for row in rows], dtype=float) for k in names}
