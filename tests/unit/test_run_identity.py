"""Run identity: every build of a run has an id no earlier build had, and its snapshots carry it,
so a chart can tell a new run's frames from a stale one's (never id(), which Python reuses)."""
from dl_engine.training.run import TrainingRun
from dl_engine.training.snapshot import new_run_id
from dl_engine.ui.live_feed import stamp
from tests.unit.tiny_experiment import Tiny


def test_ids_only_grow_and_stay_exact_in_javascript():
    ids = [new_run_id() for _ in range(1000)]
    assert ids == sorted(set(ids)), "unique and increasing"
    assert ids[-1] < 2 ** 53


def test_a_reset_or_a_new_config_gives_a_new_id_and_its_snapshots_carry_it():
    run = TrainingRun(Tiny, (0.1, "sgd"), seed=0)
    first = run.run_id
    run.step(5)
    assert run.snapshot.run_id == first and stamp(run.snapshot) == [first, 5]
    run.reset()
    assert run.run_id > first and run.snapshot.run_id == run.run_id
    assert stamp(run.snapshot) == [run.run_id, 0]
    before = run.run_id
    run.reset((0.3, "adam"))
    assert run.run_id > before


def test_a_new_run_object_at_a_reused_address_still_gets_a_new_id():
    seen = set()
    for _ in range(20):   # objects freed and made again often land at the same id()
        run = TrainingRun(Tiny, (0.1, "sgd"), seed=0)
        assert run.run_id not in seen
        seen.add(run.run_id)
        del run
