"""The optimiser race on a network: the slice against the network's own loss at those weights, the
projection, filter normalisation and the principal directions against their definitions, every
racer against a standalone torch.optim loop, and the presets' claims."""
from __future__ import annotations

import copy
import math

import numpy as np
import pytest
import torch
from torch.nn.utils import vector_to_parameters

from dl_engine.config import ConfigError
from dl_engine.data.toy2d import make_dataset, split
from dl_engine.models import loss_plane as lp
from dl_engine.models import race_network as rn
from dl_engine.models.race_optimisers import NAMES
from dl_engine.presets.network_race import PRESETS
from dl_engine.training.network_race_experiment import (GRID, TRAIN_SHARE, Batches, NetworkRaceConfig,
                                                         NetworkRaceExperiment)
from dl_engine.training.run import TrainingRun
from dl_engine.viz.network_race import losses_figure, slice_figure

STEPS = 40
# a different lr for every racer, so one that read another's hyperparameters would leave its path
LRS = {"lr_sgd": 0.4, "lr_momentum": 0.07, "lr_nesterov": 0.05, "lr_adagrad": 0.08, "lr_rmsprop": 0.007,
       "lr_adam": 0.015, "lr_adamw": 0.012}
HYPER = dict(momentum=0.8, alpha=0.95, beta1=0.85, beta2=0.99, weight_decay=0.05)


def race(config: NetworkRaceConfig, steps: int = STEPS, seed: int = 0) -> NetworkRaceExperiment:
    exp = NetworkRaceExperiment(config, seed=seed)
    for _ in range(steps):
        exp.train_step(False)
    return exp


def loss_at(net: torch.nn.Module, theta: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> float:
    """The reference: load θ into a copy of the network and evaluate it the ordinary way."""
    model = copy.deepcopy(net)
    vector_to_parameters(theta, model.parameters())
    with torch.no_grad():
        return float(rn.loss(model(X), y))


def test_the_slice_at_any_point_is_the_loss_of_the_network_loaded_with_those_weights():
    exp = NetworkRaceExperiment(NetworkRaceConfig(hidden=5), seed=3)
    directions = exp.random_plane
    a = torch.tensor([-1.3, -0.2, 0.0, 0.7, 2.1], dtype=torch.float64)
    b = torch.tensor([-0.9, 0.05, 1.6], dtype=torch.float64)
    grid = lp.plane_losses(exp.net, rn.losses, exp.theta0, directions, a, b, exp.X, exp.y)
    assert grid.shape == (3, 5)
    for j, bj in enumerate(b):
        for i, ai in enumerate(a):
            theta = exp.theta0 + ai * directions[0] + bj * directions[1]
            assert float(grid[j, i]) == pytest.approx(loss_at(exp.net, theta, exp.X, exp.y), abs=1e-6)
    assert float(grid[0, 2]) != float(grid[1, 2])   # rows are b: moving along b changes the loss


@pytest.mark.parametrize("plane", ["random", "pca"])
def test_the_drawn_slice_is_the_loss_at_its_cell_centres_on_the_plane_the_paths_are_on(plane):
    exp = race(NetworkRaceConfig(plane=plane, racers=("sgd", "adam"), steps=STEPS), steps=25)
    v = exp.visuals()
    directions, _ = exp.plane()
    assert v["slice"].shape == (GRID, GRID)
    (a0, a1), (b0, b1) = v["a_edges"], v["b_edges"]
    for j, i in [(0, 0), (GRID - 1, GRID - 1), (7, 30), (20, 20), (33, 4)]:
        a = a0 + (i + 0.5) * (a1 - a0) / GRID
        b = b0 + (j + 0.5) * (b1 - b0) / GRID
        theta = exp.theta0 + a * directions[0] + b * directions[1]
        assert v["slice"][j, i] == pytest.approx(loss_at(exp.net, theta, exp.X, exp.y), abs=1e-6)
    for path in v["paths"].values():      # the box holds every projected point
        assert (path[:, 0] > a0).all() and (path[:, 0] < a1).all()
        assert (path[:, 1] > b0).all() and (path[:, 1] < b1).all()
    # the path's first point is θ₀ and its losses are the network's at θ₀
    assert v["losses"]["adam"][0] == pytest.approx(loss_at(exp.net, exp.theta0, exp.X, exp.y), abs=1e-12)


def test_projecting_a_point_of_the_plane_returns_its_coordinates_even_for_skewed_directions():
    net = rn.build_network(6, 1.0, 0)
    gen = torch.Generator().manual_seed(0)
    d1 = lp.filter_normalised(net, gen)
    d2 = 0.6 * d1 + lp.filter_normalised(net, gen)       # far from orthogonal
    directions = torch.stack([d1, d2])
    ab = torch.tensor([[0.3, -1.7], [2.0, 0.5], [0.0, 0.0]], dtype=torch.float64)
    coords, off = lp.project(ab @ directions, directions)
    np.testing.assert_allclose(coords.numpy(), ab.numpy(), atol=1e-10)
    np.testing.assert_allclose(off.numpy(), 0.0, atol=1e-10)
    # add a part orthogonal to the plane: the coordinates stay, the off-plane share is its size
    normal = torch.randn(len(d1), generator=gen, dtype=torch.float64)
    q, _ = torch.linalg.qr(torch.stack([d1, d2, normal]).T)
    normal = q[:, 2]
    point = 0.3 * d1 - 1.7 * d2 + 0.8 * normal
    coords, off = lp.project(point, directions)
    np.testing.assert_allclose(coords.numpy(), [0.3, -1.7], atol=1e-10)
    assert float(off) == pytest.approx(0.8 / float(point.norm()), rel=1e-10)


def test_filter_normalisation_gives_each_neuron_the_norm_of_its_weights_and_biases_none():
    net = rn.build_network(7, 1.3, 2)
    d = lp.filter_normalised(net, torch.Generator().manual_seed(5))
    parts = lp.unflat(net, d)
    for name, p in net.named_parameters():
        if p.dim() == 2:
            np.testing.assert_allclose(parts[name].norm(dim=1).numpy(), p.detach().norm(dim=1).numpy(), rtol=1e-12)
            assert not torch.allclose(parts[name], p.detach())     # a random direction, not θ₀
        else:
            assert not parts[name].any()
    again = lp.filter_normalised(net, torch.Generator().manual_seed(5))
    other = lp.filter_normalised(net, torch.Generator().manual_seed(6))
    assert torch.equal(d, again) and not torch.equal(d, other)


def test_principal_directions_are_orthonormal_ordered_by_variance_and_the_top_eigenvectors():
    gen = torch.Generator().manual_seed(1)
    basis = torch.randn(3, 30, generator=gen, dtype=torch.float64)
    deltas = (torch.randn(200, 3, generator=gen, dtype=torch.float64) * torch.tensor([5.0, 2.0, 0.3],
                                                                                       dtype=torch.float64)) @ basis
    directions, shares = lp.principal_directions(deltas)
    np.testing.assert_allclose((directions @ directions.T).numpy(), np.eye(2), atol=1e-12)
    captured = ((deltas @ directions.T) ** 2).sum(0)
    assert captured[0] >= captured[1]
    values, vectors = np.linalg.eigh(deltas.numpy().T @ deltas.numpy())
    for k, column in enumerate((-1, -2)):
        assert abs(float(directions[k] @ torch.from_numpy(vectors[:, column]))) == pytest.approx(1.0, abs=1e-10)
        assert float(shares[k]) == pytest.approx(values[column] / values.sum(), rel=1e-10)
    assert float(directions[0] @ deltas.mean(0)) >= 0   # the sign: the mean delta has a positive coordinate
    np.testing.assert_allclose(lp.held_shares(deltas, directions).numpy(), shares.numpy(), rtol=1e-10)
    assert lp.principal_directions(torch.zeros(4, 30, dtype=torch.float64)) is None
    assert lp.principal_directions(torch.randn(1, 30, dtype=torch.float64)) is None   # one direction only


def test_the_turn_between_two_planes_is_their_largest_principal_angle():
    q, _ = torch.linalg.qr(torch.randn(20, 3, generator=torch.Generator().manual_seed(2), dtype=torch.float64))
    e1, e2, e3 = q.T
    plane = torch.stack([e1, e2])
    assert lp.turn_degrees(plane, torch.stack([(e1 + e2) / 2 ** 0.5, (e1 - e2) / 2 ** 0.5])) == pytest.approx(0, abs=1e-5)
    tilted = torch.stack([e1, math.cos(math.radians(3)) * e2 + math.sin(math.radians(3)) * e3])
    assert lp.turn_degrees(plane, tilted) == pytest.approx(3.0, abs=1e-6)
    assert lp.turn_degrees(plane, torch.stack([e1, e3])) == pytest.approx(90.0, abs=1e-6)


def standalone(name: str, config: NetworkRaceConfig, seed: int, steps: int = STEPS) -> torch.Tensor:
    """The textbook loop, alone: the network from the seed, its torch.optim optimiser, the same
    seeded mini-batch order → path (steps+1, P)."""
    X, y = make_dataset(config.dataset, config.points, config.noise, seed)
    X, y = torch.tensor(split(X, y, TRAIN_SHARE, seed)[0], dtype=torch.float64), torch.tensor(split(X, y, TRAIN_SHARE, seed)[1])
    net = rn.build_network(config.hidden, config.gain, seed)
    lr = getattr(config, f"lr_{name}")
    p = list(net.parameters())
    opt = {"sgd": lambda: torch.optim.SGD(p, lr=lr),
           "momentum": lambda: torch.optim.SGD(p, lr=lr, momentum=config.momentum),
           "nesterov": lambda: torch.optim.SGD(p, lr=lr, momentum=config.momentum, nesterov=True),
           "adagrad": lambda: torch.optim.Adagrad(p, lr=lr, eps=1e-10),
           "rmsprop": lambda: torch.optim.RMSprop(p, lr=lr, alpha=config.alpha, eps=1e-8),
           "adam": lambda: torch.optim.Adam(p, lr=lr, betas=(config.beta1, config.beta2), eps=1e-8),
           "adamw": lambda: torch.optim.AdamW(p, lr=lr, betas=(config.beta1, config.beta2), eps=1e-8,
                                              weight_decay=config.weight_decay)}[name]()
    size = config.batch or len(X)
    order = torch.Generator().manual_seed(seed)
    batches = []
    while len(batches) < steps:
        perm = torch.randperm(len(X), generator=order)
        batches += [perm[i:i + size] for i in range(0, len(X), size)]
    path = [lp.flat(net)]
    for idx in batches[:steps]:
        opt.zero_grad()
        rn.loss(net(X[idx]), y[idx]).backward()
        opt.step()
        path.append(lp.flat(net))
    return torch.stack(path)


@pytest.mark.parametrize("batch", [0, 16])
def test_every_racer_follows_its_own_standalone_torch_optim_loop(batch):
    config = NetworkRaceConfig(dataset="xor", hidden=5, batch=batch, **LRS, **HYPER)
    exp = race(config, seed=4)
    assert set(exp.racers) == set(NAMES)
    for name in NAMES:
        np.testing.assert_allclose(exp.racers[name].path.numpy(),
                                   standalone(name, config, seed=4).numpy(), atol=1e-10, rtol=0, err_msg=name)
    paths = [r.path for r in exp.racers.values()]
    assert all(torch.equal(p[0], paths[0][0]) for p in paths)        # one θ₀ for all
    assert not torch.allclose(paths[0][-1], paths[1][-1])


def test_mini_batches_cover_every_training_point_once_a_pass():
    batches = Batches(150, 15, seed=0)
    assert batches.per_pass == 10
    first = torch.cat([batches.next() for _ in range(10)])
    assert sorted(first.tolist()) == list(range(150))
    assert not torch.equal(first, torch.cat([batches.next() for _ in range(10)]))   # reshuffled each pass
    assert len(Batches(150, 0, seed=0).next()) == 150


def test_the_losses_recorded_are_the_training_loss_at_each_point_of_the_path():
    exp = race(NetworkRaceConfig(batch=10, racers=("momentum",)), steps=12)
    racer, v = exp.racers["momentum"], exp.visuals()
    for t in (0, 5, 12):
        assert v["losses"]["momentum"][t] == pytest.approx(loss_at(exp.net, racer.path[t], exp.X, exp.y), abs=1e-12)


def test_a_batch_larger_than_the_training_set_is_refused_in_words():
    with pytest.raises(ConfigError, match="more than the 150 training points"):
        NetworkRaceConfig(batch=151).check()
    with pytest.raises(ConfigError, match="at least one"):
        NetworkRaceConfig(racers=()).check()
    NetworkRaceConfig(batch=150).check()


def test_a_racer_whose_weights_blow_up_is_reported_and_the_others_train_on():
    exp = race(NetworkRaceConfig(dataset="moons", racers=("sgd", "adam"), lr_sgd=1e4, gain=3.0), steps=30)
    v = exp.visuals()
    assert v["diverged"]["sgd"] is not None and v["diverged"]["adam"] is None
    assert np.isfinite(v["paths"]["sgd"]).all() and len(v["paths"]["adam"]) == 31
    assert "diverged at step" in str(slice_figure(v).wire()) and losses_figure(v).wire()


def test_the_pca_plane_moves_with_the_paths_and_holds_more_of_them_than_a_random_one():
    config = NetworkRaceConfig(racers=("sgd", "adam", "rmsprop"), plane="random")
    random, pca = race(config, steps=60), race(NetworkRaceConfig(**{**config.__dict__, "plane": "pca"}), steps=60)
    vr, vp = random.visuals(), pca.visuals()
    assert vr["shares"] is None and 0 < vp["shares"][1] <= vp["shares"][0] <= 1
    assert max(vp["off_plane"][n][-1] for n in vp["paths"]) < min(vr["off_plane"][n][-1] for n in vr["paths"])
    before = pca.plane()[0].clone()
    for _ in range(40):
        pca.train_step(False)
    after = pca.plane()[0]
    assert lp.turn_degrees(before, after) > 1.0                          # recomputed from the longer paths
    deltas = torch.cat([r.path[1:] for r in pca.racers.values()]) - pca.theta0
    fresh = lp.principal_directions(deltas)[0]
    assert lp.turn_degrees(after, fresh) == pytest.approx(0, abs=1e-5)   # it follows the paths' own plane
    pca.train_step(False)                                                # a step turns it by less than 1°:
    assert pca.plane()[0] is after                                       # the drawn plane (and slice) stay
    assert "the plane moves" in slice_figure(vp).title and "the plane moves" not in slice_figure(vr).title
    assert "hold" in vp["equations"][0] and "off" in vp["equations"][1]
    fresh = NetworkRaceExperiment(NetworkRaceConfig(plane="pca"))      # no path yet: the random plane
    assert torch.equal(fresh.plane()[0], fresh.random_plane) and fresh.visuals()["a_edges"][1] > 1


def test_the_figures_name_each_racer_with_its_share_off_the_plane_and_its_test_accuracy():
    v = race(NetworkRaceConfig(racers=("sgd", "adam")), steps=10).visuals()
    wire = str(slice_figure(v).wire())
    assert "SGD: " in wire and "% off the plane" in wire and "θ₀" in wire
    acc = f"Adam {100 * v['test_acc']['adam']:.0f}%"
    assert "test accuracy" in losses_figure(v).title and acc in str(losses_figure(v).wire())
    assert 0 <= v["test_acc"]["adam"] <= 1


def test_a_training_run_drives_it_and_weights_round_trip():
    run = TrainingRun(NetworkRaceExperiment, NetworkRaceConfig(racers=("adam", "sgd"), steps=20), seed=0)
    snap = run.step(5)
    assert snap.visuals["step"] == 5 and set(snap.metrics) >= {"test_acc_adam", "test_loss_sgd"}
    tensors = run.experiment.state_tensors()
    other = NetworkRaceExperiment(NetworkRaceConfig(racers=("adam", "sgd"), steps=20), seed=1)
    other.load_state_tensors(tensors)
    assert torch.equal(lp.flat(other.racers["adam"].net), lp.flat(run.experiment.racers["adam"].net))


def test_the_same_seed_gives_the_same_race():
    a, b = race(NetworkRaceConfig(batch=20), steps=10, seed=7), race(NetworkRaceConfig(batch=20), steps=10, seed=7)
    assert all(torch.equal(a.racers[n].path[-1], b.racers[n].path[-1]) for n in NAMES)


def _loss(exp: NetworkRaceExperiment, name: str, step: int) -> float:
    return exp.racers[name].losses[step]


def test_preset_adaptive_methods_leave_the_flat_start_faster():
    exp = race(PRESETS["adaptive-leave-start"].config, steps=51)
    assert _loss(exp, "sgd", 50) > 0.69 > math.log(2) - 0.01
    assert all(_loss(exp, n, 50) < 0.3 for n in ("adagrad", "rmsprop", "adam"))


def test_preset_sgd_with_too_large_a_learning_rate_bounces_up_then_settles():
    exp = race(PRESETS["sgd-too-large-lr"].config, steps=200)
    sgd = exp.racers["sgd"].losses
    assert max(sgd[:20]) > 10 > sgd[0] and sgd[-1] < sgd[0] and exp.racers["sgd"].diverged_at is None
    adam = exp.racers["adam"].losses
    assert max(adam) <= adam[0] + 1e-9


def test_preset_mini_batch_takes_ten_updates_a_pass():
    exp = NetworkRaceExperiment(PRESETS["mini-batch"].config)
    assert exp.batches.per_pass == 10 and len(exp.X) == 150


def test_preset_adagrad_falls_behind_rmsprop():
    exp = race(PRESETS["adagrad-slows"].config, steps=1000)
    assert _loss(exp, "adagrad", 999) > 3 * _loss(exp, "rmsprop", 999)
    assert _loss(exp, "adagrad", 50) < _loss(exp, "rmsprop", 50)    # a fast start, then its step shrinks
