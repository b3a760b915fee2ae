"""The optimiser race on a network: each torch.optim racer trains its own copy of one small MLP
(same θ₀, same data, the same mini-batch at every step), and the figures show the loss on a
plane through θ₀ with every racer's path projected onto it.

Each racer's weights follow exactly the standalone loop `opt.zero_grad(); loss(net(X_b),
y_b).backward(); opt.step()` on its own copy. A racer whose loss or gradient is no longer finite,
or whose weights pass MAX_NORM, stops where it is and is reported as diverged.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import torch

from dl_engine.config import ConfigError, bounded, choice, items
from dl_engine.data.toy2d import DATASETS, make_dataset, split
from dl_engine.models import loss_plane as lp
from dl_engine.models import race_network as rn
from dl_engine.models import race_optimisers as ro
from dl_engine.training.experiment import Experiment, StepResult

MAX_NORM = 1e6       # ‖θ‖ past this: diverged
GRID = 41            # the slice's (a, b) grid is GRID × GRID
PAD = 0.25           # the slice's box reaches this share of the paths' extent past them
RANDOM_BOX = 1.0     # the random plane's box is at least [−1, 1]² (Li et al.'s plots)
TRAIN_SHARE = 0.75
PLANES = ("random", "pca")
TURN = 1.0           # degrees the principal plane turns before the drawn one follows it


@dataclass(frozen=True)
class NetworkRaceConfig:
    dataset: str = choice("xor", tuple(DATASETS))
    points: int = bounded(200, 20, 1000)
    noise: float = bounded(0.1, 0.0, 0.5)
    hidden: int = bounded(8, 2, 16)              # units in each of the two hidden layers
    gain: float = bounded(1.0, 0.01, 5.0)        # θ₀ = gain × PyTorch's default initialisation
    batch: int = bounded(0, 0, 750)              # mini-batch size, 0: all (750: the most training points)
    plane: str = choice("pca", PLANES)   # the plane that holds the paths; random shows why (Li et al.)
    racers: tuple[str, ...] = items(ro.NAMES, options=ro.NAMES)
    steps: int = bounded(300, 20, 1000)          # the race's length (one "epoch")
    lr_sgd: float = bounded(0.5, 1e-5, 1e4)
    lr_momentum: float = bounded(0.1, 1e-5, 1e4)
    lr_nesterov: float = bounded(0.1, 1e-5, 1e4)
    lr_adagrad: float = bounded(0.1, 1e-5, 1e4)
    lr_rmsprop: float = bounded(0.01, 1e-5, 1e4)
    lr_adam: float = bounded(0.02, 1e-5, 1e4)
    lr_adamw: float = bounded(0.02, 1e-5, 1e4)
    momentum: float = bounded(0.9, 0.0, 0.999)
    alpha: float = bounded(0.99, 0.0, 0.9999)
    beta1: float = bounded(0.9, 0.0, 0.9999)
    beta2: float = bounded(0.999, 0.0, 0.99999)
    weight_decay: float = bounded(0.01, 0.0, 1.0)

    def __post_init__(self):
        object.__setattr__(self, "racers", tuple(self.racers))   # a multiselect hands back a list

    @property
    def n_train(self) -> int:
        return int(np.clip(round(self.points * TRAIN_SHARE), 1, self.points - 1))   # as toy2d.split

    def check(self) -> None:
        if not self.racers:
            raise ConfigError("Pick at least one optimiser to race.", ("racers",))
        if len(set(self.racers)) != len(self.racers):
            raise ConfigError("Each optimiser can race once.", ("racers",))
        if self.batch > self.n_train:
            raise ConfigError(f"A mini-batch of {self.batch} is more than the {self.n_train} training points "
                              f"({self.points} points, {TRAIN_SHARE:.0%} for training): pick at most "
                              f"{self.n_train}, or 0 for all of them.", ("batch", "points"))


class Batches:
    """The mini-batch order every racer sees: a seeded permutation per pass over the n training
    points, cut into batches of `size` (the last one of a pass may be smaller)."""

    def __init__(self, n: int, size: int, seed: int):
        self.n, self.size = n, size or n
        self.generator = torch.Generator().manual_seed(seed)
        self.order, self.at = torch.arange(n), n

    def next(self) -> torch.Tensor:
        if self.at >= self.n:
            self.order, self.at = torch.randperm(self.n, generator=self.generator), 0
        batch = self.order[self.at:self.at + self.size]
        self.at += self.size
        return batch

    @property
    def per_pass(self) -> int:
        return math.ceil(self.n / self.size)


class NetRacer:
    """One optimiser on its own copy of the network; path (T+1, P) θ₀…θ_T, losses (T,) the
    training loss at θ₀…θ_{T−1}."""

    def __init__(self, name: str, net: torch.nn.Sequential, config: NetworkRaceConfig):
        self.name = name
        self.net = copy.deepcopy(net)
        self.optimizer = ro.build(name, self.net.parameters(), config)
        # the weights so far, in one buffer (a snapshot reads them all: no stack of 10³ tensors)
        self._weights = lp.flat(self.net).expand(config.steps + 1, -1).clone()
        self._length = 1
        self.losses: list[float] = []
        self.diverged_at: int | None = None

    @property
    def path(self) -> torch.Tensor:
        return self._weights[:self._length]

    def record(self) -> None:
        """Append the current weights to the path (the buffer doubles past the race's length)."""
        if self._length == len(self._weights):
            self._weights = torch.cat([self._weights, torch.empty_like(self._weights)])
        self._weights[self._length] = lp.flat(self.net)
        self._length += 1


class NetworkRaceExperiment(Experiment):
    """The race on config.dataset. CPU, float64: a step is seven updates of ~100 weights."""
    evaluate_every = 0.0

    def __init__(self, config: NetworkRaceConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config, self.seed = config, seed
        X, y = make_dataset(config.dataset, config.points, config.noise, seed)
        Xtr, ytr, Xte, yte = split(X, y, TRAIN_SHARE, seed)
        self.X, self.y = torch.tensor(Xtr, dtype=torch.float64), torch.tensor(ytr)
        self.X_test, self.y_test = torch.tensor(Xte, dtype=torch.float64), torch.tensor(yte)
        self.net = rn.build_network(config.hidden, config.gain, seed)
        self.theta0 = lp.flat(self.net)
        directions = torch.Generator().manual_seed(seed + 1)
        self.random_plane = torch.stack([lp.filter_normalised(self.net, directions) for _ in range(2)])
        self.batches = Batches(len(self.X), config.batch, seed)
        self.steps_per_epoch = config.steps
        self.racers = {name: NetRacer(name, self.net, config) for name in config.racers}
        self.steps = 0
        self._cached: tuple | None = None    # (directions, a, b, slice) of the last slice drawn
        self._pca: torch.Tensor | None = None   # the principal plane drawn (2, P)

    def train_step(self, probe: bool) -> StepResult:
        idx = self.batches.next()
        Xb, yb = self.X[idx], self.y[idx]
        full = len(idx) == len(self.X)
        losses, norms = [], {}
        for racer in self.racers.values():
            if racer.diverged_at is not None:
                continue
            racer.optimizer.zero_grad(set_to_none=True)
            loss = rn.loss(racer.net(Xb), yb)
            loss.backward()
            grad = torch.cat([p.grad.reshape(-1) for p in racer.net.parameters()])
            value = float(loss.detach()) if full else self._train_loss(racer.net)
            if not (math.isfinite(value) and bool(torch.isfinite(grad).all())
                    and float(racer.path[-1].norm()) <= MAX_NORM):
                racer.diverged_at = self.steps
                continue
            racer.losses.append(value)
            racer.optimizer.step()
            racer.record()
            losses.append(value)
            norms[racer.name] = float(grad.norm())
        self.steps += 1
        return StepResult(loss=float(np.mean(losses)) if losses else math.nan, grad_norms=norms)

    def _train_loss(self, net: torch.nn.Module) -> float:
        with torch.no_grad():
            return float(rn.loss(net(self.X), self.y))

    def _test(self, net: torch.nn.Module) -> tuple[float, float]:
        with torch.no_grad():
            logits = net(self.X_test)
            return float(rn.loss(logits, self.y_test)), float((logits.argmax(1) == self.y_test).double().mean())

    def evaluate(self) -> dict[str, float]:
        out = {}
        for name, racer in self.racers.items():
            out[f"test_loss_{name}"], out[f"test_acc_{name}"] = self._test(racer.net)
        return out

    def plane(self) -> tuple[torch.Tensor, np.ndarray | None]:
        """The plane's directions (2, P) and, for the PCA plane, the shares of Σ‖θₜ − θ₀‖² they hold
        (None for the random plane, and for the PCA plane while the paths span < 2 directions:
        it shows the random plane until they do). The principal directions are recomputed at
        every call; the plane drawn follows them once it has turned by more than TURN degrees
        (a new plane is a new slice: ~0.1 s, more than a snapshot's share of a second)."""
        if self.config.plane == "pca":
            deltas = torch.cat([r.path[1:] for r in self.racers.values()]) - self.theta0
            found = lp.principal_directions(deltas)
            if found is not None:
                if self._pca is None or lp.turn_degrees(self._pca, found[0]) > TURN:
                    self._pca = found[0]
                return self._pca, lp.held_shares(deltas, self._pca).numpy()
        return self.random_plane, None

    def visuals(self, probe=None) -> dict:
        """paths[name]: (T+1, 2) (a, b) of θ₀…θ_T on the plane; off_plane[name]: (T+1,) the share of
        θₜ − θ₀ off it; losses[name]: (T+1,) the training loss at θₜ; slice: (GRID, GRID) the
        training loss over a_edges × b_edges (row = b rising); equations: the plane's and the
        projection's LaTeX with today's numbers; shares: (2,) what the PCA plane holds, else None;
        batches: (mini-batch size, training points, steps per pass over them)."""
        directions, shares = self.plane()
        out = {"paths": {}, "off_plane": {}, "losses": {}, "test_acc": {}, "diverged": {},
               "step": self.steps, "plane": self.config.plane, "shares": shares,
               "batches": (self.batches.size, self.batches.n, self.batches.per_pass)}
        for name, racer in self.racers.items():
            coords, off = lp.project(racer.path - self.theta0, directions)
            out["paths"][name], out["off_plane"][name] = coords.numpy(), off.numpy()
            current = [] if racer.diverged_at is not None else [self._train_loss(racer.net)]
            out["losses"][name] = np.array(racer.losses + current, np.float64)
            out["test_acc"][name] = self._test(racer.net)[1]
            out["diverged"][name] = racer.diverged_at
        a, b = self._box(out["paths"], at_least=RANDOM_BOX if shares is None else 0.0)
        ha, hb = float(a[1] - a[0]) / 2, float(b[1] - b[0]) / 2   # values sit at cell centres
        out.update(slice=self._slice(directions, a, b), a_edges=(float(a[0]) - ha, float(a[-1]) + ha),
                   b_edges=(float(b[0]) - hb, float(b[-1]) + hb))
        now = {n: (*out["paths"][n][-1], out["off_plane"][n][-1]) for n in self.racers}
        out["equations"] = [lp.filled_plane_latex(len(self.theta0), float(self.theta0.norm()), directions, shares),
                            lp.filled_projection_latex(directions, now, ro.LABELS)]
        return out

    def _slice(self, directions: torch.Tensor, a: torch.Tensor, b: torch.Tensor) -> np.ndarray:
        """The training loss over the grid (len(b), len(a)); the last one is kept while the plane
        and the box stay (the random plane between box changes), since the weights it is
        evaluated at are the same."""
        cached = self._cached
        if cached is None or not (torch.equal(cached[0], directions) and torch.equal(cached[1], a)
                                  and torch.equal(cached[2], b)):
            heights = lp.plane_losses(self.net, rn.losses, self.theta0, directions, a, b, self.X, self.y)
            self._cached = cached = (directions, a, b, heights.numpy())
        return cached[3]

    @staticmethod
    def _box(paths: dict[str, np.ndarray], at_least: float) -> tuple[torch.Tensor, torch.Tensor]:
        """The slice's a (GRID,) and b (GRID,) values: the paths and θ₀ with PAD to spare, and at
        least [−at_least, at_least]² (on the random plane a unit step is a filter-normalised one)."""
        points = np.concatenate([np.zeros((1, 2))] + [p[np.isfinite(p).all(1)] for p in paths.values()])
        lo, hi = points.min(0), points.max(0)
        span = np.maximum(hi - lo, 1e-3)
        lo, hi = lo - PAD * span, hi + PAD * span
        lo, hi = np.minimum(lo, -at_least), np.maximum(hi, at_least)
        # edges on multiples of half a power of ten: the box (and so the slice) changes in jumps
        step = 10.0 ** np.floor(np.log10(hi - lo)) / 2
        lo, hi = np.floor(lo / step) * step, np.ceil(hi / step) * step
        return tuple(torch.linspace(float(lo[i]), float(hi[i]), GRID, dtype=torch.float64) for i in range(2))

    def state_tensors(self) -> dict[str, torch.Tensor]:
        return {f"{name}.{k}": v.detach().clone() for name, r in self.racers.items()
                for k, v in r.net.state_dict().items()}

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        for name, racer in self.racers.items():
            racer.net.load_state_dict({k: tensors[f"{name}.{k}"] for k in racer.net.state_dict()})
