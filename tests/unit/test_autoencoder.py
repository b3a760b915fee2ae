"""The autoencoder and VAE against direct computations and torch.distributions: the loss terms, the
reparameterisation's moments, the decoded grid and interpolation, determinism, the presets' claims
and the figures."""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from torch.distributions import Normal, kl_divergence

from dl_engine.models.autoencoder import Autoencoder, elbo_filled, kl_filled, kl_to_prior, loss_terms, \
    reparam_filled, reparameterise
from dl_engine.presets.autoencoder import PRESETS
from dl_engine.training.autoencoder_experiment import GRID, AutoencoderConfig, AutoencoderExperiment, \
    decode_points, grid_points, interpolation, knn_accuracy
from dl_engine.training.run import TrainingRun
from dl_engine.viz import autoencoder as viz
from dl_engine.viz import autoencoder_points as points_viz
from tests.unit.figure_checks import readable


def _batch(seed: int = 0, n: int = 32) -> torch.Tensor:
    return torch.rand(n, 64, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("kind", ["bce", "mse"])
@pytest.mark.parametrize("beta", [0.0, 1.0, 4.5])
def test_the_vae_loss_is_the_closed_form_kl_plus_the_reconstruction_term(kind, beta):
    torch.manual_seed(1)
    model = Autoencoder(64, 32, variational=True)
    x, eps = _batch(), torch.randn(32, 2, generator=torch.Generator().manual_seed(2))
    terms = loss_terms(model, x, beta, kind, eps)
    # by hand: the encoder's two halves, z = μ + σε, Bernoulli or squared-error −log p summed over pixels
    h = model.encoder(x)
    mu, logvar = h[:, :2], h[:, 2:]
    z = mu + torch.exp(logvar / 2) * eps
    p = torch.sigmoid(model.decoder(z))
    recon = (-(x * torch.log(p) + (1 - x) * torch.log(1 - p)) if kind == "bce" else (x - p) ** 2).sum(1).mean()
    kl = kl_divergence(Normal(mu, torch.exp(logvar / 2)), Normal(torch.zeros(2), torch.ones(2))).sum(1).mean()
    torch.testing.assert_close(terms["recon"], recon, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(terms["kl"], kl, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(terms["loss"], recon + beta * kl, rtol=1e-5, atol=1e-5)


def test_the_closed_form_kl_matches_torch_distributions_far_from_the_prior():
    mu = torch.tensor([[0.0, 0.0], [3.0, -2.0], [0.5, 0.1]])
    logvar = torch.tensor([[0.0, 0.0], [-4.0, 2.0], [1.0, -0.5]])
    ref = kl_divergence(Normal(mu, torch.exp(logvar / 2)), Normal(0.0, 1.0)).sum(1)
    torch.testing.assert_close(kl_to_prior(mu, logvar), ref)
    assert float(kl_to_prior(mu, logvar)[0]) == 0.0   # q = the prior: nothing to pay


def test_the_plain_autoencoder_has_no_kl_term_and_no_noise():
    torch.manual_seed(0)
    model = Autoencoder(64, 16, variational=False)
    x = _batch()
    terms = loss_terms(model, x, 3.0, "bce", None)
    assert float(terms["kl"]) == 0.0 and torch.equal(terms["loss"], terms["recon"])
    mu, logvar = model.encode(x)
    assert mu.shape == (32, 2) and logvar is None


def test_reparameterised_samples_have_the_encoders_mean_and_variance():
    mu, logvar = torch.tensor([1.5, -0.7]), torch.tensor([-1.0, 0.8])
    eps = torch.randn(200_000, 2, generator=torch.Generator().manual_seed(3))
    z = reparameterise(mu.expand(len(eps), 2), logvar.expand(len(eps), 2), eps)
    torch.testing.assert_close(z.mean(0), mu, atol=0.01, rtol=0)
    torch.testing.assert_close(z.var(0), logvar.exp(), atol=0.02, rtol=0.01)
    # the trick's point: the sample is differentiable in μ and log σ²
    m, lv = mu.clone().requires_grad_(True), logvar.clone().requires_grad_(True)
    reparameterise(m, lv, eps[0]).sum().backward()
    torch.testing.assert_close(m.grad, torch.ones(2))
    torch.testing.assert_close(lv.grad, 0.5 * torch.exp(logvar / 2) * eps[0])


def test_the_grid_runs_over_the_box_row_major_with_z2_falling():
    z = grid_points(np.array([-2.0, -1.0]), np.array([2.0, 3.0]), 5)
    assert z.shape == (25, 2)
    np.testing.assert_allclose(z[:5, 0], np.linspace(-2, 2, 5))
    np.testing.assert_allclose(z[::5, 1], np.linspace(3, -1, 5))


def _trained(config: AutoencoderConfig, steps: int = 40, seed: int = 0) -> TrainingRun:
    run = TrainingRun(AutoencoderExperiment, config, seed=seed)
    run.step(steps)
    return run


@pytest.mark.parametrize("mode", ["ae", "vae"])
def test_the_decoded_grid_and_samples_are_the_decoder_at_those_points(mode):
    run = _trained(AutoencoderConfig(mode=mode, hidden=32))
    v = run.snapshot.visuals
    z = grid_points(v["grid_lo"], v["grid_hi"])
    assert v["grid"].shape == (GRID * GRID, 8, 8)
    decoder = run.experiment.model.decoder
    with torch.no_grad():
        direct = torch.sigmoid(decoder(torch.as_tensor(z, dtype=torch.float32))).numpy().reshape(-1, 8, 8)
        prior = torch.sigmoid(decoder(torch.as_tensor(v["prior_z"]))).numpy().reshape(-1, 8, 8)
    np.testing.assert_allclose(v["grid"], direct, atol=1e-6)
    np.testing.assert_allclose(decode_points(v, z), direct, atol=1e-6)   # the snapshot's copy decodes the same
    np.testing.assert_allclose(v["samples"], prior, atol=1e-6)
    if mode == "vae":
        np.testing.assert_allclose(v["grid_lo"], [-2, -2]) and np.testing.assert_allclose(v["grid_hi"], [2, 2])
    else:   # the autoencoder's box holds all its codes
        assert (v["codes"] >= v["grid_lo"]).all() and (v["codes"] <= v["grid_hi"]).all()


def test_interpolation_ends_decode_the_two_digits_codes():
    v = _trained(AutoencoderConfig(hidden=32)).snapshot.visuals
    z, tiles = interpolation(v, 3, 8)
    np.testing.assert_allclose(z[0], v["shown_mu"][3]) and np.testing.assert_allclose(z[-1], v["shown_mu"][8])
    np.testing.assert_allclose(tiles[0], v["recons"][3], atol=1e-6)
    np.testing.assert_allclose(tiles[-1], v["recons"][8], atol=1e-6)
    assert not np.allclose(tiles[0], tiles[-1])
    # the shown digits are what their labels say, and their codes are their test codes
    assert [int(v["labels"][i]) for i in v["shown"]] == list(range(10))
    np.testing.assert_allclose(v["shown_mu"], v["codes"][v["shown"]])


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    config = AutoencoderConfig(hidden=32)
    a, b, c = (_trained(config, 30, seed) for seed in (4, 4, 5))
    for key in ("codes", "samples", "grid"):
        np.testing.assert_array_equal(a.snapshot.visuals[key], b.snapshot.visuals[key])
    assert a.snapshot.visuals["batch"] == b.snapshot.visuals["batch"]
    np.testing.assert_array_equal(a.snapshot.history["loss"], b.snapshot.history["loss"])
    assert not np.allclose(a.snapshot.visuals["codes"], c.snapshot.visuals["codes"])


def test_knn_accuracy_scores_separated_and_mixed_classes():
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(3), 20)
    apart = rng.normal(0, 0.1, (60, 2)) + np.array([[0, 0], [5, 0], [0, 5]])[labels]
    assert knn_accuracy(apart, labels) == 1.0
    mixed = knn_accuracy(rng.normal(0, 1, (60, 2)), labels)
    assert mixed < 0.6


def test_training_lowers_the_loss_and_separates_the_classes():
    run = TrainingRun(AutoencoderExperiment, AutoencoderConfig(), seed=0)
    before = run.snapshot.metrics
    after = run.step(400).metrics
    assert after["test_loss"] < before["test_loss"] - 10
    assert after["latent_knn"] > before["latent_knn"] + 0.2


def test_the_presets_show_what_their_lessons_say():
    steps = 500
    ae = _trained(PRESETS["autoencoder-holes"].config, steps).snapshot.visuals["codes"]
    vae = _trained(PRESETS["vae-filled"].config, steps).snapshot
    zero = _trained(PRESETS["beta-zero"].config, steps).snapshot
    collapsed = _trained(PRESETS["beta-collapse"].config, steps).snapshot
    # the VAE's means about unit spread round the origin; the autoencoder's and β = 0's far wider
    assert 0.4 < vae.visuals["codes"].std(0).mean() < 1.5
    assert ae.std(0).mean() > 2 * vae.visuals["codes"].std(0).mean()
    assert zero.visuals["codes"].std(0).mean() > 2 * vae.visuals["codes"].std(0).mean()
    assert zero.metrics["test_kl"] > 3 * vae.metrics["test_kl"]
    # β = 10: q(z|x) ≈ N(0, I) for every input, every sample the same image
    assert collapsed.metrics["test_kl"] < 0.05
    assert np.abs(collapsed.visuals["codes"]).max() < 0.1
    assert collapsed.visuals["samples"].std(0).max() < 0.02 < vae.visuals["samples"].std(0).max()


def test_the_filled_equations_carry_the_numbers_they_compute():
    mu, logvar, eps = np.array([0.5, -1.0]), np.array([-2.0, 0.4]), np.array([1.2, -0.3])
    z = mu + np.exp(logvar / 2) * eps
    text = reparam_filled(mu, logvar, eps)
    assert all(f"{t:.3f}" in text for t in z)
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    assert kl_filled(mu, logvar).endswith(f"= {kl:.3f}")
    assert re.search(r"= -24\.50.*= 24\.50", elbo_filled(20.0, 1.5, 3.0))


@pytest.mark.parametrize("mode", ["ae", "vae"])
def test_the_figures_are_readable_and_show_this_step(mode):
    run = _trained(AutoencoderConfig(mode=mode, hidden=32), 20)
    snap = run.snapshot
    v = snap.visuals
    z, tiles = interpolation(v, 1, 7)
    latent = viz.latent_figure(v, snap.step, z)
    layout = readable(latent, "step 20")
    assert layout["yaxis"]["scaleanchor"] == "x"   # the plane is not stretched
    assert sum(len(m.x) for m in latent.marks if m.name and m.name.isdigit()) == len(v["codes"])
    for fig in (viz.grid_figure(v, snap.step), viz.reconstruction_figure(v, snap.step),
                viz.samples_figure(v, snap.step), viz.interpolation_figure(z, tiles, 1, 7, snap.step)):
        readable(fig, "step 20")
    losses = viz.loss_terms_figure(snap.history, mode, 1.0)
    readable(losses)
    names = [m.name for m in losses.marks]
    assert any("KL" in n for n in names) == (mode == "vae")


# ---- 2-D sets through a 1-D code ------------------------------------------------------------------
def test_a_2d_set_goes_through_a_1d_code_and_every_reconstruction_lies_on_the_decoders_curve():
    run = _trained(AutoencoderConfig(data="moons", mode="ae"), 300)
    e, v = run.experiment, run.snapshot.visuals
    assert e.model.latent == 1 and v["codes"].shape == (len(v["points"]), 1) and v["points"].shape[1] == 2
    with torch.no_grad():
        e.model.eval()
        by_hand = e.model.decode(e.model.encode(torch.from_numpy(v["points"]))[0]).numpy()
    np.testing.assert_allclose(v["recons"], by_hand, rtol=1e-5, atol=1e-5)
    # x̂ = decoder(μ) for μ inside the box the curve spans: each x̂ is on (near) the sampled curve
    gap = np.linalg.norm(v["recons"][:, None] - v["curve"][None], axis=-1).min(1)
    step = np.linalg.norm(np.diff(v["curve"], axis=0), axis=1).max()
    assert gap.max() <= step
    assert v["grid_lo"][0] <= v["codes"].min() and v["codes"].max() <= v["grid_hi"][0]


def test_the_points_reconstruction_term_is_the_squared_error_of_the_output_itself():
    model = Autoencoder(2, 8, variational=True, latent=1)
    x = torch.randn(16, 2)
    eps = torch.randn(16, 1)
    terms = loss_terms(model, x, 0.5, "points", eps)
    mu, logvar = model.encode(x)
    x_hat = model.decode(mu + torch.exp(0.5 * logvar) * eps)
    torch.testing.assert_close(terms["recon"], ((x_hat - x) ** 2).sum(1).mean())
    torch.testing.assert_close(terms["kl"], (-0.5 * (1 + logvar - mu ** 2 - logvar.exp())).sum(1).mean())
    assert mu.shape == (16, 1)


def test_the_2d_figures_draw_points_codes_and_the_vaes_samples():
    snap = _trained(AutoencoderConfig(data="circle", mode="vae"), 20).snapshot
    plane = readable(points_viz.plane_figure(snap.visuals, snap.step), "1-D code")
    names = [t.get("name") for t in points_viz.plane_figure(snap.visuals, snap.step).wire()["data"]]
    assert "prior samples" in names and "class 0" in names and "class 1" in names
    assert plane["yaxis"]["scaleanchor"] == "x"
    line = points_viz.line_figure(snap.visuals, snap.step).wire()
    readable(line, "latent line")
    assert sum(len(t["x"]) for t in line["data"]) == len(snap.visuals["codes"])
    readable(viz.loss_terms_figure(snap.history, "vae", 1.0, per="point"), "per point")


def test_the_2d_presets_claims():
    moons = _trained(PRESETS["moons-curve"].config, 1000).snapshot.metrics
    circle = _trained(PRESETS["circle-cut"].config, 1000).snapshot.metrics
    assert moons["latent_knn"] > 0.95
    assert circle["test_recon"] > 5 * moons["test_recon"]
    assert circle["latent_knn"] < moons["latent_knn"]
