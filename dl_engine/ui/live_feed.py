"""The live feed: a running panel's figures reach the browser without a Streamlit rerun.

While a run trains and a browser listens, a feed thread waits for the run's next snapshot (the run
notifies `run.published`), builds the panel's streamed figures (`live_figure` given a builder,
Snapshot → figure) once, and hands each build to the listeners: the live channel's WebSocket
(ui.live_route) pushes it to the page. Nothing is built while nobody listens; a listener that
joins gets the latest build at once (its first paint). Measured on the MLP page: a fragment rerun
cost the browser 57–250 ms (Streamlit re-renders the page around the fragment); a push ~1 ms.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from typing import Callable

from dl_engine.training.run import Snapshot, Status, TrainingRun
from dl_engine.ui.live_chart import chart_message
from dl_engine.viz.spec import Chart, HeatmapGrid

Builder = Callable[[Snapshot], Chart | HeatmapGrid]
# A listener: called with (seq, {chart key: chart message as JSON}) for each build, in order, from
# the feed's thread; with (0, None) when the feed closes. It must return at once.
Listener = Callable[[int, "dict[str, str] | None"], None]
_LOG = logging.getLogger(__name__)


def stamp(snap: Snapshot, chosen: bool = False) -> list:
    """[run id, step]: the browser drops a figure of an earlier build of the run (a reset, a new
    config or preset) and, within one build, one older than the figure it shows (a fragment
    rerun and the feed may deliver out of order). [run id, step, 1]: an older step chosen on
    purpose (time travel), drawn whatever the chart shows."""
    return [snap.run_id, snap.step, 1] if chosen else [snap.run_id, snap.step]


class Feed:
    """Streams `builders` of one panel, {chart key: (builder, height px)}: each new snapshot of
    `run`, while it runs and someone listens, is built once and handed to every listener."""

    def __init__(self, run: TrainingRun):
        self.run = run
        self.builders: dict[str, tuple[Builder, int | None]] = {}
        self.scale = 1.0
        self.heights: dict[str, int] = {}   # the last height each chart was drawn at (px)
        self.latest: dict[str, str] = {}    # the last build of each chart, sent to a new listener
        self.published = 0                  # builds so far (their seq)
        self.costs: list[tuple[float, float]] = []   # (wall, CPU) ms of the last builds
        self.closed = False
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()       # listeners, latest and seq change together
        self._thread: threading.Thread | None = None

    def stream(self, builders: dict[str, tuple[Builder, int | None]], scale: float = 1.0) -> None:
        """Stream these builders from now on (the page's latest closures), drawn at `scale`
        (present mode's larger text and lines)."""
        self.builders, self.scale = dict(builders), scale
        self._start()

    def subscribe(self, listener: Listener) -> None:
        """Hand `listener` the latest build now and every later one."""
        with self._lock:
            if self.closed:
                listener(0, None)
                return
            self._listeners.append(listener)
            if self.latest:
                listener(self.published, dict(self.latest))
        self._start()

    def unsubscribe(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)
        self._wake()

    def close(self) -> None:
        """Stop streaming; every listener hears the end (its socket closes)."""
        with self._lock:
            self.closed, listeners, self._listeners = True, self._listeners, []
        for listener in listeners:
            listener(0, None)
        self._wake()
        if self._thread and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def publish(self, snap: Snapshot) -> None:
        """Build every chart from `snap` and hand the build to the listeners."""
        wall, cpu = time.perf_counter(), time.thread_time()
        charts = {}
        for key, (builder, height) in list(self.builders.items()):
            try:
                message = chart_message(builder(snap), key, height, stamp(snap),
                                        scale=self.scale)
            except Exception:  # a figure that cannot be drawn keeps its last good frame
                _LOG.exception("live feed: building %s failed", key)
                continue
            self.heights[key] = message["height"]
            charts[key] = json.dumps(message, separators=(",", ":"))
        with self._lock:
            self.published += 1
            self.latest.update(charts)
            for listener in self._listeners:
                listener(self.published, charts)
        self.costs = self.costs[-99:] + [((time.perf_counter() - wall) * 1e3, (time.thread_time() - cpu) * 1e3)]

    def _streaming(self) -> bool:
        return bool(self._listeners) and not self.closed and self.run.status == Status.RUNNING

    def _start(self) -> None:
        with self._lock:
            if not self._streaming() or (self._thread and self._thread.is_alive()):
                return
            self._thread = threading.Thread(target=self._loop, name="live-feed", daemon=True)
            self._thread.start()

    def _wake(self) -> None:
        with self.run.published:
            self.run.published.notify_all()

    def _loop(self) -> None:
        last = None
        while True:
            with self.run.published:   # no polling: the run notifies each new snapshot
                self.run.published.wait_for(lambda: self.run.snapshot is not last or not self._streaming())
            if not self._streaming():
                return   # the panel's rerun at the run's end draws the final figures
            last = self.run.snapshot
            self.publish(last)
