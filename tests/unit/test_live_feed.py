"""The live feed: while a run trains it writes each new snapshot's figures as numbered files the
browser fetches; it keeps a few, survives a failing builder, and ends (files gone) with the run."""
import json
import time

import numpy as np
import pytest

from dl_engine.training.run import Status, TrainingRun
from dl_engine.ui import live
from dl_engine.ui.live_feed import Feed
from dl_engine.viz.payload import decode_array
from tests.unit.tiny_experiment import Tiny


def weight_figure(snap) -> dict:
    w = snap.visuals["weight0"].ravel()
    return {"data": [{"type": "scatter", "mode": "lines", "x": np.arange(len(w)), "y": w}],
            "layout": {"title": {"text": f"step {snap.step}"}, "height": 300}}


def failing(snap) -> dict:
    raise ValueError("cannot draw this one")


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def run():
    run = TrainingRun(Tiny, (0.1, "sgd"), seed=0, device="cpu", snapshot_hz=20)
    yield run
    run.stop()


def test_each_build_is_the_next_numbered_file_with_its_figures(run):
    feed = Feed(run)
    feed.builders = {"weights": (weight_figure, None), "broken": (failing, None)}
    for _ in range(Feed.KEEP + 3):
        run.step(1)
        feed.publish(run.snapshot)
    seq = feed.published
    assert json.loads(feed.file().read_text()) == {"seq": seq}, "the small file names the latest build"
    assert json.loads(feed.file(seq + 1).read_text()) == {}, "the next build's file waits, empty"
    message = json.loads(feed.file(seq).read_text())
    assert message["seq"] == seq
    assert list(message["charts"]) == ["weights"], "a failing builder is skipped, the others still publish"
    chart = message["charts"]["weights"]
    assert chart["stamp"] == [run.snapshot.run_id, run.snapshot.step]
    assert chart["figure"]["layout"]["title"]["text"] == f"step {run.snapshot.step}"
    assert chart["renderer"] == "canvas" and chart["height"] == 300 and chart["key"] == "weights"
    assert len(decode_array(chart["figure"]["data"][0]["y"])) == 16
    kept = [s for s in range(1, seq + 1) if feed.file(s).exists()]
    assert kept == list(range(seq - Feed.KEEP + 1, seq + 1)), "the last KEEP builds stay"
    feed.close()
    assert not list(feed.file().parent.glob(f"{feed.token}.*"))


def test_a_running_feed_builds_each_new_snapshot_once_in_order(run):
    feed = Feed(run)
    built, publish = [], feed.publish
    feed.publish = lambda snap: (built.append(snap.step), publish(snap))
    run.start()
    feed.stream({"weights": (weight_figure, None)}, period=0.05)
    wait_until(lambda: len(built) >= 6)
    run.pause()
    feed.close()
    assert built == sorted(set(built)), "every build is of a newer snapshot"


def test_the_feed_ends_with_the_run_and_leaves_no_file(run):
    feed = Feed(run)
    run.start()
    feed.stream({"weights": (weight_figure, None)}, period=0.05)
    wait_until(lambda: feed.published >= 2)
    run.pause()
    wait_until(lambda: not feed._thread.is_alive())
    published = feed.published
    time.sleep(0.2)
    assert feed.published == published, "nothing is built for a paused run"
    assert not list(feed.file().parent.glob(f"{feed.token}.*")), "the panel's last rerun draws the end"
    run.start()
    feed.stream({"weights": (weight_figure, None)}, period=0.05)
    wait_until(lambda: feed.published >= published + 2)  # resumed: the builds go on from there
    feed.close()
    assert not list(feed.file().parent.glob(f"{feed.token}.*"))


def test_a_feed_only_streams_a_running_run(run):
    feed = Feed(run)
    feed.stream({"weights": (weight_figure, None)}, period=0.05)
    time.sleep(0.2)
    assert run.status != Status.RUNNING and feed.published == 0


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


def test_the_feed_folder_goes_with_the_process():
    import subprocess
    import sys
    from pathlib import Path
    code = "from dl_engine.ui.live_feed import feed_folder; f = feed_folder(); (f / 'x.json').write_text('{}'); print(f)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    folder = Path(out.stdout.strip())
    assert folder.name.startswith("dl-live-feed-") and not folder.exists()


def test_folders_of_killed_servers_are_removed_when_a_server_makes_its_own(tmp_path):
    import os
    import subprocess
    import sys
    from dl_engine.ui.live_feed import FOLDER_PREFIX, remove_stale_folders
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)   # its pid names a process that has exited
    dead = tmp_path / f"{FOLDER_PREFIX}{gone.stdout.strip()}-abc"
    mine = tmp_path / f"{FOLDER_PREFIX}{os.getpid()}-def"
    alive = tmp_path / f"{FOLDER_PREFIX}1-ghi"            # pid 1 is always alive
    other = tmp_path / "something-else"
    for folder in (dead, mine, alive, other):
        folder.mkdir()
        (folder / "1.json").write_text("{}")
    assert remove_stale_folders(tmp_path) == [dead]
    assert not dead.exists() and mine.exists() and alive.exists() and other.exists()
