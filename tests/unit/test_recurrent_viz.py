"""Recurrent figures: titled, labelled, readable; repeated characters stay separate time steps."""
import numpy as np

from dl_engine.viz import recurrent as viz
from dl_engine.viz.recurrent_diagram import unrolled


def _labelled(fig):
    assert fig.layout.title.text
    assert fig.layout.font.size >= 14
    return fig


def test_gate_heatmaps_one_panel_per_gate_with_character_ticks():
    rng = np.random.default_rng(0)
    gates = ["f", "i", "c_tilde", "o", "c", "h"]
    trace = {g: rng.uniform(0, 1, (4, 3)) for g in gates}
    fig = _labelled(viz.gate_heatmaps(trace, gates, list("hell"), hidden_size=40, title="Gates"))
    assert len(fig.data) == 6
    assert "first 3 of 40 units" in fig.layout.title.text
    assert list(fig.layout.xaxis.ticktext) == list("hell")  # both l's kept: x is the step, not the char
    assert fig.data[0].zmin == 0 and fig.data[0].zmax == 1  # sigmoid gates on a fixed scale
    assert fig.data[1].z.shape == (3, 4)  # units × time
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_gradient_through_time_is_log_scale_and_skips_zeros():
    fig = _labelled(viz.grad_through_time({"RNN": np.array([0.0, 1e-4, 1e-2, 1.0])}, "g"))
    assert fig.layout.yaxis.type == "log"
    assert np.isnan(fig.data[0].y[0]) and fig.data[0].y[-1] == 1.0
    assert fig.layout.xaxis.title.text


def test_other_figures_are_labelled():
    steps = np.arange(5.0)
    _labelled(viz.loss_curves(steps, {"lstm": steps + 1}, "Loss"))
    fig = _labelled(viz.trajectory(np.zeros((4, 2)), list("hell"), np.array([0.9, 0.1])))
    assert "90%" in fig.layout.xaxis.title.text
    _labelled(viz.forecast(np.zeros(6), np.ones(6), np.ones(6)))


def test_unrolled_diagram_marks_right_and_wrong_predictions_and_elides_long_sequences():
    fig = _labelled(unrolled("lstm", list("hell"), list("elxo"), [True, True, False, True]))
    colours = [a.font.color for a in fig.layout.annotations if a.text in ("<b>e</b>", "<b>x</b>")]
    assert "#d62728" in colours and "#2ca02c" in colours
    long = unrolled("rnn", [str(i) for i in range(50)], None, None, num_layers=2, bidirectional=True,
                    many_to_one=True, final_output="A")
    assert any(a.text == "…" for a in long.layout.annotations)
    assert sum(s.type == "rect" for s in long.layout.shapes) == 4 * 11  # 11 drawn steps × 2 layers × 2 directions


def test_gradient_norm_chart_combines_layers_and_draws_the_threshold():
    history = {"step": np.array([1.0, 2.0]), "grad_norm/a": np.array([3.0, np.nan]), "grad_norm/b": np.array([4.0, np.nan])}
    fig = _labelled(viz.gradient_norm_vs_threshold(history, 2.0))
    assert fig.data[0].y[0] == 5.0  # √(3² + 4²)
    assert fig.layout.shapes[0].y0 == 2.0 and fig.layout.yaxis.type == "log"
