"""What fits in a figure of a known size: numbers in cells, integer tick steps, wrapped titles.

Static figures are drawn as wide as their column; a page says how wide that column is at the
smallest screen we support (a 1280×720 projector), and the builders write only what fits there.
"""
from __future__ import annotations

import math
from typing import Iterable

EM = 0.56               # width of a digit or minus sign, in font sizes (the app's sans-serif)
PROSE_EM = 0.52         # average width of a letter or space in a title
PAD = 6                 # px of air a number needs around it inside its cell
DESK_COLUMN = 820       # px: the page's main column at 1280 px wide, sidebar open
PRESENT_COLUMN = 1120   # px: the same in present mode (sidebar hidden)
_STEPS = (1, 2, 5)


def column_width(present: bool, share: float = 1.0) -> int:
    """Width in px of a page column taking `share` of the main column at 1280 px."""
    return int((PRESENT_COLUMN if present else DESK_COLUMN) * share)


def text_width(text: str, size: float) -> float:
    """Estimated px width of one line of `text` at font `size`."""
    return len(text) * EM * size


def fits(labels: Iterable[str], cell_w: float, cell_h: float, size: float) -> bool:
    """True when the widest of `labels` fits inside a cell_w × cell_h px cell at font `size`."""
    widest = max((text_width(s, size) for s in labels), default=0.0)
    return widest + PAD <= cell_w and size * 1.3 <= cell_h


def index_ticks(n: int, length_px: float, label_px: float) -> dict:
    """Axis settings for an index axis of n cells (0 … n−1) over length_px: whole-number ticks
    only, at a step of 1, 2, 5, 10, 20, … so that labels of label_px each do not touch."""
    most = max(1, int(length_px // max(label_px, 1.0)))
    step = 1
    for k in range(12):
        step = _STEPS[k % 3] * 10 ** (k // 3)
        if math.ceil(n / step) <= most:
            break
    return {"tickmode": "linear", "tick0": 0, "dtick": step}


def wrap(text: str, width_px: float, size: float) -> str:
    """`text` broken at spaces (plotly's <br>) into lines at most width_px wide at font `size`."""
    most = max(1, int(width_px // (PROSE_EM * size)))
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)
