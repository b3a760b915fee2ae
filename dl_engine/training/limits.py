"""Process-wide limits that protect a shared classroom server from forgotten or piled-up runs."""
from __future__ import annotations

import os
import threading


class RunSlots:
    """At most `capacity` training threads at once in this process (a non-blocking semaphore)."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._held: set[int] = set()
        self._lock = threading.Lock()

    def acquire(self, owner: object) -> bool:
        with self._lock:
            if id(owner) in self._held:
                return True
            if len(self._held) >= self.capacity:
                return False
            self._held.add(id(owner))
            return True

    def release(self, owner: object) -> None:
        with self._lock:
            self._held.discard(id(owner))

    @property
    def in_use(self) -> int:
        return len(self._held)


DEFAULT_SLOTS = RunSlots(int(os.environ.get("DL_PLAYGROUND_MAX_RUNS", max(4, 2 * (os.cpu_count() or 1)))))
