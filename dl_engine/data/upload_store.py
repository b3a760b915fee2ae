"""Uploaded data sets kept in server memory under a short content key, so that a config (and
the URL that carries it) can name an upload. Only the newest `capacity` sets stay."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")


class UploadStore(Generic[T]):
    """A thread-safe, bounded, least-recently-stored map from content key to data set."""

    def __init__(self, capacity: int, prefix: str = ""):
        self.capacity, self.prefix = capacity, prefix
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, item: T, X: np.ndarray, y: np.ndarray, class_names) -> str:
        """Keep `item` and return its key: a digest of its arrays and class names."""
        digest = hashlib.sha1(X.tobytes() + y.tobytes() + "|".join(class_names).encode()).hexdigest()[:12]
        key = self.prefix + digest
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> T | None:
        """The set stored under `key`, or None if this server no longer holds it."""
        with self._lock:
            return self._items.get(key)
