"""Badges, the bounds watch and the divergence post-mortem."""
import math


from dl_engine.training import gradient_health as gh
from dl_engine.training.deep_net import PRESETS, DeepNetExperiment, diagnose
from dl_engine.training.run import TrainingRun


def test_badge_rule_relative_to_the_output_layer():
    norms = {"a": 1e-5, "b": 0.05, "c": 30.0, "d": 2e3, "e": math.nan, "out": 0.1}
    assert gh.badges(norms) == {"a": "vanishing", "b": "healthy", "c": "exploding", "d": "exploding",
                                "e": "exploding", "out": "healthy"}
    assert gh.badge(0.0, 0.0) == "vanishing"  # no gradient at all (zeros init)
    assert gh.badges({}) == {}


def test_summarise_groups_runs_of_layers():
    badges = {"l1": "vanishing", "l2": "vanishing", "l3": "healthy", "out": "healthy"}
    assert gh.summarise(badges) == [("vanishing", "l1 – l2"), ("healthy", "l3 – out")]
    assert gh.summarise({"x": "exploding"}, str.upper) == [("exploding", "X")]


def test_watch_keeps_the_first_step_and_the_layer_nearest_the_output():
    watch = gh.BoundsWatch(bound=100.0)
    watch.observe(1, {"l1": 5.0, "l2": 3.0, "out": 1.0})
    assert watch.first is None
    # step 2: l1 and l2 both over the bound; backprop reaches l2 first
    watch.observe(2, {"l1": 5e3, "l2": 400.0, "out": 2.0})
    watch.observe(3, {"l1": math.inf, "l2": math.nan, "out": 1e9})
    assert watch.first == gh.Exceedance(step=2, layer="l2", norm=400.0, layers_over=2)


def test_post_mortem_names_step_layer_and_the_fixes_not_yet_used():
    watch = gh.BoundsWatch()
    watch.observe(4, {"blocks.0.linear": 1.0, "blocks.1.linear": 5e4, "head": 3.0})
    report = gh.post_mortem(6, "blocks.0.linear", watch, already_on=("gradient clipping",))
    assert report.first.layer == "blocks.1.linear" and report.first.step == 4
    assert not any(f.startswith("gradient clipping") for f in report.fixes)
    text = report.summary(lambda name: name.upper())
    assert "Step 4" in text and "BLOCKS.1.LINEAR" in text and "Step 6" in text and "BLOCKS.0.LINEAR" in text
    assert "L2" in text and "learning rate" in text


def test_diagnose_a_real_divergence():
    run = TrainingRun(DeepNetExperiment, PRESETS["Exploding: large random init"].config, seed=0)
    assert diagnose(run) is None
    run.step(5)
    report = diagnose(run)
    assert report is not None and report.diverged_step == run.snapshot.step
    first = report.first
    assert first.step < report.diverged_step and first.norm > gh.EXPLODE_BOUND
    assert first.layer in run.experiment.linear_names
    assert any(f.startswith("gradient clipping") for f in report.fixes)
