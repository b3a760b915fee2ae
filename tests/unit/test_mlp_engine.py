"""The MLP's tables and torch path: each name the page offers has one entry (a kernel id of its
own, a torch function, an equation), and each torch function computes its equation."""
import numpy as np
import pytest
import torch

from dl_engine.models.mlp import MLP
from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_config import LOSS_NAMES, MLPConfig
from dl_engine.models.mlp_init import INIT_NAMES, INITIALISERS, init_weights
from dl_engine.models.mlp_losses import HEAD_LOSSES, LOSSES, check_head_loss
from dl_engine.models.mlp_optim import OPTIMIZERS, REGULARISERS
from dl_engine.models.registry import INITIALISERS as TORCH_INITIALISERS, build

TABLES = {"activations": ACTIVATIONS, "losses": LOSSES, "optimizers": OPTIMIZERS, "regularisers": REGULARISERS}


def options(field: str) -> set:
    return set(MLPConfig.__dataclass_fields__[field].metadata["options"])


def test_the_tables_name_what_the_settings_offer():
    assert set(ACTIVATIONS) == options("activations") and set(OPTIMIZERS) == options("optimizer")
    assert set(LOSSES) == set(LOSS_NAMES) == options("loss") and set(REGULARISERS) == options("regularization")
    assert set(INIT_NAMES) == set(INITIALISERS) == options("init")


@pytest.mark.parametrize("table", TABLES)
def test_every_entry_has_a_kernel_id_of_its_own_and_an_equation(table):
    entries = TABLES[table].values()
    codes = [e.code for e in entries]
    assert len(set(codes)) == len(codes) and all(isinstance(c, int) for c in codes)
    assert all(e.latex.strip() for e in entries)


def probabilities_and_targets(head: str, n: int = 9):
    rng = np.random.default_rng(2)
    k = 1 if head == "sigmoid" else 3
    z = torch.tensor(rng.normal(0, 2.0, (n, k)))
    y = rng.integers(0, 2 if head == "sigmoid" else 3, n)
    t = torch.tensor(y[:, None] if head == "sigmoid" else np.eye(3)[y], dtype=torch.float64)
    p = torch.sigmoid(z) if head == "sigmoid" else torch.softmax(z, 1)
    return z, t, p


DEFINITIONS = {  # each loss as its equation writes it, on probabilities p and targets y
    "binary_cross_entropy": lambda p, y: -(y * p.log() + (1 - y) * (1 - p).log()).mean(),
    "cross_entropy": lambda p, y: -(y * p.log()).sum(1).mean(),
    "mse": lambda p, y: ((y - p) ** 2).mean(),
    "mae": lambda p, y: (y - p).abs().mean(),
    "huber": lambda p, y: torch.where((y - p).abs() <= 1, 0.5 * (y - p) ** 2, (y - p).abs() - 0.5).mean(),
}


@pytest.mark.parametrize("head,loss", [(h, l) for h, ls in HEAD_LOSSES.items() for l in ls])
def test_each_loss_computes_its_equation(head, loss):
    z, t, p = probabilities_and_targets(head)
    torch.testing.assert_close(LOSSES[loss].torch(z, t), DEFINITIONS[loss](p, t))


def test_invalid_head_loss_pairs_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="sigmoid output"):
        check_head_loss("softmax", "binary_cross_entropy")
    with pytest.raises(ValueError, match="softmax output"):
        check_head_loss("sigmoid", "cross_entropy")
    check_head_loss("sigmoid", "mse")


def test_regularisers_sum_what_their_equations_say():
    ws = [torch.tensor([1.0, -2.0]), torch.tensor([[3.0]])]
    assert REGULARISERS["l1"].torch(ws).item() == 6.0
    assert REGULARISERS["l2"].torch(ws).item() == 14.0
    assert REGULARISERS["none"].torch(ws).item() == 0.0


@pytest.mark.parametrize("name", [n for n in INIT_NAMES if n != "zeros"])
def test_initialisers_have_torchs_spread(name):
    ours = init_weights(name, 64, 32, np.random.default_rng(5))
    ref = torch.empty(32, 64)  # torch stores (out, in): the same fan-in and fan-out
    build(TORCH_INITIALISERS, name, ref)
    assert ours.shape == (64, 32)
    assert ours.std() == pytest.approx(float(ref.std()), rel=0.1)
    assert abs(ours.mean()) < 0.1 * ours.std() + 1e-9


def test_the_torch_forward_is_the_layers_and_activations_it_names():
    rng = np.random.default_rng(6)
    model = MLP((2, 16, 3, 1), ("relu", "selu"), rng=rng, dtype=torch.float64)
    model.flat()[:] = rng.normal(0, 1, model.n_params)
    x = rng.normal(0, 1, (7, 2))
    (W1, b1), (W2, b2), (W3, b3) = model.weights()
    h1 = np.maximum(x @ W1 + b1, 0)
    z2 = h1 @ W2 + b2
    h2 = 1.0507009873554805 * np.where(z2 > 0, z2, 1.6732632423543772 * np.expm1(z2))
    outputs = model.layer_outputs(torch.tensor(x))
    for got, want in zip(outputs, [h1, h2, h2 @ W3 + b3]):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_dropout_scales_kept_units_and_eval_mode_has_none():
    model = MLP((2, 16, 1), ("tanh",), rng=np.random.default_rng(7), dropout=0.5)
    x = torch.randn(32, 2)
    mask = torch.rand(32, 16) < 0.5
    record = []
    with torch.no_grad():
        model.forward(x, [mask], record)
    f, a = record[0]
    torch.testing.assert_close(a, torch.where(mask, f / 0.5, torch.zeros(())))
    torch.testing.assert_close(torch.tensor(model.layer_outputs(x)[0]), f)


def test_per_layer_sq_norms_match_the_blocks():
    model = MLP((2, 4, 3, 1), ("tanh", "tanh"), rng=np.random.default_rng(8))
    flat = torch.randn(model.n_params)
    expected = [float((b ** 2).sum()) for b in model.blocks(flat)]
    np.testing.assert_allclose(model.sq_norms(flat), expected, rtol=1e-6)
    assert [tuple(b.shape) for b in model.blocks()] == [(3, 4), (5, 3), (4, 1)]

