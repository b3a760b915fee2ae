"""Uploaded data sets kept in server memory, each owned by one browser session, under a short key
that a config (and the URL that carries it) can name.

Why owners: one server-wide bounded store let a single user's uploads evict everyone's data. Here
every set belongs to an owner (an opaque string; the UI passes its browser session's token) with a
quota of `max_items` sets and `max_bytes` bytes, and a new upload can only evict its owner's own
older sets. A server-wide `total_bytes` cap refuses a new upload (it never evicts another owner's)
until sessions end and `forget_owner` frees theirs.

Why the key alone reads a set: experiments are built from a frozen config by a factory that gets
only the config, so `entry(key)` needs no owner. The key is a digest of the owner's token and the
content, so it cannot be guessed without the token and carries nothing private; a page checks
`entry(key)[0] == owner` before it builds an experiment from a link (see point_store.recall).
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")
KEY_DIGITS = 12   # hex digits of the digest: 48 bits, short enough for a URL


class UploadRefused(ValueError):
    """The upload does not fit this session's quota or the server's memory; the message says what to do."""


@dataclass(frozen=True)
class _Entry(Generic[T]):
    owner: str
    item: T
    nbytes: int


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


class UploadStore(Generic[T]):
    """A thread-safe map from key to (owner, data set), bounded per owner and in total."""

    def __init__(self, max_items: int, max_bytes: int, total_bytes: int, prefix: str = ""):
        self.max_items, self.max_bytes, self.total_bytes, self.prefix = max_items, max_bytes, total_bytes, prefix
        self._items: OrderedDict[str, _Entry[T]] = OrderedDict()   # oldest first
        self._lock = threading.Lock()

    def key_for(self, owner: str, X: np.ndarray, y: np.ndarray, class_names) -> str:
        """prefix + a digest of the owner and the arrays: the same upload by one owner gets one key."""
        digest = hashlib.sha256(owner.encode("utf-8", "replace") + b"\0")
        for part in (X.tobytes(), y.tobytes(), "\0".join(class_names).encode("utf-8", "replace")):
            digest.update(part)
        return self.prefix + digest.hexdigest()[:KEY_DIGITS]

    def put(self, owner: str, item: T, X: np.ndarray, y: np.ndarray, class_names) -> str:
        """Keep `item` for `owner` and return its key, first forgetting the owner's oldest sets
        until the quota fits. Raises UploadRefused if the set alone exceeds the per-owner bytes or
        the server's total would be exceeded (then nothing is forgotten)."""
        key, nbytes = self.key_for(owner, X, y, class_names), int(X.nbytes + y.nbytes)
        if nbytes > self.max_bytes:
            raise UploadRefused(f"This data set takes {_mb(nbytes)} in memory; one browser session may keep "
                                f"{_mb(self.max_bytes)}. Upload fewer or smaller images.")
        with self._lock:
            mine = [k for k, e in self._items.items() if e.owner == owner and k != key]
            kept_bytes = sum(self._items[k].nbytes for k in mine)
            evict = []
            while mine and (len(mine) + 1 > self.max_items or kept_bytes + nbytes > self.max_bytes):
                evict.append(mine.pop(0))
                kept_bytes -= self._items[evict[-1]].nbytes
            others = sum(e.nbytes for k, e in self._items.items() if e.owner != owner)
            if others + kept_bytes + nbytes > self.total_bytes:
                raise UploadRefused("The server is holding as many uploads as it can right now. Try again "
                                    "in a few minutes (uploads of closed tabs are freed), or use a built-in data set.")
            for k in evict:
                del self._items[k]
            self._items[key] = _Entry(owner, item, nbytes)
            self._items.move_to_end(key)
        return key

    def entry(self, key: str) -> tuple[str, T] | None:
        """(owner, set) stored under `key`, or None if this server does not hold it."""
        with self._lock:
            found = self._items.get(key)
        return None if found is None else (found.owner, found.item)

    def forget_owner(self, owner: str) -> int:
        """Drop every set of `owner` (its session ended); returns how many were dropped."""
        with self._lock:
            keys = [k for k, e in self._items.items() if e.owner == owner]
            for k in keys:
                del self._items[k]
        return len(keys)

    def usage(self, owner: str) -> tuple[int, int]:
        """(sets, bytes) that `owner` holds now."""
        with self._lock:
            mine = [e.nbytes for e in self._items.values() if e.owner == owner]
        return len(mine), sum(mine)
