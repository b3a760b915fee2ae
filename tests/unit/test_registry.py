"""Registries build what their names say, checked against torch.nn / torch.optim."""
import math
import re

import numpy as np
import pytest
import torch
from torch import nn

from dl_engine.models import mlp_activations, mlp_init, mlp_optim
from dl_engine.models.mlp_init import init_weights
from dl_engine.models.registry import ACTIVATIONS, INITIALISERS, OPTIMIZERS, build

Z = torch.linspace(-3, 3, 13)


@pytest.mark.parametrize("name, reference", [
    ("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu),
    ("leaky_relu", lambda z: nn.functional.leaky_relu(z, 0.01)), ("elu", nn.functional.elu),
    ("linear", lambda z: z), ("step", lambda z: (z >= 0).float())])
def test_activations_match_torch(name, reference):
    torch.testing.assert_close(build(ACTIVATIONS, name)(Z), reference(Z))
    assert ACTIVATIONS[name].latex


@pytest.mark.parametrize("name, variance", [
    ("xavier", lambda fi, fo: 2 / (fi + fo)), ("he", lambda fi, fo: 2 / fi),
    ("lecun", lambda fi, fo: 1 / fi), ("small_random", lambda fi, fo: 1e-4)])
def test_initialiser_variances_match_their_formulas(name, variance):
    torch.manual_seed(0)
    w = torch.empty(400, 300)  # (fan_out, fan_in)
    build(INITIALISERS, name, w)
    assert w.var().item() == pytest.approx(variance(300, 400), rel=0.03)
    assert abs(w.mean().item()) < 0.01


def test_zeros_initialiser():
    w = torch.ones(3, 3)
    build(INITIALISERS, "zeros", w)
    assert w.abs().sum() == 0


@pytest.mark.parametrize("name, cls, extra", [
    ("sgd", torch.optim.SGD, {"momentum": 0}), ("momentum", torch.optim.SGD, {"momentum": 0.9}),
    ("adagrad", torch.optim.Adagrad, {}), ("rmsprop", torch.optim.RMSprop, {}), ("adam", torch.optim.Adam, {})])
def test_optimizers_are_the_torch_optimizers(name, cls, extra):
    p = nn.Parameter(torch.ones(2))
    opt = build(OPTIMIZERS, name, [p], 0.05)
    assert isinstance(opt, cls) and opt.defaults["lr"] == 0.05
    for key, value in extra.items():
        assert opt.defaults[key] == value


def test_the_torch_pages_show_the_mlps_equations_and_build_its_torch_objects():
    """One equation per name, written beside the MLP kernel's id: the registry only reuses it."""
    for table, mlp in ((ACTIVATIONS, mlp_activations.ACTIVATIONS), (OPTIMIZERS, mlp_optim.OPTIMIZERS),
                       (INITIALISERS, mlp_init.INITIALISERS)):
        assert list(table) == list(mlp)
        assert all(table[n].latex is mlp[n].latex and table[n].note is mlp[n].note for n in table)
    assert all(ACTIVATIONS[n].build is a.module for n, a in mlp_activations.ACTIVATIONS.items())
    assert all(OPTIMIZERS[n].build is o.build for n, o in mlp_optim.OPTIMIZERS.items())


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match="choose one of"):
        build(ACTIVATIONS, "swish")


def test_every_entry_has_an_equation():
    for table in (ACTIVATIONS, INITIALISERS, OPTIMIZERS):
        for name, entry in table.items():
            assert entry.latex.strip(), name


def stated_distribution(latex: str, n_in: int, n_out: int) -> tuple[str, float, float | None]:
    """What an INITIALISERS equation says: (family "0" / "N" / "U", variance, bound of U or None).

    Reads the few LaTeX forms the registry uses: W=0, W∼N(μ, σ²) (the notes write the variance),
    W∼U(−a, a); \\tfrac, \\sqrt, ^, n_{in}, n_{out}."""
    if latex.replace(" ", "") == "W=0":
        return "0", 0.0, None
    m = re.fullmatch(r"W\\sim\\mathcal\{([NU])\}(.*)", latex)
    assert m, f"unreadable initialiser equation {latex!r}"
    family, args = m.groups()
    expr = (args.replace(r"\!", "").replace(r"\left", "").replace(r"\right", "").replace(r"\,", "")
            .replace("n_{in}", "n_in").replace("n_{out}", "n_out").replace("^", "**"))
    while r"\tfrac" in expr:
        expr = re.sub(r"\\tfrac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", expr)
    expr = re.sub(r"\\sqrt\{([^{}]*)\}", r"math.sqrt(\1)", expr)
    lo, hi = eval(expr, {"math": math, "n_in": n_in, "n_out": n_out})  # a tuple of two numbers
    if family == "N":
        assert lo == 0
        return "N", float(hi), None
    assert lo == -hi
    return "U", (hi - lo) ** 2 / 12, float(hi)


def _excess_kurtosis(w: np.ndarray) -> float:
    w = w - w.mean()
    return float((w ** 4).mean() / (w ** 2).mean() ** 2 - 3)


@pytest.mark.parametrize("name", list(INITIALISERS))
@pytest.mark.parametrize("engine", ["registry (torch: gradient lab)", "MLP engine (NumPy)"])
def test_each_initialisers_equation_names_the_distribution_the_code_draws(name, engine):
    """The LaTeX the MLP page and the gradient lab show is read, not trusted: the weights the code
    draws have the variance it states, and its family (a uniform's bound and flat shape, a normal's tails)."""
    n_in, n_out = 300, 400
    family, variance, bound = stated_distribution(INITIALISERS[name].latex, n_in, n_out)
    if engine.startswith("registry"):
        torch.manual_seed(0)
        w = torch.empty(n_out, n_in)  # torch stores (fan_out, fan_in)
        build(INITIALISERS, name, w)
        w = w.numpy().astype(np.float64)
    else:
        w = init_weights(name, n_in, n_out, np.random.default_rng(0))
    if family == "0":
        assert not w.any()
        return
    assert w.var() == pytest.approx(variance, rel=0.03)
    assert abs(w.mean()) < 0.01 * math.sqrt(variance)
    if family == "U":
        assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
        assert _excess_kurtosis(w) == pytest.approx(-1.2, abs=0.05)   # flat, not bell-shaped
    else:
        assert _excess_kurtosis(w) == pytest.approx(0.0, abs=0.1)


def test_the_xavier_equation_states_where_it_departs_from_the_notes():
    """Notes 000 §42.4 write Xavier as N(0, 1/n_in); the code draws Glorot's uniform, and says so."""
    assert stated_distribution(INITIALISERS["xavier"].latex, 10, 30)[0] == "U"
    assert "N(0, 1/n_in)" in INITIALISERS["xavier"].note and "uniform" in INITIALISERS["xavier"].note
    assert stated_distribution(INITIALISERS["he"].latex, 10, 30)[:2] == ("N", pytest.approx(2 / 10))  # = the notes
