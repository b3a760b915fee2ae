"""The recurrent page's live figures, built from real snapshots as the live feed builds them."""
from dataclasses import replace

import numpy as np
import pytest

from dl_engine.training import recurrent_experiment as rx
from dl_engine.training.recurrent_probe import NO_CLAMP
from dl_engine.training.run import TrainingRun
from dl_engine.viz import recurrent_charts as charts
from dl_engine.viz.spec import Chart, HeatmapGrid
from tests.unit.figure_checks import wired


def snapshot(**changes):
    config = replace(rx.RecurrentConfig(), **changes)
    run = TrainingRun(rx.build_recurrent_experiment, config, seed=0, device="cpu")
    run.step(3)
    return config, run.snapshot


@pytest.mark.parametrize("task", ["language_model", "forecast", "remember_first"])
def test_every_sequence_chart_draws_the_sequence_on_screen(task):
    config, snap = snapshot(task=task, clip="norm")
    view = charts.SequenceView(config, NO_CLAMP, shown=0, reverse=False)
    labels = snap.visuals["labels"][0]
    figures = {"diagram": view.diagram(snap), "gates": view.gates(snap), "pca": view.pca(snap),
               "clipping": view.clipping(snap), "loss": charts.loss_chart(snap),
               "gradient": charts.gradient_chart(snap)}
    if task == "forecast":
        figures["forecast"] = view.forecast(snap)
    assert isinstance(figures["gates"], HeatmapGrid), "the gates are drawn as heatmaps"
    assert all(isinstance(figures[name], Chart) for name in figures if name not in ("gates", "clipping"))
    figures = {name: wired(fig) for name, fig in figures.items()}
    for name, fig in figures.items():
        drawn = fig["data"] or fig["layout"].get("shapes")   # the diagram is drawn with shapes
        assert drawn and fig["layout"]["title"]["text"], name
    assert "#1" in figures["gates"]["layout"]["title"]["text"], "the gates of the sequence chosen"
    assert len(figures["gradient"]["data"][0]["y"]) == len(labels), "one ‖∂L_T/∂h_t‖ per time step"
    measured = np.isfinite(snap.history["loss"])   # step 0 has no training batch yet
    assert len(figures["loss"]["data"][0]["y"]) == measured.sum() == len(snap.history["step"]) - 1


def test_comparison_charts_have_one_curve_per_cell():
    _, snap = snapshot(task="remember_first", compare=True)
    names = [[t["name"] for t in f(snap).wire()["data"]]
             for f in (charts.compare_loss, charts.compare_gradients)]
    assert names == [["RNN", "LSTM", "GRU"]] * 2
