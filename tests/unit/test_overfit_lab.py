"""The overfitting lab against the formulas and PyTorch: each regulariser's effect (L1 and L2
penalties and their gradients, dropout's scaling, label-smoothed targets), augmentation, the
metrics against scikit-learn, early stopping restoring the best epoch's weights, the two copies
starting alike, and every preset's claim at seed 0."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from torch.nn import functional as F

from dl_engine.data.overfit_lab_augment import augment_images, jitter, shift
from dl_engine.data.overfit_lab_data import TEST, VALIDATION, flip_labels, lab_split
from dl_engine.models.overfit_lab import (NEAR_ZERO, OverfitNet, near_zero_share, penalty, smoothed_loss,
                                          smoothed_targets, weight_histogram)
from dl_engine.models.overfit_lab_metrics import scores, held_out_report
from dl_engine.presets.overfit_lab import PRESETS
from dl_engine.training.overfit_lab_experiment import OverfitLabConfig, OverfitLabExperiment
from dl_engine.training.run import TrainingRun
from dl_engine.viz import overfit_lab as viz
from tests.unit.figure_checks import axis_titles, readable
from tests.unit.test_raster import picture


def train(config: OverfitLabConfig, epochs: int, every: int = 10, seed: int = 0):
    """The experiment after `epochs` epochs, and its metrics every `every` epochs."""
    e = OverfitLabExperiment(config, seed=seed)
    seen = []
    for epoch in range(1, epochs + 1):
        for _ in range(e.steps_per_epoch):
            e.train_step(False)
        if epoch % every == 0:
            seen.append(e.evaluate())
    return e, seen


def same_weights(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.weights(), b.weights()))


# ---- the net and the regularisers -----------------------------------------------------------
def test_nets_built_after_the_same_seed_start_alike_whatever_layers_they_add():
    torch.manual_seed(3)
    plain = OverfitNet(2, 16, 3, 2)
    torch.manual_seed(3)
    regularised = OverfitNet(2, 16, 3, 2, dropout=0.5, batchnorm=True)
    assert same_weights(plain, regularised)
    assert sum(isinstance(m, torch.nn.BatchNorm1d) for m in regularised.body) == 3
    assert len(plain.weights()) == 4


def test_the_penalty_and_its_gradient_are_the_formulas():
    torch.manual_seed(0)
    net = OverfitNet(2, 8, 2, 2)
    l1, l2 = 0.01, 0.003
    value = penalty(net, l1, l2)
    weights = net.weights()
    assert torch.isclose(value, l1 * sum(w.abs().sum() for w in weights) + l2 * sum((w ** 2).sum() for w in weights))
    value.backward()
    for w in weights:
        torch.testing.assert_close(w.grad, l1 * torch.sign(w) + 2 * l2 * w)
    assert all(m.bias.grad is None for m in net.body if isinstance(m, torch.nn.Linear))   # biases go free
    assert float(penalty(net, 0.0, 0.0)) == 0.0


def test_dropout_zeroes_units_and_scales_the_others_by_one_over_one_minus_p_while_training_only():
    torch.manual_seed(0)
    p = 0.3
    net = OverfitNet(2, 400, 1, 2, dropout=p)
    dropout = next(m for m in net.body if isinstance(m, torch.nn.Dropout))
    seen = {}
    dropout.register_forward_hook(lambda m, inputs, out: seen.update(h=inputs[0], out=out))
    x = torch.randn(64, 2)
    net.train()
    net(x)
    h, out = seen["h"], seen["out"]
    kept = out != 0
    torch.testing.assert_close(out[kept], h[kept] / (1 - p))
    live = h != 0
    assert abs(float((~kept[live]).float().mean()) - p) < 0.02    # about p of the units switched off
    net.eval()
    net(x)
    torch.testing.assert_close(seen["out"], seen["h"])


def test_label_smoothed_targets_are_the_formula_and_the_notes_example():
    y = torch.tensor([0, 1, 1])
    targets = smoothed_targets(y, 2, 0.2)
    torch.testing.assert_close(targets, torch.tensor([[0.9, 0.1], [0.1, 0.9], [0.1, 0.9]]))   # the notes' 0.9 / 0.1
    ten = smoothed_targets(torch.arange(10), 10, 0.1)
    torch.testing.assert_close(ten.sum(1), torch.ones(10))
    assert float(ten.max()) == pytest.approx(0.91) and float(ten.min()) == pytest.approx(0.01)
    logits = torch.randn(3, 2)
    by_hand = -(smoothed_targets(y, 2, 0.2) * F.log_softmax(logits, 1)).sum(1).mean()
    torch.testing.assert_close(smoothed_loss(logits, y, 0.2), by_hand)


def test_near_zero_share_and_the_histogram_count_every_weight():
    weights = [torch.tensor([[0.0, 5e-4, -0.5]]), torch.tensor([2.0, -2e-4])]
    assert near_zero_share(weights) == pytest.approx(3 / 5)
    hist = weight_histogram({"a": weights, "b": [torch.tensor([1.0])]}, bins=4)
    assert hist["edges"][0] == -2.0 and hist["edges"][-1] == 2.0
    assert hist["counts"]["a"].sum() == 5 and hist["counts"]["b"].sum() == 1
    broken = weight_histogram({"a": [torch.tensor([1.0, float("inf"), float("nan")])]}, bins=4)
    assert broken["edges"][-1] == 1.0 and broken["counts"]["a"].sum() == 1      # only the finite weight
    assert NEAR_ZERO == 1e-3


# ---- data and augmentation ------------------------------------------------------------------
@given(n=st.integers(1, 200), share=st.floats(0, 1), classes=st.integers(2, 10), seed=st.integers(0, 99))
@settings(max_examples=60, deadline=None)
def test_flipping_changes_exactly_the_share_of_labels_to_other_classes(n, share, classes, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    flipped_y, flipped = flip_labels(y, share, classes, rng)
    assert flipped.sum() == round(share * n)
    assert np.all(flipped_y[flipped] != y[flipped]) and np.all(flipped_y[~flipped] == y[~flipped])
    assert flipped_y.min() >= 0 and flipped_y.max() < classes


@pytest.mark.parametrize("source", ["moons", "digits"])
def test_the_split_sizes_and_only_training_labels_are_flipped(source):
    s = lab_split(source, 100, 0.2, 0.3, seed=4)
    assert len(s.y_train) == 100 and len(s.y_val) == VALIDATION and len(s.y_test) == TEST
    assert s.flipped.sum() == 30 and s.images == (source == "digits")
    assert len(np.unique(s.y_val)) == s.classes           # shuffled: every class in the held-out sets
    again = lab_split(source, 100, 0.2, 0.3, seed=4)
    np.testing.assert_array_equal(s.X_train, again.X_train)


def test_shift_moves_pixels_and_blanks_what_it_uncovers():
    image = torch.arange(16, dtype=torch.float32).reshape(1, 1, 4, 4)
    down_right = shift(image, torch.tensor([[1, 1]]))[0, 0]
    torch.testing.assert_close(down_right[1:, 1:], image[0, 0, :3, :3])
    assert float(down_right[0].abs().sum() + down_right[:, 0].abs().sum()) == 0
    up_left = shift(image, torch.tensor([[-2, -1]]))[0, 0]
    torch.testing.assert_close(up_left[:2, :3], image[0, 0, 2:, 1:])
    torch.testing.assert_close(shift(image, torch.zeros(1, 2, dtype=torch.long)), image)


def test_image_augmentation_stays_in_range_and_flips_only_when_asked():
    images = torch.rand(200, 1, 8, 8)
    g = torch.Generator().manual_seed(0)
    flipped = augment_images(images, 0, True, 0.0, g)
    mirrored = torch.all(flipped == images.flip(-1), dim=(1, 2, 3))
    same = torch.all(flipped == images, dim=(1, 2, 3))
    assert torch.all(mirrored | same) and 60 < int(mirrored.sum()) < 140
    noisy = augment_images(images, 2, False, 0.5, g)
    assert float(noisy.min()) >= 0 and float(noisy.max()) <= 1 and not torch.equal(noisy, images)
    assert torch.equal(augment_images(images, 0, False, 0.0, g), images)


def test_jitter_is_gaussian_noise_of_sigma():
    X = torch.zeros(20000, 2)
    moved = jitter(X, 0.5, torch.Generator().manual_seed(1))
    assert abs(float(moved.std()) - 0.5) < 0.01 and abs(float(moved.mean())) < 0.01


# ---- metrics ----------------------------------------------------------------------------------
@given(pairs=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=60))
@settings(max_examples=80, deadline=None)
def test_precision_recall_and_f1_equal_scikit_learns(pairs):
    y, pred = map(np.array, zip(*pairs))
    probs = np.eye(4)[pred]
    report = held_out_report(probs, y)
    np.testing.assert_array_equal(report["confusion"], confusion_matrix(y, pred, labels=range(4)))
    p, r, f, _ = precision_recall_fscore_support(y, pred, labels=range(4), zero_division=0)
    np.testing.assert_allclose(report["precision"], p)
    np.testing.assert_allclose(report["recall"], r)
    np.testing.assert_allclose(report["f1"], f)
    assert report["macro_f1"] == pytest.approx(f.mean())


def test_the_threshold_trades_precision_for_recall():
    y = np.array([0, 0, 1, 1, 1])
    p_one = np.array([0.2, 0.6, 0.4, 0.7, 0.9])
    probs = np.stack([1 - p_one, p_one], 1)
    low, mid, high = (held_out_report(probs, y, t) for t in (0.1, 0.5, 0.8))
    assert low["recall"][1] == 1.0 and low["precision"][1] == pytest.approx(3 / 5)
    assert mid["confusion"].tolist() == [[1, 1], [1, 2]]
    assert high["precision"][1] == 1.0 and high["recall"][1] == pytest.approx(1 / 3)
    assert scores(np.zeros((2, 2)))["accuracy"] == 0.0


# ---- the experiment ---------------------------------------------------------------------------
def test_with_nothing_switched_on_the_two_copies_are_one_run():
    e, _ = train(OverfitLabConfig(dropout=0.0), 20)
    assert same_weights(e.copies["baseline"].net, e.copies["regularised"].net)


def test_the_regularised_copys_batch_loss_is_smoothed_cross_entropy_plus_the_penalty():
    config = OverfitLabConfig(dropout=0.0, l1=0.001, l2=0.002, label_smoothing=0.1)
    e = OverfitLabExperiment(config, seed=0)
    X, y = e.sets["train"]
    net = e.copies["regularised"].net
    by_hand = -(smoothed_targets(y, 2, 0.1) * F.log_softmax(net(X), 1)).sum(1).mean() + \
        0.001 * sum(w.abs().sum() for w in net.weights()) + 0.002 * sum((w ** 2).sum() for w in net.weights())
    torch.testing.assert_close(e._batch_loss("regularised", X, y), by_hand)
    torch.testing.assert_close(e._batch_loss("baseline", X, y), F.cross_entropy(e.copies["baseline"].net(X), y))


def test_early_stopping_stops_and_restores_the_best_epochs_weights():
    config = OverfitLabConfig(dropout=0.0, early_stopping=True, patience=20)
    e, _ = train(config, 150)
    copy = e.copies["regularised"]
    assert copy.stopped_at == copy.best_epoch + 20
    m = e.evaluate()
    assert m["reg_stopped_at"] == copy.stopped_at and m["reg_best_epoch"] == copy.best_epoch
    # the same run without early stopping, stopped by hand at that epoch, has those very weights
    plain, _ = train(dataclasses.replace(config, early_stopping=False), copy.best_epoch, every=10 ** 6)
    assert same_weights(copy.net, plain.copies["regularised"].net)
    assert m["reg_val_loss"] == pytest.approx(copy.best_loss, rel=1e-6)
    frozen = [w.clone() for w in copy.net.weights()]
    e.train_step(False)
    assert all(torch.equal(a, b) for a, b in zip(frozen, copy.net.weights()))   # it trains no more


def test_restore_best_puts_the_best_weights_back_and_names_the_epoch():
    run = TrainingRun(OverfitLabExperiment, OverfitLabConfig(dropout=0.0), seed=0)
    run.step(2 * 150)                                            # 150 epochs of 2 batches
    e = run.experiment
    best = e.copies["baseline"].best_epoch
    assert 0 < best < 150
    rows = len(run.snapshot.history["base_val_loss"])
    assert run.apply(lambda x: x.restore_best("baseline"), evaluate=True) == best
    shown = run.snapshot
    assert shown.metrics["base_val_loss"] == pytest.approx(e.copies["baseline"].best_loss, rel=1e-6)
    assert len(shown.history["base_val_loss"]) == rows + 1           # the curve shows the jump back
    assert shown.history["base_val_loss"][-1] < shown.history["base_val_loss"][-2]


def test_the_same_seed_gives_the_same_run_and_weights_round_trip():
    config = OverfitLabConfig(aug_noise=0.3, batchnorm=True)
    a, _ = train(config, 5)
    b, _ = train(config, 5)
    assert a.evaluate() == b.evaluate()
    fresh = OverfitLabExperiment(config, seed=1)
    fresh.load_state_tensors(a.state_tensors())
    assert fresh.state_tensors().keys() == a.state_tensors().keys()
    assert all(torch.equal(x, y) for x, y in zip(fresh.state_tensors().values(), a.state_tensors().values()))


# ---- figures ------------------------------------------------------------------------------------
def test_before_training_the_curves_say_what_to_press_and_mark_no_best_epoch():
    snap = TrainingRun(OverfitLabExperiment, OverfitLabConfig(), seed=0).snapshot
    fresh = viz.loss_figure(snap.history).wire()
    assert [n["text"] for n in fresh["layout"]["annotations"]] == ["Press Train: both copies start together"]
    assert not any(t.get("dash") == "dot" for t in (d.get("line", {}) for d in fresh["data"]))
    run = TrainingRun(OverfitLabExperiment, OverfitLabConfig(), seed=0)
    run.step(20)
    run.step(20)
    trained = viz.loss_figure(run.snapshot.history).wire()
    assert {n["text"] for n in trained["layout"]["annotations"]} == {"best baseline", "best regularised"}


@pytest.mark.parametrize("data", ["moons", "digits"])
def test_every_figure_is_readable_and_draws_both_copies(data):
    config = OverfitLabConfig(data=data, examples=60, aug_noise=0.2, aug_shift=1)
    run = TrainingRun(OverfitLabExperiment, config, seed=0)
    snap = run.step(60)
    v = snap.visuals
    loss = readable(viz.loss_figure(snap.history), "Loss")
    assert axis_titles(loss) == ("epoch", "cross-entropy")
    names = [t.get("name") for t in viz.loss_figure(snap.history).wire()["data"]]
    assert {"baseline train", "baseline test", "regularised train", "regularised test"} <= set(names)
    readable(viz.accuracy_figure(snap.history), "Accuracy")
    weights = viz.weights_figure(v).wire()
    readable(weights, "Weights")
    assert sum(np.sum(t["y"][:-1]) for t in weights["data"]) == 2 * sum(
        w.numel() for w in run.experiment.copies["baseline"].net.weights())
    confusion = viz.confusion_figure(v, 0.5).wire()
    readable(confusion, "confusion")
    for trace, name in zip(confusion["data"], viz.COPIES):
        assert np.sum(trace["z"]) == TEST
        np.testing.assert_array_equal(trace["z"], viz.reports(v, 0.5)[name]["confusion"])
    if data == "digits":
        strips = viz.augmented_figure(v).wire()
        readable(strips, "Augmentation")
        assert not np.array_equal(strips["data"][0]["z"], strips["data"][1]["z"])   # augmentation is on
    else:
        spec = viz.lab_boundary_figure(v, "regularised")
        boundary = spec.wire()
        assert boundary["layout"]["title"]["text"].startswith("Regularised")
        assert picture(spec.images[0]).shape == v["boundary"]["regularised"].shape[1:] + (4,)
        ringed = next(t for t in boundary["data"] if t.get("name") == "flipped label")
        assert len(ringed["x"]) == round(0.2 * 60)
        drawn = sum(len(t["x"]) for t in boundary["data"] if t.get("name") == "train points")
        assert drawn == 60            # the training points only: the test points would hide them


# ---- the presets' claims ---------------------------------------------------------------------------
def claim(slug: str, e: OverfitLabExperiment, seen: list[dict]) -> None:
    m = seen[-1]
    lowest = lambda key: min(s[key] for s in seen)
    if slug in ("memorise", "digits-memorise"):
        assert m["base_train_loss"] < 0.05 and m["base_test_loss"] > 2 * lowest("base_test_loss")
    elif slug == "l1-sparse":
        assert m["reg_near_zero"] > 0.5 and m["base_near_zero"] < 0.05 and m["reg_test_loss"] < m["base_test_loss"]
    elif slug == "l2-shrinks":
        largest = {n: max(float(w.detach().abs().max()) for w in e.copies[n].net.weights()) for n in e.copies}
        assert largest["regularised"] < largest["baseline"] and m["reg_test_loss"] < 0.7 * m["base_test_loss"]
    elif slug == "dropout":
        assert m["reg_train_loss"] > m["base_train_loss"] and m["reg_test_loss"] < 0.5 * m["base_test_loss"]
    elif slug == "batchnorm":
        assert m["reg_test_loss"] < 0.7 * m["base_test_loss"]
    elif slug == "early-stopping":
        assert m["reg_stopped_at"] > 0 and m["reg_test_loss"] < 0.5 * m["base_test_loss"]
    elif slug == "augment-points":
        assert m["reg_test_acc"] > m["base_test_acc"]
    elif slug == "label-smoothing":
        confident = {n: float(e._probs(c.net, "test").max(1).values.mean()) for n, c in e.copies.items()}
        assert confident["regularised"] < confident["baseline"] - 0.03
    elif slug == "digits-shift":
        assert m["reg_test_acc"] > m["base_test_acc"] + 0.05
    elif slug == "digits-flip":
        assert m["reg_test_acc"] < m["base_test_acc"] + 0.05     # no real gain (shifts give more than 0.05)
    else:
        raise AssertionError(f"no claim checked for preset {slug}")


@pytest.mark.parametrize("slug", list(PRESETS))
def test_each_preset_shows_what_its_lesson_says(slug):
    preset = PRESETS[slug]
    e, seen = train(preset.config, preset.epochs)
    claim(slug, e, seen)
