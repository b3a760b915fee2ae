"""The gradient lab's presets do what their claims (the notes' §42–43) say."""
import numpy as np

from dl_engine.training.deep_net import PRESETS, DeepNetConfig, DeepNetExperiment
from dl_engine.training.run import Status, TrainingRun

VANISHING, HEALTHY, EXPLODING, CLIPPED, BATCH_NORM = PRESETS  # in the order the page lists them


def _first_over_last(config: DeepNetConfig) -> float:
    g = TrainingRun(DeepNetExperiment, config, seed=0).snapshot.visuals["grad_norms"]
    return g[0] / g[-1]


def test_deep_sigmoid_with_small_init_vanishes():
    assert PRESETS[VANISHING].config.depth == 20
    assert _first_over_last(PRESETS[VANISHING].config) < 1e-6  # "orders of magnitude below"


def test_relu_with_he_keeps_gradients_within_ten_times():
    run = TrainingRun(DeepNetExperiment, PRESETS[HEALTHY].config, seed=0)
    g = run.snapshot.visuals["grad_norms"]
    assert np.all(g / g[-1] < 10) and np.all(g / g[-1] > 0.1)
    before = run.snapshot.metrics["train_loss"]
    run.step(60)
    assert run.snapshot.metrics["train_loss"] < before  # and it learns


def test_large_init_diverges_within_a_few_steps():
    run = TrainingRun(DeepNetExperiment, PRESETS[EXPLODING].config, seed=0)
    run.step(5)
    assert run.status == Status.DIVERGED and run.snapshot.step <= 5
    first = run.experiment.watch.first
    assert first is not None and first.step < run.snapshot.step  # exceeded bounds before the NaN


def test_clipping_prevents_the_divergence():
    config = PRESETS[CLIPPED].config
    assert config.clip == "norm" and config.init == PRESETS[EXPLODING].config.init
    run = TrainingRun(DeepNetExperiment, config, seed=0)
    start = run.snapshot.metrics["train_loss"]
    run.step(40)
    assert run.status != Status.DIVERGED
    assert np.isfinite(run.snapshot.metrics["train_loss"]) and run.snapshot.metrics["train_loss"] < start


def test_batch_norm_rescues_the_deep_sigmoid_net():
    config = PRESETS[BATCH_NORM].config
    assert config.norm == "batch" and config.activation == "sigmoid" and config.depth == 20
    without = DeepNetConfig(**{**config.__dict__, "norm": "none"})
    assert _first_over_last(without) < 1e-8
    assert _first_over_last(config) > 1e-2
