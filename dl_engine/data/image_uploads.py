"""User uploads for the CNN pages: one PNG/JPEG image, or a zip of class folders, validated.

Every failure raises ImageError with a message that says what is wrong and what to do; nothing
else escapes, whatever the bytes. Images are decoded cheaply: the header's size is checked before
decoding, JPEGs decode at 1/2–1/8 scale (Pillow's draft), and every image is shrunk in 8 bits to
the size the page needs before any float conversion. A zip has a budget of declared pixels
(checked before decoding any image) and of seconds (checked after each one).

Uploaded datasets are kept per browser session (see upload_store), so a run's frozen config can
name one (`upload:<digest>`) without carrying the pixels.
"""
from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable

import numpy as np
from PIL import Image

from dl_engine.data.image_header import declared_size, sniff
from dl_engine.data.images import ImageSet
from dl_engine.data.upload_store import UploadRefused, UploadStore

MAX_IMAGE_BYTES = 5_000_000
MAX_SIDE = 4096
MAX_PIXELS = MAX_SIDE * MAX_SIDE     # per image, from its header: refuses decompression bombs
MAX_ZIP_BYTES = 10_000_000
MAX_UNZIPPED_BYTES = 50_000_000      # bytes actually read out of a zip (headers are not trusted)
MAX_FILES = 3000
MAX_ZIP_PIXELS = 100_000_000         # all images of one zip; ~6 of 4096×4096, ~3 s to decode on one core
MAX_ZIP_SECONDS = 15.0
MAX_CLASSES = 20
MIN_PER_CLASS = 3
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
ZIP_EXAMPLE = "e.g. shapes.zip containing cats/1.png, cats/2.png, …, dogs/1.jpg, …"
NOT_READABLE = ("This file is not a readable PNG or JPEG image (it may be damaged or cut short). "
                "Open it in an image viewer and save it again as PNG.")
# Pillow, zlib and struct raise all of these for damaged files; each means "cannot be read".
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError, EOFError,
                  struct.error, zlib.error, Image.DecompressionBombError)
_UNZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
                 NotImplementedError, IndexError, KeyError, struct.error, zlib.error)


class ImageError(ValueError):
    """The upload cannot be used; the message says why and how to fix it."""


def _shown(name: str, limit: int = 60) -> str:
    """A file name fit for a message: printable, at most `limit` characters."""
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _check_pixels(width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise ImageError(NOT_READABLE)
    if width * height > MAX_PIXELS:
        raise ImageError(f"The image is {width:,}×{height:,} pixels; upload one of at most {MAX_SIDE}×{MAX_SIDE} "
                         "(shrink it in any image editor).")


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) declared by PNG/JPEG bytes, checked against MAX_PIXELS, without decoding.

    Raises ImageError for another format, a damaged header or too many pixels."""
    kind = sniff(data)
    if kind is not None and kind not in ("PNG", "JPEG"):
        raise ImageError(f"This is a {kind} file; upload a PNG or JPEG image (save it as PNG in any image editor).")
    size = declared_size(data)
    if size is None:
        raise ImageError(NOT_READABLE)
    _check_pixels(*size)
    return size


def _decode(data: bytes, size_for: Callable[[int, int], tuple[int, int]], grey: bool) -> np.ndarray:
    """Checked PNG/JPEG bytes → uint8 (H, W) or (H, W, 3), area-averaged to size_for(width, height)."""
    mode = "L" if grey else "RGB"
    try:
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as im:
            _check_pixels(*im.size)            # Pillow's view of the header, should it differ from ours
            target = size_for(*im.size)
            im.draft(mode, target)             # JPEG: decode at 1/2, 1/4 or 1/8 scale, still ≥ target
            small = im.convert(mode)
            if small.size != target:
                small = small.resize(target, Image.Resampling.BOX)
            return np.asarray(small)
    except ImageError:
        raise
    except _DECODE_ERRORS:
        raise ImageError(NOT_READABLE) from None


def read_image(data: bytes, max_side: int = 64, grey: bool = True) -> np.ndarray:
    """PNG/JPEG bytes → (1 or 3, H, W) float64 in [0, 1], the longer side shrunk to ≤ max_side."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"The image is {len(data) / 1e6:.1f} MB; upload one of at most "
                         f"{MAX_IMAGE_BYTES / 1e6:.0f} MB.")
    image_size(data)

    def fit(w: int, h: int) -> tuple[int, int]:
        scale = min(1.0, max_side / max(w, h))
        return max(1, round(w * scale)), max(1, round(h * scale))

    pixels = _decode(data, fit, grey)
    channels = pixels[None] if grey else pixels.transpose(2, 0, 1)
    return channels.astype(np.float64) / 255.0


@dataclass
class ZipBudget:
    """What decoding one zip may cost, and what it spent (`pixels`: declared pixels decoded so far).
    `clock` is injectable so a test can run past `max_seconds` without sleeping."""
    max_pixels: int = MAX_ZIP_PIXELS
    max_seconds: float = MAX_ZIP_SECONDS
    clock: Callable[[], float] = time.monotonic
    pixels: int = 0


def _class_of(path: PurePosixPath) -> str | None:
    """'root/cats/1.png' or 'cats/1.png' → 'cats'; None for files to skip (hidden, macOS, loose)."""
    if any(part.startswith((".", "__MACOSX")) for part in path.parts) or len(path.parts) < 2:
        return None
    return path.parts[-2]


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_ZIP_BYTES:
        raise ImageError(f"The zip is {len(data) / 1e6:.1f} MB; the limit is {MAX_ZIP_BYTES / 1e6:.0f} MB.")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _UNZIP_ERRORS:
        raise ImageError(f"This is not a zip file, or it is damaged. Zip a folder with one sub-folder per "
                         f"class, {ZIP_EXAMPLE}.") from None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, read with a bound (its header's sizes may lie); ImageError if damaged."""
    name = _shown(info.filename)
    if info.flag_bits & 0x1:
        raise ImageError(f"{name} is password-protected. Zip the folder again without a password.")
    try:
        with archive.open(info) as member:
            raw = member.read(limit + 1)       # a read to the end also checks the CRC
    except _UNZIP_ERRORS:
        raise ImageError(f"{name} is damaged inside the zip and cannot be unpacked. Zip the folder again.") from None
    if len(raw) > limit:
        raise ImageError(f"{name}: unzipped, the images take more than the limit "
                         f"({MAX_IMAGE_BYTES / 1e6:.0f} MB an image, {MAX_UNZIPPED_BYTES / 1e6:.0f} MB in all).")
    return raw


def _members(archive: zipfile.ZipFile) -> list[tuple[str, str, bytes, tuple[int, int]]]:
    """(class, shown name, bytes, declared (width, height)) of every image in a class folder, each
    header checked; other files are skipped unread."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_FILES:
        raise ImageError(f"The zip holds {len(infos):,} files; the limit is {MAX_FILES:,}.")
    members, total = [], 0
    for info in infos:
        path = PurePosixPath(info.filename)
        label = _class_of(path)
        if label is None or path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        raw = _read_member(archive, info, min(MAX_IMAGE_BYTES, MAX_UNZIPPED_BYTES - total))
        total += len(raw)
        try:
            size = image_size(raw)
        except ImageError as err:
            raise ImageError(f"{_shown(info.filename)}: {err}") from None
        members.append((label, _shown(info.filename), raw, size))
    return members


def _decode_members(members, size: int, budget: ZipBudget) -> list[np.ndarray]:
    """Each member → uint8 (size, size), within the budget's pixels (all checked first) and seconds."""
    start = budget.clock()
    declared = sum(w * h for *_, (w, h) in members)
    if declared > budget.max_pixels:
        raise ImageError(f"The images hold {declared / 1e6:,.0f} million pixels in all; one zip may hold "
                         f"{budget.max_pixels / 1e6:,.0f} million. The network sees {size}×{size}: shrink the "
                         "images (e.g. to 256×256) before zipping.")
    out = []
    for _, name, raw, (w, h) in members:
        try:
            out.append(_decode(raw, lambda *_: (size, size), grey=True))   # stretched to a square
        except ImageError as err:
            raise ImageError(f"{name}: {err}") from None
        budget.pixels += w * h
        if budget.clock() - start > budget.max_seconds:
            raise ImageError(f"Reading the images took more than {budget.max_seconds:.0f} s. The network sees "
                             f"{size}×{size}: shrink the images (e.g. to 256×256) or send fewer.")
    return out


def read_zip_folder(data: bytes, size: int = 28, budget: ZipBudget | None = None) -> ImageSet:
    """A zip of class folders → ImageSet of (N, 1, size, size) grey images, classes in name order."""
    budget = budget or ZipBudget()
    archive = _open_zip(data)
    with archive:
        members = _members(archive)
    labels = sorted({label for label, *_ in members})
    if len(labels) < 2:
        raise ImageError(f"Found {len(labels)} class folder(s) with PNG/JPEG images; a classifier needs "
                         f"at least 2, {ZIP_EXAMPLE}.")
    if len(labels) > MAX_CLASSES:
        raise ImageError(f"Found {len(labels)} class folders; the limit is {MAX_CLASSES}.")
    y = np.array([labels.index(label) for label, *_ in members], dtype=np.int64)
    counts = np.bincount(y, minlength=len(labels))
    if counts.min() < MIN_PER_CLASS:
        few = _shown(labels[int(counts.argmin())])
        raise ImageError(f"Class '{few}' has {counts.min()} image(s); give every class at least "
                         f"{MIN_PER_CLASS} (some are held out to test).")
    pixels = _decode_members(members, size, budget)
    X = (np.stack(pixels)[:, None].astype(np.float32) / 255.0)
    return ImageSet(X, y, tuple(labels))


# ---- uploaded datasets, kept per browser session -------------------------------------------------
PER_SESSION_SETS = 4               # a session's fifth zip forgets its own oldest
PER_SESSION_BYTES = 40_000_000     # four of the largest zips (3,000 images of 28×28 float32 ≈ 9.4 MB)
SERVER_BYTES = 500_000_000         # every session together; past it uploads are refused, not evicted
_STORE: UploadStore[ImageSet] = UploadStore(PER_SESSION_SETS, PER_SESSION_BYTES, SERVER_BYTES, prefix="upload:")


def register(dataset: ImageSet, owner: str) -> str:
    """Keep `dataset` for `owner` (a session token) and return its key 'upload:<digest>'."""
    try:
        return _STORE.put(owner, dataset, dataset.X, dataset.y, dataset.class_names)
    except UploadRefused as err:
        raise ImageError(str(err)) from None


def lookup(key: str, owner: str | None = None) -> ImageSet:
    """The registered dataset. With `owner`, only that owner's (a page checking a link); without,
    any (an experiment built from a config its page checked). ImageError says it is not here."""
    found = _STORE.entry(key)
    if found is None:
        raise ImageError("That uploaded dataset is no longer on the server (it restarted, or the "
                         "link came from another machine). Upload the zip again.")
    if owner is not None and found[0] != owner:
        raise ImageError("This link names a zip that was uploaded in another browser, so its images are not "
                         "available in this browser (links cannot carry files). Upload the zip here.")
    return found[1]


def is_registered(key: str, owner: str) -> bool:
    """Whether `owner` can use the dataset under `key` here."""
    found = _STORE.entry(key)
    return found is not None and found[0] == owner


def forget_owner(owner: str) -> None:
    """Drop every dataset of `owner` (its browser session ended)."""
    _STORE.forget_owner(owner)
