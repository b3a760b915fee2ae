"""Uploaded point sets kept in memory under a short content key, so a config can name one."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from dl_engine.data.csv_points import DataError, LabelledPoints

_MAX_SETS = 64
_sets: "OrderedDict[str, LabelledPoints]" = OrderedDict()
_lock = threading.Lock()


def remember(points: LabelledPoints) -> str:
    """Keep `points` (the oldest sets are forgotten past 64) and return its content key."""
    digest = hashlib.sha1(points.X.tobytes() + points.y.tobytes() + "|".join(points.class_names).encode())
    key = digest.hexdigest()[:12]
    with _lock:
        _sets[key] = points
        _sets.move_to_end(key)
        while len(_sets) > _MAX_SETS:
            _sets.popitem(last=False)
    return key


def recall(key: str) -> LabelledPoints:
    """The set remembered under `key`; DataError if this server no longer holds it."""
    with _lock:
        points = _sets.get(key)
    if points is None:
        raise DataError("The uploaded CSV is not on this server any more (links cannot carry files). "
                        "Upload the file again.")
    return points
