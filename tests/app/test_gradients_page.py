"""AppTest for the gradient lab: loads at step 0 with its figures, trains, presets, divergence, bad input."""
import json
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.training.run import Status

ROOT = Path(__file__).resolve().parents[2]
PAGE = "gradients"


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / "gradients.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def _small(at: AppTest, depth: int = 6) -> None:
    at.slider(key=f"{PAGE}.depth").set_value(depth)
    at.slider(key=f"{PAGE}.width").set_value(8)
    at.run()


def test_page_shows_step_zero_gradients_and_badges():
    at = _app()
    run = at.session_state[f"{PAGE}.run"]
    assert run.snapshot.step == 0
    assert len(run.snapshot.visuals["grad_norms"]) == 21  # 20 hidden layers + output
    text = " ".join(m.value for m in at.markdown)
    assert "vanishing" in text  # the default (20-layer sigmoid, small init) vanishes at once
    assert any(r"\text{vanishing}" in latex.value for latex in at.latex)  # the rule is shown


def test_train_advances_the_run():
    at = _app()
    _small(at)
    at.button(key=f"{PAGE}.train").click().run()
    time.sleep(1.5)
    at.run()
    run = at.session_state[f"{PAGE}.run"]
    assert run.snapshot.step > 0
    assert not at.exception


def test_exploding_preset_ends_in_a_post_mortem():
    at = _app()
    at.selectbox(key=f"{PAGE}.preset").set_value("Exploding: large random init").run()  # choosing loads it
    assert at.session_state[f"{PAGE}.init"] == "large_random"
    at.button(key=f"{PAGE}.step.+10").click().run()
    run = at.session_state[f"{PAGE}.run"]
    assert run.status == Status.DIVERGED
    warnings = " ".join(w.value for w in at.warning)
    assert "Post-mortem" in warnings and "first exceeded the bound" in warnings
    assert "gradient clipping" in warnings


def test_bad_url_value_is_reported_and_page_still_works():
    at = AppTest.from_file(str(ROOT / "playgrounds" / "gradients.py"), default_timeout=90)
    at.query_params["depth"] = "500"
    at.query_params["activation"] = "swish"
    at.run()
    assert not at.exception
    assert len(at.warning) >= 2
    assert at.session_state[f"{PAGE}.depth"] == 20


def _figure_spec(at: AppTest, title: str) -> dict:
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if title in str(spec["layout"].get("title", {}).get("text", "")):
            return spec
    raise AssertionError(f"no figure titled {title!r}")


def test_recurrent_slider_changes_the_rnn_curve():
    at = _app()
    before = _figure_spec(at, "How far back")["data"][0]
    at.slider(key=f"{PAGE}.rho").set_value(1.5).run()
    assert not at.exception
    after = _figure_spec(at, "How far back")["data"][0]
    assert before["name"] == after["name"] and before["y"] != after["y"]


def test_sweep_heatmap_is_drawn():
    at = _app()
    spec = _figure_spec(at, "at initialisation")
    assert len([t for t in spec["data"] if t["type"] == "heatmap"]) == 6


def test_preset_link_loads_the_preset():
    at = AppTest.from_file(str(ROOT / "playgrounds" / "gradients.py"), default_timeout=90)
    at.query_params["preset"] = "batch-norm"
    at.run()
    assert not at.exception
    assert at.session_state[f"{PAGE}.norm"] == "batch" and at.session_state[f"{PAGE}.init"] == "xavier"
    assert at.session_state[f"{PAGE}.run"].config.norm == "batch"
    bad = AppTest.from_file(str(ROOT / "playgrounds" / "gradients.py"), default_timeout=90)
    bad.query_params["preset"] = "nope"
    bad.run()
    assert not bad.exception and any("no preset 'nope'" in w.value for w in bad.warning)
