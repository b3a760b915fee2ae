"""The pacer keeps a chosen speed without bursts; the speed meter reads steadily."""
import pytest

from dl_engine.training.pace import Pacer, RateMeter
from dl_engine.training.run import TrainingRun
from tests.unit.tiny_experiment import Tiny


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def take_allowed(pacer, steps, rate):
    n = max(0, pacer.allowed(steps, rate))
    return steps + n


def test_pacer_allows_rate_times_elapsed_steps():
    clock = Clock()
    pacer, steps = Pacer(clock), 0
    for _ in range(100):                    # 10 s in 0.1 s ticks at 20 steps/s
        steps = take_allowed(pacer, steps, 20.0)
        clock.now += 0.1
    assert steps == pytest.approx(198, abs=1)


def test_pacer_owes_nothing_for_a_stall():
    clock = Clock()
    pacer = Pacer(clock)
    steps = take_allowed(pacer, 0, 100.0)
    clock.now += 30.0                       # the machine was busy for 30 s
    assert pacer.allowed(steps, 100.0) <= 25, "a quarter second's steps at most, not 3,000 at once"


def test_pacer_counts_afresh_after_a_change_of_speed_or_a_restart():
    clock = Clock()
    pacer = Pacer(clock)
    pacer.allowed(0, 1000.0)
    clock.now += 0.1
    assert pacer.allowed(0, 10.0) == 0, "the new pace counts from when it was chosen"
    clock.now += 0.2
    assert pacer.allowed(0, 10.0) == 2
    pacer.restart()
    clock.now += 5
    assert pacer.allowed(2, 10.0) == 0


def test_rate_meter_is_steady_when_chunks_are_uneven():
    clock = Clock()
    meter, steps, rates = RateMeter(window=1.0, clock=clock), 0, []
    for i in range(50):                     # 1000 steps/s, arriving as 0, 200, 0, 200, … per 0.1 s
        steps += 200 if i % 2 else 0
        clock.now += 0.1
        rates.append(meter.add(steps))
    assert all(abs(r - 1000) <= 120 for r in rates[15:]), rates[15:]


def test_rate_meter_starts_at_zero_and_forgets_on_restart():
    clock = Clock()
    meter = RateMeter(clock=clock)
    assert meter.add(0) == 0.0
    clock.now += 1
    assert meter.add(50) == pytest.approx(50)
    meter.restart()
    assert meter.add(50) == 0.0


def test_a_paced_run_takes_the_steps_its_clock_allows_and_no_more():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0)
    clock = Clock()
    run._pacer = Pacer(clock)       # the loop reads its pace's time through the pacer only
    run.set_speed(40.0)
    run.start()
    try:
        for expected in (8, 16):
            clock.now += 0.2                               # 8 more steps owed at 40 steps/s
            for _ in range(500):
                if run.steps >= expected:
                    break
                run._halt.wait(0.01)
            run._halt.wait(0.1)                            # time stands still: nothing more is owed
            assert run.steps == expected
    finally:
        run.stop()
