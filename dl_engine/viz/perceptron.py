"""Perceptron figures: the points with the decision line and weight vector, mistakes per epoch,
and the weights over training. Plain arrays in, plotly Figures out.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

CLASS_COLOURS = ("#1f77b4", "#ff7f0e")   # class 0 blue, class 1 orange (colour-blind safe pair)
REGION_COLOURS = ("rgba(31,119,180,0.10)", "rgba(255,127,14,0.16)")
SYMBOLS = ("circle", "square")
FONT = dict(size=16)
MAX_EPOCH_BARS = 200


def _layout(fig: go.Figure, title: str, x: str, y: str, height: int) -> go.Figure:
    fig.update_layout(title=dict(text=title, font=dict(size=19)), font=FONT, height=height,
                      margin=dict(l=70, r=20, t=60, b=110), xaxis_title=x, yaxis_title=y,
                      legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.01, x=0),
                      template="plotly_white")
    return fig


def _fmt(v: float) -> str:
    text = f"{float(v):.3g}" if abs(float(v)) >= 1e-9 else "0"  # 0.1 − 0.1 may leave 2.8e-17
    return "0" if text == "-0" else text


def _arrow(w: np.ndarray, b: float, box: np.ndarray, line: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Where to draw w: from the line's middle (or the box centre), 20% of the box diagonal long."""
    norm = float(np.linalg.norm(w))
    if norm < 1e-9:  # w = 0 up to float dust: no direction to draw
        return None
    base = line.mean(axis=0) if len(line) == 2 else np.array([box[:2].mean(), box[2:].mean()])
    length = 0.2 * np.hypot(box[1] - box[0], box[3] - box[2])
    return base, base + length * w / norm


def boundary_figure(v: dict[str, Any], class_names=("0", "1"), axis_names=("x1", "x2"),
                    height: int = 580) -> go.Figure:
    """The points (X: (N, 2), y: (N,)), the ŷ = 1 region, the line w·x + b = 0, the vector w
    (normal to the line, pointing to class 1), misclassified points ringed, the last sample marked."""
    X, y, y_hat, box = v["X"], v["y"], v["y_hat"], v["box"]
    fig = go.Figure()
    x0, x1, y0, y1 = box
    fig.add_trace(go.Scatter(x=[x0, x1, x1, x0], y=[y0, y0, y1, y1], fill="toself", mode="none",
                             fillcolor=REGION_COLOURS[0], name="ŷ = 0 side", showlegend=False, hoverinfo="skip"))
    if len(v["region"]):
        fig.add_trace(go.Scatter(x=v["region"][:, 0], y=v["region"][:, 1], fill="toself", mode="none",
                                 fillcolor=REGION_COLOURS[1], name="ŷ = 1 side", showlegend=False, hoverinfo="skip"))
    for k in (0, 1):
        pts = X[y == k]
        fig.add_trace(go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", name=f"class {class_names[k]}",
                                 marker=dict(size=14, color=CLASS_COLOURS[k], symbol=SYMBOLS[k],
                                             line=dict(width=1, color="white"))))
    wrong = X[y != y_hat]
    fig.add_trace(go.Scatter(x=wrong[:, 0], y=wrong[:, 1], mode="markers", name="misclassified",
                             marker=dict(size=24, color="rgba(0,0,0,0)", line=dict(width=3, color="#d62728"))))
    if len(v["line"]) == 2 and not np.allclose(v["line"][0], v["line"][1]):
        fig.add_trace(go.Scatter(x=v["line"][:, 0], y=v["line"][:, 1], mode="lines",
                                 name=f"w·x + b = 0  (b = {_fmt(v['b'])})", line=dict(color="black", width=3)))
    arrow = _arrow(v["w"], v["b"], box, v["line"])
    if arrow is not None:
        (bx, by), (tx, ty) = arrow
        fig.add_annotation(x=tx, y=ty, ax=bx, ay=by, xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=3, arrowsize=1.5, arrowwidth=3, arrowcolor="#2ca02c",
                           text=f"<b>w = ({_fmt(v['w'][0])}, {_fmt(v['w'][1])})</b>",
                           font=dict(size=17, color="#2ca02c"), xanchor="left", bgcolor="rgba(255,255,255,0.8)")
    last = v.get("last")
    if last is not None:
        (lx, ly), wrong_step = last["x"], last["error"] != 0
        fig.add_trace(go.Scatter(x=[lx], y=[ly], mode="markers", name="last sample",
                                 marker=dict(size=34, color="rgba(0,0,0,0)",
                                             line=dict(width=3, color="#9467bd", dash="dot"))))
        fig.add_annotation(x=lx, y=ly, text="mistake → update" if wrong_step else "correct",
                           showarrow=False, yshift=28, font=dict(size=15, color="#9467bd"),
                           bgcolor="rgba(255,255,255,0.8)")
    _layout(fig, "Points and the decision line w·x + b = 0", axis_names[0], axis_names[1], height)
    fig.update_xaxes(range=[x0, x1], zeroline=True, constrain="domain")
    fig.update_yaxes(range=[y0, y1], zeroline=True, scaleanchor="x", scaleratio=1, constrain="domain")
    return fig


def epoch_errors_figure(errors: np.ndarray, n_points: int, in_progress: int | None = None,
                        height: int = 360) -> go.Figure:
    """Bars of mistakes per completed epoch (errors: (E,)), the latest MAX_EPOCH_BARS of them;
    `in_progress` adds a grey bar for the mistakes so far in the current epoch."""
    first = max(0, len(errors) - MAX_EPOCH_BARS)
    epochs = np.arange(first + 1, len(errors) + 1)
    fig = go.Figure(go.Bar(x=epochs, y=errors[first:], name="completed epoch", marker_color="#d62728"))
    if in_progress is not None:
        fig.add_trace(go.Bar(x=[len(errors) + 1], y=[in_progress], name="epoch in progress",
                             marker_color="#aaaaaa"))
    _layout(fig, "Mistakes per epoch (0 = converged)", "epoch", "mistakes", height)
    fig.update_yaxes(range=[0, max(1, n_points) * 1.05], rangemode="tozero")
    fig.update_xaxes(rangemode="tozero", dtick=max(1, int(np.ceil(len(epochs) / 10))))  # whole epochs
    return fig


def weights_figure(history: dict[str, np.ndarray], height: int = 360) -> go.Figure:
    """w1, w2 and b against the step (history arrays (T,) keyed "step", "w1", "w2", "b")."""
    fig = go.Figure()
    for name, colour in (("w1", "#2ca02c"), ("w2", "#9467bd"), ("b", "#7f7f7f")):
        if name in history:
            fig.add_trace(go.Scatter(x=history["step"], y=history[name], mode="lines+markers",
                                     name=name, line=dict(color=colour, width=3, shape="hv"),
                                     marker=dict(size=5)))
    return _layout(fig, "Weights and bias over training", "step (samples seen)", "value", height)
