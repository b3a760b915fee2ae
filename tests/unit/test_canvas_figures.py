"""Which live figures the canvas renderer draws: the app's line and bar charts, and nothing it
would draw wrong (subplots, grouped bars, arrows, category axes given numbers fall back to plotly.js;
heatmaps go to the heatmap renderer, tests/unit/test_canvas_heatmaps.py)."""
import numpy as np
import pytest

from dl_engine.viz import attention_heads, gradients, perceptron, recurrent, train_curves
from dl_engine.viz.canvas_figures import drawn_on_canvas
from dl_engine.viz.figure_dicts import arrow, axis, figure, grid, hline, line, note
from dl_engine.viz.payload import figure_payload
from tests.unit.figure_checks import wired
from dl_engine.viz.recurrent_diagram import unrolled

T = 40
STEPS = np.arange(T) * 10
HISTORY = {"epoch": STEPS / 25, "step": STEPS, "train_loss": np.linspace(1, 0.1, T), "test_loss": np.linspace(1, 0.2, T),
           "train_acc": np.linspace(0.5, 1, T), "test_acc": np.linspace(0.5, 0.9, T), "loss": np.linspace(2, 0.3, T),
           "grad_norm/hidden 1": np.geomspace(1, 1e-3, T), "grad_norm/output": np.geomspace(2, 1e-2, T),
           "w1": np.linspace(0, 1, T), "w2": np.linspace(1, 0, T), "b": np.zeros(T),
           "entropy/L1H1": np.linspace(1.6, 0.2, T), "entropy/L1H2": np.linspace(1.6, 1.0, T)}

LINE_CHARTS = {
    "mlp loss": train_curves.loss_figure(HISTORY),
    "mlp accuracy": train_curves.accuracy_figure(HISTORY),
    "mlp gradient norms (log y)": train_curves.grad_norm_figure(HISTORY, ["hidden 1", "output"]),
    "gradient norms before the first step (a note)": train_curves.grad_norm_figure({"epoch": STEPS[:0]}, ["output"]),
    "gradient lab loss": gradients.loss_curve(HISTORY),
    "gradient lab loss before training (a note)": gradients.loss_curve({"step": STEPS[:0], "loss": STEPS[:0] * 1.0}),
    "perceptron weights (hv steps, markers)": perceptron.weights_figure(HISTORY),
    "recurrent losses": recurrent.loss_curves(STEPS, {"rnn": HISTORY["loss"], "lstm": HISTORY["train_loss"]}, "Loss"),
    "gradient through time": recurrent.grad_through_time({"rnn": np.geomspace(1, 1e-6, 12)}, "through time"),
    "clipping (hline and a label at a y value)": recurrent.gradient_norm_vs_threshold(HISTORY, 1.0),
    "attention entropy": attention_heads.entropy_figure(HISTORY, ["L1H1", "L1H2"]),
    "gradient norm per layer (bars by badge, log y)": gradients.grad_norm_profile(
        ["layer 1", "output"], np.array([0.0, 0.5]), ["vanishing", "healthy"]),
    "update ratio per layer (bars, rule-of-thumb line)": gradients.update_ratio_profile(
        ["layer 1", "output"], np.array([1e-3, 2e-4])),
    "activation violins": gradients.activation_violins(["layer 1"], np.ones((1, 20))),
    "perceptron mistakes, an epoch in progress (one bar per epoch)": perceptron.epoch_errors_figure(
        np.array([3, 2, 1]), 4, 2),
    "perceptron mistakes before any sample (a note)": perceptron.epoch_errors_figure(np.zeros(0), 4, None),
    "attention lines view (tokens as text, a hidden reversed y)": attention_heads.lines_view(
        np.full((2, 3, 3), 0.35), ["a", "b", "c"], [0, 1], 0),
    "reversed y": figure([line([0, 1], [1, 2])], "t", 300, yaxis=axis("y", autorange="reversed")),
    "unrolled recurrent cells (boxes, arrows, bold and subscripts, hidden axes)": unrolled(
        "lstm", list("hell"), list("ello"), [True, True, False, True], 1, False),
    "hidden-state trajectory (markers coloured by step, a colour bar, labels)": recurrent.trajectory(
        np.random.default_rng(0).random((5, 2)), list("hello"), np.array([0.6, 0.3])),
}

PLOTLY_FIGURES = {
    "two plots side by side (subplots)": figure([line([0, 1], [1, 2]), line([0, 1], [1, 2], xaxis="x2", yaxis="y2")],
                                                "t", 300, **grid(1, 2, 0.1, 0.0)[0]),
    "a heatmap (the heatmap renderer's)": gradients.grad_heatmap(STEPS[:5], ["a", "b"], np.ones((5, 2))),
    "two bar traces (plotly groups them)": figure([{"type": "bar", "x": [1, 2], "y": [3, 4]},
                                                   {"type": "bar", "x": [3], "y": [1]}], "t", 300),
    "category x axis given numbers": figure([line([0, 1], [1, 2])], "t", 300, xaxis=axis("layer", type="category")),
    "fill": figure([line([0, 1], [1, 2], fill="tozeroy")], "t", 300),
    "text placed inside": figure([line([0, 1], [1, 2], mode="text", text=["a", "b"], textposition="inside")], "t", 300),
    "marker colour per point without a scale": figure([line([0, 1], [1, 2], mode="markers", marker={"color": [1, 2]})],
                                                      "t", 300),
    "a marker symbol it does not draw": figure([line([0, 1], [1, 2], mode="markers", marker={"symbol": "star"})],
                                               "t", 300),
    "a hover template naming what it cannot fill": figure([line([0, 1], [1, 2], mode="markers",
                                                               hovertemplate="%{customdata}")], "t", 300),
    "marker colours through a named scale": figure([line([0, 1], [1, 2], mode="markers",
                                                         marker={"color": [1, 2], "colorscale": "Viridis"})], "t", 300),
    "an arrow with text": figure([line([0, 1], [1, 2])], "t", 300, annotations=[note("x") | {"showarrow": True}]),
    "text on a background (bgcolor is not drawn)": figure([line([0, 1], [1, 2])], "t", 300,
                                                         annotations=[note("x", bgcolor="white")]),
    "text shifted in pixels (yshift is not drawn)": figure([line([0, 1], [1, 2])], "t", 300,
                                                          annotations=[note("x", yshift=20)]),
    "an arrow head of another size": figure([line([0, 1], [1, 2])], "t", 300,
                                            annotations=[arrow(1, 2, 0, 1, arrowsize=1.5)]),
    "the perceptron's points, line and labelled w (a labelled arrow)": perceptron.boundary_figure(
        {"X": np.array([[0.0, 0.0], [1.0, 1.0]]), "y": np.array([0, 1]), "y_hat": np.array([0, 0]),
         "box": np.array([-1.0, 2.0, -1.0, 2.0]), "region": np.zeros((0, 2)),
         "line": np.array([[-1.0, 2.0], [2.0, -1.0]]), "w": np.array([0.5, 0.5]), "b": -0.5}),
    "italic markup": figure([line([0, 1], [1, 2])], "t", 300, annotations=[note("<i>x</i>")]),
    "a rectangle on the paper": figure([line([0, 1], [1, 2])], "t", 300,
                                      shapes=[{"type": "rect", "xref": "paper", "yref": "paper",
                                               "x0": 0, "x1": 1, "y0": 0, "y1": 1}]),
    "a slanted line shape": figure([line([0, 1], [1, 2])], "t", 300,
                                   shapes=[hline(1.0) | {"y1": 2.0}]),
}


@pytest.mark.parametrize("name", LINE_CHARTS)
def test_the_apps_line_charts_are_painted_on_the_canvas(name):
    fig = LINE_CHARTS[name]
    assert drawn_on_canvas(wired(fig)), name
    assert drawn_on_canvas(figure_payload(wired(fig))), "the payload the browser gets is judged the same"


@pytest.mark.parametrize("name", PLOTLY_FIGURES)
def test_figures_the_canvas_cannot_draw_exactly_go_to_plotly(name):
    assert not drawn_on_canvas(PLOTLY_FIGURES[name]), name


def test_the_network_diagram_and_the_decision_boundary_are_painted_on_the_canvas():
    from dl_engine.viz.mlp_boundary import boundary_figure
    from dl_engine.viz.mlp_network import network_figure
    thumbs = [np.zeros((2, 8, 8)), np.zeros((3, 8, 8)), np.zeros((1, 8, 8))]
    weights = [(np.ones((2, 3)), np.zeros(3)), (-np.ones((3, 1)), np.zeros(1))]
    net = network_figure(thumbs, weights, ["in", "hidden", "out"], [["x1", "x2"], ["a", "b", "c"], ["y"]])
    assert drawn_on_canvas(net), "edges, a picture of the neurons, labelled nodes and column titles"
    points = {"X_train": np.zeros((4, 2)), "y_train": np.array([0, 1, 0, 1]),
              "X_test": np.zeros((2, 2)), "y_test": np.array([0, 1])}
    boundary = boundary_figure(np.zeros((1, 9, 9)), 1.0, points, ["0", "1"])
    assert drawn_on_canvas(boundary), "a picture, circles and diamonds with outlines, a colour bar, square units"
    assert drawn_on_canvas(figure_payload(boundary))
