"""AppTest: the loss and activation bench loads, its presets set their settings, it steps and the
live figures follow, its static panels redraw on their widgets and refuse bad input in words, and
a bad link value is a warning."""
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.presets.activation_bench import PRESETS
from dl_engine.training.activation_bench_experiment import BenchConfig
from tests.app.test_attention_pages import renderers

ROOT = Path(__file__).resolve().parents[2]
PAGE = "loss_activation_bench"
VIEW = "loss_activation_bench_view"
LIVE = {f"{PAGE}.{name}": "canvas" for name in ("accuracy", "loss", "grad", "dead", "units")}


def load(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / "loss_activation_bench.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def plotly_titles(at: AppTest) -> list[str]:
    return [json.loads(el.proto.spec)["layout"]["title"]["text"] for el in at.get("plotly_chart")]


def test_the_page_loads_with_the_defaults_and_draws_every_chart():
    at = load()
    assert not at.exception and not at.error
    assert at.session_state[f"{PAGE}.run"].config == BenchConfig()
    assert renderers(at) == LIVE
    titles = plotly_titles(at)
    assert any("sigmoid" in t and "derivative" in t for t in titles)
    assert any("Regression losses" in t for t in titles) and any("softmax" in t for t in titles)
    assert any(r"\sigma(z)-y" in el.value for el in at.get("latex"))


def test_a_preset_sets_its_settings_and_a_link_names_one():
    at = load()
    at.selectbox(key=f"{PAGE}.preset").set_value("relu-dies").run()
    assert not at.exception
    assert at.session_state[f"{PAGE}.run"].config == PRESETS["relu-dies"].config
    assert at.query_params["net_lr"] in ("10.0", ["10.0"])
    linked = load(preset="leaky-survives")
    assert linked.session_state[f"{PAGE}.run"].config == PRESETS["leaky-survives"].config


def test_stepping_trains_both_copies_and_the_text_follows_the_snapshot():
    at = load(preset="saturated-start")
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+100").click().run()
    assert not at.exception and run.steps == 100
    m = run.snapshot.metrics
    assert m["ce_acc"] > 0.9 and m["mse_acc"] < 0.1
    assert any("Step 100." in el.value and f"{m['ce_acc']:.1%}" in el.value for el in at.markdown)
    assert len(run.snapshot.history["ce_acc"]) >= 2


def test_the_static_panels_redraw_on_their_widgets_and_refuse_bad_input_in_words():
    at = load()
    at.selectbox(key=f"{VIEW}.activation").set_value("relu").run()
    assert any("ReLU and its derivative" in t for t in plotly_titles(at))
    assert any("z ∈ [" in el.value for el in at.caption)
    at.slider(key=f"{VIEW}.temperature").set_value(5.0).run()
    assert any("T = 5" in t for t in plotly_titles(at))
    at.number_input(key=f"{VIEW}.target").set_value(2.0).run()
    assert any("y = 2" in t for t in plotly_titles(at))
    at.text_input(key=f"{VIEW}.logits").input("2, banana").run()
    assert not at.exception
    assert any("logits" in w.value for w in at.warning)


def test_a_bad_link_value_is_a_warning_and_the_default_is_used():
    bad = load(activation="swish", net_lr="abc")
    assert not bad.exception
    warnings = " ".join(w.value for w in bad.warning)
    assert "activation" in warnings and "net_lr" in warnings
    assert bad.session_state[f"{PAGE}.run"].config == BenchConfig()
