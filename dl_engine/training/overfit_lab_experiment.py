"""The overfitting lab: two copies of one net, started from the same weights and fed the same
mini-batches in the same order, trained side by side on a small noisy training set. The baseline
trains plainly; the regularised copy with what the settings switch on (L1, L2, dropout, batch
normalisation, augmentation, label smoothing, early stopping). Whatever differs between their
curves is the regularisers' doing.

Both report plain cross-entropy (no penalty, hard labels, evaluation mode) on the training set
(the noisy labels they are fitted to), a validation set (what early stopping watches, checked at
every epoch's end) and a test set, so the two copies' curves are comparable.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from dl_engine.config import bounded, choice
from dl_engine.data.overfit_lab_augment import augment_images, jitter
from dl_engine.data.overfit_lab_data import SOURCES, lab_split
from dl_engine.data.toy2d import DOMAIN
from dl_engine.models.overfit_lab import OverfitNet, near_zero_share, penalty, smoothed_loss, weight_histogram
from dl_engine.models.registry import OPTIMIZERS, build
from dl_engine.training.experiment import Experiment, StepResult
from dl_engine.training.mlp_experiment import GRID, plane_grid

COPIES = ("baseline", "regularised")
SHORT = {"baseline": "base", "regularised": "reg"}
SHOWN_AUGMENTED = 10      # training images shown beside their augmented versions


@dataclass(frozen=True)
class OverfitLabConfig:
    data: str = choice("moons", SOURCES)
    examples: int = bounded(50, 10, 1000)         # training examples (digits: at most 1,000 of 1,797)
    noise: float = bounded(0.25, 0.0, 1.0)        # the 2-D sets' positional noise
    label_noise: float = bounded(0.2, 0.0, 0.5)   # share of training labels flipped
    width: int = bounded(128, 4, 512)
    depth: int = bounded(2, 1, 4)
    optimizer: str = choice("adam", tuple(OPTIMIZERS))
    lr: float = bounded(0.003, 1e-5, 1.0)
    batch: int = bounded(25, 2, 1000)
    # the regularised copy's switches (the baseline has none of them)
    l1: float = bounded(0.0, 0.0, 0.1)
    l2: float = bounded(0.0, 0.0, 0.1)
    dropout: float = bounded(0.5, 0.0, 0.9)
    batchnorm: bool = False
    label_smoothing: float = bounded(0.0, 0.0, 0.5)
    aug_noise: float = bounded(0.0, 0.0, 2.0)     # points: jitter σ; images: pixel noise σ
    aug_shift: int = bounded(0, 0, 2)             # images only: pixels
    aug_flip: bool = False                        # images only: left–right
    early_stopping: bool = False
    patience: int = bounded(50, 1, 1000)          # epochs without a better validation loss

    @property
    def augments(self) -> bool:
        images = self.data == "digits"
        return self.aug_noise > 0 or (images and (self.aug_shift > 0 or self.aug_flip))


class _Copy:
    """One of the two nets, its optimiser, and its best validation epoch so far (with those weights)."""

    def __init__(self, net: OverfitNet, config: OverfitLabConfig):
        self.net = net
        self.optimizer = build(OPTIMIZERS, config.optimizer, net.parameters(), config.lr)
        self.best_loss, self.best_epoch = math.inf, 0
        self.best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        self.stopped_at: int | None = None   # the epoch early stopping stopped it at

    def remember_if_best(self, loss: float, epoch: int) -> None:
        if loss < self.best_loss:
            self.best_loss, self.best_epoch = loss, epoch
            self.best_state = {k: v.detach().clone() for k, v in self.net.state_dict().items()}

    def restore_best(self) -> None:
        self.net.load_state_dict(self.best_state)


class OverfitLabExperiment(Experiment):
    """Both copies step once per mini-batch; an epoch is ⌊N/B⌋ batches of a fresh permutation
    (the last partial batch is dropped: batch norm needs two examples)."""

    def __init__(self, config: OverfitLabConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config, self.device = config, torch.device(device)
        split = lab_split(config.data, config.examples, config.noise, config.label_noise, seed)
        self.split = split
        self.sets = {part: (torch.from_numpy(getattr(split, f"X_{part}")).to(self.device),
                            torch.from_numpy(getattr(split, f"y_{part}")).to(self.device))
                     for part in ("train", "val", "test")}
        inputs = int(np.prod(split.X_train.shape[1:]))
        self.copies = {}
        for name in COPIES:
            torch.manual_seed(seed)   # the same initial weights for both (see OverfitNet)
            regularised = name == "regularised"
            net = OverfitNet(inputs, config.width, config.depth, split.classes,
                             dropout=config.dropout if regularised else 0.0,
                             batchnorm=config.batchnorm and regularised).to(self.device)
            self.copies[name] = _Copy(net, config)
        self.batch = min(config.batch, config.examples)
        self.steps_per_epoch = max(1, config.examples // self.batch)
        self._order = torch.Generator().manual_seed(seed)
        self._augment = torch.Generator().manual_seed(seed + 1)
        self._queue: list[torch.Tensor] = []
        self.epochs = 0
        self._grid = torch.from_numpy(plane_grid(GRID)).to(self.device) if not split.images else None
        for copy in self.copies.values():
            copy.remember_if_best(self._loss(copy.net, "val"), 0)

    # ---- training -------------------------------------------------------------------------
    def _next_indices(self) -> torch.Tensor:
        if not self._queue:
            order = torch.randperm(self.config.examples, generator=self._order)
            self._queue = list(order[: self.steps_per_epoch * self.batch].split(self.batch))
        return self._queue.pop(0).to(self.device)

    def augmented(self, X: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        """What the regularised copy sees of the examples X (the baseline sees X itself)."""
        c = self.config
        if not c.augments:
            return X
        if self.split.images:
            return augment_images(X, c.aug_shift, c.aug_flip, c.aug_noise, generator)
        return jitter(X, c.aug_noise, generator)

    def _batch_loss(self, name: str, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        c, net = self.config, self.copies[name].net
        if name == "baseline":
            return F.cross_entropy(net(X), y)
        return smoothed_loss(net(self.augmented(X, self._augment)), y, c.label_smoothing) + penalty(net, c.l1, c.l2)

    def train_step(self, probe: bool) -> StepResult:
        index = self._next_indices()
        X, y = self.sets["train"][0][index], self.sets["train"][1][index]
        losses, norms = {}, {}
        for name, copy in self.copies.items():
            if copy.stopped_at is not None:
                continue
            copy.net.train()
            copy.optimizer.zero_grad(set_to_none=True)
            loss = self._batch_loss(name, X, y)
            loss.backward()
            grads = [p.grad for p in copy.net.parameters() if p.grad is not None]
            losses[name] = float(loss.detach())
            norms[name] = float(torch.linalg.vector_norm(torch.stack([g.norm() for g in grads])))
            if math.isfinite(losses[name]) and math.isfinite(norms[name]):
                copy.optimizer.step()
        loss = losses["baseline"] if all(map(math.isfinite, losses.values())) else math.nan   # either stops the run
        result = StepResult(loss=loss, grad_norms=norms)
        if not self._queue and not result.diverged:
            self._end_epoch()
        return result

    def _end_epoch(self) -> None:
        self.epochs += 1
        for name, copy in self.copies.items():
            if copy.stopped_at is not None:
                continue
            copy.remember_if_best(self._loss(copy.net, "val"), self.epochs)
            if (name == "regularised" and self.config.early_stopping
                    and self.epochs - copy.best_epoch >= self.config.patience):
                copy.stopped_at = self.epochs
                copy.restore_best()

    def restore_best(self, name: str) -> int:
        """Put the copy's best validation epoch's weights back (training goes on from them) → that epoch."""
        copy = self.copies[name]
        copy.restore_best()
        return copy.best_epoch

    # ---- read-outs ------------------------------------------------------------------------
    @torch.no_grad()
    def _logits(self, net: OverfitNet, part: str | torch.Tensor) -> torch.Tensor:
        """The net's logits (N, K) in evaluation mode on a set by name, or on inputs X."""
        net.eval()
        return net(self.sets[part][0] if isinstance(part, str) else part)

    def _probs(self, net: OverfitNet, part: str | torch.Tensor) -> torch.Tensor:
        return F.softmax(self._logits(net, part), 1)

    def _loss(self, net: OverfitNet, part: str) -> float:
        return float(F.cross_entropy(self._logits(net, part), self.sets[part][1]))

    def evaluate(self) -> dict[str, float]:
        """Per copy (prefix base_ / reg_): {train,val,test}_loss and _acc, near_zero (share of
        weights |w| < 10⁻³), best_epoch; reg_stopped_at (0 while early stopping has not stopped it)."""
        out = {}
        for name, copy in self.copies.items():
            p = SHORT[name]
            for part in ("train", "val", "test"):
                logits, y = self._logits(copy.net, part), self.sets[part][1]
                out[f"{p}_{part}_loss"] = float(F.cross_entropy(logits, y))
                out[f"{p}_{part}_acc"] = float((logits.argmax(1) == y).float().mean())
            out[f"{p}_near_zero"] = near_zero_share(copy.net.weights())
            out[f"{p}_best_epoch"] = float(copy.best_epoch)
        stopped = self.copies["regularised"].stopped_at
        out["reg_stopped_at"] = float(stopped or 0)
        return out

    def visuals(self, probe=None) -> dict:
        """test_probs[name] (N_test, K), y_test (N_test,), classes; hist: weight_histogram of both
        copies; best_epoch[name]; near_zero[name] (share of |w| < 10⁻³); 2-D: boundary[name] (1, GRID, GRID) P(class 1) over
        [-extent, extent]², the points and flipped (N_train,); digits: shown (n, 8, 8) training
        images and augmented (n, 8, 8) what the regularised copy saw of them (a fresh draw)."""
        s = self.split
        out = {"data": self.config.data, "classes": s.classes, "y_test": s.y_test.copy(),
               "test_probs": {n: self._probs(c.net, "test").cpu().numpy() for n, c in self.copies.items()},
               "hist": weight_histogram({n: c.net.weights() for n, c in self.copies.items()}),
               "best_epoch": {n: c.best_epoch for n, c in self.copies.items()},
               "near_zero": {n: near_zero_share(c.net.weights()) for n, c in self.copies.items()},
               "augments": self.config.augments}
        if s.images:
            shown = self.sets["train"][0][:SHOWN_AUGMENTED]
            look = torch.Generator().manual_seed(self.epochs)   # not the training draws
            out["shown"] = shown[:, 0].cpu().numpy()
            out["augmented"] = self.augmented(shown, look)[:, 0].cpu().numpy()
            return out
        out["boundary"] = {n: self._probs(c.net, self._grid)[:, 1].cpu().numpy().reshape(1, GRID, GRID)
                           for n, c in self.copies.items()}
        return out | {"extent": DOMAIN, "X_train": s.X_train, "y_train": s.y_train, "flipped": s.flipped,
                      "X_test": s.X_test, "y_test": s.y_test.copy()}

    def state_tensors(self) -> dict[str, torch.Tensor]:
        return {f"{name}.{k}": v.detach().cpu().clone() for name, c in self.copies.items()
                for k, v in c.net.state_dict().items()}

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        for name, copy in self.copies.items():
            copy.net.load_state_dict({k: tensors[f"{name}.{k}"] for k in copy.net.state_dict()})
