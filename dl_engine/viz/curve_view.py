"""How training curves show a long run: whole, on a log time axis (the early learning gets as
much room as the long tail), or only the last stretch (the y axis then fits what is left)."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from dl_engine.viz.spec import Chart, Line

WHOLE, LOG, LAST = "the whole run", "a log time axis", "the last stretch"
VIEWS = (WHOLE, LOG, LAST)
LAST_SHARE = 0.2          # the last stretch: the latest fifth of the run, at least LAST_MIN units
LAST_MIN = 10
TIME_AXES = ("epoch", "training step", "step (samples seen)")


def is_training_curve(fig) -> bool:
    """A chart of lines over training time (epochs or steps)."""
    return (isinstance(fig, Chart) and fig.x.title in TIME_AXES
            and all(isinstance(m, Line) for m in fig.marks))


def _latest(fig: Chart) -> float:
    ends = [float(np.nanmax(np.asarray(m.x, dtype=float))) for m in fig.marks if len(m.x)]
    return max(ends) if ends else 0.0


def last_stretch(fig: Chart) -> Chart:
    """Only the points within the latest LAST_SHARE of the run (x ≥ end − span)."""
    end = _latest(fig)
    start = end - max(LAST_MIN, LAST_SHARE * end)
    marks = []
    for mark in fig.marks:
        keep = np.asarray(mark.x, dtype=float) >= start
        marks.append(replace(mark, x=np.asarray(mark.x)[keep], y=np.asarray(mark.y)[keep]))
    x = replace(fig.x, title=f"{fig.x.title} (latest stretch)", to_zero=False)
    return replace(fig, marks=marks, x=x)


def log_ticks(end: float) -> list[float]:
    """0, 1, 2, 5, 10, 20, 50, … up to `end`."""
    ticks, k = [0.0], 0
    while True:
        value = (1, 2, 5)[k % 3] * 10 ** (k // 3)
        if value > max(end, 1):
            return ticks
        ticks.append(float(value))
        k += 1


def log_time(fig: Chart) -> Chart:
    """x drawn at log10(1 + x), labelled with x itself: a log axis that keeps step 0."""
    marks = [replace(m, x=np.log10(1 + np.maximum(np.asarray(m.x, dtype=float), 0))) for m in fig.marks]
    ticks = log_ticks(_latest(fig))
    x = replace(fig.x, title=f"{fig.x.title} (log scale)", step=None, range=None,
                tick_values=[math.log10(1 + t) for t in ticks], tick_labels=[f"{t:,.0f}" for t in ticks])
    return replace(fig, marks=marks, x=x)


def curve_view(fig, view: str):
    """`fig` as the chosen view shows it; figures that are not training curves stay as they are."""
    if view == WHOLE or not is_training_curve(fig):
        return fig
    return log_time(fig) if view == LOG else last_stretch(fig)
