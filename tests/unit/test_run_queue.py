"""The run cap's line: runs over the cap wait in order, show their place and start by themselves.

A slot is handed on in the thread that frees it, before that thread ends: after pause() or wait()
of the run ahead returns, the next run already trains, so these tests need no polling or sleeps.
"""
import gc
import threading
import weakref

import pytest

from dl_engine.training.limits import RunSlots
from dl_engine.training.run import Status, StopCondition, TrainingRun, _ordinal
from tests.unit.tiny_experiment import Broken, NanFirstLayer, Tiny


class Meter:
    """Counts the runs inside a training step at once (the most ever seen) and signals steps."""

    def __init__(self):
        self.lock, self.active, self.most = threading.Lock(), 0, 0
        self.stepped: dict[int, threading.Event] = {}

    def wrap(self, cls, name: str):
        meter = self
        self.stepped[name] = event = threading.Event()

        class Counted(cls):
            def train_step(self, probe):
                with meter.lock:
                    meter.active += 1
                    meter.most = max(meter.most, meter.active)
                try:
                    return super().train_step(probe)
                finally:
                    with meter.lock:
                        meter.active -= 1
                    event.set()
        return Counted


def make(slots, meter=None, name="", cls=Tiny, **options) -> TrainingRun:
    factory = meter.wrap(cls, name) if meter else cls
    return TrainingRun(factory, (0.01, "sgd"), seed=0, slots=slots, **options)


def place(run) -> str:
    return run.snapshot.message.split(": ", 1)[1].split(" in line")[0]


def test_runs_over_the_cap_wait_in_order_and_show_their_place():
    slots = RunSlots(1)
    a, b, c = (make(slots) for _ in range(3))
    assert a.start()
    assert not b.start() and not c.start()
    assert (b.status, c.status) == (Status.QUEUED, Status.QUEUED)
    assert b.snapshot.status == Status.QUEUED and not b.alive and not c.alive
    assert (slots.position(b), slots.position(c)) == (1, 2)
    assert b.snapshot.message == ("Waiting for a free training slot: 1st in line (1 run is training). "
                                  "It starts by itself.")
    assert place(c) == "2nd"
    assert not c.start() and slots.position(c) == 2, "pressing Train again keeps its place"


def test_pausing_the_training_run_starts_the_next_and_moves_the_line_up():
    meter, slots = Meter(), RunSlots(1)
    a, b, c = (make(slots, meter, name) for name in "abc")
    a.start(), b.start(), c.start()
    a.pause()
    assert a.status == Status.PAUSED and b.status == Status.RUNNING and b.alive
    assert meter.stepped["b"].wait(10), "b trains without anyone pressing Train"
    assert c.status == Status.QUEUED and place(c) == "1st" and slots.position(c) == 1
    b.stop()
    assert c.alive and c.status == Status.RUNNING
    c.stop()
    assert slots.in_use == 0 and meter.most == 1


@pytest.mark.parametrize("leave", ["pause", "stop", "reset", "step", "disconnected"])
def test_a_waiting_run_that_leaves_the_line_holds_no_place(leave):
    slots = RunSlots(1)
    a, b, c = (make(slots) for _ in range(3))
    a.start(), b.start(), c.start()
    getattr(b, leave)()
    assert b.status in (Status.IDLE, Status.PAUSED) and not b.alive
    assert slots.position(b) is None and slots.position(c) == 1
    assert place(c) == "1st", "the runs behind are told their new place"
    a.pause()
    assert c.alive and not b.alive


def test_a_run_that_left_the_line_goes_back_to_its_end():
    slots = RunSlots(1)
    a, b, c = (make(slots) for _ in range(3))
    a.start(), b.start(), c.start()
    b.pause()
    assert b.status == Status.IDLE and "Left the line" in b.snapshot.message
    b.start()
    assert (slots.position(c), slots.position(b)) == (1, 2)


@pytest.mark.parametrize("cls, ends", [(NanFirstLayer, Status.DIVERGED), (Broken, Status.ERROR),
                                       (Tiny, Status.FINISHED)])
def test_a_run_that_ends_by_itself_hands_its_slot_on(cls, ends):
    slots = RunSlots(1)
    a = make(slots, cls=cls, stop=StopCondition(max_epochs=5))
    b = make(slots)
    a.start(), b.start()
    a.wait()
    assert a.status == ends
    assert b.status == Status.RUNNING and b.alive and slots.position(b) is None


def test_a_garbage_collected_waiting_run_does_not_hold_back_the_line():
    slots = RunSlots(1)
    a, b, c = (make(slots) for _ in range(3))
    a.start(), b.start(), c.start()
    gone = weakref.ref(b)
    del b
    gc.collect()
    assert gone() is None
    assert slots.position(c) == 1 and slots.waiting == 1
    c.touch()
    assert place(c) == "1st", "a watched waiting run's place is refreshed"
    a.pause()
    assert c.alive and slots.in_use == 1


def test_a_forgotten_waiting_run_is_skipped_when_its_turn_comes():
    slots = RunSlots(1)
    a = make(slots)
    b = make(slots, idle_timeout=-1.0)   # its deadline has passed by the time a slot frees
    c = make(slots)
    a.start(), b.start(), c.start()
    a.pause()
    assert b.status == Status.PAUSED and "nobody has watched" in b.snapshot.message and not b.alive
    assert c.alive and slots.in_use == 1


def test_chained_hand_offs_never_train_more_runs_than_the_cap():
    meter, slots = Meter(), RunSlots(2)
    runs = [make(slots, meter, str(i), stop=StopCondition(max_epochs=25)) for i in range(6)]
    started = [run.start() for run in runs]
    assert started == [True, True, False, False, False, False]
    for run in runs:  # run k starts before run k-2's thread ends: wait() finds its thread
        run.wait()
        assert run.status == Status.FINISHED
    assert meter.most == 2 and slots.in_use == 0 and slots.waiting == 0


def test_racing_controllers_never_exceed_the_cap_and_leave_nothing_held():
    meter, slots = Meter(), RunSlots(2)
    runs = [make(slots, meter, str(i)) for i in range(5)]
    go = threading.Event()

    def press(run):  # one controller per run, as each run belongs to one browser session
        go.wait()
        for i in range(40):
            run.start() if i % 2 == 0 else run.pause()
    threads = [threading.Thread(target=press, args=(run,)) for run in runs]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join()
    for run in runs:
        run.stop()
    assert meter.most <= 2
    assert slots.in_use == 0 and slots.waiting == 0
    assert all(not run.alive and run.status != Status.QUEUED for run in runs)


def test_run_slots_alone_still_cap_without_a_line():
    slots, a, b = RunSlots(1), object(), object()
    assert slots.acquire(a) and slots.acquire(a) and not slots.acquire(b)
    slots.release(a)
    assert slots.acquire(b) and slots.in_use == 1 and slots.waiting == 0


def test_ordinals():
    assert [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
