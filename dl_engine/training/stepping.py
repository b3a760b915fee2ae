"""The deterministic core of a training run: build the experiment, advance it by one probed step or
a chunk of plain ones, publish Snapshots, and stop on divergence or the StopCondition. No threads:
training/run.py trains it in the background."""
from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Any, Callable

import numpy as np

from dl_engine.device import resolve_device
from dl_engine.seeding import seed_everything
from dl_engine.training.experiment import Experiment, StepResult
from dl_engine.training.history import History
from dl_engine.training.pace import RateMeter
from dl_engine.training.snapshot import Snapshot, Status, StopCondition, new_run_id
from dl_engine.training.timeline import Timeline

ExperimentFactory = Callable[..., Experiment]
CHUNK_SECONDS = 0.002  # steps between snapshots run in calls of about this long (see _advance_chunk)
MAX_CHUNK = 4096


class SteppedRun:
    """Drive an Experiment built as `factory(config, seed=seed, device=device)`, step by step in the
    caller's thread: `step(n)` is deterministic and headless."""

    def __init__(self, factory: ExperimentFactory, config: Any, seed: int = 0, device: str = "cpu", *,
                 stop: StopCondition = StopCondition(), max_history: int = 1500):
        self.factory, self.config, self.seed = factory, config, seed
        self.device = resolve_device(device)
        self.stop_condition = stop
        self.max_history = max_history
        self._meter = RateMeter()
        self._lock = threading.RLock()          # one step at a time, thread or caller
        self.published = threading.Condition()  # notified at each new Snapshot (the live view waits on it)
        self._build()

    # ---- building and publishing -------------------------------------------------------
    @property
    def snapshot(self) -> Snapshot:
        """What the screen shows now; every new one (a step, a status) notifies `published`."""
        return self._snapshot

    @snapshot.setter
    def snapshot(self, snap: Snapshot) -> None:
        self._snapshot = snap
        with self.published:
            self.published.notify_all()

    def _build(self) -> None:
        seed_everything(self.seed)
        self.experiment = self.factory(self.config, seed=self.seed, device=self.device)
        self.run_id = new_run_id()
        self.steps = 0
        self.history = History(self.max_history)
        self.timeline: Timeline[Snapshot] = Timeline()   # the moments a paused run can be scrubbed back to
        # the training losses since the last snapshot, in chunks: one mean over a few arrays,
        # where a list of ~10^5 Python floats cost a compiled run 13 % of its time at batch 1
        self._losses: list[np.ndarray] = []
        self._chunk = 1
        self._meter.restart()
        self.status, self.message = Status.IDLE, "Ready: press Train or Step."
        self._publish(self._initial_probe())

    def _initial_probe(self) -> StepResult | None:
        inspect = getattr(self.experiment, "inspect", None)
        return inspect() if inspect else None

    @property
    def epoch(self) -> float:
        return self.steps / max(1, self.experiment.steps_per_epoch)

    def _publish(self, result: StepResult | None, evaluate: bool = True) -> None:
        """A new Snapshot of the current weights. evaluate=False (a snapshot between the
        experiment's held-out evaluations) keeps the last metrics and adds none to the history."""
        if evaluate:
            metrics = self.experiment.evaluate()
            self._evaluated_at = time.monotonic()
        else:
            metrics = self.snapshot.metrics
        row = {"step": float(self.steps), "epoch": self.epoch}
        if self._losses:
            row["loss"] = float(np.mean(np.concatenate(self._losses)))
            self._losses = []
        if evaluate:
            row.update(metrics)
        grad_norms = result.grad_norms if result else {}
        if result is not None and result.probe is not None:
            row.update({f"grad_norm/{k}": v for k, v in result.probe.grad_norms.items()})
            row.update({f"update_ratio/{k}": v for k, v in result.probe.update_ratios.items()})
        if self.steps > 0 or not len(self.history):
            self.history.append(row)
        rate = self._meter.add(self.steps) if self.status == Status.RUNNING else 0.0
        self.snapshot = Snapshot(
            step=self.steps, epoch=self.epoch, status=self.status, message=self.message,
            metrics=metrics, history=self.history.arrays(),
            visuals=self.experiment.visuals(result.probe if result else None),
            steps_per_second=rate, grad_norms=grad_norms, run_id=self.run_id)
        self.timeline.add(self.snapshot)

    def _set_status(self, status: Status, message: str) -> None:
        self.status, self.message = status, message
        self.snapshot = replace(self.snapshot, status=status, message=message)

    # ---- one step ------------------------------------------------------------------------
    def _advance(self, probe: bool) -> StepResult:
        result = self.experiment.train_step(probe)
        self.steps += 1
        if result.diverged:
            self._diverge(result)
            return result
        self._losses.append(np.array([result.loss], dtype=np.float64))
        return result

    def _advance_chunk(self, limit: int) -> StepResult:
        """Up to `limit` steps without probes in one call to the experiment. The chunk size adapts
        so a call takes about CHUNK_SECONDS: a compiled experiment then holds the GIL only between
        calls (the page's drawing thread runs meanwhile), and pause or a snapshot waits ≤ 2 ms."""
        t0 = time.perf_counter()
        losses, result = self.experiment.train_steps(max(1, min(limit, self._chunk)))
        per_step = (time.perf_counter() - t0) / max(1, len(losses))
        self._chunk = int(min(2 * self._chunk, MAX_CHUNK, max(1.0, CHUNK_SECONDS / max(per_step, 1e-9))))
        self.steps += len(losses)
        if result.diverged:
            self._diverge(result)
            return result
        self._losses.append(np.asarray(losses, dtype=np.float64))
        return result

    def _diverge(self, result: StepResult) -> None:
        layer = result.nonfinite_layer
        where = f"the gradient of layer '{layer}' became NaN/Inf first" if layer else "the loss became NaN/Inf"
        self.status = Status.DIVERGED
        self.message = (f"Training diverged at step {self.steps}: {where}. The last good state stays on "
                        "screen. Try a lower learning rate, gradient clipping, a smaller initialisation "
                        "or batch normalisation, then Reset.")
        self.snapshot = replace(self.snapshot, status=self.status, message=self.message,
                                step=self.steps, epoch=self.epoch, grad_norms=result.grad_norms,
                                diverged_layer=layer)

    def _check_stop(self) -> bool:
        cond = self.stop_condition
        if cond.max_epochs is not None and self.epoch >= cond.max_epochs:
            self.status, self.message = Status.FINISHED, f"Finished: epoch budget of {cond.max_epochs:g} reached."
            return True
        loss = self.snapshot.metrics.get("train_loss")
        if cond.target_loss is not None and loss is not None and loss <= cond.target_loss:
            self.status, self.message = Status.FINISHED, (
                f"Finished: training loss {loss:.4g} reached the target {cond.target_loss:g}.")
            return True
        return False

    def step(self, n: int = 1) -> Snapshot:
        """Run n steps now, in the caller's thread; the last one probed and published."""
        with self._lock:
            if self.status in (Status.DIVERGED, Status.ERROR):
                return self.snapshot
            done = 0
            while done < n - 1:  # all but the last step in chunks, the last one probed
                before = self.steps
                result = self._advance_chunk(n - 1 - done)
                done += self.steps - before
                if result.diverged:
                    return self.snapshot
            result = self._advance(probe=True)
            if result.diverged:
                return self.snapshot
            if self.status in (Status.IDLE, Status.FINISHED):
                self.status, self.message = Status.PAUSED, "Stepping: press Train to run."
            self._publish(result)
            if self._check_stop():
                self._set_status(self.status, self.message)
            return self.snapshot

    def apply(self, edit: Callable[[Experiment], Any], evaluate: bool = False) -> Any:
        """Run `edit(experiment)` between two steps (under the step lock), then redraw the
        snapshot's visuals: what-if edits while training (e.g. freeze a filter). Reset undoes them.
        evaluate: the edit changed the weights, so publish a snapshot evaluated afresh (its metrics
        join the history, so the curves show the jump)."""
        with self._lock:
            result = edit(self.experiment)
            if evaluate:
                self._publish(None)
            else:
                self.snapshot = replace(self.snapshot, visuals=self.experiment.visuals(None))
        return result

    def read(self, look: Callable[[Experiment], Any]) -> Any:
        """`look(experiment)` between two steps (under the step lock): a consistent view of the
        weights while the thread trains (e.g. to save them)."""
        with self._lock:
            return look(self.experiment)

    def load_weights(self, tensors: dict) -> None:
        """Put weights (named as experiment.state_tensors names them, checked by the caller) in
        place of the current ones, and show them at once, evaluated."""
        with self._lock:
            self.experiment.load_state_tensors(tensors)
            self.status, self.message = Status.PAUSED, "Weights loaded: press Train to go on training from them."
            self._publish(None)
