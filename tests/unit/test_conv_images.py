"""Image inputs for the CNN pages: bundled/generated data, and uploads validated with clear errors."""
import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from dl_engine.data import image_uploads as up
from dl_engine.data import images


def _png(array: np.ndarray, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array.astype(np.uint8)).save(buf, format=fmt)
    return buf.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_digits_and_shapes_are_scaled_labelled_sets():
    d = images.digits()
    assert d.X.shape == (1797, 1, 8, 8) and d.X.min() == 0 and d.X.max() == 1
    s = images.shapes(n_per_class=20, size=28, seed=3)
    assert s.X.shape == (20 * len(images.SHAPE_CLASSES), 1, 28, 28)
    assert np.bincount(s.y).tolist() == [20] * len(images.SHAPE_CLASSES)
    assert 0 <= s.X.min() and s.X.max() <= 1
    # classes differ: mean images of two classes are far apart, two seeds give different samples
    means = [s.X[s.y == k].mean(0) for k in range(len(images.SHAPE_CLASSES))]
    assert np.abs(means[4] - means[5]).mean() > 0.02
    assert not np.array_equal(s.X, images.shapes(n_per_class=20, size=28, seed=4).X)


def test_lab_inputs_and_photos():
    for name in images.PATTERNS:
        img = images.pattern(name, 24)
        assert img.shape == (1, 24, 24) and img.min() >= 0 and img.max() <= 1 and img.std() > 0
    grey, rgb = images.photo("china.jpg", 48), images.photo("flower.jpg", 48, grey=False)
    assert grey.shape[0] == 1 and max(grey.shape[1:]) == 48
    assert rgb.shape[0] == 3 and 0 <= rgb.min() and rgb.max() <= 1


def test_stratified_split_keeps_every_class_in_both_parts():
    y = np.repeat(np.arange(3), [10, 20, 4])
    train, test = images.stratified_split(y, 0.25, seed=0)
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == len(y)
    assert set(y[test]) == {0, 1, 2} and set(y[train]) == {0, 1, 2}


def test_read_image_resizes_and_converts():
    arr = np.zeros((100, 200, 3))
    arr[:, 100:] = 255
    img = up.read_image(_png(arr), max_side=32)
    assert img.shape == (1, 16, 32)
    assert img[0, :, :15].max() == 0 and img[0, :, 17:].min() == pytest.approx(1.0)
    assert up.read_image(_png(arr, "JPEG"), max_side=32, grey=False).shape == (3, 16, 32)


@pytest.mark.parametrize("data,message", [
    (b"not an image at all", "not a readable PNG or JPEG"),
    (b"x" * (up.MAX_IMAGE_BYTES + 1), "at most"),
])
def test_read_image_refuses_bad_files(data, message):
    with pytest.raises(up.ImageError, match=message):
        up.read_image(data)


def test_read_image_refuses_other_formats():
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, format="GIF")
    with pytest.raises(up.ImageError, match="PNG or JPEG"):
        up.read_image(buf.getvalue())


def test_zip_of_class_folders_becomes_a_dataset():
    dark, light = _png(np.zeros((10, 10))), _png(np.full((12, 8), 255))
    files = {f"root/dark/{i}.png": dark for i in range(3)} | {f"root/light/{i}.jpg": light for i in range(4)}
    files |= {"__MACOSX/root/dark/._0.png": b"junk", "root/readme.txt": b"hi"}
    data = up.read_zip_folder(_zip(files), size=16)
    assert data.class_names == ("dark", "light") and data.X.shape == (7, 1, 16, 16)
    assert np.bincount(data.y).tolist() == [3, 4]
    assert data.X[data.y == 0].max() == 0 and data.X[data.y == 1].min() > 0.9


@pytest.mark.parametrize("files,message", [
    ({"a/1.png": None, "a/2.png": None, "a/3.png": None}, "at least 2"),
    ({"a/1.png": None, "b/1.png": None, "b/2.png": None, "b/3.png": None, "a/2.png": None}, "Class 'a'"),
    ({"a/1.png": b"broken", "b/1.png": None}, "a/1.png"),
])
def test_zip_errors_name_the_problem(files, message):
    good = _png(np.zeros((4, 4)))
    with pytest.raises(up.ImageError, match=message):
        up.read_zip_folder(_zip({k: v if v is not None else good for k, v in files.items()}))
    with pytest.raises(up.ImageError, match="not a zip"):
        up.read_zip_folder(b"PK not really")


def test_store_keeps_uploads_by_content_and_owner():
    s = images.shapes(n_per_class=3, size=8, seed=0)
    key = up.register(s, owner="tab-a")
    assert key.startswith("upload:") and up.lookup(key) is s and up.register(s, owner="tab-a") == key
    assert up.lookup(key, owner="tab-a") is s and up.is_registered(key, "tab-a")
    assert not up.is_registered(key, "tab-b")
    with pytest.raises(up.ImageError, match="not available in this browser"):
        up.lookup(key, owner="tab-b")
    assert up.register(s, owner="tab-b") != key, "another session's upload of the same zip gets its own key"
    with pytest.raises(up.ImageError, match="Upload the zip again"):
        up.lookup("upload:missing")
    up.forget_owner("tab-a")
    with pytest.raises(up.ImageError, match="Upload the zip again"):
        up.lookup(key)


def test_bundled_files_equal_scikit_learn_loaders():
    from sklearn.datasets import load_digits, load_sample_image
    d = load_digits()
    np.testing.assert_array_equal(images.digits().X[:, 0] * 16, d.images)
    np.testing.assert_array_equal(images.digits().y, d.target)
    full = images.photo("flower.jpg", 10_000, grey=False)
    np.testing.assert_allclose(full * 255, load_sample_image("flower.jpg").transpose(2, 0, 1))


def test_fit_to_makes_a_network_input():
    paper = np.ones((3, 40, 60))          # white paper, a dark vertical stroke in the middle
    paper[:, 5:35, 28:32] = 0
    x = images.fit_to(paper, (1, 8, 8), invert=True)
    assert x.shape == (1, 8, 8) and x.min() == 0 and x.max() == 1
    assert x[0, :, 3:5].mean() > 0.5 > x[0, :, :2].mean()     # the stroke is now bright, centred
    assert images.fit_to(np.random.default_rng(0).random((1, 9, 9)), (3, 28, 28)).shape == (3, 28, 28)
