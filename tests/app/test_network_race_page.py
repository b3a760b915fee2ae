"""AppTest: the optimiser race on a network loads, its presets set their settings, it steps and
draws, the plane and projection show today's numbers, and bad settings are warnings in words."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.presets.network_race import PRESETS
from dl_engine.training.network_race_experiment import NetworkRaceConfig
from tests.app.test_attention_pages import renderers, tree_text

ROOT = Path(__file__).resolve().parents[2]
PAGE = "network_race"


def load(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / "network_race.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_page_loads_with_the_defaults_and_draws_both_charts_and_the_plane():
    at = load()
    assert not at.exception and not at.error
    assert at.session_state[f"{PAGE}.run"].config == NetworkRaceConfig()
    assert renderers(at) == {f"{PAGE}.slice": "canvas", f"{PAGE}.losses": "canvas"}
    latex = " ".join(el.value for el in at.get("latex"))
    assert r"\theta_0 + a\, d_1" in latex and r"\mathbb{R}^{114}" in latex and "D^\\top D" in latex
    assert "filter-normalised" in tree_text(at)


def test_a_preset_sets_its_settings_and_a_link_names_one():
    at = load()
    at.selectbox(key=f"{PAGE}.preset").set_value("adagrad-slows").run()
    assert not at.exception
    assert at.session_state[f"{PAGE}.run"].config == PRESETS["adagrad-slows"].config
    assert at.query_params["dataset"] in ("spiral", ["spiral"])
    linked = load(preset="sgd-too-large-lr")
    assert linked.session_state[f"{PAGE}.run"].config == PRESETS["sgd-too-large-lr"].config
    assert "the plane moves" in tree_text(linked).lower()


def test_step_moves_every_racer_and_the_projection_follows():
    at = load(preset="mini-batch")
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+10").click().run()
    assert not at.exception and run.steps == 10
    v = run.snapshot.visuals
    assert all(len(p) == 11 for p in v["paths"].values())
    assert "step 10" in tree_text(at) and "Mini-batches of 15 of the 150 training points: 10 steps" in tree_text(at)
    assert any("off}" in el.value and r"\text{Adam}" in el.value for el in at.get("latex"))


def test_bad_settings_are_warnings_in_words_not_tracebacks():
    too_big = load(batch="500")
    assert not too_big.exception
    assert any("more than the 150 training points" in el.value for el in [*too_big.error, *too_big.warning])
    bad = load(plane="sideways", lr_adam="abc", racers="sgd,teleport")
    assert not bad.exception
    warnings = " ".join(w.value for w in bad.warning)
    assert "plane" in warnings and "lr_adam" in warnings and "racers" in warnings
    assert bad.session_state[f"{PAGE}.run"].config == NetworkRaceConfig()
