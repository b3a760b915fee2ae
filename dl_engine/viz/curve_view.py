"""How training curves show a long run: whole, on a log time axis (the early learning gets as
much room as the long tail), or only the last stretch (the y axis then fits what is left)."""
from __future__ import annotations

import math

import numpy as np

WHOLE, LOG, LAST = "the whole run", "a log time axis", "the last stretch"
VIEWS = (WHOLE, LOG, LAST)
LAST_SHARE = 0.2          # the last stretch: the latest fifth of the run, at least LAST_MIN units
LAST_MIN = 10
TIME_AXES = ("epoch", "training step", "step (samples seen)")


def is_training_curve(fig: dict) -> bool:
    """A line chart over training time (epochs or steps)."""
    title = ((fig.get("layout", {}).get("xaxis") or {}).get("title") or {}).get("text")
    return title in TIME_AXES and all(t.get("type", "scatter") == "scatter" for t in fig.get("data", []))


def _latest(fig: dict) -> float:
    ends = [float(np.nanmax(t["x"])) for t in fig["data"] if len(t.get("x", ()))]
    return max(ends) if ends else 0.0


def last_stretch(fig: dict) -> dict:
    """Only the points within the latest LAST_SHARE of the run (x ≥ end − span)."""
    end = _latest(fig)
    start = end - max(LAST_MIN, LAST_SHARE * end)
    data = []
    for trace in fig["data"]:
        x = np.asarray(trace.get("x", ()), dtype=float)
        keep = x >= start
        data.append(trace | {k: np.asarray(trace[k])[keep] for k in ("x", "y") if k in trace})
    xaxis = dict(fig["layout"].get("xaxis", {}))
    xaxis.pop("rangemode", None)
    title = xaxis.get("title", {}).get("text", "")
    return fig | {"data": data, "layout": fig["layout"] | {"xaxis": xaxis | {"title": {"text": f"{title} (latest stretch)"}}}}


def log_ticks(end: float) -> list[float]:
    """0, 1, 2, 5, 10, 20, 50, … up to `end`."""
    ticks, k = [0.0], 0
    while True:
        value = (1, 2, 5)[k % 3] * 10 ** (k // 3)
        if value > max(end, 1):
            return ticks
        ticks.append(float(value))
        k += 1


def log_time(fig: dict) -> dict:
    """x drawn at log10(1 + x), labelled with x itself: a log axis that keeps step 0."""
    data = [trace | {"x": np.log10(1 + np.maximum(np.asarray(trace["x"], dtype=float), 0))}
            if "x" in trace else trace for trace in fig["data"]]
    ticks = log_ticks(_latest(fig))
    xaxis = {k: v for k, v in fig["layout"].get("xaxis", {}).items() if k not in ("tickmode", "tick0", "dtick", "range")}
    title = xaxis.get("title", {}).get("text", "")
    xaxis |= {"title": {"text": f"{title} (log scale)"}, "tickvals": [math.log10(1 + t) for t in ticks],
              "ticktext": [f"{t:,.0f}" for t in ticks]}
    return fig | {"data": data, "layout": fig["layout"] | {"xaxis": xaxis}}


def curve_view(fig: dict, view: str) -> dict:
    """`fig` as the chosen view shows it; figures that are not training curves stay as they are."""
    if view == WHOLE or not isinstance(fig, dict) or not is_training_curve(fig):
        return fig
    return log_time(fig) if view == LOG else last_stretch(fig)
