"""Probes record the right things on snapshot steps only, and never leave a hook behind."""
import numpy as np
import pytest
import torch

from dl_engine.training import probes
from dl_engine.training.run import TrainingRun
from tests.unit.tiny_experiment import Broken, Tiny


def test_probe_records_activations_output_grads_norms_and_ratios():
    exp = Tiny((0.1, "sgd"), seed=0, device=torch.device("cpu"))
    result = exp.train_step(probe=True)
    rec = result.probe
    assert rec.activations["0"].shape == (10, 8) and rec.activations["2"].shape == (10, 2)
    assert rec.activation_grads["2"].shape == (10, 2)
    # ∂L/∂logits of mean cross-entropy rows sum to zero
    np.testing.assert_allclose(rec.activation_grads["2"].sum(1), 0, atol=1e-6)
    # plain SGD: Δθ = −lr·g, so ‖Δθ‖/‖θ_before‖ = lr·‖g‖ / ‖θ_after + lr·g‖
    params = exp.layers["0"]
    step = 0.1 * torch.sqrt(sum((p.grad ** 2).sum() for p in params))
    before = torch.sqrt(sum(((p.detach() + 0.1 * p.grad) ** 2).sum() for p in params))
    assert rec.update_ratios["0"] == pytest.approx(float(step / before), rel=1e-4)


def test_grad_norms_equal_the_per_layer_parameter_gradient_norms():
    exp = Tiny((0.1, "sgd"), seed=0, device=torch.device("cpu"))
    result = exp.train_step(probe=False)
    for name, params in exp.layers.items():
        expected = torch.sqrt(sum((p.grad ** 2).sum() for p in params))
        assert result.grad_norms[name] == pytest.approx(float(expected), rel=1e-5)
    assert result.probe is None


def test_no_hook_is_left_after_normal_and_failing_steps():
    exp = Tiny((0.1, "sgd"), seed=0, device=torch.device("cpu"))
    exp.train_step(probe=True)
    assert probes.hook_count(exp.model) == 0
    broken = Broken((0.1, "sgd"), seed=0, device=torch.device("cpu"))
    broken.train_step(probe=True)
    broken.train_step(probe=True)
    with pytest.raises(RuntimeError, match="boom"):
        broken.train_step(probe=True)
    assert probes.hook_count(broken.model) == 0


def test_probes_run_only_on_snapshot_steps():
    calls = []
    original = probes.record_layers

    def counting(*args, **kw):
        calls.append(1)
        return original(*args, **kw)

    probes.record_layers = counting
    try:
        run = TrainingRun(Tiny, (0.01, "sgd"), seed=0, snapshot_hz=5)
        run.step(50)
        assert len(calls) == 1, "step(n) probes only its last step"
    finally:
        probes.record_layers = original


def test_first_nonfinite_layer_prefers_the_layer_nearest_the_output():
    assert probes.first_nonfinite_layer({"a": 1.0, "b": float("nan"), "c": float("inf")}) == "c"
    assert probes.first_nonfinite_layer({"a": 1.0, "b": 2.0}) is None
