"""DeepMLP and its experiment: structure, initialisation, norms, residuals, probes, L2, clipping."""
import numpy as np
import pytest
import torch
from torch import nn

from dl_engine.config import ConfigError, validate
from dl_engine.models.deep_mlp import DeepMLP, layer_label
from dl_engine.training import probes
from dl_engine.training.deep_net import DeepNetConfig, DeepNetExperiment, gradient_history, make_task
from dl_engine.training.run import TrainingRun


def test_structure_and_shapes():
    net = DeepMLP(2, 3, depth=5, width=7, activation="tanh", init="xavier")
    assert list(net.linears()) == [f"blocks.{i}.linear" for i in range(5)] + ["head"]
    assert net(torch.randn(4, 2)).shape == (4, 3)
    assert all(float(m.bias.detach().abs().sum()) == 0 for m in net.linears().values())


def test_zeros_init_and_norm_layers():
    net = DeepMLP(2, 2, depth=3, width=4, activation="relu", init="zeros", norm="batch")
    assert all(float(m.weight.detach().abs().sum()) == 0 for m in net.linears().values())
    assert isinstance(net.blocks[0].norm, nn.BatchNorm1d)
    assert isinstance(DeepMLP(2, 2, 2, 4, "relu", "he", norm="layer").blocks[1].norm, nn.LayerNorm)
    with pytest.raises(ValueError, match="norm"):
        DeepMLP(2, 2, 2, 4, "relu", "he", norm="group")


def test_residual_adds_the_input_where_widths_match():
    net = DeepMLP(3, 2, depth=2, width=3, activation="relu", init="zeros", residual=True)
    x = torch.randn(5, 3)
    # zero weights: f(0) = 0, so a residual block passes its input through unchanged
    assert torch.allclose(net.blocks[1](net.blocks[0](x)), x)
    assert not DeepMLP(2, 2, 2, 3, "relu", "he", residual=True).blocks[0].residual  # 2 → 3: no skip


def test_layer_label():
    assert layer_label("blocks.0.linear") == "layer 1"
    assert layer_label("blocks.12") == "layer 13"
    assert layer_label("head") == "output"


def test_config_bounds():
    validate(DeepNetConfig())
    with pytest.raises(ConfigError):
        validate(DeepNetConfig(depth=51))
    with pytest.raises(ConfigError):
        validate(DeepNetConfig(activation="swish"))


def test_tasks_are_standardised_and_split():
    rng = np.random.default_rng(0)
    xtr, ytr, xte, yte = make_task("digits", rng)
    assert xtr.shape[1] == 64 and set(np.unique(ytr)) == set(range(10))
    assert len(xtr) + len(xte) == 1797
    xtr, ytr, _, _ = make_task("spiral", rng)
    assert xtr.shape[1] == 2 and abs(xtr.mean()) < 0.1 and abs(xtr.std() - 1) < 0.1


def test_inspect_measures_gradients_without_changing_weights():
    exp = DeepNetExperiment(DeepNetConfig(depth=3, width=8, activation="relu", init="he"), seed=1)
    before = [p.detach().clone() for p in exp.model.parameters()]
    result = exp.inspect()
    assert all(torch.equal(a, b) for a, b in zip(before, exp.model.parameters()))
    assert set(exp.linear_names) <= set(result.grad_norms)
    v = exp.visuals(result.probe)
    assert v["grad_norms"].shape == (4,) and np.all(v["grad_norms"] > 0)
    assert v["activations"].shape[0] == 3 and np.all(np.isnan(v["update_ratios"]))
    assert probes.hook_count(exp.model) == 0


def test_l2_adds_lambda_sum_w_squared():
    config = DeepNetConfig(depth=2, width=4, activation="tanh", init="xavier")
    torch.manual_seed(0)
    plain = DeepNetExperiment(config, seed=0)
    torch.manual_seed(0)  # the same initial weights for both
    reg = DeepNetExperiment(DeepNetConfig(**{**config.__dict__, "l2": 0.01}), seed=0)
    batch = plain.x[:16], plain.y[:16]
    weights = sum(float((m.weight.detach() ** 2).sum()) for m in plain.model.linears().values())
    with torch.no_grad():
        assert float(reg.batch_loss(batch)) == pytest.approx(float(plain.batch_loss(batch)) + 0.01 * weights)


def test_clipping_config_reaches_the_experiment():
    assert DeepNetExperiment(DeepNetConfig(depth=1, clip="norm", clip_threshold=0.5)).clip_norm == 0.5
    exp = DeepNetExperiment(DeepNetConfig(depth=1, clip="value", clip_threshold=0.2))
    assert exp.clip_value == 0.2 and exp.clip_norm is None


def test_history_gives_a_layer_by_step_matrix():
    run = TrainingRun(DeepNetExperiment, DeepNetConfig(depth=2, width=4, activation="relu", init="he"), seed=0)
    run.step(3)
    run.step(2)
    names = run.experiment.linear_names
    steps, norms = gradient_history(run.snapshot.history, names)
    assert list(steps) == [0, 3, 5] and norms.shape == (3, 3)
    assert np.all(np.isfinite(norms)) and np.all(norms > 0)
    assert gradient_history({}, names)[1].shape == (3, 0)
