"""The MLP playground's experiment: 2-D points, input features and the MLP as an Experiment.

One step is one mini-batch (every epoch a new permutation of the training set, mlp_batches); the
CPU trains through the compiled kernel, many steps and epochs a call, CUDA / MPS through the torch
path. Probes, metrics and the visual payload (decision boundary, every neuron's output over the
plane, weights) are NumPy arrays.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from dl_engine.config import validate
from dl_engine.data import point_store
from dl_engine.data.features import feature_matrix
from dl_engine.data.toy2d import DOMAIN, fit_to_plane, make_dataset, split
from dl_engine.models.mlp import MLP
from dl_engine.models.mlp_activations import ACTIVATIONS, Activation
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.models.mlp_fused import FusedTrainer
from dl_engine.models.mlp_init import INITIALISERS, Initialiser
from dl_engine.models.mlp_losses import LOSSES, Loss, check_head_loss, probabilities
from dl_engine.models.mlp_optim import OPTIMIZERS, REGULARISERS, Optimizer, Regulariser
from dl_engine.models.mlp_torch import TorchTrainer
from dl_engine.training.experiment import Experiment, StepResult
from dl_engine.training.mlp_batches import EpochOrders
from dl_engine.training.probes import ProbeRecord

GRID = 50               # decision-boundary heatmap: GRID × GRID points over the plane
THUMB_CELLS = 12_000    # all neuron thumbnails together hold about this many cells (payload)


def load_points(config: MLPConfig, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(X (N, 2) on the plane, y (N,) int64, class names) for the configured dataset.

    An uploaded CSV is recalled by its key alone (the factory gets only the config): the key is
    unguessable, and the page checks that it belongs to its browser session before building."""
    if config.dataset == "csv":
        points = point_store.recall(config.upload)
        return fit_to_plane(points.X), points.y, list(points.class_names)
    X, y = make_dataset(config.dataset, config.n_points, config.noise, seed)
    return X, y, ["0", "1"]


def plane_grid(n: int) -> np.ndarray:
    """(n·n, 2) points of an n × n grid over the plane, row-major with x2 rising (row) and x1 (column)."""
    ticks = np.linspace(-DOMAIN, DOMAIN, n)
    x1, x2 = np.meshgrid(ticks, ticks)
    return np.stack([x1.ravel(), x2.ravel()], 1).astype(np.float32)


@dataclass(frozen=True)
class Equations:
    """The table entries a run computes with, in the order the page shows them: each holds the
    kernel's id (or the NumPy draw) and the torch function the engine runs, beside their LaTeX."""
    init: Initialiser
    optimizer: Optimizer
    loss: Loss
    activations: tuple[Activation, ...]
    regulariser: Regulariser | None

    @classmethod
    def of(cls, config: MLPConfig) -> "Equations":
        reg = config.regularization if config.regularization != "none" else None
        return cls(INITIALISERS[config.init], OPTIMIZERS[config.optimizer], LOSSES[config.loss],
                   tuple(ACTIVATIONS[a] for a in dict.fromkeys(config.layer_activations())),
                   REGULARISERS[reg] if reg else None)

    def shown(self) -> list:
        """Every entry with an equation on the page: initialiser, optimizer, loss, activations, penalty."""
        return [self.init, self.optimizer, self.loss, *self.activations] + ([self.regulariser] if self.regulariser else [])


class MLPExperiment(Experiment):
    """Built as MLPExperiment(config, seed=..., device=...). On the CPU the compiled kernel trains;
    backend="torch" (and CUDA / MPS) trains on the torch path instead."""

    def __init__(self, config: MLPConfig, seed: int = 0, device: torch.device | str = "cpu",
                 backend: str | None = None):
        validate(config)
        check_head_loss(config.output, config.loss)
        X, y, self.class_names = load_points(config, seed)
        if config.output == "sigmoid" and len(self.class_names) > 2:
            raise ValueError(f"The data has {len(self.class_names)} classes; a sigmoid output separates only "
                             "two. Choose the softmax output.")
        self.config, self.head, self.equations = config, config.output, Equations.of(config)
        self.device = torch.device(device)
        compiled = self.device.type == "cpu" and backend != "torch"
        X_train, self.y_train, X_test, self.y_test = split(X, y, config.train_ratio, seed + 1)
        self.points = {"X_train": X_train, "y_train": self.y_train, "X_test": X_test, "y_test": self.y_test}
        n_classes = max(2, len(self.class_names))
        n_out = 1 if self.head == "sigmoid" else n_classes
        self.model = MLP((len(config.features), *config.hidden, n_out), config.layer_activations(), config.init,
                         np.random.default_rng(seed), config.dropout, self.device)
        # NumPy arrays for the kernel, torch views of the same memory (CPU) or copies (GPU) for the torch path
        self.arrays = {"train": (self._features(X_train), self._targets(self.y_train, n_out)),
                       "test": (self._features(X_test), self._targets(self.y_test, n_out))}
        self.inputs = {part: self._tensor(x) for part, (x, _) in self.arrays.items()}
        self.targets = {part: self._tensor(t) for part, (_, t) in self.arrays.items()}
        self.batch = min(config.batch_size, len(X_train))
        self.batches = EpochOrders(len(X_train), self.batch, seed + 2)
        self.steps_per_epoch = self.batches.steps_per_epoch
        self._dropout_rng = np.random.default_rng(seed)   # masks: step 0's look, then one table per step
        self.torch_path = TorchTrainer(self.model, config.loss, None if compiled else config.optimizer, config.lr,
                                       config.regularization, config.reg_rate)
        self.fused = FusedTrainer(self.model, self.head, config.loss, config.optimizer, config.lr,
                                  config.regularization, config.reg_rate, self.batch,
                                  self._dropout_rng) if compiled else None
        self._grid = self._tensor(feature_matrix(plane_grid(GRID), config.features))
        nodes = len(config.features) + sum(config.hidden) + n_out
        self.thumb = int(np.clip(math.isqrt(THUMB_CELLS // nodes), 8, 25))
        self._thumb_inputs = feature_matrix(plane_grid(self.thumb), config.features)
        self._thumb = self._tensor(self._thumb_inputs)

    def _features(self, X: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(feature_matrix(X, self.config.features), np.float32)

    def _targets(self, y: np.ndarray, n_out: int) -> np.ndarray:
        return np.ascontiguousarray(y[:, None] if n_out == 1 else np.eye(n_out)[y], np.float32)

    def _tensor(self, a: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.ascontiguousarray(a, np.float32)).to(self.device)

    # ---- training -------------------------------------------------------------------------
    def _first_look_masks(self) -> list | None:
        """Step 0's look at the gradients draws one (batch, n) U[0, 1) table per hidden layer."""
        if self.model.keep == 1.0:
            return None
        return [self._tensor(self._dropout_rng.random((self.batch, n), dtype=np.float32) < self.model.keep)
                for n in self.model.sizes[1:-1]]

    def _step_masks(self, rows: int) -> list | None:
        """One (batch, C) table for every hidden layer, as the kernel draws it for a step."""
        if self.model.keep == 1.0:
            return None
        cols = np.cumsum((0,) + self.model.sizes)
        u = self._dropout_rng.random((self.batch, int(cols[-1])), dtype=np.float32)[:rows]
        return [self._tensor(u[:, c:c + n] < self.model.keep) for c, n in zip(cols[1:-2], self.model.sizes[1:-1])]

    def train_step(self, probe: bool) -> StepResult:
        rows = self.batches.next_rows()
        before = self.model.theta.detach().clone() if probe else None
        if self.fused is not None:
            loss, norms = self.fused.step(*self.arrays["train"], rows)
            seen = self.fused.probe() if probe else None
        else:
            index = torch.from_numpy(rows).to(self.device)
            x, t = self.inputs["train"][index], self.targets["train"][index]
            loss, norms, seen = self.torch_path.step(x, t, self._step_masks(len(rows)), probe)
        result = StepResult(loss=loss, grad_norms=dict(zip(self.model.names, norms)))
        if probe and not result.diverged:
            result.probe = ProbeRecord(*seen, result.grad_norms)
            result.probe.update_ratios = self._update_ratios(before)
        return result

    def train_steps(self, n: int) -> tuple[np.ndarray, StepResult]:
        """Up to n updates in one compiled call on the CPU, across epoch ends."""
        if self.fused is None:
            return super().train_steps(n)
        self.batches.ensure(n)
        losses, norms = self.fused.steps(*self.arrays["train"], self.batches.orders, self.batches.cursor, n)
        last = StepResult(loss=float(losses[-1]), grad_norms=dict(zip(self.model.names, norms[-1].tolist())))
        return losses, last

    def _update_ratios(self, before: torch.Tensor) -> dict[str, float]:
        """‖Δθ_l‖ / ‖θ_l‖ per layer for the step that started from `before` (P,)."""
        delta = np.sqrt(self.model.sq_norms(self.model.theta.detach() - before))
        size = np.sqrt(self.model.sq_norms(before))
        ratios = np.where(size > 0, delta / np.maximum(size, 1e-30), np.where(delta > 0, np.inf, 0.0))
        return dict(zip(self.model.names, ratios.tolist()))

    def inspect(self) -> StepResult:
        """The gradient at step 0 on the first batch, with a probe, without updating the weights."""
        x, t = self.inputs["train"][:self.batch], self.targets["train"][:self.batch]
        loss, norms, seen = self.torch_path.gradient(x, t, self._first_look_masks(), probe=True)
        result = StepResult(loss=loss, grad_norms=dict(zip(self.model.names, norms)))
        result.probe = ProbeRecord(*seen, result.grad_norms)
        return result

    # ---- weights files ------------------------------------------------------------------------
    def state_tensors(self) -> dict[str, torch.Tensor]:
        """layers.<l>.weight (n_out, n_in) and layers.<l>.bias (n_out,) per layer, float32 copies:
        nn.Linear's names and layout, so the exported script's model loads them unchanged."""
        tensors = {}
        for l, (W, b) in enumerate(self.model.weights()):
            tensors[f"layers.{l}.weight"] = torch.from_numpy(np.ascontiguousarray(W.T))
            tensors[f"layers.{l}.bias"] = torch.from_numpy(b)
        return tensors

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        # into the flat parameter vector in place: the compiled step and the optimizer hold it
        with torch.no_grad():
            for l, block in enumerate(self.model.blocks()):
                block[:-1] = tensors[f"layers.{l}.weight"].T
                block[-1] = tensors[f"layers.{l}.bias"]

    # ---- what the screen shows ----------------------------------------------------------------
    def _accuracy(self, logits: np.ndarray, y: np.ndarray) -> float:
        predicted = (logits[:, 0] > 0).astype(np.int64) if self.head == "sigmoid" else logits.argmax(1)
        return float(np.mean(predicted == y)) if len(y) else float("nan")

    def evaluate(self) -> dict[str, float]:
        metrics = {}
        loss = self.equations.loss.torch
        with torch.no_grad():
            for part, y in (("train", self.y_train), ("test", self.y_test)):
                logits = self.model.forward(self.inputs[part])
                metrics[f"{part}_loss"] = float(loss(logits, self.targets[part]))
                metrics[f"{part}_acc"] = self._accuracy(logits.cpu().numpy(), y)
        return metrics

    def visuals(self, probe: ProbeRecord | None) -> dict:
        """Payload: boundary (K', GRID, GRID) class probabilities (K' = 1: P(class 1)); thumbs: per
        column of the network diagram (inputs, hidden layers, output) an (n, T, T) array in [-1, 1];
        weights: [(W (n_in, n_out), b (n_out,))]; the train/test points; names for labels."""
        with torch.no_grad():
            boundary = probabilities(self.model.forward(self._grid)).cpu().numpy()
        outputs = self.model.layer_outputs(self._thumb)
        columns = [self._thumb_inputs, *outputs[:-1]]
        columns.append(2 * probabilities(torch.from_numpy(outputs[-1])).numpy() - 1)  # on the same [-1, 1] scale
        thumbs = [_normalised(c).T.reshape(-1, self.thumb, self.thumb) for c in columns]
        return {
            "boundary": boundary.T.reshape(-1, GRID, GRID), "extent": DOMAIN, "thumbs": thumbs,
            "weights": self.model.weights(), "layer_names": list(self.model.names),
            "features": list(self.config.features), "class_names": list(self.class_names),
            "head": self.head, **self.points,
        }


def _normalised(values: np.ndarray) -> np.ndarray:
    """Scale each column into [-1, 1] by its largest |value| (a flat zero column stays 0)."""
    values = np.nan_to_num(np.asarray(values, np.float32))
    scale = np.abs(values).max(0, keepdims=True)
    return values / np.where(scale > 0, scale, 1.0)
