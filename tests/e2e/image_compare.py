"""Drawn charts against stored reference PNGs (tests/reference/), with a tolerance for the odd
anti-aliased edge: a drawing matches when at most MAX_SHARE of its pixels differ from the
reference by more than THRESHOLD in some channel.

    UPDATE_REFERENCES=1 .venv/bin/python -m pytest -q tests/e2e/test_canvas_references.py

rewrites the references from the current drawing (look at each one before committing it). A
drawing that does not match leaves <name>.actual.png and <name>.diff.png (the differing pixels
red over a faded reference) under test-artifacts/ for a human to look at.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

REFERENCES = Path(__file__).resolve().parents[1] / "reference"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
THRESHOLD = 40      # of 255 in a channel: text anti-aliasing across Chromium builds stays under it
MAX_SHARE = 0.01    # of the chart's pixels


def updating() -> bool:
    return os.environ.get("UPDATE_REFERENCES") == "1"


def differing(actual: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """(H, W) bool: pixels whose channels differ by more than THRESHOLD."""
    return (np.abs(actual.astype(np.int16) - reference.astype(np.int16)) > THRESHOLD).any(-1)


def diff_picture(reference: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The reference faded to a quarter of its contrast, differing pixels red."""
    faded = (255 - (255 - reference[..., :3].astype(np.int16)) // 4).astype(np.uint8)
    faded[mask] = (255, 0, 0)
    return faded


def check(actual: np.ndarray, name: str) -> None:
    """Assert `actual` ((H, W, 4) uint8) matches tests/reference/<name>.png (or store it, when updating)."""
    path = REFERENCES / f"{name}.png"
    if updating():
        REFERENCES.mkdir(exist_ok=True)
        Image.fromarray(actual).save(path, optimize=True)
        return
    assert path.exists(), f"no reference {path}: run with UPDATE_REFERENCES=1 and look at it"
    reference = np.asarray(Image.open(path).convert("RGBA"))
    ARTIFACTS.mkdir(exist_ok=True)
    if reference.shape != actual.shape:
        Image.fromarray(actual).save(ARTIFACTS / f"{name}.actual.png")
        raise AssertionError(f"{name}: drawn {actual.shape[:2]}, reference {reference.shape[:2]}")
    mask = differing(actual, reference)
    if mask.mean() > MAX_SHARE:
        Image.fromarray(actual).save(ARTIFACTS / f"{name}.actual.png")
        Image.fromarray(diff_picture(reference, mask)).save(ARTIFACTS / f"{name}.diff.png")
        raise AssertionError(f"{name}: {mask.mean():.1%} of pixels differ (at most {MAX_SHARE:.0%}); "
                             f"see {ARTIFACTS / name}.diff.png")
