"""Parse an uploaded CSV of labelled 2-D points (x1, x2, label) into arrays, or say what is wrong.

Shared by the Perceptron and MLP pages; the GAN page reads unlabelled points (x1, x2) with
`parse_points`. Every failure raises DataError with a message that
names the problem (and the line) and tells the user how to fix the file; no other error escapes,
whatever the bytes.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

MAX_BYTES = 2_000_000
MAX_CLASSES = 10
MIN_POINTS = 10          # fewer unlabelled points are no distribution to learn
MAX_CELL_CHARS = 100      # numbers and class names are short; a longer cell is a broken quote or not CSV
EXAMPLE = "Expected 3 columns per line, e.g.\n  x1,x2,label\n  0.5,1.2,0\n  -0.3,0.8,1"
POINTS_EXAMPLE = "Expected 2 columns per line (a third, a label, is ignored), e.g.\n  x1,x2\n  0.5,1.2\n  -0.3,0.8"


class DataError(ValueError):
    """The uploaded data cannot be used; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class LabelledPoints:
    """X: (N, 2) float32 features; y: (N,) int64 class indices 0..K-1; class_names[k] names class k."""
    X: np.ndarray
    y: np.ndarray
    class_names: list[str]
    feature_names: tuple[str, str] = ("x1", "x2")

    @property
    def n_classes(self) -> int:
        return len(self.class_names)


def _decode(data: bytes, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise DataError(f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB. "
                        "Upload a smaller sample of your points.")
    try:
        text = data.decode("utf-8-sig")  # -sig: Excel writes a byte-order mark
    except UnicodeDecodeError as err:
        raise DataError(f"The file is not UTF-8 text (byte {err.start} cannot be decoded). "
                        "Save it as 'CSV UTF-8' and upload it again.") from None
    if not text.strip():
        raise DataError(f"The file is empty. {EXAMPLE}")
    return text


def _delimiter(text: str) -> str:
    """Comma unless the first line uses semicolons or tabs instead (European spreadsheets)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    for sep in (",", ";", "\t"):
        if sep in first:
            return sep
    return ","


def _quoted(cell: str, limit: int = 20) -> str:
    """A cell fit for a message: quoted, at most `limit` characters."""
    return repr(cell if len(cell) <= limit else cell[:limit - 1] + "…")


def _long_cell(line: int) -> DataError:
    return DataError(f"Line {line} has a cell longer than {MAX_CELL_CHARS} characters: an unclosed quote "
                     "mark (\") makes the rest of the file one cell. Check the quotes on that line.")


def _rows(text: str, widths: tuple[int, ...] = (3,), example: str = EXAMPLE) -> list[tuple[int, list[str]]]:
    """Non-blank rows as (line number, stripped cells), each checked to have short cells, as many
    as one of `widths` (`example` shows the format in the message)."""
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            cells = [c.strip() for c in cells]
            if len(cells) not in widths:
                wanted = " or ".join(map(str, widths))
                raise DataError(f"Line {reader.line_num} has {len(cells)} column(s), not {wanted}. {example}")
            if max(map(len, cells)) > MAX_CELL_CHARS:
                raise _long_cell(reader.line_num)
            rows.append((reader.line_num, cells))
    except csv.Error as err:  # the csv module's own limit on a field, or a stray quote in strict mode
        if "field larger than field limit" in str(err):
            raise _long_cell(reader.line_num) from None
        raise DataError(f"Line {reader.line_num} is not valid CSV (check its quote marks). {example}") from None
    return rows


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _is_header(cells: list[str]) -> bool:
    return _number(cells[0]) is None and _number(cells[1]) is None


def _features(rows: list[tuple[int, list[str]]]) -> np.ndarray:
    X = np.empty((len(rows), 2), dtype=np.float64)
    for i, (line, cells) in enumerate(rows):
        for j in range(2):
            value = _number(cells[j])
            if value is None:
                shown = _quoted(cells[j]) if cells[j] else "an empty cell"
                raise DataError(f"Line {line}, column {j + 1}: {shown} is not a number. "
                                "Features x1 and x2 must be numbers; fix or delete that line.")
            if not math.isfinite(value):
                raise DataError(f"Line {line}, column {j + 1} is {_quoted(cells[j])} (not a finite number). "
                                "Replace missing or infinite values, or delete that line.")
            X[i, j] = value
    if np.abs(X).max() > 1e6:
        raise DataError("Some features are larger than 1,000,000 in size. Rescale the columns "
                        "(e.g. divide by their largest value) so training stays stable.")
    return X


def _labels(rows: list[tuple[int, list[str]]], max_classes: int) -> tuple[np.ndarray, list[str]]:
    """Labels → indices 0..K-1: numeric labels in numeric order, text labels alphabetically."""
    cells = [cells[2] for _, cells in rows]
    values = [_number(c) for c in cells]
    for (line, _), cell, value in zip(rows, cells, values):
        if not cell or (value is not None and not math.isfinite(value)):
            raise DataError(f"Line {line} has no label ({_quoted(cell)}). Every point needs a class "
                            "label in column 3; fix or delete that line.")
    if all(v is not None for v in values):
        if any(v != int(v) for v in values):
            bad = next(c for c, v in zip(cells, values) if v != int(v))
            raise DataError(f"Label {_quoted(bad)} is not a whole number: labels are classes (0, 1, 2… "
                            "or names like 'cat'), not continuous values.")
        keys = [int(v) for v in values]
        names = [str(k) for k in sorted(set(keys))]
        keys = [str(k) for k in keys]
    else:
        keys, names = cells, sorted(set(cells))
    if len(names) < 2:
        raise DataError(f"Every point has the label {_quoted(names[0])}: a classifier needs at least "
                        "2 classes. Add points of another class.")
    if len(names) > max_classes:
        raise DataError(f"The labels name {len(names)} classes; the limit is {max_classes}. "
                        "Is column 3 really a class label (not a measurement)?")
    index = {name: k for k, name in enumerate(names)}
    return np.array([index[k] for k in keys], dtype=np.int64), names


def parse_labelled_points(data: bytes, max_rows: int = 5000, max_bytes: int = MAX_BYTES,
                          max_classes: int = MAX_CLASSES) -> LabelledPoints:
    """CSV bytes (x1, x2, label; optional header; comma, semicolon or tab) → LabelledPoints.

    Raises DataError for: too many bytes, not UTF-8, empty, wrong column count, non-numeric or
    non-finite features, missing labels, fewer than 2 or more than `max_classes` classes,
    more than `max_rows` points.
    """
    rows = _rows(_decode(data, max_bytes))
    feature_names = ("x1", "x2")
    if rows and _is_header(rows[0][1]):
        feature_names = (rows[0][1][0] or "x1", rows[0][1][1] or "x2")
        rows = rows[1:]
    if not rows:
        raise DataError(f"The file has a header but no points. {EXAMPLE}")
    if len(rows) > max_rows:
        raise DataError(f"The file has {len(rows):,} points; the limit is {max_rows:,}. "
                        "Upload a random sample of your points.")
    X = _features(rows)
    y, class_names = _labels(rows, max_classes)
    return LabelledPoints(X.astype(np.float32), y, class_names, feature_names)


def parse_points(data: bytes, max_rows: int = 5000, max_bytes: int = MAX_BYTES) -> np.ndarray:
    """CSV bytes of unlabelled points (x1, x2; a third column is ignored, so a labelled file
    serves too; optional header) → X (N, 2) float32 with N ≥ MIN_POINTS.

    Raises DataError as parse_labelled_points does for the bytes, the columns and the features,
    and for fewer than MIN_POINTS or more than `max_rows` points.
    """
    rows = _rows(_decode(data, max_bytes), (2, 3), POINTS_EXAMPLE)
    if rows and _is_header(rows[0][1]):
        rows = rows[1:]
    if len(rows) < MIN_POINTS:
        raise DataError(f"The file has {len(rows)} point(s); a distribution needs at least {MIN_POINTS}. "
                        f"{POINTS_EXAMPLE}")
    if len(rows) > max_rows:
        raise DataError(f"The file has {len(rows):,} points; the limit is {max_rows:,}. "
                        "Upload a random sample of your points.")
    return _features(rows).astype(np.float32)
