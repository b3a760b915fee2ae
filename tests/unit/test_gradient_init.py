"""The registry's initialisers draw with the variances their formulas (shown on the page) state."""
import pytest
import torch

from dl_engine.models.registry import INITIALISERS, build

N_OUT, N_IN = 300, 200  # 60,000 draws: the sample variance is within ~2 % of the true one


def _variance(name: str) -> float:
    torch.manual_seed(0)
    w = torch.empty(N_OUT, N_IN, dtype=torch.float64)
    build(INITIALISERS, name, w)
    return float(w.var())


@pytest.mark.parametrize("name, expected", [
    ("xavier", 2.0 / (N_IN + N_OUT)),   # U(±√(6/(n_in+n_out))): variance a²/3
    ("he", 2.0 / N_IN),
    ("lecun", 1.0 / N_IN),
    ("small_random", 0.01 ** 2),
    ("large_random", 1.0),
])
def test_variance_matches_formula(name, expected):
    assert _variance(name) == pytest.approx(expected, rel=0.03)


def test_zeros_and_means():
    w = torch.empty(N_OUT, N_IN)
    build(INITIALISERS, "zeros", w)
    assert float(w.abs().max()) == 0.0
    for name in ("xavier", "he", "lecun"):
        build(INITIALISERS, name, w)
        assert abs(float(w.mean())) < 3 * (float(w.std()) / (N_OUT * N_IN) ** 0.5) + 1e-9


def test_xavier_is_bounded_by_its_limit():
    w = torch.empty(N_OUT, N_IN)
    build(INITIALISERS, "xavier", w)
    assert float(w.abs().max()) <= (6.0 / (N_IN + N_OUT)) ** 0.5
