"""The live feed: a running panel's figures reach the browser without a Streamlit rerun.

While a run trains, a feed thread builds the panel's streamed figures (`live_figure` given a
builder, Snapshot → figure) from each new snapshot, and writes each build as a numbered JSON file
into a folder that Streamlit serves as a component's static files; the live charts fetch the
next build twice per refresh period. Measured on the MLP page: a fragment rerun cost the browser
57–250 ms (Streamlit re-renders the page around the fragment) and the server a script run; a
fetch costs ~1 ms.
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable

from streamlit import config as st_config
from streamlit.components.v1 import declare_component

from dl_engine.training.run import Snapshot, Status, TrainingRun
from dl_engine.ui.live_chart import chart_message
from dl_engine.viz.payload import figure_payload

Builder = Callable[[Snapshot], dict]
_LOG = logging.getLogger(__name__)


FOLDER_PREFIX = "dl-live-feed-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale_folders(parent: Path) -> list[Path]:
    """Remove the feed folders in `parent` of server processes that are gone (killed, so their
    exit handler never ran); a folder is named dl-live-feed-<pid>-<random>. Returns those removed."""
    removed = []
    for folder in parent.glob(f"{FOLDER_PREFIX}*"):
        pid = folder.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@lru_cache(maxsize=None)
def feed_folder() -> Path:
    """This server's folder of feed files, removed when the process exits; folders that killed
    servers left behind are removed when it is made."""
    remove_stale_folders(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@lru_cache(maxsize=None)
def _folder_url() -> str:
    """The folder's URL; it is registered with the server once per process."""
    served = declare_component("dl_live_feed", path=str(feed_folder()))
    base = st_config.get_option("server.baseUrlPath").strip("/")
    return f"{'/' + base if base else ''}/component/{served.name}"


def stamp(snap: Snapshot, chosen: bool = False) -> list:
    """[run id, step]: the browser drops a figure of an earlier build of the run (a reset, a new
    config or preset) and, within one build, one older than the figure it shows (a fragment
    rerun and the feed may deliver out of order). [run id, step, 1]: an older step chosen on
    purpose (time travel), drawn whatever the chart shows."""
    return [snap.run_id, snap.step, 1] if chosen else [snap.run_id, snap.step]


class Feed:
    """Streams `builders` of one panel: {chart key: (builder, height px)}, rebuilt at each new
    snapshot of `run` while it runs, at most once a `period` (s).

    Each build is a numbered file, <token>.<seq>.json, and the next one's file exists already,
    holding {} until it is built; <token>.json names the latest build. The browser reads the next
    build's file a few times per refresh period (one small request, no error while it waits) and
    gets a figure within a fetch interval of its build; it reads <token>.json to start or to
    catch up.
    """

    KEEP = 10         # numbered builds kept: a browser a second behind still finds the next one
    CHECK = 0.01      # s between looks at the run's snapshot

    def __init__(self, run: TrainingRun):
        self.run = run
        self.token = secrets.token_urlsafe(16)
        self.builders: dict[str, tuple[Builder, int | None]] = {}
        self.period = 0.1
        self.published = 0           # the last file's seq
        self.costs: list[tuple[float, float]] = []   # (wall, CPU) ms of the last publishes
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def file(self, seq: int | None = None) -> Path:
        """Build `seq`'s file, or without a seq the file that names the latest build."""
        return feed_folder() / (f"{self.token}.json" if seq is None else f"{self.token}.{seq}.json")

    def follow(self, period: float) -> dict:
        """What a chart needs to follow this feed: the URLs of the latest seq and of the builds
        ({seq} stands for the number), and how often to look (ms)."""
        folder = _folder_url()
        return {"latest": f"{folder}/{self.file().name}", "builds": f"{folder}/{self.token}.{{seq}}.json",
                "period_ms": round(1000 * min(period, 0.1) / 2)}

    def stream(self, builders: dict[str, tuple[Builder, int | None]], period: float) -> None:
        """Stream these builders from now on (the page's latest closures), starting the thread
        if the run trains and none is streaming."""
        self.builders, self.period = dict(builders), period
        if self.run.status == Status.RUNNING and not (self._thread and self._thread.is_alive()):
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="live-feed", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Stop streaming and remove the files."""
        self._stop.set()
        if self._thread and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._clear()

    def publish(self, snap: Snapshot) -> None:
        """Build every chart from `snap` into the next numbered file (renamed into place whole)."""
        wall, cpu = time.perf_counter(), time.thread_time()
        charts = {}
        for key, (builder, height) in list(self.builders.items()):
            try:
                charts[key] = chart_message(figure_payload(builder(snap), height=height), key, height,
                                            stamp(snap))
            except Exception:  # a figure that cannot be drawn keeps its last good frame
                _LOG.exception("live feed: building %s failed", key)
        seq = self.published + 1
        _write(self.file(seq + 1), "{}")  # first: a browser that has this build asks for the next at once
        _write(self.file(seq), json.dumps({"seq": seq, "charts": charts}, separators=(",", ":")))
        _write(self.file(), json.dumps({"seq": seq}))
        self.published = seq
        self._remove([seq - self.KEEP])
        self.costs = self.costs[-99:] + [((time.perf_counter() - wall) * 1e3, (time.thread_time() - cpu) * 1e3)]

    def _remove(self, seqs) -> None:
        for seq in seqs:
            self.file(seq).unlink(missing_ok=True)

    def _clear(self) -> None:
        self.file().unlink(missing_ok=True)
        self._remove(range(max(1, self.published - self.KEEP), self.published + 2))

    def _loop(self) -> None:
        last, due = None, 0.0
        while not self._stop.is_set() and self.run.status == Status.RUNNING:
            snap, now = self.run.snapshot, time.monotonic()
            if snap is not last and now >= due:
                self.publish(snap)
                last, due = snap, now + 0.8 * self.period  # each 10 Hz snapshot at a 0.1 s refresh
            self._stop.wait(self.CHECK)
        self._clear()  # the panel's rerun at the run's end draws the final figures


def _write(path: Path, text: str) -> None:
    """Replace `path` in one step: a reader gets the old file or the new one, never half of it."""
    part = path.with_suffix(".part")
    part.write_text(text)
    os.replace(part, path)
