"""The MLP playground's experiment: 2-D points, input features and the explicit MLP as an Experiment.

One step is one mini-batch (the training set is reshuffled every epoch); probes, metrics and the
visual payload (decision boundary, every neuron's output over the plane, weights) are NumPy arrays.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from dl_engine.config import validate
from dl_engine.data import point_store
from dl_engine.data.features import feature_matrix
from dl_engine.data.toy2d import DOMAIN, fit_to_plane, make_dataset, split
from dl_engine.models.mlp import MLP, augment
from dl_engine.models.mlp_backend import Backend
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.models.mlp_fused import FusedTrainer
from dl_engine.models.mlp_losses import check_head_loss, loss_and_grad, probabilities
from dl_engine.models.mlp_optim import add_penalty_grad, make_optimizer, penalty
from dl_engine.training.experiment import Experiment, StepResult
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


class MLPExperiment(Experiment):
    """Built as MLPExperiment(config, seed=..., device=...); `backend` forces "numpy" or "torch"."""

    def __init__(self, config: MLPConfig, seed: int = 0, device: torch.device | str = "cpu",
                 backend: str | None = None):
        validate(config)
        check_head_loss(config.output, config.loss)
        X, y, self.class_names = load_points(config, seed)
        if config.output == "sigmoid" and len(self.class_names) > 2:
            raise ValueError(f"The data has {len(self.class_names)} classes; a sigmoid output separates only "
                             "two. Choose the softmax output.")
        self.config, self.head = config, config.output
        device = torch.device(device)
        self.be = Backend(backend, device, seed) if backend else Backend.for_device(device, seed)
        self.xp = self.be.xp
        X_train, self.y_train, X_test, self.y_test = split(X, y, config.train_ratio, seed + 1)
        self.points = {"X_train": X_train, "y_train": self.y_train, "X_test": X_test, "y_test": self.y_test}
        n_classes = max(2, len(self.class_names))
        n_out = 1 if self.head == "sigmoid" else n_classes
        self.model = MLP((len(config.features), *config.hidden, n_out), config.layer_activations(), self.be,
                         config.init, np.random.default_rng(seed), config.dropout)
        self.inputs = {"train": self._inputs(X_train), "test": self._inputs(X_test)}
        self.targets = {"train": self._targets(self.y_train, n_out), "test": self._targets(self.y_test, n_out)}
        self.batch = min(config.batch_size, len(X_train))
        # the CPU trains through compiled calls (a step, or a chunk of steps); the torch path (GPU) through array ops
        self.fused = FusedTrainer(self.model, self.head, config.loss, config.optimizer, config.lr,
                                  config.regularization, config.reg_rate, self.batch) if self.be.is_numpy else None
        self.optimizer = None if self.fused else make_optimizer(config.optimizer, self.xp, self.model.theta, config.lr)
        self.steps_per_epoch = math.ceil(len(X_train) / self.batch)
        self._shuffle_rng = np.random.default_rng(seed + 2)
        self._cursor, self._xs, self._ts = len(X_train), None, None
        self._grid = self._inputs(plane_grid(GRID))
        nodes = len(config.features) + sum(config.hidden) + n_out
        self.thumb = int(np.clip(math.isqrt(THUMB_CELLS // nodes), 8, 25))
        thumb_points = plane_grid(self.thumb)
        self._thumb_inputs = feature_matrix(thumb_points, config.features)
        self._thumb = augment(self.be, self._thumb_inputs)

    def _inputs(self, X: np.ndarray):
        return augment(self.be, feature_matrix(X, self.config.features))

    def _targets(self, y: np.ndarray, n_out: int):
        return self.be.asarray(y[:, None] if n_out == 1 else np.eye(n_out)[y])

    # ---- training -------------------------------------------------------------------------
    def _epoch_start(self) -> int:
        """The first unused row of this epoch's shuffled copy (self._xs, self._ts); reshuffles when
        the epoch is used up."""
        n = len(self.y_train)
        if self._cursor >= n:
            order = self._shuffle_rng.permutation(n)
            self._xs = self.be.take_rows(self.inputs["train"], order)
            self._ts = self.be.take_rows(self.targets["train"], order)
            self._cursor = 0
        return self._cursor

    def _next_batch(self) -> tuple[int, int]:
        """Rows start:stop of this epoch's shuffled copy for the next step."""
        start = self._epoch_start()
        self._cursor = min(len(self.y_train), start + self.batch)
        return start, self._cursor

    def _gradient(self, xb, tb, probe: bool) -> tuple[StepResult, dict | None]:
        """Forward and backward on one batch: fills model.grad; returns the step's loss and norms."""
        model, cfg = self.model, self.config
        buffers = model.buffers(xb.shape[0])
        logits = model.forward(xb, buffers, train=True)
        loss, dlogits = loss_and_grad(self.xp, logits, tb, self.head, cfg.loss)
        grads_seen = {} if probe else None
        model.backward(xb, buffers, dlogits, grads_seen)
        value = float(loss)
        if cfg.regularization != "none" and cfg.reg_rate:
            add_penalty_grad(self.xp, cfg.regularization, cfg.reg_rate, model.theta, model.weight_mask, model.grad)
            value += penalty(self.xp, cfg.regularization, cfg.reg_rate, model.theta, model.weight_mask)
        norms = np.sqrt(model.grad_sq_norms()).tolist()
        result = StepResult(loss=value, grad_norms=dict(zip(model.names, norms)))
        if not probe:
            return result, None
        grads_seen[model.names[-1]] = self.be.numpy(dlogits)
        outputs = [a[:, :-1] for a in buffers[0]] + [logits]
        record = ProbeRecord(activations={n: self.be.numpy(a) for n, a in zip(model.names, outputs)},
                             activation_grads=grads_seen, grad_norms=result.grad_norms)
        return result, record

    def train_step(self, probe: bool) -> StepResult:
        start, stop = self._next_batch()
        before = self.be.numpy(self.model.theta) if probe else None
        if self.fused is not None:
            loss, norms = self.fused.step(self._xs, self._ts, start, stop)
            result = StepResult(loss=loss, grad_norms=dict(zip(self.model.names, norms)))
            if probe and not result.diverged:
                outputs, grads = self.fused.probe()
                result.probe = ProbeRecord(outputs, grads, result.grad_norms)
        else:
            with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported as divergence instead
                result, result.probe = self._gradient(self._xs[start:stop], self._ts[start:stop], probe)
            if result.diverged:
                return result  # keep the last good weights for the post-mortem
            self.optimizer.step(self.model.theta, self.model.grad)
        if result.probe is not None:
            result.probe.update_ratios = self._update_ratios(before)
        return result

    def train_steps(self, n: int) -> tuple[list[float], StepResult]:
        """Up to n updates in one compiled call on the CPU (never past the end of an epoch)."""
        if self.fused is None:
            return super().train_steps(n)
        start = self._epoch_start()
        losses, norms = self.fused.steps(self._xs, self._ts, start, n)
        self._cursor = min(len(self.y_train), start + len(losses) * self.batch)
        last = StepResult(loss=float(losses[-1]), grad_norms=dict(zip(self.model.names, norms[-1].tolist())))
        return losses.tolist(), last

    def _update_ratios(self, before: np.ndarray) -> dict[str, float]:
        """‖Δθ_l‖ / ‖θ_l‖ per layer for the step that started from `before` (P,)."""
        offsets = self.model.offsets
        delta = np.sqrt(self.be.sq_norms(self.model.theta - self.be.asarray(before), offsets))
        size = np.sqrt(self.be.sq_norms(self.be.asarray(before), offsets))
        ratios = np.where(size > 0, delta / np.maximum(size, 1e-30), np.where(delta > 0, np.inf, 0.0))
        return dict(zip(self.model.names, ratios.tolist()))

    def inspect(self) -> StepResult:
        """The gradient at step 0 on the first batch, with a probe, without updating the weights."""
        result, record = self._gradient(self.inputs["train"][:self.batch], self.targets["train"][:self.batch], True)
        result.probe = record
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
        for l, block in enumerate(self.model.blocks):
            block[:-1] = self.be.asarray(tensors[f"layers.{l}.weight"].numpy().T)
            block[-1] = self.be.asarray(tensors[f"layers.{l}.bias"].numpy())

    # ---- what the screen shows ----------------------------------------------------------------
    def _accuracy(self, logits: np.ndarray, y: np.ndarray) -> float:
        predicted = (logits[:, 0] > 0).astype(np.int64) if self.head == "sigmoid" else logits.argmax(1)
        return float(np.mean(predicted == y)) if len(y) else float("nan")

    def evaluate(self) -> dict[str, float]:
        metrics = {}
        for part, y in (("train", self.y_train), ("test", self.y_test)):
            logits = self.model.predict(self.inputs[part])
            loss, _ = loss_and_grad(self.xp, logits, self.targets[part], self.head, self.config.loss, need_grad=False)
            metrics[f"{part}_loss"] = float(loss)
            metrics[f"{part}_acc"] = self._accuracy(self.be.numpy(logits), y)
        return metrics

    def _probabilities(self, logits) -> np.ndarray:
        return self.be.numpy(probabilities(self.xp, logits, self.head))

    def visuals(self, probe: ProbeRecord | None) -> dict:
        """Payload: boundary (K', GRID, GRID) class probabilities (K' = 1: P(class 1)); thumbs: per
        column of the network diagram (inputs, hidden layers, output) an (n, T, T) array in [-1, 1];
        weights: [(W (n_in, n_out), b (n_out,))]; the train/test points; names for labels."""
        boundary = self._probabilities(self.model.predict(self._grid))
        outputs = self.model.layer_outputs(self._thumb)
        columns = [self._thumb_inputs] + [self.be.numpy(a) for a in outputs[:-1]]
        columns.append(2 * self._probabilities(outputs[-1]) - 1)  # probabilities on the same [-1, 1] scale
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
