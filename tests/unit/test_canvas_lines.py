"""Which live figures the canvas renderer draws: the app's line charts, and nothing it would
draw wrong (subplots, bars, heatmaps, arrows, category axes fall back to plotly.js)."""
import numpy as np
import pytest

from dl_engine.viz import attention_heads, cnn, gradients, mlp_curves, perceptron, recurrent
from dl_engine.viz.canvas_lines import drawn_on_canvas
from dl_engine.viz.figure_dicts import axis, figure, hline, line, note
from dl_engine.viz.payload import figure_payload

T = 40
STEPS = np.arange(T) * 10
HISTORY = {"epoch": STEPS / 25, "step": STEPS, "train_loss": np.linspace(1, 0.1, T), "test_loss": np.linspace(1, 0.2, T),
           "train_acc": np.linspace(0.5, 1, T), "test_acc": np.linspace(0.5, 0.9, T), "loss": np.linspace(2, 0.3, T),
           "grad_norm/hidden 1": np.geomspace(1, 1e-3, T), "grad_norm/output": np.geomspace(2, 1e-2, T),
           "w1": np.linspace(0, 1, T), "w2": np.linspace(1, 0, T), "b": np.zeros(T),
           "entropy/L1H1": np.linspace(1.6, 0.2, T), "entropy/L1H2": np.linspace(1.6, 1.0, T)}

LINE_CHARTS = {
    "mlp loss": mlp_curves.loss_figure(HISTORY),
    "mlp accuracy": mlp_curves.accuracy_figure(HISTORY),
    "mlp gradient norms (log y)": mlp_curves.grad_norm_figure(HISTORY, ["hidden 1", "output"]),
    "cnn gradient norms": cnn.grad_norm_figure(HISTORY),
    "gradient lab loss": gradients.loss_curve(HISTORY),
    "gradient lab loss before training (a note)": gradients.loss_curve({"step": STEPS[:0], "loss": STEPS[:0] * 1.0}),
    "perceptron weights (hv steps, markers)": perceptron.weights_figure(HISTORY),
    "recurrent losses": recurrent.loss_curves(STEPS, {"rnn": HISTORY["loss"], "lstm": HISTORY["train_loss"]}, "Loss"),
    "gradient through time": recurrent.grad_through_time({"rnn": np.geomspace(1, 1e-6, 12)}, "through time"),
    "clipping (hline and a label at a y value)": recurrent.gradient_norm_vs_threshold(HISTORY, 1.0),
    "attention entropy": attention_heads.entropy_figure(HISTORY, ["L1H1", "L1H2"]),
}

PLOTLY_FIGURES = {
    "cnn loss and accuracy side by side (subplots)": cnn.curves_figure(HISTORY),
    "perceptron mistakes (bars)": perceptron.epoch_errors_figure(np.array([3, 2, 1]), 4),
    "gradient heatmap": gradients.grad_heatmap(STEPS[:5], ["a", "b"], np.ones((5, 2))),
    "category x axis": figure([line([0, 1], [1, 2])], "t", 300, xaxis=axis("layer", type="category")),
    "reversed y": figure([line([0, 1], [1, 2])], "t", 300, yaxis=axis("y", autorange="reversed")),
    "fill": figure([line([0, 1], [1, 2], fill="tozeroy")], "t", 300),
    "text mode": figure([line([0, 1], [1, 2], mode="text", text=["a", "b"])], "t", 300),
    "marker colour per point": figure([line([0, 1], [1, 2], mode="markers", marker={"color": [1, 2]})], "t", 300),
    "an arrow": figure([line([0, 1], [1, 2])], "t", 300, annotations=[note("x") | {"showarrow": True}]),
    "a slanted line shape": figure([line([0, 1], [1, 2])], "t", 300,
                                   shapes=[hline(1.0) | {"y1": 2.0}]),
}


@pytest.mark.parametrize("name", LINE_CHARTS)
def test_the_apps_line_charts_are_painted_on_the_canvas(name):
    fig = LINE_CHARTS[name]
    assert drawn_on_canvas(fig), name
    assert drawn_on_canvas(figure_payload(fig)), "the payload the browser gets is judged the same"


@pytest.mark.parametrize("name", PLOTLY_FIGURES)
def test_figures_the_canvas_cannot_draw_exactly_go_to_plotly(name):
    assert not drawn_on_canvas(PLOTLY_FIGURES[name]), name
