"""Bounded metric history: keeps at most `max_points` rows by halving its resolution."""
from __future__ import annotations

import numpy as np


class History:
    """Rows of {name: value} keyed by step; when full, every other row is dropped.

    Memory stays bounded however long a run lasts, and charts get ≤ max_points points that
    still span the whole run (older stretches at coarser resolution). Stored as one (max_points,)
    column per name, so `arrays()` costs a copy per column, not a pass over every row.
    """

    def __init__(self, max_points: int = 1500):
        self.max_points = max_points
        self._columns: dict[str, np.ndarray] = {}  # name → (max_points,), NaN where a row lacked it
        self._count = 0
        self._latest: dict[str, float] | None = None  # shown even when the stride skips it
        self._stride = 1
        self._skipped = 0

    def __len__(self) -> int:
        return self._count

    def append(self, row: dict[str, float]) -> None:
        self._latest = row
        self._skipped += 1
        if self._skipped < self._stride and self._count:
            return
        self._skipped = 0
        self._write(row, self._count)
        self._count += 1
        self._latest = None
        if self._count >= self.max_points:
            if self._count % 2 == 0:
                self._latest = row  # halving drops this row: keep showing it until the next one lands
            half = (self._count + 1) // 2
            for column in self._columns.values():
                column[:half] = column[:self._count:2].copy()
                column[half:] = np.nan
            self._count = half
            self._stride *= 2

    def _write(self, row: dict[str, float], index: int) -> None:
        """Row `index` := row (NaN for names it lacks, whatever an earlier latest row left there)."""
        for column in self._columns.values():
            column[index] = np.nan
        for name, value in row.items():
            column = self._columns.get(name)
            if column is None:
                column = self._columns[name] = np.full(self.max_points, np.nan)
            column[index] = value

    def arrays(self) -> dict[str, np.ndarray]:
        """{name: (T,) float array}, the newest row last; a name missing in a row is NaN."""
        count = self._count
        if self._latest is not None:
            self._write(self._latest, count)
            count += 1
        return {name: column[:count].copy() for name, column in self._columns.items()}
