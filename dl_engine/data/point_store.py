"""Uploaded point sets kept in memory per browser session, under a short key a config can name.

The key alone is enough to recall a set (an experiment factory gets only its config), so a page
recalls with its session's owner before it builds from a link: another session's set is refused.
"""
from __future__ import annotations

from dl_engine.data.csv_points import DataError, LabelledPoints
from dl_engine.data.upload_store import UploadRefused, UploadStore

PER_SESSION_SETS = 8              # a session's ninth CSV forgets its own oldest
PER_SESSION_BYTES = 4_000_000     # ~50 sets of the largest CSV (5,000 points ≈ 80 kB in memory)
SERVER_BYTES = 64_000_000         # every session together; past it uploads are refused, not evicted

_sets: UploadStore[LabelledPoints] = UploadStore(PER_SESSION_SETS, PER_SESSION_BYTES, SERVER_BYTES)


def remember(points: LabelledPoints, owner: str) -> str:
    """Keep `points` for `owner` (a session token) and return its key; DataError if it does not fit."""
    try:
        return _sets.put(owner, points, points.X, points.y, points.class_names)
    except UploadRefused as err:
        raise DataError(str(err)) from None


def recall(key: str, owner: str | None = None) -> LabelledPoints:
    """The set remembered under `key`. With `owner`, only that owner's set (a page checking a
    link); without, any (an experiment built from a config the page already checked).
    Raises DataError saying the data is not here and what to do."""
    found = _sets.entry(key)
    if found is None:
        raise DataError("The uploaded CSV is not on this server any more (links cannot carry files). "
                        "Upload the file again.")
    if owner is not None and found[0] != owner:
        raise DataError("This link names a CSV that was uploaded in another browser, so its points are not "
                        "available in this browser (links cannot carry files). Upload the file here.")
    return found[1]


def forget_owner(owner: str) -> None:
    """Drop every point set of `owner` (its browser session ended)."""
    _sets.forget_owner(owner)
