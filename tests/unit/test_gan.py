"""The GAN: its losses against their formulas, each player's step moving only its own weights,
the gradients G's loss gives against their closed forms, the divergences against two Gaussians'
closed form, determinism, the presets, and the uploaded points' parser; on the 8×8 digits, G's
pictures of the fixed noise batch and the digits preset learning."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from dl_engine.data.csv_points import DataError, parse_points
from dl_engine.data.gan_targets import RING_STD, TARGETS, ring, ring_centres, ring_modes_covered
from dl_engine.data.images import digits
from dl_engine.models import gan
from dl_engine.presets.gan import PRESETS
from dl_engine.training.gan_digits import Z_DIM
from dl_engine.training.gan_experiment import GANConfig, GANExperiment
from dl_engine.training.run import TrainingRun
from dl_engine.viz import gan_digits as digits_viz
from dl_engine.viz.gan import divergence_figure, losses_figure, plane_figure
from tests.unit.figure_checks import readable

SMALL = GANConfig(g_width=8, d_width=8, batch=32)
SMALL_DIGITS = GANConfig(data="digits", g_width=8, d_width=8, batch=32)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def logits(n: int, seed: int) -> torch.Tensor:
    return torch.randn(n, 1, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * 3


# ---- the losses, by hand from D's outputs -------------------------------------------------------
def test_the_players_losses_equal_their_formulas():
    real, fake = logits(50, 0), logits(40, 1)
    d_real, d_fake = sigmoid(real.numpy()), sigmoid(fake.numpy())
    assert float(gan.d_loss(real, fake)) == pytest.approx(-np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake)),
                                                          rel=1e-12)
    assert float(gan.generator_loss("non_saturating", fake)) == pytest.approx(-np.mean(np.log(d_fake)), rel=1e-12)
    assert float(gan.generator_loss("minimax", fake)) == pytest.approx(np.mean(np.log(1 - d_fake)), rel=1e-12)


def test_bce_with_logits_stays_finite_where_d_saturates():
    fake = torch.tensor([[-200.0], [200.0]], dtype=torch.float64)   # σ rounds to 0 and 1
    assert float(gan.generator_loss("non_saturating", fake)) == pytest.approx((200 + 0) / 2)
    assert float(gan.d_loss(fake, fake)) == pytest.approx(200.0)     # −log σ(−200)/2 − log(1 − σ(200))/2


@pytest.mark.parametrize("kind,slope", [("non_saturating", lambda d: -(1 - d)), ("minimax", lambda d: -d)])
def test_each_generator_loss_has_its_gradient_in_d(kind, slope):
    """∂ℓ_G/∂logit per sample: −(1 − D) for −log D, −D for log(1 − D): the minimax one vanishes
    where D rejects the sample (D → 0), the non-saturating one there is steepest."""
    fake = logits(30, 2).requires_grad_(True)
    (gan.generator_loss(kind, fake) * len(fake)).backward()
    np.testing.assert_allclose(fake.grad.numpy(), slope(sigmoid(fake.detach().numpy())), rtol=1e-12)


@pytest.mark.parametrize("kind,weight", [("non_saturating", lambda d: 1 - d), ("minimax", lambda d: d)])
def test_the_arrows_are_minus_the_per_sample_gradient_of_g_loss(kind, weight):
    """−∂ℓ_G/∂x = w(D(x)) ∇ₓlogit(x), with w from the test above: checked against autograd of D alone."""
    exp = GANExperiment(GANConfig(g_loss=kind, g_width=8, d_width=8), seed=3)
    for _ in range(5):
        exp.train_step(False)
    before = [p.grad.clone() for p in exp.D.parameters()]   # the last D step's
    v = exp.visuals()
    x = torch.from_numpy(v["fake"]).requires_grad_(True)
    logit = exp.D(x)
    (grad,) = torch.autograd.grad(logit.sum(), x)
    expected = weight(torch.sigmoid(logit).detach().numpy()) * grad.numpy()
    np.testing.assert_allclose(v["arrows"], expected, rtol=1e-4, atol=1e-7)
    assert same([p.grad for p in exp.D.parameters()], before)   # the arrows leave D's gradients alone


# ---- who moves ----------------------------------------------------------------------------------
def weights(module: torch.nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in module.parameters()]


def same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("data", ["ring", "digits"])
@pytest.mark.parametrize("players,moves", [("d", "D"), ("g", "G"), ("both", "GD")])
def test_each_players_step_changes_only_its_own_parameters(players, moves, data):
    exp = GANExperiment(GANConfig(data=data, d_steps=3, g_width=8, d_width=8), seed=0)
    exp.set_players(players)
    g0, d0 = weights(exp.G), weights(exp.D)
    result = exp.train_step(False)
    assert same(weights(exp.G), g0) == ("G" not in moves)
    assert same(weights(exp.D), d0) == ("D" not in moves)
    assert set(result.grad_norms) == set(moves)


def test_k_d_steps_per_round_are_k_optimiser_steps():
    exp = GANExperiment(GANConfig(d_steps=4, g_width=8, d_width=8), seed=0)
    exp.train_step(False)
    p = next(exp.D.parameters())
    assert exp.opt_d.state[p]["step"] == 4 and exp.opt_g.state[next(exp.G.parameters())]["step"] == 1


def test_a_run_changes_who_steps_between_steps_and_reset_restores_both():
    run = TrainingRun(GANExperiment, SMALL, seed=0)
    run.step(3)
    run.apply(lambda e: e.set_players("g"))
    d0 = weights(run.experiment.D)
    snap = run.step(5)
    assert same(weights(run.experiment.D), d0) and snap.visuals["players"] == "g"
    run.reset()
    assert run.experiment.players == "both"
    with pytest.raises(ValueError, match="players"):
        run.experiment.set_players("neither")


def test_separate_learning_rates_and_the_optimiser_reach_torch_optim():
    exp = GANExperiment(GANConfig(optimizer="sgd", lr_g=0.02, lr_d=0.003), seed=0)
    assert isinstance(exp.opt_g, torch.optim.SGD) and isinstance(exp.opt_d, torch.optim.SGD)
    assert exp.opt_g.param_groups[0]["lr"] == 0.02 and exp.opt_d.param_groups[0]["lr"] == 0.003
    assert isinstance(GANExperiment(GANConfig(), seed=0).opt_g, torch.optim.Adam)


@pytest.mark.parametrize("data", ["ring", "digits"])
def test_an_sgd_d_step_is_the_textbook_update(data):
    """θ_D ← θ_D − η ∇L_D on the same batch, recomputed with a copy of D and the same draws."""
    config = GANConfig(data=data, optimizer="sgd", lr_d=0.05, g_width=8, d_width=8, batch=16)
    exp = GANExperiment(config, seed=1)
    exp.set_players("d")
    gen = torch.Generator().set_state(exp.gen.get_state())
    x = exp.real[torch.randint(len(exp.real), (16,), generator=gen)]
    fake = exp.G(exp.noise(16, gen)).detach()
    copy = gan.mlp(exp.real.shape[1], 8, 2, 1)
    copy.load_state_dict(exp.D.state_dict())
    gan.d_loss(copy(x), copy(fake)).backward()
    expected = [p.detach() - 0.05 * p.grad for p in copy.parameters()]
    state = torch.get_rng_state()
    exp.train_step(False)
    for got, want in zip(exp.D.parameters(), expected):
        torch.testing.assert_close(got.detach(), want)
    assert torch.equal(torch.get_rng_state(), state)   # the global RNG is not the experiment's


# ---- the divergences ----------------------------------------------------------------------------
EDGES = np.linspace(-6, 6, 401)   # the tails beyond hold < 1e-6: no cell rounds to an empty one


def cell_masses(mu: tuple[float, float], sigma: float, edges: np.ndarray = EDGES) -> np.ndarray:
    """Exact probability of each square cell under N(mu, σ²I): products of the 1-D CDF's steps."""
    cdf = lambda m: np.array([0.5 * (1 + math.erf((e - m) / (sigma * math.sqrt(2)))) for e in edges])
    return np.outer(np.diff(cdf(mu[0])), np.diff(cdf(mu[1])))


def gaussian_kl(mu1, s1: float, mu2, s2: float) -> float:
    """KL(N(μ₁, s₁²I) ‖ N(μ₂, s₂²I)) in 2-D: ½[tr(Σ₂⁻¹Σ₁) + Δᵀ Σ₂⁻¹ Δ − d + ln(det Σ₂ / det Σ₁)]."""
    delta = np.subtract(mu2, mu1)
    return 0.5 * (2 * s1 ** 2 / s2 ** 2 + delta @ delta / s2 ** 2 - 2 + 2 * math.log(s2 ** 2 / s1 ** 2))


def test_kl_on_two_gaussians_equals_the_closed_form():
    p, q = cell_masses((0.5, -0.3), 0.8), cell_masses((-0.4, 0.6), 1.3)
    assert gan.kl_divergence(p, q) == pytest.approx(gaussian_kl((0.5, -0.3), 0.8, (-0.4, 0.6), 1.3), abs=2e-3)
    assert gan.kl_divergence(q, p) == pytest.approx(gaussian_kl((-0.4, 0.6), 1.3, (0.5, -0.3), 0.8), abs=2e-3)


def test_js_on_two_gaussians_matches_its_monte_carlo_value_and_its_bounds():
    """JS has no closed form for two Gaussians: ½E_p[log 2p/(p+q)] + ½E_q[log 2q/(p+q)] by Monte
    Carlo from the exact densities; the histogram of samples (the page's estimator) gets near it."""
    mu1, mu2, s = np.array([1.0, 0.0]), np.array([-1.0, 0.0]), 1.0
    density = lambda x, mu: np.exp(-((x - mu) ** 2).sum(1) / (2 * s * s)) / (2 * math.pi * s * s)
    rng = np.random.default_rng(0)
    xp, xq = mu1 + rng.normal(0, s, (400_000, 2)), mu2 + rng.normal(0, s, (400_000, 2))
    half = lambda x, a, b: np.mean(np.log(2 * density(x, a) / (density(x, a) + density(x, b))))
    monte_carlo = 0.5 * half(xp, mu1, mu2) + 0.5 * half(xq, mu2, mu1)
    exact_cells = gan.js_divergence(cell_masses(tuple(mu1), s), cell_masses(tuple(mu2), s))
    assert exact_cells == pytest.approx(monte_carlo, abs=2e-3)
    edges = np.linspace(-6, 6, 25)
    sampled = gan.js_divergence(gan.histogram(xp[:20_000], edges), gan.histogram(xq[:20_000], edges))
    assert sampled == pytest.approx(monte_carlo, abs=0.02)
    assert gan.js_divergence(cell_masses((0, 0), 1), cell_masses((0, 0), 1)) == pytest.approx(0, abs=1e-12)
    far = gan.js_divergence(gan.histogram(np.full((10, 2), -5.0), edges), gan.histogram(np.full((10, 2), 5.0), edges))
    assert far == pytest.approx(math.log(2))


def test_the_histogram_counts_every_point_and_the_bound_is_log2_minus_half_d_loss():
    X = np.array([[0.0, 0.0], [100.0, -100.0], [-6.0, 6.0]])
    counts = gan.histogram(X, np.linspace(-6, 6, 5))
    assert counts.sum() == 3 and counts[-1, 0] == 1 and counts[0, -1] == 1
    assert gan.js_bound(math.log(4)) == pytest.approx(0.0)   # D = ½ everywhere: no evidence of a gap
    assert gan.js_bound(0.0) == pytest.approx(math.log(2))


def test_the_evaluated_divergences_are_the_estimators_on_the_fixed_batches():
    exp = GANExperiment(SMALL, seed=0)
    m = exp.evaluate()
    assert m["js_bound"] == pytest.approx(math.log(2) - m["d_loss"] / 2)
    with torch.no_grad():
        fake = exp.G(exp.z_eval).numpy()
    edges = np.linspace(-6, 6, 25)
    assert m["js"] == pytest.approx(gan.js_divergence(gan.histogram(exp.real_eval.numpy(), edges),
                                                      gan.histogram(fake, edges)))
    assert m["modes"] == ring_modes_covered(fake)


@pytest.mark.parametrize("data", ["ring", "digits"])
def test_the_evaluated_losses_are_their_formulas_on_the_fixed_batches(data):
    """L_D, L_G, mean D(x), mean D(G(z)) and the bound from D's outputs by hand, after a few rounds."""
    exp = GANExperiment(GANConfig(data=data, g_width=8, d_width=8, batch=32), seed=2)
    for _ in range(5):
        exp.train_step(False)
    m = exp.evaluate()
    with torch.no_grad():
        d_real = torch.sigmoid(exp.D(exp.real_eval)).double().numpy()
        d_fake = torch.sigmoid(exp.D(exp.G(exp.z_eval))).double().numpy()
    by_hand = -np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))
    assert m["d_loss"] == pytest.approx(by_hand, rel=1e-5)
    assert m["g_loss"] == pytest.approx(-np.mean(np.log(d_fake)), rel=1e-5)
    assert (m["d_real"], m["d_fake"]) == pytest.approx((d_real.mean(), d_fake.mean()), rel=1e-5)
    assert m["js_bound"] == pytest.approx(math.log(2) - by_hand / 2, rel=1e-5)
    assert ("js" in m) == (data == "ring")   # no 2-D histogram of 64-pixel images


# ---- the digits ---------------------------------------------------------------------------------
def test_on_digits_g_maps_z_to_64_pixels_in_the_unit_range_and_d_to_one_logit():
    exp = GANExperiment(SMALL_DIGITS, seed=0)
    z = exp.noise(7, torch.Generator().manual_seed(0))
    assert z.shape == (7, Z_DIM)
    with torch.no_grad():
        x = exp.G(z * 100)          # far out in z: the sigmoid still keeps each pixel in [0, 1]
        assert x.shape == (7, 64) and float(x.min()) >= 0 and float(x.max()) <= 1
        assert exp.D(x).shape == (7, 1)
    np.testing.assert_array_equal(exp.real.numpy(), digits().X.reshape(-1, 64))
    v = exp.visuals()
    assert v["samples"].shape == (25, 8, 8) and v["real"].shape == (25, 8, 8) and "heat" not in v
    assert any(np.array_equal(v["real"][0], image[0]) for image in digits().X)


def test_the_fixed_noise_batch_is_the_same_in_every_snapshot_and_its_samples_change_with_training():
    run = TrainingRun(GANExperiment, SMALL_DIGITS, seed=0)
    z = run.experiment.z_shown.clone()
    first = run.step(1).visuals["samples"]
    later = run.step(50).visuals["samples"]
    assert torch.equal(run.experiment.z_shown, z)
    with torch.no_grad():   # the snapshot's pictures are G of that same z, now
        np.testing.assert_array_equal(later, run.experiment.G(z).reshape(-1, 8, 8).numpy())
    assert np.abs(later - first).max() > 0.01
    assert torch.equal(GANExperiment(SMALL_DIGITS, seed=0).z_shown, z)   # the seed draws it
    assert not torch.equal(GANExperiment(SMALL_DIGITS, seed=1).z_shown, z)


def pixel_js(exp: GANExperiment) -> float:
    """JS between the 10-bin histograms of all pixel values of G(z_eval) and of the real batch."""
    with torch.no_grad():
        fake = exp.G(exp.z_eval).numpy()
    hist = lambda x: np.histogram(x, bins=10, range=(0, 1))[0]
    return gan.js_divergence(hist(exp.real_eval.numpy()), hist(fake))


def test_the_digits_preset_learns_the_datas_pixel_histogram():
    """Seed 0: G starts near ½ everywhere (JS ≈ 0.56 nats from the data's mostly dark pixels);
    after 1,000 rounds its pixels are dark backgrounds and bright strokes (JS below a fifth)."""
    exp = GANExperiment(PRESETS["digits"].config, seed=0)
    start = pixel_js(exp)
    assert start > 0.4
    for _ in range(1000):
        exp.train_step(False)
    assert pixel_js(exp) < start / 5


def test_the_digit_figures_carry_the_pictures_and_the_64d_read_outs():
    run = TrainingRun(GANExperiment, SMALL_DIGITS, seed=0)
    for _ in range(3):
        snap = run.step(10)
    samples = digits_viz.samples_figure(snap.visuals)
    readable(samples)
    assert "step 30" in samples.title and [p.name for p in samples.panels] == ["G(z)", "real"]
    assert samples.panels[0].z.shape == (5 * 9 - 1, 5 * 9 - 1)   # 5 × 5 tiles, NaN gaps between
    divergence = digits_viz.divergence_figure(snap.history)
    readable(divergence)
    assert [m.name for m in divergence.marks] == ["mean D(x), real", "mean D(G(z)), generated",
                                                  "JS ≥ log 2 − L_D/2 (nats)"]
    assert all(len(m.x) == 4 for m in divergence.marks)
    readable(losses_figure(snap.history))


def _grid_sides(layout: dict, width: int) -> list[float]:
    """Each square panel's side in px in a chart `width` px wide: its domains of the paper inside
    the margins, shrunk about their centre to a square (live_chart's squareArea)."""
    m = layout["margin"]
    paper_w, paper_h = width - m["l"] - m["r"], layout["height"] - m["t"] - m["b"]
    sides = []
    for k in ("", "2"):
        (x0, x1), (y0, y1) = layout[f"xaxis{k}"]["domain"], layout[f"yaxis{k}"]["domain"]
        sides.append(min((x1 - x0) * paper_w, (y1 - y0) * paper_h))
    return sides


def test_the_digit_grids_are_as_large_as_the_chart_lets_them():
    tiles = np.full((25, 8, 8), 0.5)
    fig = digits_viz.samples_figure({"samples": tiles, "real": tiles, "step": 0, "players": "both"}, height=420)
    layout = fig.wire()["layout"]
    assert all(p.bar is None for p in fig.panels), "no colour bar beside the grids: grey 0 … 1 is noted under them"
    assert any("0 black" in n.text and "1 white" in n.text for n in fig.notes)
    # 402 px: the chart's width on a 1280 px screen at a desk (the two grids side by side set the
    # size); 722 px: on a 1920 px screen, where the height does: nearly all of it is the grids'.
    assert min(_grid_sides(layout, 402)) > 180
    assert min(_grid_sides(layout, 722)) > 0.75 * layout["height"]


# ---- the data -----------------------------------------------------------------------------------
def test_the_ring_has_eight_modes_and_a_collapsed_sample_covers_one():
    X = ring(4000, np.random.default_rng(0))
    assert ring_modes_covered(X) == 8
    offsets = X - ring_centres()[np.linalg.norm(X[:, None] - ring_centres(), axis=2).argmin(1)]
    assert offsets.std() == pytest.approx(RING_STD, rel=0.05)
    assert ring_modes_covered(ring_centres()[3] + np.zeros((500, 2))) == 1
    assert ring_modes_covered(np.zeros((500, 2))) == 0
    for name, target in TARGETS.items():
        X = target(500, np.random.default_rng(1))
        assert X.shape == (500, 2) and X.dtype == np.float32 and np.abs(X).max() < 6, name


def test_uploaded_points_parse_with_two_or_three_columns():
    two = "x,y\n" + "".join(f"{i},{-i / 2}\n" for i in range(12))
    X = parse_points(two.encode())
    assert X.shape == (12, 2) and X.dtype == np.float32 and X[3].tolist() == [3.0, -1.5]
    three = "".join(f"{i};{i};cat\n" for i in range(10))
    assert parse_points(three.encode()).shape == (10, 2)


@pytest.mark.parametrize("text,needle", [
    ("1,2\n3,4\n", "at least 10"),
    ("1,2,3,4\n" * 12, "not 2 or 3"),
    ("x,y\n" + "1,2\n" * 10 + "a,3\n", "Line 12"),
    ("1,inf\n" * 10, "not a finite number"),
    ("", "empty"),
])
def test_bad_point_files_say_what_is_wrong(text, needle):
    with pytest.raises(DataError, match=needle):
        parse_points(text.encode())


# ---- runs and presets ---------------------------------------------------------------------------
def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    def run(seed: int) -> dict:
        exp = GANExperiment(SMALL, seed=seed)
        for _ in range(15):
            exp.train_step(False)
        return exp.state_tensors() | {"fake": torch.from_numpy(exp.visuals()["fake"])}
    a, b, c = run(4), run(4), run(5)
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not torch.equal(a["fake"], c["fake"])


def test_weights_round_trip_through_state_tensors():
    a, b = GANExperiment(SMALL, seed=0), GANExperiment(SMALL, seed=0)
    for _ in range(3):
        a.train_step(False)
    assert not np.array_equal(a.visuals()["fake"], b.visuals()["fake"])
    b.load_state_tensors(a.state_tensors())
    np.testing.assert_array_equal(a.visuals()["fake"], b.visuals()["fake"])


def test_the_collapse_preset_collapses_and_the_ring_preset_covers_the_ring():
    """Seed 0: G at ten times D's learning rate holds one or two of the 8 modes at a time; the
    default settings cover at least six after 3,000 rounds (their lessons say so)."""
    collapse = GANExperiment(PRESETS["mode-collapse"].config, seed=0)
    modes = []
    for step in range(1, 1501):
        collapse.train_step(False)
        if step % 500 == 0:
            modes.append(collapse.evaluate()["modes"])
    assert max(modes) <= 2, modes
    healthy = GANExperiment(PRESETS["ring"].config, seed=0)
    for _ in range(3000):
        healthy.train_step(False)
    m = healthy.evaluate()
    assert m["modes"] >= 6 and m["js"] < collapse.evaluate()["js"], m


def test_presets_are_valid_and_distinct():
    configs = [p.config for p in PRESETS.values()]
    assert len(set(configs)) == len(configs) and PRESETS["ring"].config == GANConfig()
    for config in configs:
        config.check()


def test_a_csv_config_without_an_upload_is_refused_in_words():
    from dl_engine.config import ConfigError
    with pytest.raises(ConfigError, match="Upload a CSV"):
        GANConfig(data="csv").check()


def test_the_figures_are_readable_and_carry_what_the_run_gives():
    run = TrainingRun(GANExperiment, SMALL, seed=0)
    for _ in range(3):
        snap = run.step(10)
    plane = plane_figure(snap.visuals)
    layout = plane.wire()["layout"]
    assert "step 30" in plane.title and layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]
    names = [m.name for m in plane.marks]
    assert names[1:] == ["G(grid)", "real", "G(z)"] and plane.images
    assert len(plane.notes) == 120    # the gradient arrows
    for fig in (losses_figure(snap.history), divergence_figure(snap.history)):
        readable(fig)   # no picture: plotly's validator knows every key
        assert all(len(m.x) == 4 for m in fig.marks)   # steps 0, 10, 20, 30
    assert "ring modes covered" in divergence_figure(snap.history).title


def test_an_uploaded_set_is_the_real_pool_fitted_to_the_plane():
    from dl_engine.data import point_store
    from dl_engine.data.csv_points import LabelledPoints
    from dl_engine.data.toy2d import fit_to_plane
    X = parse_points("".join(f"{i * 100},{i % 3}\n" for i in range(30)).encode())
    key = point_store.remember(LabelledPoints(X, np.zeros(30, np.int64), ["point"]), "test-owner")
    exp = GANExperiment(GANConfig(data="csv", upload=key, g_width=8, d_width=8), seed=0)
    np.testing.assert_array_equal(exp.real.numpy(), fit_to_plane(X))
    assert exp.steps_per_epoch == 1 and "modes" not in exp.evaluate()
    exp.train_step(False)
    point_store.forget_owner("test-owner")
