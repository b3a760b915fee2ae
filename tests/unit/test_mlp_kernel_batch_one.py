"""The compiled step's batch-of-one path (`mlp_kernel._backward_one`, one pass per layer) gives
bit for bit what the general loops (`_backward_rows`) give for the same row, and a batch-of-one
update follows the float64 torch path."""
import numpy as np
import pytest
from numba import njit

from dl_engine.models import mlp_kernel as kernel
from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_fused import FusedTrainer
from tests.unit.test_mlp_kernel import HEAD_LOSS_PAIRS, batch, network, reference, torch_gradient


@njit(error_model="numpy")
def _both_paths(X, T, order, U, theta, sizes, cols, woff, acts, codes, keep, work_one, work_rows, grads, norms):
    """Forward and loss once for row order[0, 0], then the backward pass both ways: grads (2, P),
    norms (2, L), each path on its own copy of the work buffers."""
    kernel._forward(X, order, 0, 0, 1, U, 0, keep, theta, sizes, cols, woff, acts, work_one)
    L = woff.shape[0]
    kernel._loss(T, order, 0, 0, 1, codes[0], codes[1], cols[L], sizes[L], work_one)
    work_rows[:] = work_one
    kernel._backward_one(U, 0, keep, theta, grads[0], sizes, cols, woff, acts, work_one, norms, 0)
    kernel._backward_rows(1, U, 0, keep, theta, grads[1], sizes, cols, woff, acts, work_rows, norms, 1)


@pytest.mark.parametrize("act", sorted(ACTIVATIONS))
@pytest.mark.parametrize("head,loss", [("sigmoid", "binary_cross_entropy"), ("softmax", "mse")])
@pytest.mark.parametrize("dropout", [0.0, 0.4])
def test_the_batch_of_one_pass_equals_the_general_loops_bit_for_bit(act, head, loss, dropout):
    model = network(act, head, seed=2, dropout=dropout)
    X, T = batch(head, n=6, seed=3)
    trainer = FusedTrainer(model, head, loss, "sgd", 0.1, "none", 0.0, max_batch=1,
                           dropout_rng=np.random.default_rng(5))
    U = np.random.default_rng(6).random((1, *trainer.work.shape[1:]), dtype=np.float32)
    grads, norms = np.zeros((2, model.n_params), np.float32), np.zeros((2, len(model.shapes)))
    work_rows = np.empty_like(trainer.work)
    for row in range(len(X)):
        _both_paths(X, T, np.array([[row]]), U, trainer.theta, trainer.sizes, trainer.cols, trainer.woff,
                    trainer.acts, trainer.codes, model.keep, trainer.work, work_rows, grads, norms)
        assert grads[0].tobytes() == grads[1].tobytes()  # bit for bit, signs of zero included
        assert norms[0].tobytes() == norms[1].tobytes()
        assert trainer.work.tobytes() == work_rows.tobytes()


@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid", "selu"])
@pytest.mark.parametrize("head,loss", HEAD_LOSS_PAIRS)
def test_a_batch_of_one_step_matches_the_torch_path(act, head, loss):
    model = network(act, head)
    X, T = batch(head)
    trainer = FusedTrainer(model, head, loss, "sgd", 0.1, "none", 0.0, max_batch=1)
    for row in (0, 5):
        before = model.flat().copy()
        value, norms = trainer.step(X, T, np.array([row]))
        ref_value, ref_grads, ref_norms, _ = torch_gradient(reference(model, before), X[row:row + 1],
                                                            T[row:row + 1], loss)
        assert value == pytest.approx(ref_value, rel=1e-4, abs=1e-6)
        for grad, ref in zip(trainer.grads(), ref_grads):
            np.testing.assert_allclose(grad, ref, rtol=1e-3, atol=1e-5)
        np.testing.assert_allclose(norms, ref_norms, rtol=1e-3, atol=1e-5)
        np.testing.assert_allclose(model.flat(), before - 0.1 * trainer.grad, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("reg", ["l1", "l2"])
def test_a_penalised_batch_of_one_reports_the_norms_of_the_penalised_gradient(reg):
    model = network("tanh", "sigmoid")
    X, T = batch("sigmoid")
    before = model.flat().copy()
    trainer = FusedTrainer(model, "sigmoid", "mse", "sgd", 0.0, reg, 0.3, max_batch=1)
    value, norms = trainer.step(X, T, np.array([2]))
    ref_value, ref_grads, ref_norms, _ = torch_gradient(reference(model, before), X[2:3], T[2:3], "mse", reg, 0.3)
    assert value == pytest.approx(ref_value, rel=1e-5)
    np.testing.assert_allclose(norms, ref_norms, rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(norms, [np.linalg.norm(g) for g in trainer.grads()], rtol=1e-6)
