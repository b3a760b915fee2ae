"""Property-based: whatever bytes, text or broken structure a user sends, every parser raises only
the project's own error (DataError, ImageError), and no message shows a Python object's repr."""
import io
import re
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from dl_engine.data import image_uploads as up
from dl_engine.data import perceptron_data, text
from dl_engine.data.csv_points import DataError, parse_labelled_points
from dl_engine.data.image_header import declared_size

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REPR = re.compile(r"object at 0x|<class |<function |<built-in|<_io\.|<PIL\.|Traceback|\bNone\)")


def clear(err: Exception) -> None:
    message = str(err)
    assert message and not REPR.search(message), message
    assert len(message) < 600, "a message is a sentence or two, not a dump of the input"


def only(errors, call, *args, **kwargs):
    """Call; it may succeed or raise one of `errors` with a clear message, nothing else."""
    try:
        return call(*args, **kwargs)
    except errors as err:
        clear(err)


def png(width: int, height: int, mode: str = "L", fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(width * height).integers(0, 255, (height, width, 3), np.uint8)
                    ).convert(mode).save(buf, format=fmt)
    return buf.getvalue()


GOOD = {"png_l": png(6, 5), "png_rgb": png(5, 7, "RGB"), "png_p": png(4, 4, "P"), "png_la": png(4, 5, "LA"),
        "png_rgba": png(4, 3, "RGBA"), "png_i16": png(5, 5, "I;16"), "jpeg": png(9, 6, "RGB", "JPEG"),
        "jpeg_l": png(8, 8, "L", "JPEG")}


@st.composite
def damaged(draw, originals=tuple(GOOD.values())) -> bytes:
    """A real PNG/JPEG cut short, with bytes flipped, or with bytes inserted."""
    data = bytearray(draw(st.sampled_from(originals)))
    how = draw(st.sampled_from(["cut", "flip", "insert"]))
    at = draw(st.integers(0, len(data) - 1))
    if how == "cut":
        return bytes(data[:at])
    if how == "flip":
        for i in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=4)):
            data[i] ^= draw(st.integers(1, 255))
        return bytes(data)
    return bytes(data[:at]) + draw(st.binary(min_size=1, max_size=16)) + bytes(data[at:])


# ---- CSV points --------------------------------------------------------------------------------
CELL = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers().map(str),
                 st.text(max_size=8), st.sampled_from(["", " ", '"', '"a,b"', "nan", "inf", "1e400", "cat", "0"]))
ROW = st.lists(CELL, min_size=0, max_size=5).map(lambda cells: ",".join(cells))
CSV_TEXT = st.lists(ROW, max_size=30).map("\n".join)


@FAST
@given(st.binary(max_size=400))
def test_csv_of_any_bytes(data):
    only(DataError, parse_labelled_points, data)
    only(DataError, perceptron_data.points_from_csv, data)


@FAST
@given(CSV_TEXT, st.sampled_from([",", ";", "\t"]))
def test_csv_of_random_rows(body, sep):
    data = body.replace(",", sep).encode("utf-8", "surrogatepass")
    pts = only(DataError, parse_labelled_points, data, max_rows=20)
    if pts is not None:
        assert pts.X.shape == (len(pts.y), 2) and np.isfinite(pts.X).all() and 2 <= pts.n_classes <= 10
    only(DataError, perceptron_data.points_from_csv, data)


# ---- the perceptron's points from a link or the table --------------------------------------------
@FAST
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=40))
def test_points_array_of_any_numbers(values):
    only(DataError, perceptron_data.points_array, tuple(values))


@FAST
@given(st.lists(st.tuples(*[st.one_of(st.none(), st.floats(), st.integers(-10**30, 10**30), st.text(max_size=4),
                                      st.booleans())] * 3), max_size=12))
def test_table_points_of_any_cells(rows):
    table = pd.DataFrame(rows, columns=["x1", "x2", "y"], dtype=object)
    points, skipped = only(DataError, perceptron_data.table_points, table) or ((), 0)
    assert len(points) % 3 == 0 and 0 <= skipped <= len(rows)


# ---- pasted text -------------------------------------------------------------------------------
@FAST
@given(st.one_of(st.text(max_size=4000), st.none(), st.integers(), st.binary(max_size=20)))
def test_clean_text_of_anything(value):
    cleaned = only(DataError, text.clean_text, value)
    if cleaned is not None:
        assert text.MIN_CHARS <= len(cleaned) <= text.MAX_CHARS and cleaned.isprintable()


# ---- images ------------------------------------------------------------------------------------
@FAST
@given(st.one_of(st.binary(max_size=300), damaged(),
                 st.binary(max_size=200).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail),
                 st.binary(max_size=200).map(lambda tail: b"\xff\xd8\xff" + tail)),
       st.integers(1, 128), st.booleans())
def test_read_image_of_any_bytes(data, max_side, grey):
    img = only(up.ImageError, up.read_image, data, max_side=max_side, grey=grey)
    if img is not None:
        assert img.shape[0] == (1 if grey else 3) and max(img.shape[1:]) <= max_side
        assert 0 <= img.min() and img.max() <= 1
    size = declared_size(data)
    assert size is None or (len(size) == 2 and min(size) >= 0)


def test_read_image_of_every_good_mode():
    for name, data in GOOD.items():
        for grey in (True, False):
            img = up.read_image(data, max_side=4, grey=grey)
            assert img.shape[0] == (1 if grey else 3) and max(img.shape[1:]) == 4, name


# ---- zips --------------------------------------------------------------------------------------
NAME = st.builds(lambda parts, ext: "/".join(parts) + ext,
                 st.lists(st.sampled_from(["a", "b", "c", "root", ".hidden", "__MACOSX", "ü", ""]), min_size=1,
                          max_size=3), st.sampled_from([".png", ".jpg", ".PNG", ".txt", "", "/"])).filter(bool)
CONTENT = st.one_of(st.sampled_from(list(GOOD.values())), damaged(), st.binary(max_size=64))


def build_zip(members, compression) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.filterwarnings("ignore:Duplicate name")   # zipfile warns while the test writes such a zip
@FAST
@given(st.lists(st.tuples(NAME, CONTENT), max_size=12),
       st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
def test_random_zips(members, compression):
    data = build_zip(members, compression)
    found = only(up.ImageError, up.read_zip_folder, data, size=8)
    if found is not None:
        assert found.X.shape[1:] == (1, 8, 8) and len(found.class_names) >= 2


VALID_ZIP = build_zip([(f"{c}/{i}.png", GOOD["png_l"]) for c in "ab" for i in range(3)], zipfile.ZIP_DEFLATED)


@FAST
@given(st.lists(st.tuples(st.integers(0, len(VALID_ZIP) - 1), st.integers(1, 255)), min_size=1, max_size=6),
       st.integers(0, len(VALID_ZIP)))
def test_damaged_zips(flips, cut):
    data = bytearray(VALID_ZIP)
    for at, mask in flips:
        data[at] ^= mask
    only(up.ImageError, up.read_zip_folder, bytes(data), size=8)
    only(up.ImageError, up.read_zip_folder, bytes(data[:cut]), size=8)


@FAST
@given(st.binary(max_size=300))
def test_zip_of_any_bytes(data):
    only(up.ImageError, up.read_zip_folder, b"PK\x03\x04" + data)
    with pytest.raises(up.ImageError):
        up.read_zip_folder(data + b"not a zip")
