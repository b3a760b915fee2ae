"""The upload store: content keys, bounded memory, and a clear miss."""
import numpy as np

from dl_engine.data.upload_store import UploadStore


def test_same_content_same_key_and_the_oldest_set_is_forgotten():
    store = UploadStore(capacity=2, prefix="upload:")
    X, y = np.zeros((3, 2), np.float32), np.array([0, 1, 0])
    a = store.put("a", X, y, ["no", "yes"])
    assert a.startswith("upload:") and store.put("a again", X, y, ["no", "yes"]) == a
    b = store.put("b", X + 1, y, ["no", "yes"])
    c = store.put("c", X, y, ["cat", "dog"])
    assert len({a, b, c}) == 3
    assert store.get(a) is None, "capacity 2: the oldest set goes"
    assert store.get(b) == "b" and store.get(c) == "c"
    assert store.get("upload:nothing") is None
