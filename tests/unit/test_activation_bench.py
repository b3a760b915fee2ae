"""The loss and activation bench against PyTorch and the formulas: derivatives against autograd,
losses and gradients against torch.nn.functional, softmax(z/T) and its limits, the dead-unit
count, and cross-entropy's gradient at a saturated sigmoid against MSE's."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from dl_engine.models import activation_bench as ab
from dl_engine.models.activation_bench_nets import HiddenNet, dead_units, saturated_unit
from dl_engine.presets.activation_bench import PRESETS
from dl_engine.training.activation_bench_experiment import BenchConfig, BenchExperiment
from dl_engine.training.run import TrainingRun
from dl_engine.viz import activation_bench as viz
from tests.unit.figure_checks import axis_titles, readable


REFERENCE = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu,
             "leaky_relu": lambda z: F.leaky_relu(z, 0.01), "elu": F.elu, "selu": F.selu}


@pytest.mark.parametrize("name", ab.NAMES)
def test_each_derivative_drawn_is_autograds_and_equals_its_closed_form(name):
    curve = ab.activation_curve(name, -7.0, 7.0, 301)
    z = torch.tensor(curve["z"], requires_grad=True)
    f = REFERENCE[name](z)
    (reference,) = torch.autograd.grad(f.sum(), z)
    np.testing.assert_allclose(curve["f"], f.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(curve["df"], reference.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ab.DERIVATIVES[name].fn(z.detach()).numpy(), curve["df"], rtol=1e-9, atol=1e-12)


def test_saturated_spans_are_the_runs_below_the_threshold():
    curve = ab.activation_curve("sigmoid", -6.0, 6.0, 1201)
    spans = ab.saturated_spans(curve["z"], curve["df"], 0.05)
    edge = math.log((1 + math.sqrt(1 - 4 * 0.05)) / (1 - math.sqrt(1 - 4 * 0.05)))   # σ′(z) = 0.05
    assert len(spans) == 2 and spans[0][0] == -6.0 and spans[1][1] == 6.0
    assert spans[0][1] == pytest.approx(-edge, abs=0.011) and spans[1][0] == pytest.approx(edge, abs=0.011)
    relu = ab.activation_curve("relu", -1.0, 1.0, 201)
    assert ab.saturated_spans(relu["z"], relu["df"], 0.05) == [pytest.approx((-1.0, 0.0))]   # ReLU′(0) = 0
    assert ab.saturated_spans(np.arange(3.0), np.ones(3), 0.5) == []


@pytest.mark.parametrize("target", [-1.5, 0.0, 2.0])
def test_regression_losses_and_gradients_equal_torch_functional(target):
    out = ab.regression_curves(target, 3.0, 121)
    p = torch.tensor(out["pred"], requires_grad=True)
    t = torch.full_like(p, target)
    refs = {"mse": lambda: (p - t) ** 2, "mae": lambda: (p - t).abs(),
            "huber": lambda: F.huber_loss(p, t, reduction="none", delta=1.0),
            "pseudo_huber": lambda: torch.sqrt(1 + (p - t) ** 2) - 1}
    for name, ref in refs.items():
        loss = ref()
        (grad,) = torch.autograd.grad(loss.sum(), p)
        np.testing.assert_allclose(out["loss"][name], loss.detach().numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(out["grad"][name], grad.numpy(), rtol=1e-12, atol=1e-12)
    # the closed forms the page states: 2(ŷ − y) and sign(ŷ − y)
    np.testing.assert_allclose(out["grad"]["mse"], 2 * (out["pred"] - target), atol=1e-12)
    off = np.abs(out["pred"] - target) > 1e-9
    np.testing.assert_allclose(out["grad"]["mae"][off], np.sign(out["pred"] - target)[off])


@pytest.mark.parametrize("label", [0, 1])
def test_classification_losses_and_gradients_at_the_logit_equal_torch_and_the_formulas(label):
    out = ab.classification_curves(label, -9.0, 9.0, 91)
    z = torch.tensor(out["z"], requires_grad=True)
    y = torch.full_like(z, float(label))
    refs = {"binary_cross_entropy": F.binary_cross_entropy_with_logits(z, y, reduction="none"),
            "mse": F.mse_loss(torch.sigmoid(z), y, reduction="none")}
    for name, loss in refs.items():
        (grad,) = torch.autograd.grad(loss.sum(), z)
        np.testing.assert_allclose(out["loss"][name], loss.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(out["grad"][name], grad.numpy(), rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(out["grad"][name], ab.grad_z_formula(name, z.detach(), y).numpy(),
                                   rtol=1e-9, atol=1e-14)


def test_at_a_saturated_wrong_sigmoid_ce_keeps_its_gradient_and_mse_loses_it():
    z, y = torch.tensor([-8.0], dtype=torch.float64), torch.tensor([1.0], dtype=torch.float64)
    s = torch.sigmoid(z)
    ce, mse = (ab.grad_z_formula(n, z, y) for n in ("binary_cross_entropy", "mse"))
    assert float(ce) == pytest.approx(float(s - y))                       # σ − y ≈ −1
    assert float(mse) == pytest.approx(float(2 * (s - y) * s * (1 - s)))  # ≈ −6.7e−4
    assert abs(float(ce)) > 0.99 and abs(float(mse)) < 1e-3


def test_softmax_with_a_temperature_is_torchs_and_its_limits_are_one_hot_and_uniform():
    logits = (2.0, 1.0, 0.1, -1.0)
    for T in (0.3, 1.0, 4.0):
        out = ab.softmax_t(logits, T)
        ref = torch.softmax(torch.tensor(logits, dtype=torch.float64) / T, 0).numpy()
        np.testing.assert_allclose(out["p"], ref, rtol=1e-12)
        assert out["entropy"] == pytest.approx(float(-(ref * np.log2(ref)).sum()))
    cold, hot = ab.softmax_t(logits, 1e-3), ab.softmax_t(logits, 1e4)
    np.testing.assert_allclose(cold["p"], [1, 0, 0, 0], atol=1e-12)
    assert cold["entropy"] == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(hot["p"], 0.25, atol=1e-3)
    assert hot["entropy"] == pytest.approx(hot["max_entropy"], abs=1e-5) and hot["max_entropy"] == 2.0
    with pytest.raises(ValueError, match="above 0"):
        ab.softmax_t(logits, 0.0)


def test_logits_are_parsed_or_refused_in_words():
    assert ab.parse_logits("2, 1, 0.1") == (2.0, 1.0, 0.1)
    assert ab.parse_logits("3 -1") == (3.0, -1.0)
    for bad in ("2, x", "5", "", "1, inf"):
        with pytest.raises(ValueError, match="logits"):
            ab.parse_logits(bad)


def test_the_dead_share_counts_exactly_the_units_zero_on_every_input():
    h = torch.tensor([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0], [0.0, 0.0, 0.0, 0.0]])
    assert dead_units(h).tolist() == [True, False, True, False]
    net = HiddenNet(6, "relu", 0.0, torch.Generator().manual_seed(0))
    with torch.no_grad():
        net.hidden.bias[:3] = -100.0       # these three are off on every input in [-6, 6]²
    x = torch.rand(50, 2) * 12 - 6
    assert dead_units(net.hidden_outputs(x)).tolist() == [True] * 3 + [False] * 3
    leaky = HiddenNet(6, "leaky_relu", -100.0, torch.Generator().manual_seed(0))
    assert not dead_units(leaky.hidden_outputs(x)).any()   # negative outputs are not 0: never dead


def test_the_unit_starts_saturated_the_wrong_way_and_both_copies_start_equal():
    exp = BenchExperiment(BenchConfig(start_scale=4.0), seed=3)
    ce, mse = exp.units.values()
    assert torch.equal(ce.weight, mse.weight) and torch.equal(ce.bias, mse.bias)
    m = exp.evaluate()
    assert m["ce_acc"] < 0.05 and m["mse_acc"] < 0.05
    z, _ = exp.grad_at_z("binary_cross_entropy")
    assert float(torch.sigmoid(z).sub(exp.y).abs().mean()) > 0.95
    towards = exp.X[exp.y == 1].mean(0) - exp.X[exp.y == 0].mean(0)
    assert float(ce.weight.detach()[0] @ towards) < 0 and float(ce.weight.detach().norm()) == pytest.approx(4.0)


def test_the_gradient_at_z_is_each_samples_own_and_its_formula():
    exp = BenchExperiment(BenchConfig(), seed=0)
    for name in ("binary_cross_entropy", "mse"):
        z, g = exp.grad_at_z(name)
        np.testing.assert_allclose(g.numpy(), ab.grad_z_formula(name, z, exp.y).numpy(), rtol=1e-4, atol=1e-7)


def test_each_copy_follows_a_standalone_sgd_loop():
    config = BenchConfig(lr=0.7)
    exp = BenchExperiment(config, seed=1)
    X, y = exp.X, exp.y[:, None]
    steps = 25
    for _ in range(steps):
        exp.train_step(False)
    for name, loss_fn in (("binary_cross_entropy", F.binary_cross_entropy_with_logits),
                          ("mse", lambda z, t: F.mse_loss(torch.sigmoid(z), t))):
        unit = saturated_unit(X, exp.y, config.start_scale)
        opt = torch.optim.SGD(unit.parameters(), lr=config.lr)
        for _ in range(steps):
            opt.zero_grad()
            loss_fn(unit(X), y).backward()
            opt.step()
        assert torch.allclose(unit.weight, exp.units[name].weight, atol=1e-6)


def test_the_same_seed_gives_the_same_run_and_weights_round_trip():
    a, b = (TrainingRun(BenchExperiment, BenchConfig(), seed=5) for _ in range(2))
    sa, sb = a.step(30), b.step(30)
    for key in ("ce_loss", "mse_loss", "net_loss", "dead_share"):
        assert sa.metrics[key] == sb.metrics[key]
    tensors = a.experiment.state_tensors()
    fresh = BenchExperiment(BenchConfig(), seed=5)
    fresh.load_state_tensors(tensors)
    assert fresh.evaluate() == a.experiment.evaluate()


# what each preset's lesson claims, after its number of steps: (start metrics, end metrics) → bool
CLAIMS = {
    "saturated-start": lambda a, b: b["ce_acc"] > 0.95 and b["mse_acc"] < 0.1
                                    and a["ce_grad_z"] > 50 * a["mse_grad_z"],
    "unsaturated-start": lambda a, b: b["ce_acc"] > 0.95 and b["mse_acc"] > 0.95,
    "relu-dies": lambda a, b: a["dead_share"] == 0 and b["dead_share"] > 0.5,
    "leaky-survives": lambda a, b: b["dead_share"] == 0 and b["net_acc"] > 0.95,
    "small-lr-alive": lambda a, b: b["dead_share"] == 0 and b["net_acc"] > 0.95,
    "negative-bias": lambda a, b: a["dead_share"] > 0.3 and b["dead_share"] == a["dead_share"],
}


def test_every_preset_has_a_claim_checked():
    assert set(CLAIMS) == set(PRESETS)


@pytest.mark.parametrize("slug", list(PRESETS))
def test_every_preset_reproduces_its_claim(slug):
    preset = PRESETS[slug]
    exp = BenchExperiment(preset.config, seed=0)
    start = exp.evaluate()
    for _ in range(preset.steps):
        exp.train_step(False)
    end = exp.evaluate()
    assert CLAIMS[slug](start, end), (start, end)


def test_every_figure_is_readable_and_draws_what_the_engine_computed():
    curve = ab.activation_curve("tanh")
    spans = ab.saturated_spans(curve["z"], curve["df"], 0.05)
    layout = readable(viz.activation_figure("tanh", curve, spans, 0.05), "tanh")
    assert len(layout["shapes"]) == len(spans) == 2 and axis_titles(layout)[0].startswith("z")
    readable(viz.regression_figure(ab.regression_curves(1.0), 1.0), "y = 1")
    readable(viz.classification_figure(ab.classification_curves(0), 0), "y = 0")
    out = ab.softmax_t((2.0, 1.0), 0.5)
    fig = viz.softmax_figure((2.0, 1.0), out, 0.5)
    readable(fig, "T = 0.5")
    np.testing.assert_allclose(fig["data"][0]["y"], out["p"])
    run = TrainingRun(BenchExperiment, PRESETS["negative-bias"].config, seed=0)
    snap = run.step(3)
    for build in (viz.race_accuracy_figure, viz.race_loss_figure, viz.race_grad_figure, viz.dead_share_figure):
        readable(build(snap.history))
    units = viz.unit_activity_figure(snap.visuals)
    readable(units)
    dead = snap.visuals["dead"]
    assert dead.any() and len(units.marks[1].x) == int(dead.sum())   # one diamond per dead unit
