"""Fixed figures, one per kind of chart the canvases draw, for the reference images: the name →
(builder, width, height). Data are formulas or a seeded generator, so every run draws
the same figure; the network and the decision boundary come from their real builders."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import MARGIN
from dl_engine.viz.mlp_boundary import boundary_figure
from dl_engine.viz.mlp_network import network_figure
from dl_engine.viz.perceptron import boundary_figure as perceptron_figure
from dl_engine.viz.spec import (Axis, Bars, Chart, ColourBar, ColourScale, GridAxis, Heatmap, HeatmapGrid, HLine,
                                Legend, Line, Markers, grid_cells)


def lines_with_legend() -> Chart:
    epochs = np.arange(0, 61, dtype=float)
    train, test = 0.7 * np.exp(-epochs / 15) + 0.05, 0.7 * np.exp(-epochs / 18) + 0.09
    marks = [Line(x=epochs, y=train, name="train loss", width=3),
             Line(x=epochs, y=test, name="test loss", width=3, dash="dash"),
             Line(x=epochs[::10], y=test[::10] + 0.02, name="checkpoints", markers=Markers())]
    return Chart(title="Loss while training", height=360, marks=marks, x=Axis(title="epoch"), y=Axis(title="loss"))


def bars() -> Chart:
    layers = ["input", "hidden 1", "hidden 2", "hidden 3", "output"]
    norms = [0.42, 0.18, 0.07, 0.031, 0.012]
    marks = [Bars(x=layers, y=norms, labels=[f"{v:.2g}" for v in norms],
                  colours=["#636efa", "#636efa", "#EF553B", "#EF553B", "#00cc96"])]
    return Chart(title="Gradient norm per layer", height=340, marks=marks, x=Axis(title="layer"),
                 y=Axis(title="‖∇W‖"), lines=[HLine(y=0.1)])


def scatter() -> Chart:
    rng = np.random.default_rng(3)
    xy = rng.normal(size=(60, 2))
    value = np.tanh(xy[:, 0] - 0.5 * xy[:, 1])
    scale = ColourScale(values=value, stops="RdBu", lo=-1, hi=1, bar=ColourBar(title="output", thickness=14))
    marks = [Line(x=xy[:, 0], y=xy[:, 1], name="points", lines=False, markers=Markers(size=9, scale=scale)),
             Line(x=[-1.5, 0.0, 1.5], y=[1.5, -1.5, 0.5], name="probes", lines=False,
                  markers=Markers(colour="#222222", symbol="diamond", size=11))]
    return Chart(title="Points coloured by value", height=380, marks=marks, x=Axis(title="x1"), y=Axis(title="x2"),
                 legend=Legend(below=True))


def heatmap_with_bar() -> HeatmapGrid:
    rows, cols = np.mgrid[0:6, 0:8]
    z = np.sin(rows / 2.0) * np.cos(cols / 3.0)
    panel = Heatmap(z=z, stops="Viridis", lo=-1, hi=1, cell_text="%{z:.1f}", bar=ColourBar(title="weight"),
                    x_axis=GridAxis(title="input", step=1), y_axis=GridAxis(title="neuron", step=1))
    return HeatmapGrid(title="Weights of layer 1", height=360, panels=[panel], margin=MARGIN)


def heatmap_grid() -> HeatmapGrid:
    domains, titles = grid_cells(2, 2, 0.08, 0.14, titles=["head 1", "head 2", "head 3", "head 4"])
    tokens = ["the", "cat", "sat", "on", "mat"]
    panels = []
    for k, (x, y) in enumerate(domains):
        i, j = np.mgrid[0:5, 0:5]
        logits = -np.abs(i - j - (k - 1.5)) * (1 + k / 2)
        weights = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        panels.append(Heatmap(z=weights, stops="Blues", lo=0, hi=1, x=tokens, y=tokens,
                              bar=ColourBar(title="weight", thickness=12) if k == 0 else None,
                              x_axis=GridAxis(domain=x), y_axis=GridAxis(domain=y, reversed=True, square=True)))
    return HeatmapGrid(title="Attention of four heads", height=520, panels=panels, notes=titles, margin=MARGIN)


def network() -> Chart:
    t = 14
    u, v = np.meshgrid(np.linspace(-1, 1, t), np.linspace(-1, 1, t))   # thumbnail rows: x2 rising
    inputs = np.stack([u, v])
    hidden1 = np.stack([np.tanh(2 * (a * u + b * v)) for a, b in ((1, 0.5), (-0.5, 1), (1, -1), (0.3, 0.3))])
    hidden2 = np.stack([np.tanh(hidden1[0] - hidden1[1]), np.tanh(hidden1[2] + hidden1[3])])
    output = np.tanh(hidden2[0] - hidden2[1])[None]
    w1 = np.array([[1.0, -0.5, 1.0, 0.3], [0.5, 1.0, -1.0, 0.3]])
    w2 = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, 0.2]])
    w3 = np.array([[1.0], [-1.0]])
    weights = [(w, np.zeros(w.shape[1])) for w in (w1, w2, w3)]
    thumbs = [inputs, hidden1, hidden2, output]
    nodes = [["x1", "x2"], [f"h{i}" for i in range(4)], ["g0", "g1"], ["out"]]
    return network_figure(thumbs, weights, ["inputs", "layer 1 (4)", "layer 2 (2)", "output"], nodes, height=420)


def decision_boundary() -> Chart:
    g, extent = 40, 6.0
    x1, x2 = np.meshgrid(np.linspace(-extent, extent, g), np.linspace(-extent, extent, g))
    p = 1 / (1 + np.exp(-(x1 * x2) / 4))
    rng = np.random.default_rng(5)
    X = rng.uniform(-5, 5, (80, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    points = {"X_train": X[:60], "y_train": y[:60], "X_test": X[60:], "y_test": y[60:]}
    return boundary_figure(p[None], extent, points, ["orange", "blue"], height=520)


def perceptron_boundary() -> Chart:
    """Two classes either side of w·x + b = 0 (w = (1, −1), b = 0.5), two points misclassified,
    the last sample a mistake: regions, rings, the line, the labelled vector w, a backed label."""
    X = np.array([[-2.0, 1.0], [-1.0, 2.0], [-2.5, -0.5], [0.5, 2.5], [1.5, -1.0], [2.0, 0.5], [0.5, -2.0],
                  [-0.5, 0.5]])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    w, b = np.array([1.0, -1.0]), 0.5
    y_hat = (X @ w + b >= 0).astype(int)
    box = np.array([-3.0, 3.0, -3.0, 3.0])
    line = np.array([[-3.0, -2.5], [2.5, 3.0]])   # x2 = x1 + 0.5 across the box
    region = np.array([[-3.0, -2.5], [-3.0, -3.0], [3.0, -3.0], [3.0, 3.0], [2.5, 3.0]])
    visuals = {"X": X, "y": y, "y_hat": y_hat, "w": w, "b": b, "box": box, "line": line, "region": region,
               "last": {"x": X[7], "error": 1}}
    return perceptron_figure(visuals, height=470)


FIGURES = {   # name -> (builder, width, height)
    "lines_legend": (lines_with_legend, 560, 360),
    "bars": (bars, 520, 340),
    "scatter_markers": (scatter, 520, 380),
    "heatmap_colourbar": (heatmap_with_bar, 620, 360),
    "heatmap_grid": (heatmap_grid, 620, 520),
    "network": (network, 640, 420),
    "picture_boundary": (decision_boundary, 520, 520),
    "perceptron_boundary": (perceptron_boundary, 560, 470),
}
