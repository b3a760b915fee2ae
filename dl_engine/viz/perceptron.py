"""Perceptron figures: the points with the decision line and weight vector, mistakes per epoch,
and the weights over training. Plain arrays in, live-figure specs out (redrawn live).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dl_engine.models.perceptron import fmt
from dl_engine.viz.spec import Arrow, Axis, Bars, Chart, Legend, Line, Markers, Note

CLASS_COLOURS = ("#1f77b4", "#ff7f0e")   # class 0 blue, class 1 orange (colour-blind safe pair)
REGION_COLOURS = ("rgba(31,119,180,0.10)", "rgba(255,127,14,0.16)")
SYMBOLS = ("circle", "square")
MAX_EPOCH_BARS = 200
BACKING = "rgba(255,255,255,0.8)"        # behind labels drawn over points
W_COLOUR = "#2ca02c"


def _chart(marks: list, title: str, height: int, **kw: Any) -> Chart:
    """The perceptron's look: a large title, the legend under the x-axis title."""
    return Chart(title=title, height=height, marks=marks, title_size=19, legend=Legend(below=True), **kw)


def _arrow(w: np.ndarray, b: float, box: np.ndarray, segment: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Where to draw w: from the line's middle (or the box centre), 20% of the box diagonal long."""
    norm = float(np.linalg.norm(w))
    if norm < 1e-9:  # w = 0 up to float dust: no direction to draw
        return None
    base = segment.mean(axis=0) if len(segment) == 2 else np.array([box[:2].mean(), box[2:].mean()])
    length = 0.2 * np.hypot(box[1] - box[0], box[3] - box[2])
    return base, base + length * w / norm


def _ring(x, y, name: str, size: int, colour: str, dash: str | None = None) -> Line:
    """Hollow circles around points (x, y: (N,)): the misclassified ones, the last sample."""
    ring = Markers(size=size, colour="rgba(0,0,0,0)", outline=colour, outline_width=3, outline_dash=dash)
    return Line(x=x, y=y, name=name, lines=False, markers=ring)


def _fill(x, y, colour: str) -> Line:
    """A filled polygon with corners (x, y), no outline (the ŷ = 0 box, the ŷ = 1 region)."""
    return Line(x=x, y=y, lines=False, fill=colour, hoverable=False, legend=False)


def _origin_axes(box: np.ndarray) -> list[Line]:
    """Thin grey lines along x1 = 0 and x2 = 0, where they cross the box."""
    x0, x1, y0, y1 = box
    lines = []
    if x0 < 0 < x1:
        lines.append(Line(x=[0, 0], y=[y0, y1], colour="#bbbbbb", width=1, hoverable=False, legend=False))
    if y0 < 0 < y1:
        lines.append(Line(x=[x0, x1], y=[0, 0], colour="#bbbbbb", width=1, hoverable=False, legend=False))
    return lines


def boundary_figure(v: dict[str, Any], class_names=("0", "1"), axis_names=("x1", "x2"),
                    height: int = 580) -> Chart:
    """The points (X: (N, 2), y: (N,)), the ŷ = 1 region, the line w·x + b = 0, the vector w
    (normal to the line, pointing to class 1; its value in the legend), misclassified points
    ringed, the last sample marked."""
    X, y, y_hat, box = v["X"], v["y"], v["y_hat"], v["box"]
    x0, x1, y0, y1 = box
    marks = [_fill([x0, x1, x1, x0], [y0, y0, y1, y1], REGION_COLOURS[0])]
    if len(v["region"]):
        marks.append(_fill(v["region"][:, 0], v["region"][:, 1], REGION_COLOURS[1]))
    marks += _origin_axes(box)
    for k in (0, 1):
        pts = X[y == k]
        marker = Markers(size=14, colour=CLASS_COLOURS[k], symbol=SYMBOLS[k], outline="white", outline_width=1)
        marks.append(Line(x=pts[:, 0], y=pts[:, 1], name=f"class {class_names[k]}", lines=False, markers=marker))
    wrong = X[y != y_hat]
    marks.append(_ring(wrong[:, 0], wrong[:, 1], "misclassified", 24, "#d62728"))
    if len(v["line"]) == 2 and not np.allclose(v["line"][0], v["line"][1]):
        marks.append(Line(x=v["line"][:, 0], y=v["line"][:, 1], name=f"w·x + b = 0  (b = {fmt(v['b'])})",
                          colour="black", width=3))
    notes = []
    arrow_ends = _arrow(v["w"], v["b"], box, v["line"])
    if arrow_ends is not None:
        (bx, by), (tx, ty) = arrow_ends
        # named in the legend (a label by the arrow would cover points or the head, wherever w points)
        marks.append(Line(x=[bx, tx], y=[by, ty], name=f"w = ({fmt(v['w'][0])}, {fmt(v['w'][1])}), normal to the line",
                          colour=W_COLOUR, width=3, hoverable=False))
        notes.append(Arrow(x0=bx, y0=by, x1=tx, y1=ty, colour=W_COLOUR, width=3))
    last = v.get("last")
    if last is not None:
        (lx, ly), wrong_step = last["x"], last["error"] != 0
        marks.append(_ring([lx], [ly], "last sample", 34, "#9467bd", "dot"))
        # first: the arrow w is drawn over its backing, never hidden under it
        notes.insert(0, Note(text="mistake → update" if wrong_step else "correct", x=lx, y=ly, size=15,
                             colour="#9467bd", shift=28, background=BACKING))
    return _chart(marks, "Points and the decision line w·x + b = 0", height, notes=notes,
                  x=Axis(title=axis_names[0], range=[x0, x1]),
                  y=Axis(title=axis_names[1], range=[y0, y1], equal=True, shrink=True))


def epoch_errors_figure(errors: np.ndarray, n_points: int, in_progress: int | None = None,
                        height: int = 360) -> Chart:
    """Bars of mistakes per completed epoch (errors: (E,)), the latest MAX_EPOCH_BARS of them;
    `in_progress` adds a grey bar for the mistakes so far in the current epoch."""
    first = max(0, len(errors) - MAX_EPOCH_BARS)
    epochs = np.arange(first + 1, len(errors) + 1)
    counts, colours = list(np.asarray(errors[first:])), ["#d62728"] * len(epochs)
    if in_progress is not None:
        epochs, counts, colours = np.append(epochs, len(errors) + 1), counts + [in_progress], colours + ["#aaaaaa"]
    bars = Bars(x=epochs, y=np.asarray(counts), name="mistakes", colours=colours)
    return _chart([bars], "Mistakes per epoch (0 = converged; grey: the epoch so far)", height,
                  x=Axis.index("epoch", [0, *epochs], to_zero=True),
                  y=Axis(title="mistakes", range=[0, max(1, n_points) * 1.05], to_zero=True),
                  notes=[] if len(epochs) else [Note(text="No sample seen yet: press Step or +1 epoch", on_paper=True)])


def weights_figure(history: dict[str, np.ndarray], height: int = 360) -> Chart:
    """w1, w2 and b against the step (history arrays (T,) keyed "step", "w1", "w2", "b"); a weight
    holds its value until the next update, so each is drawn as steps."""
    marks = [Line(x=history["step"], y=history[name], name=name, colour=colour, width=3, step=True,
                  markers=Markers(size=5))
             for name, colour in (("w1", W_COLOUR), ("w2", "#9467bd"), ("b", "#7f7f7f")) if name in history]
    return _chart(marks, "Weights and bias over training", height,
                  x=Axis.index("step (samples seen)", history.get("step", [])), y=Axis(title="value"))
