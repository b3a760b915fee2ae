"""The snapshots a run keeps for time travel: at most `capacity`, spread evenly over the run.

While the run is short every snapshot is kept; when the timeline is full it keeps every other
one and from then on only snapshots twice as far apart, so a run of any length keeps about
`capacity` moments from step 0 to now, at a memory cost that does not grow with its length.
"""
from __future__ import annotations

import bisect
from typing import Generic, Protocol, TypeVar


class _Stepped(Protocol):
    step: int


S = TypeVar("S", bound=_Stepped)


class Timeline(Generic[S]):
    def __init__(self, capacity: int = 40):
        if capacity < 2:
            raise ValueError("a timeline keeps at least 2 snapshots")
        self.capacity = capacity
        self._kept: list[S] = []
        self._spacing = 1.0    # steps between kept snapshots

    def add(self, snap: S) -> None:
        """Keep `snap` if it is far enough past the last one kept (a later snapshot of the same
        step replaces it: the state after a pause or a finished evaluation)."""
        if self._kept and snap.step < self._kept[-1].step:
            raise ValueError("a timeline's snapshots come in step order")
        if self._kept and snap.step == self._kept[-1].step:
            self._kept[-1] = snap
            return
        if self._kept and snap.step - self._kept[-1].step < self._spacing:
            return
        self._kept.append(snap)
        if len(self._kept) > self.capacity:
            self._kept = self._kept[::2] if len(self._kept) % 2 else self._kept[::2] + [self._kept[-1]]
            # from now on keep snapshots as far apart as the kept ones are on average
            self._spacing = (self._kept[-1].step - self._kept[0].step) / (len(self._kept) - 1)

    @property
    def steps(self) -> list[int]:
        return [snap.step for snap in self._kept]

    def at(self, step: int) -> S:
        """The kept snapshot at `step`, or the latest one before it (the first if none is)."""
        if not self._kept:
            raise LookupError("the timeline is empty")
        i = bisect.bisect_right(self.steps, step) - 1
        return self._kept[max(i, 0)]

    def __len__(self) -> int:
        return len(self._kept)
