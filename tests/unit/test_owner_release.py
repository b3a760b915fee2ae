"""A session's uploads are forgotten a grace after its browser disconnects, unless it reconnects."""
import time

import numpy as np

from dl_engine.data import point_store
from dl_engine.data.csv_points import DataError, LabelledPoints
from dl_engine.ui import owner

POINTS = LabelledPoints(np.array([[0, 0], [1, 1]], np.float32), np.array([0, 1]), ["a", "b"])


def held(key: str) -> bool:
    try:
        point_store.recall(key)
        return True
    except DataError:
        return False


def wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_released_uploads_go_after_the_grace():
    key = point_store.remember(POINTS, owner="closing-tab")
    owner.release("closing-tab", grace_s=0.05)
    assert held(key), "not before the grace"
    assert wait_until(lambda: not held(key))


def test_a_session_that_comes_back_keeps_its_uploads():
    key = point_store.remember(POINTS, owner="flaky-wifi")
    owner.release("flaky-wifi", grace_s=0.2)
    owner.claim("flaky-wifi")
    time.sleep(0.4)
    assert held(key)
    owner.release("flaky-wifi", grace_s=0.05)
    assert wait_until(lambda: not held(key))
