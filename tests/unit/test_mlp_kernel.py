"""The compiled CPU step (FusedTrainer) against torch autograd, torch.optim and the registry's losses."""
import numpy as np
import pytest
import torch

from dl_engine.models import mlp_kernel
from dl_engine.models.mlp import MLP
from dl_engine.models.mlp_backend import Backend
from dl_engine.models.mlp_fused import FusedTrainer
from dl_engine.models.mlp_losses import HEAD_LOSSES
from dl_engine.models import registry

HEAD_LOSS_PAIRS = [(h, l) for h, ls in HEAD_LOSSES.items() for l in ls]


def network(act: str, head: str, seed: int = 0, dropout: float = 0.0) -> MLP:
    """A float32 MLP 3 → 5 → 4 → K with random weights and biases."""
    rng = np.random.default_rng(seed)
    model = MLP((3, 5, 4, 1 if head == "sigmoid" else 3), (act, act), Backend("numpy", "cpu", seed=seed),
                rng=rng, dropout=dropout)
    model.theta[:] = rng.normal(0, 0.7, model.n_params)
    return model


def batch(head: str, n: int = 8, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X (n, 4) with a trailing 1 column as the experiment passes it, targets (n, K), labels (n,))."""
    rng = np.random.default_rng(seed)
    X = np.hstack([rng.normal(0, 1.5, (n, 3)), np.ones((n, 1))]).astype(np.float32)
    y = rng.integers(0, 2 if head == "sigmoid" else 3, n)
    T = (y[:, None] if head == "sigmoid" else np.eye(3)[y]).astype(np.float32)
    return X, T, y


def autograd(model: MLP, X: np.ndarray, y: np.ndarray, loss: str, masks=None):
    """(loss, per-block gradients) of the same network built from torch ops and the registry."""
    params = [torch.tensor(w.astype(np.float64), requires_grad=True) for w in model.blocks]
    a = torch.tensor(X[:, :3].astype(np.float64))
    for l, w in enumerate(params):
        a = a @ w[:-1] + w[-1]
        if l < len(params) - 1:
            a = registry.build(registry.ACTIVATIONS, model.activation_names[l])(a)
            if masks is not None:
                a = a * torch.tensor(masks[l]) / model.keep
    value = registry.LOSSES[loss].build(a.float(), torch.tensor(y))
    value.backward()
    return float(value.detach()), [p.grad.numpy() if p.grad is not None else np.zeros(tuple(p.shape)) for p in params]


@pytest.mark.parametrize("act", sorted(mlp_kernel.ACTIVATION_CODES))
@pytest.mark.parametrize("head,loss", HEAD_LOSS_PAIRS)
def test_gradient_and_sgd_step_match_autograd(act, head, loss):
    model = network(act, head)
    X, T, y = batch(head)
    before = model.theta.copy()
    trainer = FusedTrainer(model, head, loss, "sgd", 0.1, "none", 0.0, max_batch=8)
    value, norms = trainer.step(X, T, 0, 8)
    ref_value, ref_grads = autograd(model_at(before, model), X, y, loss)
    assert value == pytest.approx(ref_value, rel=1e-4, abs=1e-6)
    for grad, ref in zip(model.grads, ref_grads):
        np.testing.assert_allclose(grad, ref, rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(norms, [np.linalg.norm(g) for g in ref_grads], rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(model.theta, before - 0.1 * model.grad, rtol=1e-6, atol=1e-7)


def model_at(theta: np.ndarray, like: MLP) -> MLP:
    """A copy of `like` with parameters `theta` (the reference sees the weights before the step)."""
    copy = MLP(like.sizes, like.activation_names, like.be, dropout=1 - like.keep)
    copy.theta[:] = theta
    return copy


@pytest.mark.parametrize("name", sorted(mlp_kernel.OPTIMIZER_CODES))
def test_optimizers_follow_torch_optim_over_several_steps(name):
    model = network("tanh", "softmax")
    X, T, y = batch("softmax", n=12)
    params = [torch.tensor(w.astype(np.float64), requires_grad=True) for w in model.blocks]
    ref_opt = registry.build(registry.OPTIMIZERS, name, params, 0.05)
    trainer = FusedTrainer(model, "softmax", "cross_entropy", name, 0.05, "none", 0.0, max_batch=6)
    for step in range(6):
        start = 6 * (step % 2)
        trainer.step(X, T, start, start + 6)
        ref_opt.zero_grad()
        _, grads = autograd(model_from(params, model), X[start:start + 6], y[start:start + 6], "cross_entropy")
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g)
        ref_opt.step()
    for block, p in zip(model.blocks, params):
        np.testing.assert_allclose(block, p.detach().numpy(), rtol=1e-3, atol=1e-5)


def model_from(params: list[torch.Tensor], like: MLP) -> MLP:
    copy = MLP(like.sizes, like.activation_names, like.be)
    for block, p in zip(copy.blocks, params):
        block[...] = p.detach().numpy()
    return copy


@pytest.mark.parametrize("reg", ["l1", "l2"])
def test_penalty_adds_to_loss_and_gradient_of_weights_only(reg):
    model = network("relu", "sigmoid")
    X, T, y = batch("sigmoid")
    before = model.theta.copy()
    FusedTrainer(model, "sigmoid", "mse", "sgd", 0.0, reg, 0.3, max_batch=8).step(X, T, 0, 8)
    plain = network("relu", "sigmoid")
    FusedTrainer(plain, "sigmoid", "mse", "sgd", 0.0, "none", 0.0, max_batch=8).step(X, T, 0, 8)
    weights = [torch.tensor(w[:-1].astype(np.float64), requires_grad=True) for w in model_at(before, model).blocks]
    ref = 0.3 * registry.build(registry.REGULARISERS, reg, weights)
    ref.backward()
    for got, base, w in zip(model.grads, plain.grads, weights):
        np.testing.assert_allclose(got[:-1] - base[:-1], w.grad.numpy(), rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(got[-1], base[-1])  # biases are not penalised


@pytest.mark.parametrize("act", ["relu", "tanh"])
def test_dropout_zeroes_units_and_backprops_through_the_same_mask(act):
    model = network(act, "sigmoid", dropout=0.5)
    X, T, y = batch("sigmoid", n=32)
    before = model.theta.copy()
    trainer = FusedTrainer(model, "sigmoid", "binary_cross_entropy", "sgd", 0.0, "none", 0.0, max_batch=32)
    trainer.step(X, T, 0, 32)
    after, before_dropout = trainer.work[mlp_kernel.A, :, 3:12], trainer.work[mlp_kernel.F, :, 3:12]
    alive = before_dropout != 0  # where f(z) = 0 (ReLU) the mask changes nothing
    assert 0.3 < (after[alive] != 0).mean() < 0.7
    np.testing.assert_allclose(after[after != 0], before_dropout[after != 0] / 0.5, rtol=1e-6)
    kept = np.where(alive, after != 0, 1.0).astype(np.float64)
    masks = [kept[:, :5], kept[:, 5:]]
    _, ref_grads = autograd(model_at(before, model), X, y, "binary_cross_entropy", masks)
    for grad, ref in zip(model.grads, ref_grads):
        np.testing.assert_allclose(grad, ref, rtol=1e-3, atol=1e-5)


def test_probe_reads_the_steps_layer_outputs_and_their_gradients():
    model = network("tanh", "softmax")
    X, T, _ = batch("softmax", n=8)
    before = model_at(model.theta.copy(), model)
    trainer = FusedTrainer(model, "softmax", "cross_entropy", "sgd", 0.1, "none", 0.0, max_batch=8)
    trainer.step(X, T, 2, 7)
    outputs, grads = trainer.probe()
    expected = before.layer_outputs(X[2:7])
    assert list(outputs) == ["hidden 1", "hidden 2", "output"]
    for got, ref in zip(outputs.values(), expected):
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)
    assert grads["output"].shape == (5, 3)
    np.testing.assert_allclose(grads["output"].sum(1), 0, atol=1e-6)  # softmax − one-hot sums to 0


@pytest.mark.parametrize("dropout", [0.0, 0.3])
def test_a_chunk_of_steps_equals_the_same_steps_one_by_one(dropout):
    X, T, _ = batch("softmax", n=23)  # batches of 5: the fifth is short (3 rows)
    one, many = (network("elu", "softmax", seed=3, dropout=dropout) for _ in range(2))
    single = FusedTrainer(one, "softmax", "cross_entropy", "adam", 0.01, "l2", 0.01, max_batch=5)
    chunked = FusedTrainer(many, "softmax", "cross_entropy", "adam", 0.01, "l2", 0.01, max_batch=5)
    losses = [single.step(X, T, s, min(s + 5, 23))[0] for s in range(0, 23, 5)]
    got, norms = chunked.steps(X, T, 0, 8)  # asks for 8: the data ends after 5
    assert len(got) == 5 and norms.shape == (5, 3)
    np.testing.assert_array_equal(got, losses)
    np.testing.assert_array_equal(many.theta, one.theta)


def test_a_non_finite_step_leaves_the_weights_untouched_and_ends_a_chunk():
    model = network("relu", "sigmoid")
    model.theta[:] = 1e30
    X, T, _ = batch("sigmoid")
    before = model.theta.copy()
    trainer = FusedTrainer(model, "sigmoid", "mse", "sgd", 1.0, "none", 0.0, max_batch=2)
    value, norms = trainer.step(X, T, 0, 2)
    assert not all(np.isfinite([value, *norms]))
    np.testing.assert_array_equal(model.theta, before)
    losses, norms = trainer.steps(X, T, 0, 4)
    assert len(losses) == 1 and not np.isfinite(norms).all()
    np.testing.assert_array_equal(model.theta, before)
