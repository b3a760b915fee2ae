"""The timeline keeps about `capacity` snapshots spread over the whole run, in step order."""
from dataclasses import dataclass

import pytest
from hypothesis import given, strategies as st

from dl_engine.training.run import TrainingRun
from dl_engine.training.timeline import Timeline
from tests.unit.tiny_experiment import Tiny


@dataclass(frozen=True)
class Snap:
    step: int
    tag: str = ""


@given(st.lists(st.integers(0, 50), min_size=1, max_size=400), st.integers(2, 50))
def test_a_timeline_is_bounded_ordered_and_spans_the_run(gaps, capacity):
    timeline, step = Timeline(capacity), 0
    for gap in gaps:
        step += gap
        timeline.add(Snap(step))
    steps = timeline.steps
    assert 1 <= len(steps) <= capacity
    assert steps == sorted(set(steps)), "strictly increasing"
    assert steps[0] == gaps[0], "the run's first moment stays"
    assert step - steps[-1] < 2 * max(1, (steps[-1] - steps[0]) / max(1, len(steps) - 1)) + max(gaps), \
        "the latest moments are kept"


def test_the_kept_steps_are_evenly_spread_once_thinned():
    timeline = Timeline(10)
    for step in range(0, 1000, 10):
        timeline.add(Snap(step))
    gaps = {b - a for a, b in zip(timeline.steps, timeline.steps[1:])}
    assert len(gaps) == 1, timeline.steps


def test_a_later_snapshot_of_the_same_step_replaces_the_earlier():
    timeline = Timeline(5)
    timeline.add(Snap(3, "training"))
    timeline.add(Snap(3, "paused"))
    assert len(timeline) == 1 and timeline.at(3).tag == "paused"


def test_at_finds_the_latest_kept_snapshot_not_after_the_step():
    timeline = Timeline(5)
    for step in (0, 10, 20):
        timeline.add(Snap(step))
    assert [timeline.at(s).step for s in (0, 5, 10, 19, 25, -3)] == [0, 0, 10, 10, 20, 0]
    with pytest.raises(ValueError):
        timeline.add(Snap(15))


def test_a_run_keeps_its_snapshots_and_a_reset_forgets_them():
    run = TrainingRun(Tiny, (0.1, "sgd"), seed=0)
    losses = {}
    for _ in range(5):
        snap = run.step(3)
        losses[snap.step] = snap.metrics["train_loss"]
    assert run.timeline.steps == [0, 3, 6, 9, 12, 15]
    assert all(run.timeline.at(s).metrics["train_loss"] == loss for s, loss in losses.items())
    assert run.timeline.at(6).history["step"][-1] == 6, "a saved snapshot carries the curves up to its step"
    run.reset()
    assert run.timeline.steps == [0]
