"""Recurrent figures: titled, labelled, readable specs (the clipping chart a dict); repeated
characters stay separate time steps."""
import math

import numpy as np

from dl_engine.viz import recurrent as viz
from dl_engine.viz.figure_dicts import colorscale
from dl_engine.viz.recurrent_diagram import unrolled
from tests.unit.figure_checks import axis_titles, readable


def test_gate_heatmaps_one_panel_per_gate_with_character_ticks():
    rng = np.random.default_rng(0)
    gates = ["f", "i", "c_tilde", "o", "c", "h"]
    trace = {g: rng.uniform(-2, 2, (4, 3)) for g in gates}
    fig = viz.gate_heatmaps(trace, gates, list("hell"), hidden_size=40, title="Gates").wire()
    layout = readable(fig, "first 3 of 40 units")
    heat = fig["data"]
    assert [t["type"] for t in heat] == ["heatmap"] * 6
    assert [a["text"] for a in layout["annotations"]] == [viz.GATE_TITLES[g] for g in gates]
    # the first panel's axes are x and y, plotly's default when a trace names none
    assert [(t.get("xaxis", "x"), t.get("yaxis", "y")) for t in heat] == [("x", "y")] + [(f"x{k}", f"y{k}") for k in range(2, 7)]
    for k, (gate, t) in enumerate(zip(gates, heat)):
        np.testing.assert_array_equal(t["z"], trace[gate].T)  # units × time
        suffix = "" if k == 0 else str(k + 1)
        assert list(layout["xaxis" + suffix]["ticktext"]) == list("hell")  # both l's kept: x is the step
        assert axis_titles(layout, "xaxis" + suffix, "yaxis" + suffix) == ("time step (input)", "unit")
        assert t["showscale"] and t["colorbar"]["x"] > layout["xaxis" + suffix]["domain"][1]  # its bar beside it
        assert t["colorbar"]["len"] == np.diff(layout["yaxis" + suffix]["domain"])[0]
    assert (heat[0]["zmin"], heat[0]["zmax"], heat[0]["colorscale"]) == (0, 1, colorscale("Viridis"))  # σ gates
    assert (heat[2]["zmin"], heat[2]["zmax"]) == (-1, 1)  # tanh-bounded candidate
    assert heat[4]["zmax"] == np.abs(trace["c"]).max() == -heat[4]["zmin"]  # the cell state is unbounded
    assert heat[0]["customdata"][2, 3] == "4 (l)"  # hover: unit 2 at step 4 reads "l"


def test_gradient_through_time_is_log_scale_and_skips_zeros():
    fig = viz.grad_through_time({"RNN": np.array([0.0, 1e-4, 1e-2, 1.0])}, "g", {"RNN": "#d62728"}).wire()
    layout = readable(fig, "g")
    assert layout["yaxis"]["type"] == "log" and all(axis_titles(layout))
    line = fig["data"][0]
    assert np.isnan(line["y"][0]) and line["y"][-1] == 1.0 and list(line["x"]) == [1, 2, 3, 4]
    assert line["line"]["color"] == "#d62728" and line["name"] == "RNN" and line["mode"] == "lines+markers"


def test_loss_curves_one_line_per_name_with_the_legend_under_the_axis_title():
    steps = np.arange(5.0)
    chart = viz.loss_curves(steps, {"lstm": steps + 1, "gru": steps + 2}, "Loss", log=False, y_title="accuracy")
    fig = chart.wire()
    layout = readable(fig, "Loss")
    assert [t["name"] for t in fig["data"]] == ["lstm", "gru"]
    np.testing.assert_array_equal(fig["data"][1]["y"], steps + 2)
    assert axis_titles(layout) == ("training step", "accuracy") and not chart.y.log
    assert viz.loss_curves(steps, {"lstm": steps + 1}, "Loss").y.log, "loss is on a log scale by default"
    assert chart.legend.below
    assert fig["data"][0]["mode"] == "lines+markers"  # five points: markers until there is a line to see
    assert viz.loss_curves(np.arange(50.0), {"lstm": np.ones(50)}, "Loss").wire()["data"][0]["mode"] == "lines"


def test_trajectory_and_forecast():
    fig = viz.trajectory(np.arange(8.0).reshape(4, 2), list("hell"), np.array([0.9, 0.1])).wire()
    layout = readable(fig, "trajectory")
    assert axis_titles(layout) == ("PC 1 (90% of variance)", "PC 2 (10% of variance)")
    path = fig["data"][0]
    assert path["text"] == ["1:h", "2:e", "3:l", "4:l"] and list(path["marker"]["color"]) == [0, 1, 2, 3]
    assert path["marker"]["showscale"] and path["marker"]["colorbar"]["title"]["text"] == "step"
    assert "text" not in viz.trajectory(np.zeros((40, 2)), ["a"] * 40, np.array([0.5, 0.5])).wire()["data"][0]
    fig = viz.forecast(np.zeros(6), np.ones(6), np.full(6, 2.0)).wire()
    readable(fig, "Forecast")
    assert [t["name"] for t in fig["data"]] == ["input x_t (noisy)", "truth x_{t+1}", "prediction ŷ_t"]
    assert fig["data"][0]["mode"] == "markers"  # the inputs are points, not a line
    assert list(fig["data"][2]["x"]) == list(range(2, 8))  # the prediction at t is for t + 1


def test_unrolled_diagram_marks_right_and_wrong_predictions_and_elides_long_sequences():
    fig = unrolled("lstm", list("hell"), list("elxo"), [True, True, False, True]).wire()
    readable(fig, "Unrolled LSTM")
    notes = fig["layout"]["annotations"]
    above = [(a["text"], a["font"].get("color")) for a in notes if a["y"] > 0]  # the predictions, over the cells
    assert above == [("<b>e</b>", "#2ca02c"), ("<b>l</b>", "#2ca02c"), ("<b>x</b>", "#d62728"), ("<b>o</b>", "#2ca02c")]
    assert sum(a.get("showarrow", False) for a in notes) == 4 + 3  # one input arrow per step, h_t carried 3 times
    long = unrolled("rnn", [str(i) for i in range(50)], None, None, num_layers=2, bidirectional=True,
                    many_to_one=True, final_output="A").wire()
    assert any(a["text"] == "…" for a in long["layout"]["annotations"])
    assert sum(s["type"] == "rect" for s in long["layout"]["shapes"]) == 4 * 11  # 11 steps × 2 layers × 2 ways
    assert any(a["text"] == "→ <b>A</b>" for a in long["layout"]["annotations"])


def test_gradient_norm_chart_combines_layers_and_draws_the_threshold():
    history = {"step": np.array([1.0, 2.0]), "grad_norm/a": np.array([3.0, np.nan]),
               "grad_norm/b": np.array([4.0, np.nan])}
    fig = viz.gradient_norm_vs_threshold(history, 2.0).wire()
    layout = readable(fig, "clipping")
    assert fig["data"][0]["y"][0] == 5.0  # √(3² + 4²)
    assert layout["shapes"][0]["y0"] == 2.0 and layout["yaxis"]["type"] == "log"
    label = layout["annotations"][0]
    assert "τ = 2" in label["text"] and label["y"] == math.log10(2.0)  # annotations on a log axis take log10
    assert (label["xref"], label["x"], label["xanchor"]) == ("paper", 1, "right"), "at the plot's right edge"


def test_loss_curves_join_the_points_of_a_metric_measured_every_few_snapshots():
    steps = np.arange(0.0, 100.0, 2.0)
    held_out = np.where(np.arange(50) % 5 == 0, 1.0 / (1 + steps), np.nan)   # every 5th snapshot
    trace = viz.loss_curves(steps, {"test set": held_out}, "Loss").wire()["data"][0]
    np.testing.assert_array_equal(trace["x"], steps[::5])
    np.testing.assert_array_equal(trace["y"], held_out[::5])
    assert trace["mode"] == "lines+markers", "10 points: markers until there is a line to see"
