"""Fixed figures, one per kind of chart the canvases draw, for the reference images: the name →
(figure, renderer, width, height). Data are formulas or a seeded generator, so every run draws
the same figure; the network and the decision boundary come from their real builders."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import LEGEND_BELOW, axis, colorscale, figure, grid, heatmap, hline, image_axes, line
from dl_engine.viz.mlp_boundary import boundary_figure
from dl_engine.viz.mlp_network import network_figure


def lines_with_legend() -> dict:
    epochs = np.arange(0, 61, dtype=float)
    train, test = 0.7 * np.exp(-epochs / 15) + 0.05, 0.7 * np.exp(-epochs / 18) + 0.09
    data = [line(epochs, train, "train loss"), line(epochs, test, "test loss", dash="dash"),
            line(epochs[::10], test[::10] + 0.02, "checkpoints", mode="lines+markers", width=2)]
    return figure(data, "Loss while training", 360, xaxis=axis("epoch"), yaxis=axis("loss"))


def bars() -> dict:
    layers = ["input", "hidden 1", "hidden 2", "hidden 3", "output"]
    norms = [0.42, 0.18, 0.07, 0.031, 0.012]
    data = [{"type": "bar", "x": layers, "y": norms, "text": [f"{v:.2g}" for v in norms],
             "marker": {"color": ["#636efa", "#636efa", "#EF553B", "#EF553B", "#00cc96"]}}]
    return figure(data, "Gradient norm per layer", 340, xaxis=axis("layer"), yaxis=axis("‖∇W‖"),
                  shapes=[hline(0.1)])


def scatter() -> dict:
    rng = np.random.default_rng(3)
    xy = rng.normal(size=(60, 2))
    value = np.tanh(xy[:, 0] - 0.5 * xy[:, 1])
    scale = [list(stop) for stop in colorscale("RdBu")]
    data = [{"type": "scatter", "x": xy[:, 0], "y": xy[:, 1], "mode": "markers", "name": "points",
             "marker": {"color": value, "colorscale": scale, "cmin": -1, "cmax": 1, "size": 9, "showscale": True,
                        "colorbar": {"title": {"text": "output"}, "thickness": 14}}},
            {"type": "scatter", "x": [-1.5, 0.0, 1.5], "y": [1.5, -1.5, 0.5], "mode": "markers", "name": "probes",
             "marker": {"color": "#222222", "symbol": "diamond", "size": 11}}]
    return figure(data, "Points coloured by value", 380, xaxis=axis("x1"), yaxis=axis("x2"),
                  legend=LEGEND_BELOW, margin={"l": 70, "r": 30, "t": 60, "b": 110})


def heatmap_with_bar() -> dict:
    rows, cols = np.mgrid[0:6, 0:8]
    z = np.sin(rows / 2.0) * np.cos(cols / 3.0)
    trace = heatmap(z, "Viridis", -1, 1, texttemplate="%{z:.1f}", colorbar={"title": {"text": "weight"}})
    return figure([trace], "Weights of layer 1", 360, xaxis=axis("input", dtick=1), yaxis=axis("neuron", dtick=1))


def heatmap_grid() -> dict:
    axes, titles, ids = grid(2, 2, 0.08, 0.14, titles=["head 1", "head 2", "head 3", "head 4"])
    tokens = ["the", "cat", "sat", "on", "mat"]
    traces = []
    for k, (x, y) in enumerate(ids):
        i, j = np.mgrid[0:5, 0:5]
        logits = -np.abs(i - j - (k - 1.5)) * (1 + k / 2)
        weights = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        traces.append(heatmap(weights, "Blues", 0, 1, x=tokens, y=tokens, xaxis=x, yaxis=y, showscale=k == 0,
                              colorbar={"title": {"text": "weight"}, "thickness": 12}))
    layout_axes = {}
    for name, settings in axes.items():
        x_axis, y_axis = image_axes()
        layout_axes[name] = settings | (y_axis if name.startswith("y") else x_axis) | (
            {"scaleanchor": settings["anchor"]} if name.startswith("y") else {})
    return figure(traces, "Attention of four heads", 520, annotations=titles, **layout_axes)


def network() -> dict:
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


def decision_boundary() -> dict:
    g, extent = 40, 6.0
    x1, x2 = np.meshgrid(np.linspace(-extent, extent, g), np.linspace(-extent, extent, g))
    p = 1 / (1 + np.exp(-(x1 * x2) / 4))
    rng = np.random.default_rng(5)
    X = rng.uniform(-5, 5, (80, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    points = {"X_train": X[:60], "y_train": y[:60], "X_test": X[60:], "y_test": y[60:]}
    return boundary_figure(p[None], extent, points, ["orange", "blue"], height=520)


FIGURES = {
    "lines_legend": (lines_with_legend, "canvas", 560, 360),
    "bars": (bars, "canvas", 520, 340),
    "scatter_markers": (scatter, "canvas", 520, 380),
    "heatmap_colourbar": (heatmap_with_bar, "heatmap", 620, 360),
    "heatmap_grid": (heatmap_grid, "heatmap", 620, 520),
    "network": (network, "canvas", 640, 420),
    "picture_boundary": (decision_boundary, "canvas", 520, 520),
}
