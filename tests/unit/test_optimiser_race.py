"""The optimiser race against standalone torch.optim loops, the surfaces against their formulas,
divergence reported, and the state shown read from optimizer.state."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from dl_engine.models import race_optimisers as ro
from dl_engine.models.loss_surfaces import SURFACES, height_grid
from dl_engine.presets.optimiser_race import PRESETS
from dl_engine.training.race_experiment import RaceConfig, RaceExperiment
from dl_engine.training.run import Status, TrainingRun
from dl_engine.viz.optimiser_race import losses_figure, paths_figure

STEPS = 60
# a different lr for every racer (small enough to stay on every surface for STEPS steps), so a
# racer that read another's hyperparameters, or shared its state, would leave its own path
LRS = {"lr_sgd": 1e-3, "lr_momentum": 7e-4, "lr_nesterov": 5e-4, "lr_adagrad": 0.3, "lr_rmsprop": 0.011,
       "lr_adam": 0.03, "lr_adamw": 0.02}
HYPER = dict(momentum=0.8, alpha=0.95, beta1=0.85, beta2=0.99, weight_decay=0.05)


def standalone(name: str, config: RaceConfig, seed: int = 0) -> np.ndarray:
    """The textbook loop, alone: one (2,) parameter, its torch.optim optimiser → path (STEPS+1, 2)."""
    f = SURFACES[config.surface].f
    p = torch.tensor(config.start, dtype=torch.float64, requires_grad=True)
    lr = getattr(config, f"lr_{name}")
    opt = {"sgd": lambda: torch.optim.SGD([p], lr=lr),
           "momentum": lambda: torch.optim.SGD([p], lr=lr, momentum=config.momentum),
           "nesterov": lambda: torch.optim.SGD([p], lr=lr, momentum=config.momentum, nesterov=True),
           "adagrad": lambda: torch.optim.Adagrad([p], lr=lr, eps=1e-10),
           "rmsprop": lambda: torch.optim.RMSprop([p], lr=lr, alpha=config.alpha, eps=1e-8),
           "adam": lambda: torch.optim.Adam([p], lr=lr, betas=(config.beta1, config.beta2), eps=1e-8),
           "adamw": lambda: torch.optim.AdamW([p], lr=lr, betas=(config.beta1, config.beta2), eps=1e-8,
                                              weight_decay=config.weight_decay)}[name]()
    noise = torch.Generator().manual_seed(seed)
    path = [p.detach().clone()]
    for _ in range(STEPS):
        opt.zero_grad()
        f(p).backward()
        if config.noise:
            p.grad += config.noise * torch.randn(2, generator=noise, dtype=torch.float64)
        opt.step()
        path.append(p.detach().clone())
    return torch.stack(path).numpy()


def race(config: RaceConfig, steps: int = STEPS, seed: int = 0) -> RaceExperiment:
    exp = RaceExperiment(config, seed=seed)
    for _ in range(steps):
        exp.train_step(False)
    return exp


@pytest.mark.parametrize("surface", list(SURFACES))
def test_every_racer_follows_its_own_standalone_torch_optim_loop(surface):
    config = RaceConfig(surface=surface, steps=STEPS, **LRS, **HYPER)
    paths = race(config).visuals()["paths"]
    assert set(paths) == set(ro.NAMES)
    for name in ro.NAMES:
        ref = standalone(name, config)
        assert np.isfinite(ref).all(), f"{name} left {surface}: pick a smaller test lr"
        np.testing.assert_allclose(paths[name], ref, atol=1e-6, rtol=0, err_msg=f"{name} on {surface}")


def test_a_racer_alone_and_in_the_pack_take_the_same_path_with_noise_too():
    config = RaceConfig(surface="saddle", steps=STEPS, noise=0.3, **LRS)
    pack = race(config, seed=5).visuals()["paths"]
    for name in ("momentum", "adam"):
        alone = race(RaceConfig(surface="saddle", steps=STEPS, noise=0.3, racers=(name,), **LRS), seed=5)
        np.testing.assert_allclose(alone.visuals()["paths"][name], pack[name], atol=1e-12)
        np.testing.assert_allclose(pack[name], standalone(name, config, seed=5), atol=1e-6)


def _gradient(surface: str, x: float, y: float) -> tuple[float, np.ndarray]:
    p = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
    value = SURFACES[surface].f(p)
    value.backward()
    return float(value.detach()), p.grad.numpy()


# (surface, point, f by hand, ∇f by hand)
FORMULAS = {
    "valley": lambda x, y: (0.05 * x**2 + 5 * y**2, [0.1 * x, 10 * y]),
    "rosenbrock": lambda x, y: ((1 - x)**2 + 100 * (y - x**2)**2, [-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)]),
    "beale": lambda x, y: (
        sum((c - x + x * y**k)**2 for c, k in ((1.5, 1), (2.25, 2), (2.625, 3))),
        [sum(2 * (c - x + x * y**k) * (y**k - 1) for c, k in ((1.5, 1), (2.25, 2), (2.625, 3))),
         sum(2 * (c - x + x * y**k) * k * x * y**(k - 1) for c, k in ((1.5, 1), (2.25, 2), (2.625, 3)))]),
    "saddle": lambda x, y: (x**2 + y**4 / 4 - y**2 / 2, [2 * x, y**3 - y]),
    "ill_conditioned": lambda x, y: (0.005 * x**2 + 50 * y**2, [0.01 * x, 100 * y]),
    "plateau": lambda x, y: (1 - math.tanh(6 * (x - 1)) + 0.02 * (x - 2.5)**2 + 0.5 * y**2,
                             [-6 / math.cosh(6 * (x - 1))**2 + 0.04 * (x - 2.5), y]),
}


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize("point", [(0.3, -0.7), (-1.2, 1.1), (2.0, 0.4)])
def test_each_surface_and_its_gradient_match_the_formula(surface, point):
    value, grad = _gradient(surface, *point)
    want, want_grad = FORMULAS[surface](*point)
    assert value == pytest.approx(want, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(grad, want_grad, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("surface, minimum, floor", [("rosenbrock", (1, 1), 0.0), ("beale", (3, 0.5), 0.0),
                                                     ("valley", (0, 0), 0.0), ("ill_conditioned", (0, 0), 0.0),
                                                     ("saddle", (0, 1), -0.25)])
def test_the_known_minima_are_flat_at_their_value(surface, minimum, floor):
    value, grad = _gradient(surface, *minimum)
    assert value == floor and not grad.any()
    assert SURFACES[surface].minimum == minimum and SURFACES[surface].min_value == floor


def test_the_saddle_is_a_saddle_and_the_plateau_minimum_is_flat():
    value, grad = _gradient("saddle", 0.0, 0.0)
    assert value == 0 and not grad.any()
    assert SURFACES["saddle"].value(0, 0.1) < 0 < SURFACES["saddle"].value(0.1, 0)
    _, grad = _gradient("plateau", *SURFACES["plateau"].minimum)
    assert np.abs(grad).max() < 1e-6


def test_the_height_grid_puts_x_on_columns_and_y_on_rows():
    heights, xs, ys = height_grid(SURFACES["valley"], n=5)
    assert heights.shape == (5, 5) and xs[0] < -5 < 5 < xs[1] and ys[0] < -1.5
    assert float(heights[2, 0]) == pytest.approx(0.05 * 25)       # middle row y = 0, first column x = −5
    assert float(heights[0, 2]) == pytest.approx(5 * 1.5**2)      # first row y = −1.5, middle column x = 0


def test_a_diverging_racer_is_reported_not_a_crash_and_the_others_race_on():
    exp = race(PRESETS["too-large-lr"].config, steps=200)
    v = exp.visuals()
    assert v["diverged"]["sgd"] is not None and v["diverged"]["momentum"] is None and v["diverged"]["adam"] is None
    assert np.isfinite(v["paths"]["sgd"]).all()          # its last point on the surface stays drawable
    assert len(v["paths"]["adam"]) == 201
    assert "diverged at step" in str(paths_figure(v).wire()) and losses_figure(v).wire()
    assert "diverged at step" in v["equations"]["sgd"] and "nan" not in v["equations"]["sgd"]
    run = TrainingRun(RaceExperiment, RaceConfig(racers=("sgd",), lr_sgd=1e3), seed=0)
    run.step(50)                                  # every racer gone: the run stops as diverged, in words
    assert run.status == Status.DIVERGED and "diverged" in run.message
    assert run.experiment.racers["sgd"].diverged_at is not None


@pytest.mark.parametrize("name", ro.NAMES)
def test_the_state_shown_is_optimizer_state_and_fills_the_equation(name):
    exp = race(RaceConfig(surface="beale", racers=(name,), **LRS, **HYPER), steps=7)
    racer = exp.racers[name]
    v = exp.visuals()
    state = racer.optimizer.state[racer.theta]
    shown = v["state"][name]
    for key in ro.STATE_KEYS[name]:
        np.testing.assert_array_equal(shown[key], state[key].numpy())
    if "step" in state:
        assert shown["step"] == int(state["step"]) == 7
    direction = state[ro.ARROW_KEY[name]].numpy() if name in ro.ARROW_KEY else v["grads"][name]
    np.testing.assert_array_equal(v["arrows"][name], -direction)
    _, grad = _gradient("beale", *racer.theta.detach().tolist())
    np.testing.assert_allclose(v["grads"][name], grad)
    latex = v["equations"][name]
    assert f"\\eta = {LRS[f'lr_{name}']:g}" in latex and f"{grad[0]:.3g}".split("e")[0] in latex
    for key in ro.STATE_KEYS[name]:
        assert f"{ro.SYMBOLS[key]} = " in latex and f"{state[key][0].item():.3g}".split("e")[0] in latex
    assert "e+" not in latex and "e-" not in latex.replace(r"\begin", "")


def test_the_presets_reproduce_their_claims():
    def gaps(slug):
        config = PRESETS[slug].config
        return race(config, steps=config.steps).visuals()["gaps"]

    valley = gaps("momentum-valley")
    assert valley["momentum"][-1] < 1e-6 < 1e-3 < valley["sgd"][-1]
    plateau = gaps("adagrad-stalls")
    assert plateau["adagrad"][-1] > 1 > 1e-3 > plateau["rmsprop"][-1]
    ill = gaps("adam-ill-conditioned")
    assert ill["adam"][-1] < 1e-6 and ill["sgd"][-1] > 1e-2
    ridge = gaps("saddle-ridge")
    assert all(g[-1] == pytest.approx(0.25) for g in ridge.values())   # all stuck at the saddle point
    nudged = gaps("saddle-escape")
    first = {n: int(np.argmax(g < 1e-3)) for n, g in nudged.items()}
    assert 0 < first["momentum"] < first["sgd"]


def test_the_seven_racer_presets_reproduce_their_claims():
    def race_to_the_end(slug):
        config = PRESETS[slug].config
        return race(config, steps=config.steps).visuals()

    rosen = race_to_the_end("rosenbrock")["gaps"]
    assert max(rosen[n][-1] for n in ("momentum", "nesterov", "adam")) < 1e-5 < 0.1 < rosen["sgd"][-1]
    beale = race_to_the_end("beale")
    assert max(beale["gaps"][n][-1] for n in ("rmsprop", "adam")) < min(beale["gaps"][n][-1] for n in ("sgd", "adamw"))
    assert np.linalg.norm(beale["paths"]["adamw"][-1]) < np.linalg.norm(beale["paths"]["adam"][-1])  # decay pulls in
    wild = race_to_the_end("too-large-lr")
    assert wild["diverged"]["sgd"] is not None and wild["diverged"]["momentum"] is None
