"""TrainingRun: a live, pausable, deterministic training run that publishes immutable Snapshots.

`step(n)` is the primitive (headless, deterministic; training/stepping.py). `start()` runs steps
in a daemon thread that never touches the UI: it publishes a new Snapshot by rebinding one
attribute, at most `snapshot_hz` times per second, and probes only the steps it publishes. The
thread's lifecycle is here: the server's cap on training runs and its line, pacing, pause and
resume, and pausing a run nobody watches.
"""
from __future__ import annotations

import math
import threading
import time
import weakref
from typing import Any

from dl_engine.device import resolve_device
from dl_engine.training.limits import DEFAULT_SLOTS, RunSlots
from dl_engine.training.pace import Pacer
from dl_engine.training.snapshot import Snapshot, Status, StopCondition
from dl_engine.training.stepping import MAX_CHUNK, ExperimentFactory, SteppedRun

__all__ = ["Snapshot", "Status", "StopCondition", "TrainingRun"]


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class TrainingRun(SteppedRun):
    """A SteppedRun that also trains in a background thread (start, pause, resume, stop)."""
    instances: "weakref.WeakSet[TrainingRun]" = weakref.WeakSet()  # every live run (tests stop them)

    def __init__(self, factory: ExperimentFactory, config: Any, seed: int = 0, device: str = "cpu", *,
                 stop: StopCondition = StopCondition(), snapshot_hz: float = 10.0,
                 max_history: int = 1500, idle_timeout: float = 120.0,
                 disconnect_grace: float = 10.0, slots: RunSlots = DEFAULT_SLOTS):
        self.snapshot_hz = snapshot_hz
        self.idle_timeout, self.disconnect_grace = idle_timeout, disconnect_grace
        self.slots = slots
        self.steps_per_second_limit: float | None = None
        self._pacer = Pacer()
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()
        super().__init__(factory, config, seed, device, stop=stop, max_history=max_history)
        TrainingRun.instances.add(self)  # only runs that were built

    def _build(self) -> None:
        self._call_seconds = 0.0   # how long the thread's last call to the experiment took
        self._deadline = time.monotonic() + self.idle_timeout
        super()._build()

    def step(self, n: int = 1) -> Snapshot:
        """Run n steps now, in the caller's thread (pauses a running thread, or leaves the line, first)."""
        if self.status in (Status.RUNNING, Status.QUEUED):
            self.pause()
        return super().step(n)

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

    def load_weights(self, tensors: dict) -> None:
        """Pause, then put the weights in place (SteppedRun.load_weights)."""
        self.stop()
        super().load_weights(tensors)

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
