"""Process-wide limits that protect a shared classroom server from forgotten or piled-up runs.

Lock ordering: RunSlots._lock is a leaf. It is held only for bookkeeping and never while calling
an owner, so an owner may take it while holding its own lock (TrainingRun._lock), never the other
way round. The hand-off to the next in line (`slot_granted`, `queue_moved`) runs after
RunSlots._lock is released, in the thread that freed the slot, and that thread holds no owner's
lock (TrainingRun never calls release or leave under its own lock): no thread ever holds two
runs' locks, so the hand-off cannot deadlock.
"""
from __future__ import annotations

import itertools
import os
import threading
import weakref
from typing import Protocol


class Waiter(Protocol):
    """What an owner that waits in line must answer (TrainingRun does)."""

    def slot_granted(self) -> bool:
        """Called with a slot held for it: True if it uses the slot, False to hand it on."""

    def queue_moved(self) -> None:
        """Its place in line may have changed (read it with RunSlots.position)."""


class RunSlots:
    """At most `capacity` training threads at once in this process (a non-blocking semaphore),
    with a fair line: `acquire_or_wait` queues an owner over the cap, and each freed slot goes to
    the head of the line. The line holds weak references: a collected owner holds no place."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._held: dict[int, int] = {}             # id(owner) → ticket of the grant it holds
        self._line: list[weakref.ref] = []           # waiting owners, first in line first
        self._tickets = itertools.count(1)
        self._lock = threading.Lock()

    def acquire(self, owner: object) -> bool:
        """A slot now if one is free (the line is empty whenever one is); never queues."""
        with self._lock:
            return self._take(owner)

    def acquire_or_wait(self, owner: Waiter) -> int:
        """0 if `owner` holds a slot now, else its place in line (1 = next), queuing it."""
        with self._lock:
            if self._take(owner):
                return 0
            if self._place(owner) is None:
                self._line.append(weakref.ref(owner))
            return self._place(owner)

    def release(self, owner: object) -> None:
        """Free `owner`'s slot (if any) and hand free slots to the head of the line."""
        with self._lock:
            self._held.pop(id(owner), None)
            grants = self._fill()
        self._hand_on(grants)

    def leave(self, owner: object) -> None:
        """Take `owner` out of the line, and free a slot granted to it meanwhile."""
        with self._lock:
            before = len(self._line)
            self._line = [ref for ref in self._line if ref() is not owner]
            left = len(self._line) < before
            self._held.pop(id(owner), None)
            grants = self._fill()
        self._hand_on(grants, moved=left)

    def position(self, owner: object) -> int | None:
        """`owner`'s place in line (1 = next), or None if it is not waiting."""
        with self._lock:
            return self._place(owner)

    def holds(self, owner: object) -> bool:
        return id(owner) in self._held

    @property
    def in_use(self) -> int:
        return len(self._held)

    @property
    def waiting(self) -> int:
        with self._lock:
            self._purge()
            return len(self._line)

    # ---- under self._lock ----------------------------------------------------------------
    def _take(self, owner: object) -> bool:
        if id(owner) in self._held or len(self._held) < self.capacity:
            self._held[id(owner)] = next(self._tickets)  # a new ticket: a stale hand-back frees nothing
            return True
        return False

    def _purge(self) -> None:
        self._line = [ref for ref in self._line if ref() is not None]

    def _place(self, owner: object) -> int | None:
        self._purge()
        for i, ref in enumerate(self._line):
            if ref() is owner:
                return i + 1
        return None

    def _fill(self) -> list[tuple[Waiter, int]]:
        """Move heads of the line into free slots; the owners (strong refs) and their tickets."""
        grants = []
        self._purge()
        while self._line and len(self._held) < self.capacity:
            owner = self._line.pop(0)()
            if owner is not None:
                self._held[id(owner)] = ticket = next(self._tickets)
                grants.append((owner, ticket))
        return grants

    # ---- outside self._lock -----------------------------------------------------------------
    def _hand_on(self, grants: list[tuple[Waiter, int]], moved: bool = False) -> None:
        """Tell granted owners (one declining hands its slot on), then everyone still waiting."""
        moved = moved or bool(grants)
        while grants:
            owner, ticket = grants.pop(0)
            if not owner.slot_granted():
                with self._lock:
                    if self._held.get(id(owner)) == ticket:
                        del self._held[id(owner)]
                    grants += self._fill()
        if moved:
            with self._lock:
                self._purge()
                waiting = [ref() for ref in self._line]
            for owner in waiting:
                if owner is not None:
                    owner.queue_moved()


DEFAULT_SLOTS = RunSlots(int(os.environ.get("DL_PLAYGROUND_MAX_RUNS", max(4, 2 * (os.cpu_count() or 1)))))
