"""Training curves on a log time axis or over the last stretch; other figures untouched."""
import math

import numpy as np
from hypothesis import given, strategies as st

from dl_engine.viz.curve_view import LAST, LOG, WHOLE, curve_view, log_ticks
from dl_engine.viz.perceptron import epoch_errors_figure
from dl_engine.viz.train_curves import loss_figure


def history(n: int) -> dict:
    epoch = np.arange(n, dtype=float)
    return {"epoch": epoch, "train_loss": 1 / (1 + epoch), "test_loss": 1.1 / (1 + epoch)}


def test_the_whole_run_is_the_figure_itself():
    fig = loss_figure(history(50))
    assert curve_view(fig, WHOLE) is fig


def test_log_time_keeps_every_point_and_labels_the_ticks_with_epochs():
    fig = curve_view(loss_figure(history(1000)), LOG).wire()
    x = fig["data"][0]["x"]
    assert len(x) == 1000 and x[0] == 0 and math.isclose(x[-1], math.log10(1000))
    axis = fig["layout"]["xaxis"]
    assert axis["ticktext"][:4] == ["0", "1", "2", "5"] and axis["ticktext"][-1] == "500"
    assert np.allclose(axis["tickvals"], np.log10(1 + np.array([0, 1, 2, 5, 10, 20, 50, 100, 200, 500])))
    assert "dtick" not in axis and "log" in axis["title"]["text"]


def test_the_last_stretch_keeps_the_latest_fifth_and_its_y_values():
    fig = curve_view(loss_figure(history(1000)), LAST).wire()
    x, y = fig["data"][0]["x"], fig["data"][0]["y"]
    assert x[0] == 800 and x[-1] == 999 and len(x) == len(y) == 200   # 999 − 0.2 × 999 = 799.2
    assert y[0] == 1 / 801


def test_a_short_run_keeps_at_least_ten_units():
    fig = curve_view(loss_figure(history(12)), LAST).wire()
    assert list(fig["data"][0]["x"]) == [1.0, *range(2, 12)]


def test_figures_that_are_not_training_curves_stay_as_they_are():
    fig = epoch_errors_figure([3, 1, 0], 4, None)   # bars per epoch
    assert curve_view(fig, LOG) is fig and curve_view(fig, LAST) is fig


@given(st.floats(0, 1e7))
def test_log_ticks_are_ordered_and_end_at_or_before_the_run(end):
    ticks = log_ticks(end)
    assert ticks[0] == 0 and ticks == sorted(ticks) and ticks[-1] <= max(end, 1)
