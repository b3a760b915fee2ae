"""What a training run publishes: its Status, the StopCondition it trains to, and the immutable
Snapshot the screen draws, stamped with the build (run_id) that took it."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np


class Status(str, Enum):
    IDLE = "idle"
    RUNNING = "running"
    QUEUED = "waiting"      # over the server's run cap: in line for a training slot
    PAUSED = "paused"
    FINISHED = "finished"
    DIVERGED = "diverged"
    ERROR = "error"


@dataclass(frozen=True)
class StopCondition:
    """Finish when the epoch budget is spent or the training loss reaches the target."""
    max_epochs: float | None = None
    target_loss: float | None = None


@dataclass(frozen=True)
class Snapshot:
    """What the screen shows: an immutable copy of the run's state at one step.

    history: {"step", "epoch", "loss", metric names, "grad_norm/<layer>", "update_ratio/<layer>"}
    → (T,) arrays with T ≤ max_history. visuals: the experiment's payload (NumPy arrays).
    """
    step: int
    epoch: float
    status: Status
    message: str
    metrics: dict[str, float]
    history: dict[str, np.ndarray]
    visuals: dict[str, Any]
    steps_per_second: float = 0.0
    grad_norms: dict[str, float] = field(default_factory=dict)
    diverged_layer: str | None = None
    run_id: int = 0  # the build of the run that took it (new_run_id): charts never mix two builds

    @property
    def running(self) -> bool:
        return self.status == Status.RUNNING


_last_run_id = [0]
_run_id_lock = threading.Lock()


def new_run_id() -> int:
    """A number no earlier build of a run has had, in this process or an earlier one: the
    microseconds since the epoch, bumped past the last one given (< 2**53, exact in JavaScript)."""
    with _run_id_lock:
        _last_run_id[0] = max(_last_run_id[0] + 1, time.time_ns() // 1000)
        return _last_run_id[0]
