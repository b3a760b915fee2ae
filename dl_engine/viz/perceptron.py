"""Perceptron figures: the points with the decision line and weight vector, mistakes per epoch,
and the weights over training. Plain arrays in, plain figure dicts out (redrawn live).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dl_engine.models.perceptron import fmt
from dl_engine.viz.figure_dicts import (LEGEND_BELOW, LEGEND_BELOW_MARGIN, arrow, axis, figure, index_axis, line, note,
                                        text_at)

CLASS_COLOURS = ("#1f77b4", "#ff7f0e")   # class 0 blue, class 1 orange (colour-blind safe pair)
REGION_COLOURS = ("rgba(31,119,180,0.10)", "rgba(255,127,14,0.16)")
SYMBOLS = ("circle", "square")
MAX_EPOCH_BARS = 200


def _figure(data: list[dict], title: str, height: int, **kw: Any) -> dict:
    """The perceptron's look: 16 px text, the legend under the x-axis title."""
    return figure(data, title, height, font_size=16, title_size=19, legend=LEGEND_BELOW,
                  margin=dict(l=70, r=20, t=60, b=LEGEND_BELOW_MARGIN), **kw)


def _arrow(w: np.ndarray, b: float, box: np.ndarray, segment: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Where to draw w: from the line's middle (or the box centre), 20% of the box diagonal long."""
    norm = float(np.linalg.norm(w))
    if norm < 1e-9:  # w = 0 up to float dust: no direction to draw
        return None
    base = segment.mean(axis=0) if len(segment) == 2 else np.array([box[:2].mean(), box[2:].mean()])
    length = 0.2 * np.hypot(box[1] - box[0], box[3] - box[2])
    return base, base + length * w / norm


def _ring(x, y, name: str, size: int, colour: str, dash: str | None = None) -> dict:
    """Hollow circles around points (x, y: (N,)): the misclassified ones, the last sample."""
    ring = {"width": 3, "color": colour} | ({"dash": dash} if dash else {})
    return line(x, y, name, mode="markers", marker={"size": size, "color": "rgba(0,0,0,0)", "line": ring})


def _fill(x, y, colour: str, name: str) -> dict:
    """A filled polygon with corners (x, y), no outline (the ŷ = 0 box, the ŷ = 1 region)."""
    return {"type": "scatter", "x": x, "y": y, "fill": "toself", "mode": "none", "fillcolor": colour,
            "name": name, "showlegend": False, "hoverinfo": "skip"}


def boundary_figure(v: dict[str, Any], class_names=("0", "1"), axis_names=("x1", "x2"),
                    height: int = 580) -> dict:
    """The points (X: (N, 2), y: (N,)), the ŷ = 1 region, the line w·x + b = 0, the vector w
    (normal to the line, pointing to class 1), misclassified points ringed, the last sample marked."""
    X, y, y_hat, box = v["X"], v["y"], v["y_hat"], v["box"]
    x0, x1, y0, y1 = box
    data = [_fill([x0, x1, x1, x0], [y0, y0, y1, y1], REGION_COLOURS[0], "ŷ = 0 side")]
    if len(v["region"]):
        data.append(_fill(v["region"][:, 0], v["region"][:, 1], REGION_COLOURS[1], "ŷ = 1 side"))
    for k in (0, 1):
        pts = X[y == k]
        data.append(line(pts[:, 0], pts[:, 1], f"class {class_names[k]}", mode="markers",
                         marker={"size": 14, "color": CLASS_COLOURS[k], "symbol": SYMBOLS[k],
                                 "line": {"width": 1, "color": "white"}}))
    wrong = X[y != y_hat]
    data.append(_ring(wrong[:, 0], wrong[:, 1], "misclassified", 24, "#d62728"))
    if len(v["line"]) == 2 and not np.allclose(v["line"][0], v["line"][1]):
        data.append(line(v["line"][:, 0], v["line"][:, 1], f"w·x + b = 0  (b = {fmt(v['b'])})", "black"))
    notes = []
    arrow_ends = _arrow(v["w"], v["b"], box, v["line"])
    if arrow_ends is not None:
        (bx, by), (tx, ty) = arrow_ends
        notes.append(arrow(tx, ty, bx, by, "#2ca02c", 3, 3, arrowsize=1.5,
                           text=f"<b>w = ({fmt(v['w'][0])}, {fmt(v['w'][1])})</b>",
                           font={"size": 17, "color": "#2ca02c"}, xanchor="left", bgcolor="rgba(255,255,255,0.8)"))
    last = v.get("last")
    if last is not None:
        (lx, ly), wrong_step = last["x"], last["error"] != 0
        data.append(_ring([lx], [ly], "last sample", 34, "#9467bd", "dot"))
        notes.append(text_at(lx, ly, "mistake → update" if wrong_step else "correct", 15, "#9467bd",
                             yshift=28, bgcolor="rgba(255,255,255,0.8)"))
    return _figure(data, "Points and the decision line w·x + b = 0", height, annotations=notes,
                   xaxis=axis(axis_names[0], range=[x0, x1], zeroline=True, constrain="domain"),
                   yaxis=axis(axis_names[1], range=[y0, y1], zeroline=True, scaleanchor="x", scaleratio=1,
                              constrain="domain"))


def epoch_errors_figure(errors: np.ndarray, n_points: int, in_progress: int | None = None,
                        height: int = 360) -> dict:
    """Bars of mistakes per completed epoch (errors: (E,)), the latest MAX_EPOCH_BARS of them;
    `in_progress` adds a grey bar for the mistakes so far in the current epoch (one bar trace, so
    the live chart draws it on its canvas whether or not an epoch is in progress)."""
    first = max(0, len(errors) - MAX_EPOCH_BARS)
    epochs = np.arange(first + 1, len(errors) + 1)
    counts, colours = list(np.asarray(errors[first:])), ["#d62728"] * len(epochs)
    if in_progress is not None:
        epochs, counts, colours = np.append(epochs, len(errors) + 1), counts + [in_progress], colours + ["#aaaaaa"]
    data = [{"type": "bar", "x": epochs, "y": np.asarray(counts), "name": "mistakes", "marker": {"color": colours}}]
    return _figure(data, "Mistakes per epoch (0 = converged; grey: the epoch so far)", height,
                   xaxis=index_axis("epoch", [0, *epochs], rangemode="tozero"),
                   yaxis=axis("mistakes", range=[0, max(1, n_points) * 1.05], rangemode="tozero"),
                   annotations=[] if len(epochs) else [note("No sample seen yet: press Step or +1 epoch")])


def weights_figure(history: dict[str, np.ndarray], height: int = 360) -> dict:
    """w1, w2 and b against the step (history arrays (T,) keyed "step", "w1", "w2", "b")."""
    data = []
    for name, colour in (("w1", "#2ca02c"), ("w2", "#9467bd"), ("b", "#7f7f7f")):
        if name in history:
            trace = line(history["step"], history[name], name, colour, mode="lines+markers", marker={"size": 5})
            trace["line"]["shape"] = "hv"  # a weight holds its value until the next update
            data.append(trace)
    return _figure(data, "Weights and bias over training", height,
                   xaxis=index_axis("step (samples seen)", history.get("step", [])),
                   yaxis=axis("value"))
