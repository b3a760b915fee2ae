"""Uploaded point sets kept in memory under a short content key, so a config can name one."""
from __future__ import annotations

from dl_engine.data.csv_points import DataError, LabelledPoints
from dl_engine.data.upload_store import UploadStore

_sets: UploadStore[LabelledPoints] = UploadStore(capacity=64)


def remember(points: LabelledPoints) -> str:
    """Keep `points` (the oldest sets are forgotten past 64) and return its content key."""
    return _sets.put(points, points.X, points.y, points.class_names)


def recall(key: str) -> LabelledPoints:
    """The set remembered under `key`; DataError if this server no longer holds it."""
    points = _sets.get(key)
    if points is None:
        raise DataError("The uploaded CSV is not on this server any more (links cannot carry files). "
                        "Upload the file again.")
    return points
