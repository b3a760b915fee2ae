"""TrainingRun: a live, pausable, deterministic training run that publishes immutable Snapshots.

`step(n)` is the primitive (headless, deterministic). `start()` runs steps in a daemon thread
that never touches the UI: it publishes a new Snapshot by rebinding one attribute, at most
`snapshot_hz` times per second, and probes only the steps it publishes.
"""
from __future__ import annotations

import math
import threading
import time
import weakref
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Callable

import numpy as np

from dl_engine.device import resolve_device
from dl_engine.seeding import seed_everything
from dl_engine.training.experiment import Experiment, StepResult
from dl_engine.training.history import History
from dl_engine.training.limits import DEFAULT_SLOTS, RunSlots
from dl_engine.training.pace import Pacer, RateMeter
from dl_engine.training.timeline import Timeline


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


ExperimentFactory = Callable[..., Experiment]
CHUNK_SECONDS = 0.002  # steps between snapshots run in calls of about this long (see _advance_chunk)
MAX_CHUNK = 4096


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class TrainingRun:
    """Drive an Experiment built as `factory(config, seed=seed, device=device)`."""
    instances: "weakref.WeakSet[TrainingRun]" = weakref.WeakSet()  # every live run (tests stop them)

    def __init__(self, factory: ExperimentFactory, config: Any, seed: int = 0, device: str = "cpu", *,
                 stop: StopCondition = StopCondition(), snapshot_hz: float = 10.0,
                 max_history: int = 1500, idle_timeout: float = 120.0,
                 disconnect_grace: float = 10.0, slots: RunSlots = DEFAULT_SLOTS):
        self.factory, self.config, self.seed = factory, config, seed
        self.device = resolve_device(device)
        self.stop_condition = stop
        self.snapshot_hz = snapshot_hz
        self.max_history = max_history
        self.idle_timeout, self.disconnect_grace = idle_timeout, disconnect_grace
        self.slots = slots
        self.steps_per_second_limit: float | None = None
        self._pacer, self._meter = Pacer(), RateMeter()
        self._lock = threading.RLock()          # one step at a time, thread or caller
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()
        self._build()
        TrainingRun.instances.add(self)  # only runs that were built

    # ---- building and publishing -------------------------------------------------------
    def _build(self) -> None:
        seed_everything(self.seed)
        self.experiment = self.factory(self.config, seed=self.seed, device=self.device)
        self.run_id = new_run_id()
        self.steps = 0
        self.history = History(self.max_history)
        self.timeline: Timeline[Snapshot] = Timeline()   # the moments a paused run can be scrubbed back to
        self._losses: list[float] = []
        self._chunk = 1
        self._call_seconds = 0.0   # how long the thread's last call to the experiment took
        self._meter.restart()
        self._deadline = time.monotonic() + self.idle_timeout
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
            row["loss"] = float(np.mean(self._losses))
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
        self._losses.append(result.loss)
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
        self._losses.extend(losses)
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
        """Run n steps now, in the caller's thread (pauses a running thread, or leaves the line, first)."""
        if self.status in (Status.RUNNING, Status.QUEUED):
            self.pause()
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

    # ---- the background thread ------------------------------------------------------------
    def start(self) -> bool:
        """Train in a daemon thread: True if it trains now. Over the server's run cap it waits in
        line (Status.QUEUED, its place in the message) and starts by itself when a slot frees."""
        if self.status in (Status.DIVERGED, Status.ERROR):
            return False
        if self.alive:
            return True
        if self.status == Status.QUEUED:
            return False
        self.touch()
        with self._lock:   # before the line can hand this run a slot (slot_granted takes this lock)
            if self.slots.acquire_or_wait(self) == 0:
                self._launch()
                return True
            self._before_queue = self.status
            self._set_status(Status.QUEUED, "Waiting for a free training slot.")
            self._show_place()
        return False

    def _launch(self) -> None:
        """Start the thread; the caller holds a slot."""
        self._halt.clear()
        self._pacer.restart()
        self._meter.restart()
        self._set_status(Status.RUNNING, "Training…")
        self._thread = threading.Thread(target=self._loop, name="TrainingRun", daemon=True)
        self._thread.start()

    # ---- waiting in line (RunSlots calls these outside its lock; see limits.py) ---------------
    def slot_granted(self) -> bool:
        """A slot freed for this waiting run: train now. False hands the slot on (it left the line,
        or nobody has watched it for a while)."""
        with self._lock:
            if self.alive:
                return True     # a slot of its own already (an earlier grant, or Train pressed)
            if self.status != Status.QUEUED or not self.slots.holds(self):
                return False
            if time.monotonic() > self._deadline:
                self._leave_status(Status.PAUSED, "Paused while waiting: nobody has watched this run "
                                                  "for a while. Press Train to go on.")
                return False
            self._launch()
            return True

    def queue_moved(self) -> None:
        with self._lock:
            self._show_place()

    def _show_place(self) -> None:
        """The message of a waiting run: its place in line. Under self._lock."""
        place, busy = self.slots.position(self), self.slots.in_use
        if self.status == Status.QUEUED and place is not None:
            training = "1 run is training" if busy == 1 else f"{busy} runs are training"
            self._set_status(Status.QUEUED, (f"Waiting for a free training slot: {_ordinal(place)} in "
                                             f"line ({training}). It starts by itself."))

    def _leave_queue(self, message: str) -> bool:
        """Out of the line (if waiting), back to the state it had; False if it was not waiting."""
        with self._lock:
            if self.status != Status.QUEUED:
                return False
            self._leave_status(self._before_queue, message)
        self.slots.leave(self)   # outside self._lock: leaving hands slots on to other runs
        return True

    def _leave_status(self, status: Status, message: str) -> None:
        self._set_status(Status.PAUSED if status == Status.FINISHED else status, message)

    def _loop(self) -> None:
        next_snapshot = time.monotonic() + 1.0 / self.snapshot_hz
        try:
            while not self._halt.is_set():
                now = time.monotonic()
                if now > self._deadline:
                    self._set_status(Status.PAUSED, "Paused: nobody has watched this run for a while. "
                                                    "Press Train to go on.")
                    break
                limit = self.steps_per_second_limit
                allowed = self._pacer.allowed(self.steps, limit) if limit else MAX_CHUNK
                if allowed <= 0:
                    self._halt.wait(self._pacer.wait())
                    continue
                # the call that would end past the beat is the snapshot's: a slow step (seq2seq's
                # 60 ms) then does not push the snapshot a whole step later
                probe = now + self._call_seconds >= next_snapshot
                with self._lock:
                    if self._halt.is_set():
                        break
                    started = time.perf_counter()
                    if probe:
                        result = self._advance(probe)
                    else:
                        result = self._advance_chunk(min(allowed, self._steps_to_budget()))
                    self._call_seconds = time.perf_counter() - started
                    if result.diverged:
                        break
                    if probe or self._epoch_budget_spent():
                        due = time.monotonic() - self._evaluated_at >= self.experiment.evaluate_every
                        self._publish(result, evaluate=due or self._epoch_budget_spent())
                        # on a fixed beat: a snapshot that took long does not delay the next one
                        next_snapshot = max(next_snapshot + 1.0 / self.snapshot_hz, time.monotonic())
                        if self._check_stop():
                            self._set_status(self.status, self.message)
                            break
        except Exception as err:  # a bug or a bad config must not kill the app
            self.status, self.message = Status.ERROR, f"Training stopped with an error: {type(err).__name__}: {err}"
            self._set_status(self.status, self.message)
        finally:
            self.slots.release(self)

    def _steps_to_budget(self) -> int:
        """Steps left before the epoch budget is spent (MAX_CHUNK when there is no budget)."""
        budget = self.stop_condition.max_epochs
        if budget is None:
            return MAX_CHUNK
        return max(1, math.ceil(budget * self.experiment.steps_per_epoch - self.steps - 1e-9))

    def _epoch_budget_spent(self) -> bool:
        budget = self.stop_condition.max_epochs
        return budget is not None and self.epoch >= budget

    def _end_thread(self) -> None:
        """Ask the thread to finish its step and end; wait for it; free its slot."""
        self._halt.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self._thread = None
        self.slots.release(self)

    def pause(self) -> None:
        """Stop after the step in flight. The thread ends (a paused run holds no slot of the
        server's cap); resume() starts a new one from the same state. A waiting run leaves the line."""
        if self._leave_queue("Left the line: press Train to wait again."):
            return
        if self.status == Status.RUNNING:
            self._end_thread()
            with self._lock:
                if self.status == Status.RUNNING:
                    self.status, self.message = Status.PAUSED, "Paused."
                    self._publish(None)

    def resume(self) -> None:
        if self.status in (Status.PAUSED, Status.IDLE, Status.FINISHED):
            self.start()

    def stop(self) -> None:
        """End the thread (if any) and wait for it, or leave the line; the weights stay as they are."""
        self._leave_queue("Stopped.")
        self._end_thread()
        if self.status == Status.RUNNING:
            self._set_status(Status.PAUSED, "Stopped.")

    def reset(self, config: Any = None, seed: int | None = None, device: str | None = None) -> None:
        """Stop, then rebuild from the (optionally new) config, seed and device at step 0."""
        self.stop()
        if config is not None:
            self.config = config
        if seed is not None:
            self.seed = seed
        if device is not None:
            self.device = resolve_device(device)
        with self._lock:
            self._build()

    def apply(self, edit: Callable[[Experiment], Any]) -> Any:
        """Run `edit(experiment)` between two steps (under the step lock), then redraw the
        snapshot's visuals: what-if edits while training (e.g. freeze a filter). Reset undoes them."""
        with self._lock:
            result = edit(self.experiment)
            self.snapshot = replace(self.snapshot, visuals=self.experiment.visuals(None))
        return result

    def read(self, look: Callable[[Experiment], Any]) -> Any:
        """`look(experiment)` between two steps (under the step lock): a consistent view of the
        weights while the thread trains (e.g. to save them)."""
        with self._lock:
            return look(self.experiment)

    def load_weights(self, tensors: dict) -> None:
        """Put weights (named as experiment.state_tensors names them, checked by the caller) in
        place of the current ones; the run pauses first and shows them at once, evaluated."""
        self.stop()
        with self._lock:
            self.experiment.load_state_tensors(tensors)
            self.status, self.message = Status.PAUSED, "Weights loaded: press Train to go on training from them."
            self._publish(None)

    def set_speed(self, steps_per_second: float | None) -> None:
        """Throttle the thread to about this many steps per second (None: as fast as it can)."""
        self.steps_per_second_limit = steps_per_second

    # ---- lifecycle -----------------------------------------------------------------------
    def touch(self) -> None:
        """The UI is watching: push the idle deadline back (and, waiting, refresh its place in line:
        a run ahead may have been garbage-collected)."""
        self._deadline = time.monotonic() + self.idle_timeout
        if self.status == Status.QUEUED:
            self.queue_moved()

    def disconnected(self) -> None:
        """The browser tab went away: pause after a short grace unless it reconnects; a waiting
        run leaves the line at once (its place would hold back everyone behind it)."""
        self._deadline = min(self._deadline, time.monotonic() + self.disconnect_grace)
        self._leave_queue("Left the line: its browser tab closed.")

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the thread ends or `timeout` seconds pass (tests, notebooks)."""
        if self._thread is not None:
            self._thread.join(timeout)
