"""The upload store: keys per owner and content, per-owner quotas that never evict another
owner's sets, a server-wide cap that refuses instead, and forgetting a session's sets."""
import numpy as np
import pytest

from dl_engine.data import point_store
from dl_engine.data.csv_points import DataError, LabelledPoints
from dl_engine.data.upload_store import KEY_DIGITS, UploadRefused, UploadStore

X, Y = np.zeros((3, 2), np.float32), np.array([0, 1, 0])   # 24 + 24 bytes


def sets(store: UploadStore, owner: str, n: int) -> list[str]:
    """n different sets put by `owner`; their keys, oldest first."""
    return [store.put(owner, f"{owner}{i}", X + i, Y, ["no", "yes"]) for i in range(n)]


def test_same_owner_and_content_same_key_and_keys_hide_the_owner():
    store = UploadStore(max_items=2, max_bytes=10_000, total_bytes=10_000, prefix="upload:")
    a = store.put("tab-a", "a", X, Y, ["no", "yes"])
    assert a.startswith("upload:") and len(a) == len("upload:") + KEY_DIGITS and "tab-a" not in a
    assert store.put("tab-a", "a again", X, Y, ["no", "yes"]) == a and store.usage("tab-a") == (1, 48)
    assert store.put("tab-b", "b", X, Y, ["no", "yes"]) != a, "the key depends on the owner"
    assert store.entry(a) == ("tab-a", "a again") and store.entry("upload:nothing") is None


def test_an_owner_over_its_count_forgets_its_own_oldest_never_anothers():
    store = UploadStore(max_items=2, max_bytes=10_000, total_bytes=10_000)
    theirs = sets(store, "B", 2)
    mine = sets(store, "A", 8)              # one user uploading eight sets
    assert [store.entry(k) is not None for k in mine] == [False] * 6 + [True] * 2
    assert [store.entry(k)[1] for k in theirs] == ["B0", "B1"], "B's sets survive A's uploads"
    assert store.usage("A") == (2, 96) and store.usage("B") == (2, 96)


def test_an_owner_over_its_bytes_forgets_its_own_oldest_and_a_set_too_big_is_refused():
    store = UploadStore(max_items=10, max_bytes=100, total_bytes=10_000)
    first, second, third = sets(store, "A", 3)     # 48 bytes each: two fit in 100
    assert store.entry(first) is None and store.entry(second) and store.entry(third)
    with pytest.raises(UploadRefused, match="one browser session may keep"):
        store.put("A", "huge", np.zeros((100, 2), np.float32), np.zeros(100, np.int64), ["a", "b"])
    assert store.entry(second) and store.entry(third), "a refused upload forgets nothing"


def test_the_server_cap_refuses_without_evicting_another_owner():
    store = UploadStore(max_items=10, max_bytes=1_000, total_bytes=100)
    b = sets(store, "B", 2)                       # 96 of 100 bytes
    with pytest.raises(UploadRefused, match="Try again in a few minutes"):
        store.put("A", "a", X, Y, ["no", "yes"])
    assert all(store.entry(k) for k in b) and store.usage("A") == (0, 0)
    store.forget_owner("B")
    assert store.put("A", "a", X, Y, ["no", "yes"]) and store.usage("B") == (0, 0)


def test_forget_owner_drops_only_that_owners_sets():
    store = UploadStore(max_items=5, max_bytes=10_000, total_bytes=10_000)
    a, b = sets(store, "A", 3), sets(store, "B", 1)
    assert store.forget_owner("A") == 3 and store.forget_owner("A") == 0
    assert all(store.entry(k) is None for k in a) and store.entry(b[0])[1] == "B0"


def test_point_store_recall_checks_the_owner_when_asked():
    points = LabelledPoints(np.array([[0, 0], [1, 1]], np.float32), np.array([0, 1]), ["a", "b"])
    key = point_store.remember(points, owner="tab-a")
    assert point_store.recall(key) is points and point_store.recall(key, owner="tab-a") is points
    with pytest.raises(DataError, match="not available in this browser.*Upload the file here"):
        point_store.recall(key, owner="tab-b")
    point_store.forget_owner("tab-a")
    with pytest.raises(DataError, match="Upload the file again"):
        point_store.recall(key)
