"""The live feed: while a run trains and someone listens, each new snapshot is built once and
handed to every listener in order; a new listener gets the latest build first; a failing builder
is skipped; nothing is built for a paused run or with nobody listening."""
import json
import threading

import numpy as np
import pytest

from dl_engine.training.run import Status, TrainingRun
from dl_engine.ui import live
from dl_engine.ui.live_feed import Feed
from dl_engine.viz.payload import decode_array
from dl_engine.viz.spec import Chart, Line
from tests.unit.tiny_experiment import Tiny


def weight_figure(snap) -> Chart:
    w = snap.visuals["weight0"].ravel()
    return Chart(title=f"step {snap.step}", height=300, marks=[Line(x=np.arange(len(w)), y=w)])


def failing(snap) -> Chart:
    raise ValueError("cannot draw this one")


class Heard:
    """A listener that records what it hears and lets a test wait for the n-th build (by count,
    not by time)."""

    def __init__(self):
        self.builds: list[tuple[int, dict | None]] = []
        self._changed = threading.Condition()

    def __call__(self, seq, charts) -> None:
        with self._changed:
            self.builds.append((seq, charts))
            self._changed.notify_all()

    def wait_for(self, n: int) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.builds) >= n, timeout=30), self.builds

    def steps(self) -> list[int]:
        return [json.loads(charts["weights"])["stamp"][1] for _, charts in self.builds if charts]


@pytest.fixture
def run():
    run = TrainingRun(Tiny, (0.1, "sgd"), seed=0, device="cpu", snapshot_hz=20)
    yield run
    run.stop()


def test_a_build_holds_each_chart_message_and_skips_a_failing_builder(run):
    feed, heard = Feed(run), Heard()
    feed.builders = {"weights": (weight_figure, None), "broken": (failing, None)}
    feed.subscribe(heard)
    run.step(1)
    feed.publish(run.snapshot)
    seq, charts = heard.builds[-1]
    assert seq == feed.published == 1 and list(charts) == ["weights"]
    chart = json.loads(charts["weights"])
    assert chart["stamp"] == [run.snapshot.run_id, run.snapshot.step]
    assert chart["figure"]["layout"]["title"]["text"] == f"step {run.snapshot.step}"
    assert chart["renderer"] == "canvas" and chart["height"] == feed.heights["weights"] == 300
    assert len(decode_array(chart["figure"]["data"][0]["y"])) == 16


def test_a_new_listener_gets_the_latest_build_first(run):
    feed, first, late = Feed(run), Heard(), Heard()
    feed.builders = {"weights": (weight_figure, None)}
    feed.subscribe(first)
    for _ in range(3):
        run.step(1)
        feed.publish(run.snapshot)
    feed.subscribe(late)
    assert late.builds == [(3, first.builds[-1][1])], "the latest build, at once, numbered as it was"


def test_a_running_feed_builds_each_new_snapshot_once_in_order(run):
    feed, heard = Feed(run), Heard()
    feed.subscribe(heard)
    run.start()
    feed.stream({"weights": (weight_figure, None)})
    heard.wait_for(6)
    run.pause()
    feed.close()
    steps = heard.steps()
    assert steps == sorted(set(steps)), "every build is of a newer snapshot, delivered in order"
    assert [seq for seq, _ in heard.builds[:-1]] == list(range(1, len(heard.builds))), "seq counts builds"
    assert heard.builds[-1] == (0, None), "closing says so to every listener"


def test_nothing_is_built_with_nobody_listening_or_for_a_paused_run(run):
    feed, heard = Feed(run), Heard()
    built = []
    publish = feed.publish
    feed.publish = lambda snap: (built.append(snap.step), publish(snap))
    run.start()
    feed.stream({"weights": (weight_figure, None)})
    run.step(2)                      # pauses the thread: a new snapshot, nobody listening
    assert built == [] and run.status != Status.RUNNING
    feed.subscribe(heard)            # listening, but the run does not train
    run.step(1)
    assert built == []
    run.start()                      # trains and is listened to: builds go on
    feed.stream({"weights": (weight_figure, None)})
    heard.wait_for(2)
    feed.unsubscribe(heard)
    run.pause()
    feed.close()
    assert feed._thread is None or not feed._thread.is_alive()


def test_a_closed_feed_tells_a_late_listener_at_once(run):
    feed, heard = Feed(run), Heard()
    feed.close()
    feed.subscribe(heard)
    assert heard.builds == [(0, None)]


def test_per_snapshot_computes_once_per_snapshot(run):
    calls = []
    shared = live.per_snapshot(lambda s: calls.append(s.step) or s.step * 2)
    run.step(3)
    first = run.snapshot
    assert shared(first) == shared(first) == 6
    run.step(1)
    assert shared(run.snapshot) == 8
    assert calls == [3, 4]


def test_a_builder_needs_a_live_panel_to_draw_from():
    with pytest.raises(TypeError, match="live_panel"):
        live.live_figure(weight_figure, key="k")


def test_the_run_notifies_each_new_snapshot(run):
    seen = []
    waiter_ready = threading.Event()

    def wait_for_next():
        before = run.snapshot
        with run.published:
            waiter_ready.set()
            run.published.wait_for(lambda: run.snapshot is not before, timeout=30)
        seen.append(run.snapshot.step)

    waiter = threading.Thread(target=wait_for_next)
    waiter.start()
    waiter_ready.wait()
    run.step(1)
    waiter.join(timeout=30)
    assert seen == [1]
