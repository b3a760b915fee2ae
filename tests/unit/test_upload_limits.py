"""Each failure family the issue names gets a clear message, and images decode within budgets:
a huge CSV field, a tiny PNG declaring 20000×20000, a zip entry with a bad CRC, an encrypted
entry, headers that understate sizes, forty 4096×4096 PNGs, a zip that takes too long."""
import io
import math
import struct
import tomllib
import tracemalloc
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dl_engine.data import csv_points, image_uploads as up, images
from dl_engine.data.csv_points import DataError, parse_labelled_points
from dl_engine.data.image_header import declared_size

ROOT = Path(__file__).resolve().parents[2]


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A valid-looking PNG of a few dozen bytes whose header declares width × height pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def encoded(array: np.ndarray, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array.astype(np.uint8)).save(buf, format=fmt)
    return buf.getvalue()


def zipped(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def small_set(extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    dark = encoded(np.zeros((6, 6)))
    return {f"{c}/{i}.png": dark for c in ("dark", "light") for i in range(3)} | (extra or {})


def traced_peak(call):
    """(call's result, the peak bytes Python and NumPy allocated during it)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def central_header(data: bytes, name: str) -> int:
    """Offset of `name`'s central-directory record in a zip (its name starts 46 bytes in)."""
    at = data.index(b"PK\x01\x02")
    while data[at + 46:at + 46 + len(name)] != name.encode():
        at = data.index(b"PK\x01\x02", at + 1)
    return at


# ---- CSV ---------------------------------------------------------------------------------------
def test_a_huge_csv_field_is_refused_with_its_line():
    huge = b"x1,x2,label\n1,2,a\n3,4," + b"b" * 200_000 + b"\n"      # past the csv module's own limit
    with pytest.raises(DataError, match=r"Line 3 has a cell longer than 100 characters.*quote"):
        parse_labelled_points(huge)
    with pytest.raises(DataError, match="Line 2 has a cell longer"):               # under it, past ours
        parse_labelled_points(b"1,2,a\n3,4," + b"c" * (csv_points.MAX_CELL_CHARS + 1) + b"\n")
    with pytest.raises(DataError, match="longer than 100"):                          # an unclosed quote
        parse_labelled_points(b'1,2,"a\n' + b"3,4,b\n" * 40)


def test_csv_messages_quote_at_most_a_short_cell():
    with pytest.raises(DataError) as err:
        parse_labelled_points(("1,2,a\n" + "y" * 90 + ",3,b\n").encode())
    assert "y" * 20 not in str(err.value) and "not a number" in str(err.value)


# ---- one image ---------------------------------------------------------------------------------
@pytest.mark.parametrize("width,height", [(20000, 20000), (10000, 9000), (4097, 4096)])
def test_a_tiny_png_declaring_too_many_pixels_is_refused_from_its_header(width, height):
    data = png_declaring(width, height)
    assert len(data) < 100 and declared_size(data) == (width, height)
    with warnings.catch_warnings():
        warnings.simplefilter("error")         # not even Pillow's DecompressionBombWarning
        with pytest.raises(up.ImageError, match=f"{width:,}×{height:,} pixels; upload one of at most 4096×4096"):
            up.read_image(data)


def test_a_jpeg_declaring_too_many_pixels_is_refused_from_its_header():
    data = bytearray(encoded(np.zeros((8, 8, 3)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", 20000, 20000)
    assert declared_size(bytes(data)) == (20000, 20000)
    with pytest.raises(up.ImageError, match="20,000×20,000"):
        up.read_image(bytes(data))


def test_unreadable_images_say_so_without_a_python_repr():
    for data in (b"garbage", png_declaring(8, 8), encoded(np.zeros((9, 9)))[:40]):
        with pytest.raises(up.ImageError, match="not a readable PNG or JPEG") as err:
            up.read_image(data)
        assert "0x" not in str(err.value) and "<" not in str(err.value)
    with pytest.raises(up.ImageError, match="This is a GIF file"):
        up.read_image(b"GIF89a" + b"\0" * 20)


def test_a_big_jpeg_decodes_at_reduced_scale_and_shrinks_before_floats():
    rows, cols = np.mgrid[0:1536, 0:2048].astype(np.uint8)
    data = encoded(np.stack([rows, cols, rows + cols], axis=2), "JPEG")
    assert len(data) <= up.MAX_IMAGE_BYTES
    img, peak = traced_peak(lambda: up.read_image(data, max_side=64, grey=False))
    assert img.shape == (3, 48, 64) and 0 <= img.min() and img.max() <= 1
    assert peak < 2_000_000, f"float arrays stay at the output size (peak {peak / 1e6:.1f} MB)"


# ---- zips --------------------------------------------------------------------------------------
def test_a_zip_entry_with_a_bad_crc_is_named():
    data = bytearray(zipped(small_set({"light/bad.png": encoded(np.full((6, 6), 255))}), zipfile.ZIP_STORED))
    start = data.index(b"light/bad.png") + len("light/bad.png") + 40     # inside its stored bytes
    data[start] ^= 0xFF
    with pytest.raises(up.ImageError, match="light/bad.png is damaged inside the zip"):
        up.read_zip_folder(bytes(data))


def test_an_encrypted_entry_is_named():
    data = bytearray(zipped(small_set({"light/secret.png": encoded(np.zeros((6, 6)))})))
    at = central_header(bytes(data), "light/secret.png")
    data[at + 8] |= 0x1                                                   # general-purpose flag: encrypted
    with pytest.raises(up.ImageError, match="light/secret.png is password-protected"):
        up.read_zip_folder(bytes(data))


def test_headers_that_understate_sizes_are_not_trusted():
    big = encoded(np.zeros((6, 6))) + b"\0" * (up.MAX_IMAGE_BYTES + 10)  # deflates to a few kB
    data = bytearray(zipped(small_set({"light/big.png": big})))
    assert len(data) < 100_000
    with pytest.raises(up.ImageError, match="light/big.png: unzipped, the images take more than the limit"):
        up.read_zip_folder(bytes(data))
    at = central_header(bytes(data), "light/big.png")
    data[at + 24:at + 28] = struct.pack("<I", 100)                       # the header now claims 100 bytes
    with pytest.raises(up.ImageError, match="light/big.png is damaged inside the zip"):
        up.read_zip_folder(bytes(data))


def test_a_png_in_a_zip_declaring_a_bomb_is_named_before_decoding():
    with pytest.raises(up.ImageError, match="light/bomb.png: The image is 20,000×20,000 pixels"):
        up.read_zip_folder(zipped(small_set({"light/bomb.png": png_declaring(20000, 20000)})))


def test_forty_4096_pngs_are_refused_by_the_pixel_budget_before_any_decoding():
    big = encoded(np.zeros((4096, 4096)))
    data = zipped({f"{c}/{i}.png": big for c in ("a", "b") for i in range(20)})
    assert len(data) < 2_000_000
    budget = up.ZipBudget()
    with pytest.raises(up.ImageError, match="671 million pixels in all; one zip may hold 100 million"):
        up.read_zip_folder(data, budget=budget)
    assert budget.pixels == 0, "nothing was decoded"


def test_big_pngs_within_the_budget_decode_in_8_bits():
    big = encoded(np.tile(np.arange(4096) % 256, (4096, 1)))
    data = zipped({"a/1.png": big, "a/2.png": big, "a/3.png": big} | small_set())
    budget = up.ZipBudget()
    found, peak = traced_peak(lambda: up.read_zip_folder(data, size=16, budget=budget))
    assert found.X.shape == (9, 1, 16, 16) and found.class_names == ("a", "dark", "light")
    assert budget.pixels == 3 * 4096 * 4096 + 6 * 36 <= up.MAX_ZIP_PIXELS
    assert peak < 5_000_000, f"no full-size float copy (peak {peak / 1e6:.1f} MB)"
    assert found.X[0].mean() == pytest.approx(127.5 / 255, abs=0.01)


def test_the_time_budget_stops_a_slow_zip():
    ticks = iter(range(0, 1000, 10))                                     # every reading is 10 s later
    budget = up.ZipBudget(clock=lambda: next(ticks))
    with pytest.raises(up.ImageError, match="took more than 15 s"):
        up.read_zip_folder(zipped(small_set()), budget=budget)
    assert 0 < budget.pixels < 6 * 36, "it stopped part-way"
    assert up.read_zip_folder(zipped(small_set()), budget=up.ZipBudget(clock=lambda: 0.0)).X.shape[0] == 6


# ---- who keeps uploads, and how big they may be -------------------------------------------------
def test_one_sessions_eight_zips_do_not_evict_anothers():
    theirs = up.register(images.shapes(n_per_class=3, size=8, seed=100), owner="quota-b")
    mine = [up.register(images.shapes(n_per_class=3, size=8, seed=s), owner="quota-a") for s in range(8)]
    assert up.lookup(theirs, owner="quota-b").X.shape[0] == 18
    kept = [up.is_registered(k, "quota-a") for k in mine]
    assert kept == [False] * (8 - up.PER_SESSION_SETS) + [True] * up.PER_SESSION_SETS
    up.forget_owner("quota-a"), up.forget_owner("quota-b")
    assert not any(up.is_registered(k, "quota-a") for k in mine) and not up.is_registered(theirs, "quota-b")


def test_streamlit_refuses_files_over_the_largest_parser_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    largest = max(up.MAX_ZIP_BYTES, up.MAX_IMAGE_BYTES, csv_points.MAX_BYTES)
    assert config["server"]["maxUploadSize"] == math.ceil(largest / 2**20), "Streamlit's limit is in MiB"
