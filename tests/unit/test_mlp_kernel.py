"""The compiled CPU step (FusedTrainer) against the MLP's torch path (autograd, torch.optim, the
tables' torch functions) on the same weights, the torch side in float64."""
import numpy as np
import pytest
import torch

from dl_engine.models import mlp_kernel
from dl_engine.models.mlp import MLP
from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_fused import FusedTrainer
from dl_engine.models.mlp_losses import HEAD_LOSSES
from dl_engine.models.mlp_optim import OPTIMIZERS
from dl_engine.models.mlp_torch import TorchTrainer

HEAD_LOSS_PAIRS = [(h, l) for h, ls in HEAD_LOSSES.items() for l in ls]


def network(act: str, head: str, seed: int = 0, dropout: float = 0.0) -> MLP:
    """A float32 MLP 3 → 5 → 4 → K with random weights and biases."""
    rng = np.random.default_rng(seed)
    model = MLP((3, 5, 4, 1 if head == "sigmoid" else 3), (act, act), rng=rng, dropout=dropout)
    model.flat()[:] = rng.normal(0, 0.7, model.n_params)
    return model


def reference(like: MLP, theta: np.ndarray) -> MLP:
    """A float64 copy of `like` with parameters `theta` (the weights before the kernel's step)."""
    copy = MLP(like.sizes, like.activation_names, dropout=1 - like.keep, dtype=torch.float64)
    copy.flat()[:] = theta
    return copy


def batch(head: str, n: int = 8, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(X (n, 3), targets (n, K)) float32: 0/1 or one-hot."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 1.5, (n, 3)).astype(np.float32)
    y = rng.integers(0, 2 if head == "sigmoid" else 3, n)
    return X, (y[:, None] if head == "sigmoid" else np.eye(3)[y]).astype(np.float32)


def torch_gradient(model: MLP, X, T, loss: str, reg: str = "none", rate: float = 0.0, masks=None, probe=False):
    """(loss, [∂L/∂W̃_l], norms, probe) of the float64 torch path."""
    trainer = TorchTrainer(model, loss, None, 0.0, reg, rate)
    value, norms, seen = trainer.gradient(torch.tensor(X, dtype=torch.float64), torch.tensor(T, dtype=torch.float64),
                                          masks, probe)
    return value, [g.numpy() for g in model.blocks(model.theta.grad)], norms, seen


@pytest.mark.parametrize("act", sorted(ACTIVATIONS))
@pytest.mark.parametrize("head,loss", HEAD_LOSS_PAIRS)
def test_gradient_and_sgd_step_match_the_torch_path(act, head, loss):
    model = network(act, head)
    X, T = batch(head)
    before = model.flat().copy()
    trainer = FusedTrainer(model, head, loss, "sgd", 0.1, "none", 0.0, max_batch=8)
    value, norms = trainer.step(X, T, np.arange(8))
    ref_value, ref_grads, ref_norms, _ = torch_gradient(reference(model, before), X, T, loss)
    assert value == pytest.approx(ref_value, rel=1e-4, abs=1e-6)
    for grad, ref in zip(trainer.grads(), ref_grads):
        np.testing.assert_allclose(grad, ref, rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(norms, ref_norms, rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(model.flat(), before - 0.1 * trainer.grad, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizers_follow_torch_optim_over_several_steps(name):
    model = network("tanh", "softmax")
    X, T = batch("softmax", n=12)
    ref = reference(model, model.flat())
    ref_trainer = TorchTrainer(ref, "cross_entropy", name, 0.05, "none", 0.0)
    trainer = FusedTrainer(model, "softmax", "cross_entropy", name, 0.05, "none", 0.0, max_batch=6)
    for step in range(6):
        rows = np.arange(6) + 6 * (step % 2)
        trainer.step(X, T, rows)
        ref_trainer.step(torch.tensor(X[rows], dtype=torch.float64), torch.tensor(T[rows], dtype=torch.float64))
    np.testing.assert_allclose(model.flat(), ref.flat(), rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize("reg", ["l1", "l2"])
def test_penalty_adds_to_loss_and_gradient_of_weights_only(reg):
    model, plain = network("relu", "sigmoid"), network("relu", "sigmoid")
    X, T = batch("sigmoid")
    before = model.flat().copy()
    trainer = FusedTrainer(model, "sigmoid", "mse", "sgd", 0.0, reg, 0.3, max_batch=8)
    value, _ = trainer.step(X, T, np.arange(8))
    without = FusedTrainer(plain, "sigmoid", "mse", "sgd", 0.0, "none", 0.0, max_batch=8)
    without.step(X, T, np.arange(8))
    ref_value, ref_grads, _, _ = torch_gradient(reference(model, before), X, T, "mse", reg, 0.3)
    assert value == pytest.approx(ref_value, rel=1e-5)
    for got, base, ref in zip(trainer.grads(), without.grads(), ref_grads):
        np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(got[-1], base[-1])  # biases are not penalised
        assert not np.allclose(got[:-1], base[:-1])


@pytest.mark.parametrize("act", ["relu", "tanh"])
def test_dropout_zeroes_units_and_backprops_through_the_same_mask(act):
    model = network(act, "sigmoid", dropout=0.5)
    X, T = batch("sigmoid", n=32)
    before = model.flat().copy()
    trainer = FusedTrainer(model, "sigmoid", "binary_cross_entropy", "sgd", 0.0, "none", 0.0, max_batch=32,
                           dropout_rng=np.random.default_rng(4))
    trainer.step(X, T, np.arange(32))
    after, before_dropout = trainer.work[mlp_kernel.A, :, 3:12], trainer.work[mlp_kernel.F, :, 3:12]
    alive = before_dropout != 0  # where f(z) = 0 (ReLU) the mask changes nothing
    assert 0.3 < (after[alive] != 0).mean() < 0.7
    np.testing.assert_allclose(after[after != 0], before_dropout[after != 0] / 0.5, rtol=1e-6)
    kept = torch.tensor(np.where(alive, after != 0, True))
    _, ref_grads, _, _ = torch_gradient(reference(model, before), X, T, "binary_cross_entropy",
                                        masks=[kept[:, :5], kept[:, 5:]])
    for grad, ref in zip(trainer.grads(), ref_grads):
        np.testing.assert_allclose(grad, ref, rtol=1e-3, atol=1e-5)


def test_probe_reads_the_steps_layer_outputs_and_their_gradients():
    model = network("tanh", "softmax")
    X, T = batch("softmax", n=8)
    ref = reference(model, model.flat())
    trainer = FusedTrainer(model, "softmax", "cross_entropy", "sgd", 0.1, "none", 0.0, max_batch=8)
    trainer.step(X, T, np.arange(2, 7))
    outputs, grads = trainer.probe()
    _, _, _, (ref_outputs, ref_grads) = torch_gradient(ref, X[2:7], T[2:7], "cross_entropy", probe=True)
    assert list(outputs) == list(grads) == list(ref_outputs) == ["hidden 1", "hidden 2", "output"]
    for name in outputs:
        np.testing.assert_allclose(outputs[name], ref_outputs[name], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(grads[name], ref_grads[name], rtol=1e-3, atol=1e-6)
    np.testing.assert_allclose(grads["output"].sum(1), 0, atol=1e-6)  # softmax − one-hot sums to 0


@pytest.mark.parametrize("dropout", [0.0, 0.3])
def test_a_chunk_across_epochs_equals_the_same_steps_one_by_one(dropout):
    X, T = batch("softmax", n=23)  # batches of 5: each epoch's fifth is short (3 rows)
    orders = np.stack([np.random.default_rng(e).permutation(23) for e in range(3)])
    one, many = (network("elu", "softmax", seed=3, dropout=dropout) for _ in range(2))
    single, chunked = (FusedTrainer(m, "softmax", "cross_entropy", "adam", 0.01, "l2", 0.01, max_batch=5,
                                    dropout_rng=np.random.default_rng(9)) for m in (one, many))
    losses = [single.step(X, T, order[s:s + 5])[0] for order in orders for s in range(0, 23, 5)]
    cursor = np.zeros(2, np.int64)
    got, norms = chunked.steps(X, T, orders, cursor, 20)  # asks for 20: the orders hold 15
    assert len(got) == 15 and norms.shape == (15, 3) and list(cursor) == [3, 0]
    np.testing.assert_array_equal(got, losses)
    np.testing.assert_array_equal(many.flat(), one.flat())


def test_a_chunk_can_start_inside_an_epoch():
    X, T = batch("sigmoid", n=10)
    orders = np.stack([np.arange(10), np.arange(10)[::-1].copy()])
    trainer = FusedTrainer(network("tanh", "sigmoid"), "sigmoid", "mse", "sgd", 0.1, "none", 0.0, max_batch=4)
    cursor = np.array([0, 8], np.int64)
    assert len(trainer.steps(X, T, orders, cursor, 2)[0]) == 2 and list(cursor) == [1, 4]


def test_a_non_finite_step_leaves_the_weights_untouched_and_ends_a_chunk():
    model = network("relu", "sigmoid")
    model.flat()[:] = 1e30
    X, T = batch("sigmoid")
    before = model.flat().copy()
    trainer = FusedTrainer(model, "sigmoid", "mse", "sgd", 1.0, "none", 0.0, max_batch=2)
    value, norms = trainer.step(X, T, np.arange(2))
    assert not all(np.isfinite([value, *norms]))
    np.testing.assert_array_equal(model.flat(), before)
    losses, norms = trainer.steps(X, T, np.arange(8)[None], np.zeros(2, np.int64), 4)
    assert len(losses) == 1 and not np.isfinite(norms).all()
    np.testing.assert_array_equal(model.flat(), before)
