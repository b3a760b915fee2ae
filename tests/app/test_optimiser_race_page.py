"""AppTest: the optimiser race loads, its presets set their settings, it trains and draws, and a
bad link value is a warning."""
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.presets.optimiser_race import PRESETS
from dl_engine.training.race_experiment import RaceConfig
from tests.app.test_attention_pages import renderers, tree_text

ROOT = Path(__file__).resolve().parents[2]
PAGE = "optimiser_race"


def load(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / "optimiser_race.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_page_loads_with_the_defaults_and_draws_both_charts():
    at = load()
    assert not at.exception and not at.error
    run = at.session_state[f"{PAGE}.run"]
    assert run.config == RaceConfig()
    assert renderers(at) == {f"{PAGE}.paths": "canvas", f"{PAGE}.losses": "canvas"}
    assert any("Adam" in el.value and r"\beta_1" in el.value for el in at.get("latex"))


def test_a_preset_sets_its_settings_and_a_link_names_one():
    at = load()
    at.selectbox(key=f"{PAGE}.preset").set_value("adagrad-stalls").run()
    assert not at.exception
    run = at.session_state[f"{PAGE}.run"]
    assert run.config == PRESETS["adagrad-stalls"].config
    assert at.query_params["surface"] in ("plateau", ["plateau"])
    linked = load(preset="saddle-escape")
    assert linked.session_state[f"{PAGE}.run"].config == PRESETS["saddle-escape"].config


def test_step_and_train_move_the_racers_and_the_equations_follow():
    at = load(preset="momentum-valley")
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+10").click().run()
    assert not at.exception and run.steps == 10
    assert all(len(p) == 11 for p in run.snapshot.visuals["paths"].values())
    assert "paths at step 10" in tree_text(at)
    assert any(r"t = " not in el.value and "Momentum" in el.value and "b = " in el.value for el in at.get("latex"))
    at.button(key=f"{PAGE}.train").click().run()
    time.sleep(1.0)
    at.run()
    at.button(key=f"{PAGE}.train").click().run()
    assert not at.exception and run.steps > 10


def test_a_diverging_racer_is_reported_and_a_bad_link_value_is_a_warning():
    at = load(preset="too-large-lr")
    at.button(key=f"{PAGE}.step.+100").click().run()
    assert not at.exception
    assert any("Diverged" in w.value and "SGD" in w.value for w in at.warning)
    bad = load(surface="moon", lr_adam="abc", racers="sgd,teleport")
    assert not bad.exception
    warnings = " ".join(w.value for w in bad.warning)
    assert "surface" in warnings and "lr_adam" in warnings and "racers" in warnings
    assert bad.session_state[f"{PAGE}.run"].config == RaceConfig()
