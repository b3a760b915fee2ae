"""The explicit MLP against torch autograd / torch.optim / torch.nn.functional with identical weights."""
import numpy as np
import pytest
import torch

from dl_engine.models import mlp_activations, mlp_losses, mlp_optim
from dl_engine.models.mlp import INIT_NAMES, MLP, augment, init_weights
from dl_engine.models.mlp_backend import Backend
from dl_engine.models import registry

BACKENDS = ["numpy", "torch"]


def backend(kind: str, seed: int = 0) -> Backend:
    return Backend(kind, "cpu", seed=seed, dtype="float64")


def torch_forward(model: MLP, x: np.ndarray, masks=None):
    """The same network built from torch ops and the registry's activation modules (autograd on)."""
    params = [torch.tensor(np.asarray(model.be.numpy(w)), requires_grad=True) for w in model.blocks]
    a = torch.tensor(x)
    for l, w in enumerate(params):
        z = a @ w[:-1] + w[-1]
        if l == len(params) - 1:
            return z, params
        a = registry.build(registry.ACTIVATIONS, model.activation_names[l])(z)
        if masks is not None:
            a = a * torch.tensor(masks[l]) / model.keep


def test_registries_name_the_same_things():
    assert set(mlp_activations.ACTIVATIONS) == set(registry.ACTIVATIONS)
    assert set(mlp_optim.OPTIMIZERS) == set(registry.OPTIMIZERS)
    assert set(INIT_NAMES) == set(registry.INITIALISERS)
    assert {l for ls in mlp_losses.HEAD_LOSSES.values() for l in ls} == set(registry.LOSSES)


@pytest.mark.parametrize("kind", BACKENDS)
@pytest.mark.parametrize("act", sorted(registry.ACTIVATIONS))
def test_forward_and_backward_match_autograd(kind, act):
    rng = np.random.default_rng(1)
    be = backend(kind)
    model = MLP((3, 5, 4, 2), (act, act), be, init="he", rng=rng)
    model.theta[:] = be.asarray(rng.normal(0, 0.7, model.n_params))  # biases nonzero too
    x = rng.normal(0, 1.5, (7, 3))
    y = rng.integers(0, 2, 7)
    xa = augment(be, x)
    buffers = model.buffers(7)
    logits = model.forward(xa, buffers, train=True)
    target = be.asarray(np.eye(2)[y])
    loss, dlogits = mlp_losses.loss_and_grad(be.xp, logits, target, "softmax", "cross_entropy")
    model.backward(xa, buffers, dlogits)

    ref_logits, params = torch_forward(model, x)
    ref_loss = registry.LOSSES["cross_entropy"].build(ref_logits, torch.tensor(y))
    ref_loss.backward()
    np.testing.assert_allclose(be.numpy(logits), ref_logits.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert float(loss) == pytest.approx(float(ref_loss.detach()), rel=1e-10)
    for grad, p in zip(model.grads, params):
        expected = p.grad.numpy() if p.grad is not None else np.zeros(tuple(p.shape))  # step: no gradient
        np.testing.assert_allclose(be.numpy(grad), expected, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("kind", BACKENDS)
@pytest.mark.parametrize("head,loss", [(h, l) for h, ls in mlp_losses.HEAD_LOSSES.items() for l in ls])
def test_losses_match_registry(kind, head, loss):
    rng = np.random.default_rng(2)
    be = backend(kind)
    k = 1 if head == "sigmoid" else 3
    z = rng.normal(0, 2.0, (9, k))
    y = rng.integers(0, 2 if head == "sigmoid" else 3, 9)
    target = y[:, None].astype(float) if head == "sigmoid" else np.eye(3)[y]
    value, dz = mlp_losses.loss_and_grad(be.xp, be.asarray(z), be.asarray(target), head, loss)
    zt = torch.tensor(z, dtype=torch.float32, requires_grad=True)  # the registry casts labels to float32
    ref = registry.LOSSES[loss].build(zt, torch.tensor(y))
    ref.backward()
    assert float(value) == pytest.approx(float(ref.detach()), rel=1e-5)
    np.testing.assert_allclose(be.numpy(dz), zt.grad.numpy(), rtol=1e-4, atol=1e-7)


def test_invalid_head_loss_pairs_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="sigmoid output"):
        mlp_losses.check_head_loss("softmax", "binary_cross_entropy")
    with pytest.raises(ValueError, match="softmax output"):
        mlp_losses.check_head_loss("sigmoid", "cross_entropy")
    mlp_losses.check_head_loss("sigmoid", "mse")


@pytest.mark.parametrize("kind", BACKENDS)
@pytest.mark.parametrize("name", sorted(registry.OPTIMIZERS))
def test_optimizers_match_torch_optim(kind, name):
    rng = np.random.default_rng(3)
    be = backend(kind)
    theta = be.asarray(rng.normal(0, 1, 12))
    ref = torch.tensor(be.numpy(theta), requires_grad=True)
    opt = mlp_optim.make_optimizer(name, be.xp, theta, 0.05)
    ref_opt = registry.build(registry.OPTIMIZERS, name, [ref], 0.05)
    for _ in range(6):
        g = rng.normal(0, 1, 12)
        opt.step(theta, be.asarray(g))
        ref.grad = torch.tensor(g)
        ref_opt.step()
    np.testing.assert_allclose(be.numpy(theta), ref.detach().numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("kind", BACKENDS)
@pytest.mark.parametrize("reg", ["l1", "l2"])
def test_penalties_match_registry_autograd(kind, reg):
    rng = np.random.default_rng(4)
    be = backend(kind)
    model = MLP((2, 3, 1), ("tanh",), be, rng=rng)
    model.theta[:] = be.asarray(rng.normal(0, 1, model.n_params))
    g = be.zeros(model.n_params)
    mlp_optim.add_penalty_grad(be.xp, reg, 0.3, model.theta, model.weight_mask, g)
    weights = [torch.tensor(be.numpy(w[:-1]), requires_grad=True) for w in model.blocks]
    ref = 0.3 * registry.build(registry.REGULARISERS, reg, weights)
    ref.backward()
    assert mlp_optim.penalty(be.xp, reg, 0.3, model.theta, model.weight_mask) == pytest.approx(float(ref.detach()))
    shapes = [tuple(b.shape) for b in model.blocks]
    got = [be.numpy(g[s:s + r * c].reshape(r, c)) for s, (r, c) in zip(model.offsets, shapes)]
    for block, w in zip(got, weights):
        np.testing.assert_allclose(block[:-1], w.grad.numpy(), rtol=1e-12)
        assert np.all(block[-1] == 0)  # biases are not penalised


@pytest.mark.parametrize("name", [n for n in INIT_NAMES if n != "zeros"])
def test_initialisers_have_torchs_spread(name):
    ours = init_weights(name, 64, 32, np.random.default_rng(5))
    ref = torch.empty(32, 64)  # torch stores (out, in): the same fan-in and fan-out
    registry.build(registry.INITIALISERS, name, ref)
    assert ours.shape == (64, 32)
    assert ours.std() == pytest.approx(float(ref.std()), rel=0.1)
    assert abs(ours.mean()) < 0.1 * ours.std() + 1e-9
    assert (np.abs(ours).max() <= float(ref.abs().max()) * 1.5)


def test_zeros_initialiser_is_zero():
    assert not init_weights("zeros", 3, 4, np.random.default_rng(0)).any()


@pytest.mark.parametrize("kind", BACKENDS)
@pytest.mark.parametrize("act", ["relu", "tanh"])  # tanh: f'(z) must come from the output before dropout
def test_dropout_scales_kept_units_and_backprops_through_the_same_mask(kind, act):
    rng = np.random.default_rng(6)
    be = backend(kind, seed=6)
    model = MLP((2, 16, 1), (act,), be, rng=rng, dropout=0.5)
    x = rng.normal(0, 1, (32, 2))
    xa = augment(be, x)
    buffers = model.buffers(32)
    logits = model.forward(xa, buffers, train=True)
    mask = be.numpy(buffers[3][0]).astype(float)
    assert 0.3 < mask.mean() < 0.7
    hidden = be.numpy(buffers[0][0][:, :-1])
    assert np.all(hidden[mask == 0] == 0)
    target = be.asarray(rng.integers(0, 2, (32, 1)).astype(float))
    _, dz = mlp_losses.loss_and_grad(be.xp, logits, target, "sigmoid", "binary_cross_entropy")
    model.backward(xa, buffers, dz)
    ref_logits, params = torch_forward(model, x, masks=[mask])
    np.testing.assert_allclose(be.numpy(logits), ref_logits.detach().numpy(), rtol=1e-10)
    registry.LOSSES["binary_cross_entropy"].build(ref_logits, torch.tensor(be.numpy(target)[:, 0])).backward()
    for grad, p in zip(model.grads, params):
        np.testing.assert_allclose(be.numpy(grad), p.grad.numpy(), rtol=1e-8, atol=1e-12)
    # eval mode: no mask, the full network
    np.testing.assert_allclose(be.numpy(model.predict(xa)), torch_forward(model, x)[0].detach().numpy(), rtol=1e-10)


def test_per_layer_grad_norms_match_blocks():
    be = backend("numpy")
    model = MLP((2, 4, 3, 1), ("tanh", "tanh"), be, rng=np.random.default_rng(7))
    model.grad[:] = np.random.default_rng(8).normal(0, 1, model.n_params)
    expected = [float((g ** 2).sum()) for g in model.grads]
    np.testing.assert_allclose(model.grad_sq_norms(), expected, rtol=1e-12)
    np.testing.assert_allclose(backend("torch").sq_norms(torch.tensor(model.grad), model.offsets), expected, rtol=1e-12)
