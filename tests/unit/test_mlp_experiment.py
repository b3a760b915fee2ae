"""The MLP experiment: presets reach their accuracy, runs are seeded, probes and divergence work."""
import math

import numpy as np
import pytest

from dl_engine.data import point_store
from dl_engine.data.csv_points import LabelledPoints
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.mlp_experiment import GRID, MLPExperiment
from dl_engine.presets.mlp import PRESETS
from dl_engine.training.run import Status, StopCondition, TrainingRun


def train(exp: MLPExperiment, epochs: int) -> dict:
    for _ in range(epochs * exp.steps_per_epoch):
        exp.train_step(False)
    return exp.evaluate()


@pytest.mark.parametrize("name", ["playground-default", "xor-hidden-layer", "circle-hidden-layer",
                                  "features-replace-depth", "spiral-needs-depth-or-features"])
def test_presets_reach_95_percent_test_accuracy(name):
    preset = PRESETS[name]
    metrics = train(MLPExperiment(preset.config, seed=0), preset.epochs)
    assert metrics["test_acc"] >= 0.95, metrics


def test_no_hidden_layer_cannot_learn_the_circle():
    preset = PRESETS["no-hidden-layer-fails-on-circle"]
    assert train(MLPExperiment(preset.config, seed=0), preset.epochs)["test_acc"] < 0.75


def test_zero_initialisation_keeps_hidden_neurons_identical():
    exp = MLPExperiment(PRESETS["zero-init-symmetry"].config, seed=0)
    train(exp, 3)
    W, _ = exp.model.weights()[1]
    assert np.allclose(W, W[:, :1])  # every neuron of the layer sees the same weights


def test_same_seed_same_curves_other_seed_other_curves():
    config = MLPConfig(dataset="moons", noise=0.2, optimizer="adam", dropout=0.2)
    a, b, c = (MLPExperiment(config, seed=s) for s in (5, 5, 6))
    la = [a.train_step(False).loss for _ in range(60)]
    lb = [b.train_step(False).loss for _ in range(60)]
    lc = [c.train_step(False).loss for _ in range(60)]
    assert la == lb and la != lc


def test_torch_backend_matches_numpy_backend():
    config = MLPConfig(dataset="xor", hidden=(6, 4), activations=("relu", "tanh"), optimizer="adam",
                       regularization="l2", reg_rate=0.001)
    ours, ref = MLPExperiment(config, seed=2), MLPExperiment(config, seed=2, backend="torch")
    for _ in range(40):
        a, b = ours.train_step(False), ref.train_step(False)
        assert a.loss == pytest.approx(b.loss, rel=1e-4, abs=1e-6)
    np.testing.assert_allclose(ours.be.numpy(ours.model.theta), ref.be.numpy(ref.model.theta), rtol=1e-3, atol=1e-5)


def test_one_step_is_one_mini_batch_and_an_epoch_covers_the_training_set():
    exp = MLPExperiment(MLPConfig(n_points=103, train_ratio=0.5, batch_size=10), seed=0)
    assert exp.steps_per_epoch == math.ceil(52 / 10)
    seen = [stop - start for start, stop in (exp._next_batch() for _ in range(exp.steps_per_epoch))]
    assert sum(seen) == 52 and seen[-1] == 2


def test_probe_records_layers_grad_norms_and_update_ratios():
    exp = MLPExperiment(MLPConfig(), seed=0)
    before = exp.be.numpy(exp.model.theta)
    step0 = exp.inspect()
    np.testing.assert_array_equal(exp.be.numpy(exp.model.theta), before)  # inspecting changes nothing
    result = exp.train_step(True)
    probe = result.probe
    assert list(probe.activations) == ["hidden 1", "hidden 2", "output"]
    assert probe.activations["hidden 1"].shape == (10, 4)
    assert set(probe.activation_grads) == set(probe.activations)
    assert probe.grad_norms == result.grad_norms and all(v > 0 for v in probe.grad_norms.values())
    assert all(0 < r < 1 for r in probe.update_ratios.values())
    assert step0.probe.grad_norms.keys() == result.grad_norms.keys()


def test_visuals_hold_the_boundary_thumbnails_and_weights():
    exp = MLPExperiment(MLPConfig(features=("x1", "x2", "x1^2")), seed=0)
    v = exp.visuals(None)
    assert v["boundary"].shape == (1, GRID, GRID) and 0 <= v["boundary"].min() <= v["boundary"].max() <= 1
    assert [t.shape[0] for t in v["thumbs"]] == [3, 4, 2, 1]
    assert all(np.abs(t).max() <= 1 + 1e-6 for t in v["thumbs"])
    assert [w.shape for w, _ in v["weights"]] == [(3, 4), (4, 2), (2, 1)]
    # thumbnail of input x1: rises along columns (x1), constant along rows (x2)
    x1 = v["thumbs"][0][0]
    assert np.all(np.diff(x1, axis=1) > 0) and np.allclose(x1[0], x1[-1])


def test_training_run_drives_it_and_reports_divergence_with_the_layer():
    run = TrainingRun(MLPExperiment, MLPConfig(), seed=0)
    snap = run.step(25)
    assert snap.epoch == 1.0 and "grad_norm/hidden 1" in snap.history and "test_acc" in snap.metrics
    bad = MLPConfig(dataset="gauss", hidden=(32,) * 8, activations=("relu",), init="large_random", lr=10.0,
                    loss="binary_cross_entropy")
    run = TrainingRun(MLPExperiment, bad, seed=0)
    run.step(50)
    assert run.status == Status.DIVERGED and "diverged" in run.message


def test_uploaded_multiclass_points_train_with_softmax():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [10, 0], [0, 10]])
    y = rng.integers(0, 3, 150)
    points = LabelledPoints(X=(centres[y] + rng.normal(0, 1, (150, 2))).astype(np.float32), y=y.astype(np.int64),
                            class_names=["a", "b", "c"])
    key = point_store.remember(points, owner="test")
    config = MLPConfig(dataset="csv", upload=key, output="softmax", loss="cross_entropy", optimizer="adam")
    exp = MLPExperiment(config, seed=0)
    assert exp.visuals(None)["boundary"].shape == (3, GRID, GRID)
    assert train(exp, 20)["test_acc"] > 0.9
    with pytest.raises(ValueError, match="softmax"):
        MLPExperiment(MLPConfig(dataset="csv", upload=key), seed=0)
    with pytest.raises(ValueError, match="Upload the file again"):
        MLPExperiment(MLPConfig(dataset="csv", upload="nonexistent"), seed=0)


def test_the_training_thread_takes_the_same_steps_as_stepping_by_hand():
    config = MLPConfig(dataset="moons", noise=0.2, optimizer="adam", dropout=0.2, batch_size=7)
    by_hand = TrainingRun(MLPExperiment, config, seed=3)
    by_hand.step(12 * by_hand.experiment.steps_per_epoch)
    threaded = TrainingRun(MLPExperiment, config, seed=3, stop=StopCondition(max_epochs=12))
    threaded.start()
    threaded.wait()
    assert threaded.status == Status.FINISHED and threaded.steps == by_hand.steps
    np.testing.assert_array_equal(threaded.experiment.model.theta, by_hand.experiment.model.theta)
