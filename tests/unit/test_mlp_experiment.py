"""The MLP experiment: presets reach their accuracy, runs are seeded, probes and divergence work."""
import math

import numpy as np
import pytest

from dl_engine.data import point_store
from dl_engine.data.csv_points import LabelledPoints
from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.models.mlp_init import INITIALISERS
from dl_engine.training.mlp_experiment import GRID, MLPExperiment
from dl_engine.training.mlp_batches import EpochOrders
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


def test_the_torch_path_trains_as_the_kernel_does():
    config = MLPConfig(dataset="xor", hidden=(6, 4), activations=("relu", "tanh"), optimizer="adam",
                       regularization="l2", reg_rate=0.001, dropout=0.2)
    ours, ref = MLPExperiment(config, seed=2), MLPExperiment(config, seed=2, backend="torch")
    assert ours.fused is not None and ref.fused is None
    assert ours.inspect().loss == pytest.approx(ref.inspect().loss, rel=1e-5)
    for _ in range(40):
        a, b = ours.train_step(False), ref.train_step(False)
        assert a.loss == pytest.approx(b.loss, rel=1e-4, abs=1e-6)
    np.testing.assert_allclose(ours.model.flat(), ref.model.flat(), rtol=1e-3, atol=1e-5)
    assert ours.evaluate() == pytest.approx(ref.evaluate(), rel=1e-4)


def test_one_step_is_one_mini_batch_and_an_epoch_covers_the_training_set():
    exp = MLPExperiment(MLPConfig(n_points=103, train_ratio=0.5, batch_size=10), seed=0)
    assert exp.steps_per_epoch == math.ceil(52 / 10)
    for _ in range(3):
        seen = [exp.batches.next_rows() for _ in range(exp.steps_per_epoch)]
        assert [len(r) for r in seen][-1] == 2 and sorted(np.concatenate(seen)) == list(range(52))


def test_each_epoch_is_the_next_permutation_of_one_stream_however_steps_are_grouped():
    """What the exported script replays: one rng.permutation(n) per epoch from seed + 2."""
    orders = EpochOrders(23, 5, seed=7)
    orders.ensure(3)
    rows = [orders.next_rows() for _ in range(2)]
    orders.ensure(500)  # draws ahead mid-epoch
    rows += [orders.next_rows() for _ in range(5 * 150 - 2)]
    stream = np.random.default_rng(7)
    expected = [stream.permutation(23) for _ in range(150)]
    np.testing.assert_array_equal(np.concatenate(rows), np.concatenate(expected))


def test_one_compiled_call_runs_across_epoch_ends_as_single_steps_do():
    config = MLPConfig(dataset="moons", noise=0.2, optimizer="adam", dropout=0.2, batch_size=7)
    chunked, single = MLPExperiment(config, seed=4), MLPExperiment(config, seed=4)
    n = 3 * chunked.steps_per_epoch + 2
    losses, last = chunked.train_steps(n)
    assert len(losses) == n  # one call, three epoch ends
    assert list(losses) == [single.train_step(False).loss for _ in range(n)] and last.loss == losses[-1]
    np.testing.assert_array_equal(chunked.model.flat(), single.model.flat())


def test_the_equations_shown_are_the_entries_the_engine_runs():
    config = MLPConfig(hidden=(4, 3, 2), activations=("relu", "tanh", "relu"), optimizer="rmsprop",
                       loss="huber", regularization="l1", reg_rate=0.01, init="he")
    exp = MLPExperiment(config, seed=0)
    eq = exp.equations
    assert eq.shown() == [INITIALISERS["he"], eq.optimizer, eq.loss, *eq.activations, eq.regulariser]
    # the kernel's ids are those of the entries shown
    assert list(exp.fused.codes[1:]) == [eq.loss.code, eq.optimizer.code, eq.regulariser.code]
    assert [ACTIVATIONS[a].code for a in config.layer_activations()] == list(exp.fused.acts)
    assert {a.code for a in eq.activations} == set(exp.fused.acts)
    # and so are the torch path's functions
    assert exp.torch_path.loss is eq.loss.torch and exp.torch_path.penalty is eq.regulariser.torch
    assert [type(m) for m in exp.model.activations] == [type(ACTIVATIONS[a].module()) for a in ("relu", "tanh", "relu")]
    assert MLPExperiment(MLPConfig(), seed=0).equations.regulariser is None  # no penalty, no equation


def test_probe_records_layers_grad_norms_and_update_ratios():
    exp = MLPExperiment(MLPConfig(), seed=0)
    before = exp.model.flat().copy()
    step0 = exp.inspect()
    np.testing.assert_array_equal(exp.model.flat(), before)  # inspecting changes nothing
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
    np.testing.assert_array_equal(threaded.experiment.model.flat(), by_hand.experiment.model.flat())
