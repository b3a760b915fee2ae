"""'Download an example' beside each uploader: one small file per kind of upload, from assets/.

The files are written by assets/make_examples.py; each is accepted by its page's parser
(tests/unit/test_upload_examples.py checks that).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parents[2] / "assets"
EXAMPLES = {   # kind → (file in assets/, MIME type, what the file shows)
    "points": ("points.csv", "text/csv", "60 points of two classes: columns x1, x2, label."),
    "zip": ("shapes.zip", "application/zip", "3 class folders (circle, square, triangle) of 5 PNGs each."),
    "text": ("text.txt", "text/plain", "A short text to paste: the net learns to guess its next letter."),
    "image": ("image.png", "image/png", "A 64×64 hand-drawn 7, dark ink on white."),
}


@lru_cache(maxsize=len(EXAMPLES))
def example_bytes(kind: str) -> bytes:
    """The example file for `kind` ('points', 'zip', 'text' or 'image')."""
    return (ASSETS / EXAMPLES[kind][0]).read_bytes()


def example_download(kind: str, key: str | None = None) -> None:
    """Draw a 'Download an example' button for `kind`; it does not rerun the page."""
    name, mime, what = EXAMPLES[kind]
    try:
        data = example_bytes(kind)
    except OSError:  # a checkout without assets/: say so instead of failing the page
        st.caption(f"(The example file assets/{name} is missing.)")
        return
    st.download_button("Download an example", data, file_name=name, mime=mime, key=key or f"example.{kind}",
                       help=what, on_click="ignore")
