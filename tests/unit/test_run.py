"""TrainingRun: determinism, the thread's lifecycle, limits, divergence and bounded output."""
import time

import numpy as np
import pytest

from dl_engine.training.limits import RunSlots
from dl_engine.training.run import Status, StopCondition, TrainingRun
from tests.unit.tiny_experiment import Broken, NanFirstLayer, Tiny


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


def test_same_seed_same_curves_and_different_seed_differs():
    a = TrainingRun(Tiny, (0.1, "sgd"), seed=3).step(40)
    b = TrainingRun(Tiny, (0.1, "sgd"), seed=3).step(40)
    c = TrainingRun(Tiny, (0.1, "sgd"), seed=4).step(40)
    assert a.metrics == b.metrics
    np.testing.assert_array_equal(a.visuals["weight0"], b.visuals["weight0"])
    assert a.metrics != c.metrics


def test_step_counts_epochs_and_records_history_and_probes():
    run = TrainingRun(Tiny, (0.1, "adam"), seed=0)
    assert run.snapshot.step == 0 and run.status == Status.IDLE
    snap = run.step(8)
    assert snap.step == 8 and snap.epoch == 2.0
    assert snap.status == Status.PAUSED
    assert list(snap.history["step"]) == [0.0, 8.0]
    assert set(snap.grad_norms) == {"0", "2"}
    assert snap.history["grad_norm/0"][-1] > 0
    assert snap.visuals["activations"]["0"].shape == (10, 8)


def test_training_lowers_the_loss():
    run = TrainingRun(Tiny, (0.05, "adam"), seed=0)
    first = run.snapshot.metrics["train_loss"]
    assert run.step(200).metrics["train_loss"] < first * 0.7


def test_thread_start_pause_resume_stop():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0)
    assert run.start()
    wait_until(lambda: run.snapshot.step > 20)
    run.pause()
    assert run.status == Status.PAUSED
    paused_at = run.steps
    time.sleep(0.2)
    assert run.steps == paused_at, "a paused run must not step"
    run.resume()
    wait_until(lambda: run.steps > paused_at + 20)
    run.stop()
    assert not run.alive
    stopped_at = run.steps
    time.sleep(0.1)
    assert run.steps == stopped_at


def test_step_while_running_pauses_first_then_steps_exactly():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0)
    run.start()
    wait_until(lambda: run.steps > 5)
    snap = run.step(3)
    assert snap.step == run.steps and run.status == Status.PAUSED
    assert run.step(1).step == snap.step + 1


def test_reset_returns_to_step_zero_with_the_same_initial_state():
    run = TrainingRun(Tiny, (0.1, "sgd"), seed=1)
    initial = run.snapshot.visuals["weight0"]
    run.step(10)
    run.reset()
    assert run.snapshot.step == 0 and run.status == Status.IDLE
    np.testing.assert_array_equal(run.snapshot.visuals["weight0"], initial)
    run.reset(seed=2)
    assert not np.array_equal(run.snapshot.visuals["weight0"], initial)


def test_epoch_budget_finishes_the_run():
    run = TrainingRun(Tiny, (0.1, "sgd"), seed=0, stop=StopCondition(max_epochs=5))
    run.start()
    run.wait()
    assert run.status == Status.FINISHED and run.snapshot.step == 20
    assert "epoch budget" in run.snapshot.message


def test_target_loss_finishes_the_run():
    run = TrainingRun(Tiny, (0.05, "adam"), seed=0, stop=StopCondition(target_loss=0.5))
    run.start()
    run.wait()
    assert run.status == Status.FINISHED
    assert run.snapshot.metrics["train_loss"] <= 0.5


def test_snapshots_are_published_at_a_bounded_rate():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0, snapshot_hz=10)
    seen = set()
    run.start()
    t0 = time.monotonic()
    while time.monotonic() - t0 < 1.0:
        seen.add(id(run.snapshot))
        time.sleep(0.002)
    run.stop()
    assert run.steps > 50, "the thread should train much faster than it publishes"
    assert 3 <= len(seen) <= 14


def test_history_stays_bounded():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0, max_history=50)
    for _ in range(300):
        run.step(1)
    h = run.snapshot.history
    assert len(h["step"]) <= 50
    assert h["step"][0] == 0 and h["step"][-1] == 300


def test_divergence_names_step_and_layer_and_keeps_last_good_state():
    run = TrainingRun(NanFirstLayer, (0.1, "sgd"), seed=0)
    run.step(2)
    good = run.snapshot
    run.start()
    run.wait()
    snap = run.snapshot
    assert snap.status == Status.DIVERGED
    assert snap.step == 3 and "step 3" in snap.message
    assert snap.diverged_layer == "0" and "layer '0'" in snap.message
    np.testing.assert_array_equal(snap.visuals["weight0"], good.visuals["weight0"])
    assert not run.start(), "a diverged run must be reset before it trains again"
    run.reset()
    assert run.status == Status.IDLE


def test_an_infinite_loss_is_divergence_too():
    run = TrainingRun(Tiny, (1e38, "sgd"), seed=0)
    run.start()
    run.wait()
    assert run.status == Status.DIVERGED and "loss became NaN/Inf" in run.snapshot.message


def test_an_exception_ends_in_error_status_with_its_message():
    run = TrainingRun(Broken, (0.1, "sgd"), seed=0)
    run.start()
    run.wait()
    assert run.status == Status.ERROR and "boom" in run.snapshot.message


def test_idle_watchdog_pauses_a_forgotten_run():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0, idle_timeout=0.3)
    run.start()
    run.wait(5)
    assert not run.alive and run.status == Status.PAUSED
    assert "nobody has watched" in run.snapshot.message


def test_disconnect_grace_shortens_the_deadline_and_touch_restores_it():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0, idle_timeout=60, disconnect_grace=0.2)
    run.start()
    run.disconnected()
    run.wait(5)
    assert run.status == Status.PAUSED
    run.touch()
    run.resume()
    time.sleep(0.4)
    assert run.alive and run.status == Status.RUNNING


def test_process_wide_cap_makes_extra_runs_wait_and_a_paused_run_holds_no_slot():
    slots = RunSlots(capacity=1)
    a = TrainingRun(Tiny, (0.01, "sgd"), seed=0, slots=slots)
    b = TrainingRun(Tiny, (0.01, "sgd"), seed=0, slots=slots)
    assert a.start()
    assert not b.start() and b.status == Status.QUEUED and not b.alive
    b.pause()
    assert b.status == Status.IDLE and slots.waiting == 0
    a.pause()
    assert not a.alive and slots.in_use == 0, "a paused run holds no thread and no slot"
    assert b.start()
    assert not a.start() and a.status == Status.QUEUED
    a.stop()
    b.stop()
    assert slots.in_use == 0 and slots.waiting == 0


def test_speed_limit_throttles_steps():
    run = TrainingRun(Tiny, (0.01, "sgd"), seed=0)
    run.set_speed(20)
    run.start()
    time.sleep(0.5)
    run.stop()
    assert run.steps <= 15


@pytest.mark.parametrize("bad", ["gpu9", "tpu"])
def test_unknown_device_is_refused_clearly(bad):
    with pytest.raises(ValueError, match="not available"):
        TrainingRun(Tiny, (0.1, "sgd"), device=bad)


class SlowToEvaluate(Tiny):
    """Tiny with a held-out evaluation every 0.3 s, counting its evaluations."""
    evaluate_every = 0.3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluations = 0

    def evaluate(self):
        self.evaluations += 1
        return super().evaluate()


def test_snapshots_between_evaluations_keep_the_metrics_and_leave_gaps_in_the_history():
    run = TrainingRun(SlowToEvaluate, (0.01, "sgd"), seed=0, snapshot_hz=20)
    run.start()
    wait_until(lambda: len(run.snapshot.history["step"]) >= 12)
    run.pause()
    exp, history = run.experiment, run.snapshot.history
    evaluated = np.isfinite(history["train_loss"])
    assert np.isfinite(history["loss"][1:]).all(), "every snapshot has the training loss of its steps"
    assert 2 <= evaluated.sum() < len(evaluated) / 2, "the held-out metrics come about every 0.3 s"
    assert exp.evaluations == evaluated.sum(), "each evaluation is one history row"
    assert evaluated[-1], "pausing evaluates the final weights"
    assert run.snapshot.metrics["train_loss"] == history["train_loss"][-1]


def snapshots_per_second(run: TrainingRun, seconds: float) -> float:
    """Snapshots `run` publishes per second while training, over `seconds` after a short start."""
    run.start()
    time.sleep(0.4)
    before, t0 = len(run.snapshot.history["step"]), time.monotonic()
    time.sleep(seconds)
    published = (len(run.snapshot.history["step"]) - before) / (time.monotonic() - t0)
    run.stop()
    return published


def test_snapshots_come_on_a_fixed_beat_even_when_each_takes_time():
    class SlowSnapshots(Tiny):
        def visuals(self, probe):
            time.sleep(0.03)   # a costly snapshot: 30 ms of each 50 ms beat
            return super().visuals(probe)

    published = snapshots_per_second(TrainingRun(SlowSnapshots, (0.01, "sgd"), seed=0, snapshot_hz=20), 1.5)
    assert published > 14, f"{published:.1f} snapshots/s: the beat should not wait out each snapshot's cost"


def test_a_slow_step_is_not_pushed_a_whole_step_past_the_beat():
    class SlowSteps(Tiny):
        def next_batch(self):
            time.sleep(0.07)   # a 70 ms step, as seq2seq's on a busy CPU
            return super().next_batch()

    published = snapshots_per_second(TrainingRun(SlowSteps, (0.01, "sgd"), seed=0, snapshot_hz=10), 2.0)
    assert published > 9, f"{published:.1f} snapshots/s: the step ending past each beat should be its snapshot"


class Recording(Tiny):
    """Tiny that remembers the loss of every step it takes."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.losses = []

    def train_step(self, probe):
        result = super().train_step(probe)
        self.losses.append(result.loss)
        return result


def test_a_snapshots_training_loss_is_the_mean_of_its_steps_losses():
    # step(n) takes n − 1 steps in chunks and the last one alone: the snapshot's "loss" is the mean
    # over both kinds, exactly the mean of the n losses (as np.mean of them all gives it)
    run = TrainingRun(Recording, (0.1, "sgd"), seed=0)
    run.step(9)
    first = list(run.experiment.losses)
    assert len(first) == 9 and run.snapshot.history["loss"][-1] == np.mean(first)
    run.step(5)
    assert run.snapshot.history["loss"][-1] == np.mean(run.experiment.losses[9:]), "only the steps since the last"
