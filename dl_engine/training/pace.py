"""How fast a run trains and how fast it is seen to train: a pacer for a chosen speed, and a
steady speed meter. Both take the clock as an argument, so tests step time by hand."""
from __future__ import annotations

import math
import time
from collections import deque
from typing import Callable

Clock = Callable[[], float]
MAX_BACKLOG_SECONDS = 0.25   # a run that fell behind (a slow step, a busy server) does not burst to catch up


class Pacer:
    """Steps allowed now at `rate` steps per second, counted from when the pace was set."""

    def __init__(self, clock: Clock = time.monotonic):
        self.clock = clock
        self._rate: float | None = None
        self._since = (0.0, 0)   # (time, steps) the pace counts from

    def allowed(self, steps: int, rate: float) -> int:
        """How many steps the run may take now, having taken `steps` in all (≤ 0: wait)."""
        now = self.clock()
        if rate != self._rate:
            self._rate, self._since = rate, (now, steps)
        t0, s0 = self._since
        owed = math.floor(rate * (now - t0) + 1e-9) - (steps - s0)
        if owed > max(1, rate * MAX_BACKLOG_SECONDS):
            self._since = (now, steps)
            owed = 1
        return owed

    def wait(self) -> float:
        """Seconds until the next step is due (at most 0.1 s: the loop looks again often)."""
        if not self._rate:
            return 0.0
        return min(0.1, 1.0 / self._rate)

    def restart(self) -> None:
        """Count afresh from the next call (the run was paused: no steps are owed for the pause)."""
        self._rate = None


class RateMeter:
    """Steps per second over the last `window` seconds: steady where the rate between two
    snapshots jumps with a chunk's size or a slow evaluation."""

    def __init__(self, window: float = 1.5, clock: Clock = time.monotonic):
        self.window, self.clock = window, clock
        self._seen: deque[tuple[float, int]] = deque()

    def add(self, steps: int) -> float:
        """Record that `steps` steps are done by now; return the rate over the window (0 at first)."""
        now = self.clock()
        self._seen.append((now, steps))
        while len(self._seen) > 2 and now - self._seen[1][0] >= self.window:
            self._seen.popleft()
        t0, s0 = self._seen[0]
        return (steps - s0) / (now - t0) if now > t0 else 0.0

    def restart(self) -> None:
        self._seen.clear()
