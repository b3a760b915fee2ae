"""What a TrainingRun trains: the Experiment interface and a PyTorch-module implementation.

A page's experiment (MLP, CNN, LSTM, transformer…) is built from (config, seed, device) and
knows how to take one optimisation step, evaluate itself and draw its visual payload.
"""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Sequence

import torch
from torch import nn

from dl_engine.training import probes
from dl_engine.models.registry import OPTIMIZERS, build


@dataclass
class StepResult:
    """One parameter update: its batch loss, per-layer gradient norms, and what a probe saw."""
    loss: float
    grad_norms: dict[str, float]
    probe: probes.ProbeRecord | None = None

    @property
    def nonfinite_layer(self) -> str | None:
        return probes.first_nonfinite_layer(self.grad_norms)

    @property
    def diverged(self) -> bool:
        # a sum of non-negative norms is finite iff every norm is (checked every step: keep it cheap)
        return not (math.isfinite(self.loss) and math.isfinite(sum(self.grad_norms.values())))


class Experiment(ABC):
    """The contract a TrainingRun drives. Subclasses set `steps_per_epoch`."""
    steps_per_epoch: int = 1
    # Seconds between held-out evaluations while training: 0 evaluates at every snapshot. An
    # experiment whose evaluation costs more than its snapshots' share of a second sets this, and
    # its snapshots in between carry the training loss and fresh visuals only.
    evaluate_every: float = 0.0

    @abstractmethod
    def train_step(self, probe: bool) -> StepResult:
        """One parameter update; with probe=True also fill StepResult.probe."""

    def train_steps(self, n: int) -> tuple[Sequence[float], StepResult]:
        """Up to n updates without probes → (their losses (k,), the last one's result); stops after
        a diverged step. Experiments that can take several updates in one call override this."""
        losses = []
        for _ in range(n):
            result = self.train_step(False)
            losses.append(result.loss)
            if result.diverged:
                break
        return losses, result

    @abstractmethod
    def evaluate(self) -> dict[str, float]:
        """Metrics for the charts, e.g. {"train_loss", "test_loss", "train_acc", "test_acc"}."""

    def visuals(self, probe: probes.ProbeRecord | None) -> dict[str, Any]:
        """The page's payload (NumPy arrays / plain values) for the current weights."""
        return {}

    def state_tensors(self) -> dict[str, torch.Tensor]:
        """The learned parameters (and buffers) by name: what a weights file holds."""
        raise NotImplementedError(f"{type(self).__name__} has no weights to export")

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        """Put `tensors` (names and shapes as state_tensors gives them, checked by the caller) in place."""
        raise NotImplementedError(f"{type(self).__name__} cannot load weights")


class TorchExperiment(Experiment):
    """An Experiment around an nn.Module: forward, backward, clip, optimizer step, probes.

    Subclasses call `setup(model, optimizer_name, lr)` and implement `next_batch()` and
    `batch_loss(batch)`; `probe_modules()` picks the layers whose activations are recorded.
    """
    clip_norm: float | None = None
    clip_value: float | None = None

    def setup(self, model: nn.Module, optimizer: str, lr: float) -> None:
        self.model = model
        self.optimizer = build(OPTIMIZERS, optimizer, model.parameters(), lr)
        self.layers = probes.parameter_layers(model)

    @abstractmethod
    def next_batch(self) -> Any:
        """The next training batch (on the experiment's device)."""

    @abstractmethod
    def batch_loss(self, batch: Any) -> torch.Tensor:
        """Scalar loss (regularisation included) for `batch`, with the model in train mode."""

    def state_tensors(self) -> dict[str, torch.Tensor]:
        return {name: t.detach().cpu() for name, t in self.model.state_dict().items()}

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        self.model.load_state_dict(tensors)

    def probe_modules(self) -> dict[str, nn.Module]:
        """Modules whose outputs a probe records; default: the parameter-owning layers."""
        named = dict(self.model.named_modules())
        return {name: named.get(name, self.model) for name in self.layers}

    def train_step(self, probe: bool) -> StepResult:
        self.model.train()
        batch = self.next_batch()
        self.optimizer.zero_grad(set_to_none=True)
        record = probes.ProbeRecord() if probe else None
        if probe:
            with probes.record_layers(self.probe_modules(), record):
                loss = self.batch_loss(batch)
                loss.backward()
        else:
            loss = self.batch_loss(batch)
            loss.backward()
        grad_norms = probes.layer_grad_norms(self.layers)
        result = StepResult(loss=float(loss.detach()), grad_norms=grad_norms, probe=record)
        if result.diverged:
            return result  # leave the last good weights in place for the post-mortem
        if self.clip_norm is not None:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.clip_norm)
        if self.clip_value is not None:
            nn.utils.clip_grad_value_(self.model.parameters(), self.clip_value)
        before = probes.snapshot_params(self.layers) if probe else None
        self.optimizer.step()
        if probe:
            record.grad_norms = grad_norms
            record.update_ratios = probes.update_ratios(before, self.layers)
        return result
