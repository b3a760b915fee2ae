"""Readable figures (issue 14): every heatmap that encodes a value has a colour bar (its own, or a
shown one of the same scale), and index axes (steps, epochs, lengths, units, pixels) ask for
whole-number ticks in 1-2-5 steps, few enough to read."""
import numpy as np
import pytest

from dl_engine.viz import attention_heads, attention_seq2seq, attention_style, cnn, gradients, gradients_rnn
from dl_engine.viz import perceptron, recurrent, train_curves
from dl_engine.viz.figure_dicts import index_ticks
from tests.unit.figure_checks import wired

RNG = np.random.default_rng(0)
HISTORY = {"epoch": np.arange(1, 61), "train_loss": RNG.random(60), "test_loss": RNG.random(60),
           "train_acc": RNG.random(60), "test_acc": RNG.random(60), "grad_norm/fc1": RNG.random(60) + 0.1}

VALUE_HEATMAPS = {name: wired(fig) for name, fig in {
    "gates": recurrent.gate_heatmaps({g: RNG.random((9, 4)) for g in ("f", "i", "c")}, ["f", "i", "c"],
                                     list("abcdefghi"), 4, "Gates"),
    "kernels": cnn.kernel_grid_figure({"conv1": RNG.standard_normal((4, 1, 3, 3)),
                                       "conv2": RNG.standard_normal((8, 4, 3, 3))}),
    "feature maps": cnn.feature_map_figure({"conv1": RNG.random((8, 8, 8)), "conv2": RNG.random((4, 4, 4))}),
    "confusion": cnn.confusion_figure(np.eye(3, dtype=int) * 5, ["a", "b", "c"]),
    "attention grid": attention_heads.head_grid(RNG.random((2, 2, 5, 5)), list("abcde")),
    "ablation": attention_heads.ablation_figure(RNG.standard_normal((2, 2))),
    "alignment": attention_seq2seq.alignment_figure(RNG.random((4, 3)), list("abc"), list("xyz")),
    "gradient heatmap": gradients.grad_heatmap(np.arange(6) * 10, ["layer 1", "output"], RNG.random((2, 6))),
}.items()}


def _scale(trace: dict) -> tuple:
    return (str(trace.get("colorscale")), trace.get("zmin"), trace.get("zmax"))


@pytest.mark.parametrize("name", list(VALUE_HEATMAPS))
def test_every_value_heatmap_has_a_colour_bar(name):
    traces = [t for t in VALUE_HEATMAPS[name]["data"] if t.get("type") == "heatmap"]
    shown = {_scale(t) for t in traces if t.get("showscale", True) is not False}
    assert traces and all(_scale(t) in shown for t in traces), name


def test_a_panel_colour_bar_sits_right_of_its_panel_and_clear_of_the_next():
    fig = VALUE_HEATMAPS["gates"]
    layout = fig["layout"]
    for trace in fig["data"]:
        x_domain = layout["xaxis" + trace.get("xaxis", "x")[1:]]["domain"]   # the first panel's is x: no key
        bar = trace["colorbar"]
        assert x_domain[1] < bar["x"] < x_domain[1] + 0.05
        right = [layout[k]["domain"][0] for k in layout if k.startswith("xaxis") and layout[k]["domain"][0] > x_domain[1]]
        assert all(start - bar["x"] > 0.12 for start in right)   # the bar, then the next panel's ticks and title


def test_saliency_has_a_bar_and_the_picture_of_the_digit_none():
    image, saliency = wired(cnn.saliency_figure(RNG.random((1, 8, 8)), RNG.random((8, 8))))["data"]
    assert image["showscale"] is False and saliency["showscale"] is True


def _x(fig) -> dict:
    return wired(fig)["layout"]["xaxis"]


INDEX_AXES = {
    "loss per epoch": (_x(train_curves.loss_figure(HISTORY)), 59),
    "accuracy per epoch": (_x(train_curves.accuracy_figure(HISTORY)), 59),
    "gradient norm per epoch": (_x(train_curves.grad_norm_figure(HISTORY)), 59),
    "perceptron mistakes": (_x(perceptron.epoch_errors_figure(np.arange(37), 4, 2)), 38),
    "perceptron weights": (_x(perceptron.weights_figure({"step": np.arange(120), "w1": RNG.random(120)})), 119),
    "recurrent loss": (_x(recurrent.loss_curves(np.arange(0, 3000, 10), {"loss": RNG.random(300)}, "Loss")), 2990),
    "gradient through time": (_x(recurrent.grad_through_time({"a": RNG.random(25)}, "g")), 24),
    "forecast": (_x(recurrent.forecast(RNG.random(30), RNG.random(30), RNG.random(30))), 30),
    "gate units": (wired(recurrent.gate_heatmaps({"f": RNG.random((9, 16))}, ["f"], list("abcdefghi"), 16, "G"))
                   ["layout"]["yaxis"], 16),
    "gradient lab loss": (_x(gradients.loss_curve({"step": np.arange(500), "loss": RNG.random(500)})), 499),
    "gradient heatmap steps": (_x(gradients.grad_heatmap(np.arange(40) * 25, ["1", "out"], RNG.random((2, 40)))), 975),
    "recurrent jacobian": (_x(gradients_rnn.recurrent_figure(np.arange(1, 51), {"RNN": RNG.random(50)})), 49),
    "accuracy by length": (_x(attention_seq2seq.accuracy_by_length_figure(np.arange(3, 15), {"plain": RNG.random(12)})), 11),
    "transformer curves": (_x(attention_style.curves(np.arange(0, 800, 4), {"loss": RNG.random(200)}, "L", "loss")), 796),
    "saliency pixels": (_x(cnn.saliency_figure(RNG.random((1, 28, 28)), RNG.random((28, 28)))), 28),
}


@pytest.mark.parametrize("name", list(INDEX_AXES))
def test_index_axes_ask_for_whole_number_ticks(name):
    axis, span = INDEX_AXES[name]
    dtick = axis.get("dtick")
    assert axis.get("tickmode") == "linear" and float(axis.get("tick0", 0)).is_integer(), name
    assert isinstance(dtick, int) and dtick >= 1 and str(dtick).strip("0") in ("1", "2", "5"), name
    assert span / dtick <= 8, f"{name}: {span / dtick:.0f} labels"


@pytest.mark.parametrize("span, dtick", [(1, 1), (8, 1), (9, 2), (40, 5), (41, 10), (1000, 200), (1e6, 200000)])
def test_index_ticks_are_1_2_5_steps(span, dtick):
    assert index_ticks(span)["dtick"] == dtick
