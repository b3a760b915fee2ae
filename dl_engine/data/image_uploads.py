"""User uploads for the CNN pages: one PNG/JPEG image, or a zip of class folders, validated.

Every failure raises ImageError with a message that says what is wrong and what to do.
Uploaded datasets are kept in a small in-process store, keyed by a content digest, so a run's
frozen config can name one (`upload:<digest>`) without carrying the pixels.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

import numpy as np

from dl_engine.data.images import ImageSet, resize, to_grey
from dl_engine.data.upload_store import UploadStore

MAX_IMAGE_BYTES = 5_000_000
MAX_PIXELS = 4096 * 4096          # refuse decompression bombs before decoding
MAX_ZIP_BYTES = 10_000_000
MAX_UNZIPPED_BYTES = 50_000_000
MAX_FILES = 3000
MAX_CLASSES = 20
MIN_PER_CLASS = 3
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
ZIP_EXAMPLE = "e.g. shapes.zip containing cats/1.png, cats/2.png, …, dogs/1.jpg, …"


class ImageError(ValueError):
    """The upload cannot be used; the message says why and how to fix it."""


def read_image(data: bytes, max_side: int = 64, grey: bool = True) -> np.ndarray:
    """PNG/JPEG bytes → (1 or 3, H, W) float64 in [0, 1], the longer side shrunk to ≤ max_side."""
    from PIL import Image, UnidentifiedImageError
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"The image is {len(data) / 1e6:.1f} MB; upload one of at most "
                         f"{MAX_IMAGE_BYTES / 1e6:.0f} MB.")
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.format not in ("PNG", "JPEG"):
                raise ImageError(f"This is a {im.format} file; upload a PNG or JPEG image.")
            if im.width * im.height > MAX_PIXELS:
                raise ImageError(f"The image is {im.width}×{im.height} pixels; upload one of at most "
                                 "4096×4096.")
            rgb = np.asarray(im.convert("RGB"), dtype=np.float64).transpose(2, 0, 1) / 255.0
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise ImageError(f"This file is not a readable PNG or JPEG image ({err}).") from err
    img = resize(rgb, max_side)
    return to_grey(img) if grey else img


def _class_of(path: PurePosixPath) -> str | None:
    """'root/cats/1.png' or 'cats/1.png' → 'cats'; None for files to skip (hidden, macOS, loose)."""
    if any(part.startswith((".", "__MACOSX")) for part in path.parts) or len(path.parts) < 2:
        return None
    return path.parts[-2]


def read_zip_folder(data: bytes, size: int = 28) -> ImageSet:
    """A zip of class folders → ImageSet of (N, 1, size, size) grey images, classes in name order."""
    if len(data) > MAX_ZIP_BYTES:
        raise ImageError(f"The zip is {len(data) / 1e6:.1f} MB; the limit is {MAX_ZIP_BYTES / 1e6:.0f} MB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise ImageError(f"This is not a zip file ({err}). Zip a folder with one sub-folder per class, "
                         f"{ZIP_EXAMPLE}.") from err
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES:
            raise ImageError(f"The zip holds {len(infos)} files; the limit is {MAX_FILES}.")
        if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
            raise ImageError(f"Unzipped, the files would take more than {MAX_UNZIPPED_BYTES / 1e6:.0f} MB.")
        items = []
        for info in infos:
            path = PurePosixPath(info.filename)
            label = _class_of(path)
            if label is None or path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            try:
                img = read_image(archive.read(info), max_side=10_000, grey=True)
            except ImageError as err:
                raise ImageError(f"{info.filename}: {err}") from err
            items.append((label, _square(img, size)))
    labels = sorted({label for label, _ in items})
    if len(labels) < 2:
        raise ImageError(f"Found {len(labels)} class folder(s) with PNG/JPEG images; a classifier needs "
                         f"at least 2, {ZIP_EXAMPLE}.")
    if len(labels) > MAX_CLASSES:
        raise ImageError(f"Found {len(labels)} class folders; the limit is {MAX_CLASSES}.")
    y = np.array([labels.index(label) for label, _ in items], dtype=np.int64)
    counts = np.bincount(y, minlength=len(labels))
    if counts.min() < MIN_PER_CLASS:
        few = labels[int(counts.argmin())]
        raise ImageError(f"Class '{few}' has {counts.min()} image(s); give every class at least "
                         f"{MIN_PER_CLASS} (some are held out to test).")
    X = np.stack([img for _, img in items]).astype(np.float32)
    return ImageSet(X, y, tuple(labels))


def _square(img: np.ndarray, size: int) -> np.ndarray:
    """(1, H, W) → (1, size, size): stretch to a square (the resize area-averages when shrinking)."""
    from PIL import Image
    pil = Image.fromarray(img[0].astype(np.float32), mode="F").resize((size, size), Image.BOX)
    return np.clip(np.asarray(pil, dtype=np.float64), 0, 1)[None]


# ---- the in-process store of uploaded datasets --------------------------------------------------
_STORE: UploadStore[ImageSet] = UploadStore(capacity=8, prefix="upload:")


def register(dataset: ImageSet) -> str:
    """Keep `dataset` (the newest 8 stay) and return its key 'upload:<digest>'."""
    return _STORE.put(dataset, dataset.X, dataset.y, dataset.class_names)


def lookup(key: str) -> ImageSet:
    """The registered dataset, or ImageError if this server no longer holds it."""
    dataset = _STORE.get(key)
    if dataset is None:
        raise ImageError("That uploaded dataset is no longer on the server (it restarted, or the "
                         "link came from another machine). Upload the zip again.")
    return dataset


def is_registered(key: str) -> bool:
    return _STORE.get(key) is not None
