"""AppTest: a page built on the training-page skeleton (tests/app/skeleton_page.py) gets the shared
sidebar, its settings from the link and back into it, the lesson, a run with a control bar and a
live panel, and a bad link's problem in words, without writing any of that itself."""
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).with_name("skeleton_page.py"))


def _open(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_the_skeleton_draws_the_whole_frame_of_a_training_page():
    at = _open(lr="0.5")
    assert not at.exception, at.exception
    assert at.title[0].value == "Skeleton page"
    assert at.select_slider(key="common.refresh").value == 0.1 and at.number_input(key="common.seed").value == 0
    assert {"skeleton.train", "skeleton.reset", "skeleton.step.Step", "skeleton.step.+10"} <= {b.key for b in at.button}
    assert any("η = 0.5 " in m.value for m in at.markdown), "the lesson sees the link's settings"
    run = at.session_state["skeleton.run"]
    assert run.config.lr == 0.5
    assert at.query_params["lr"] == "0.5" and at.query_params["seed"] == "0"
    keys = {json.loads(el.proto.json)["key"] for el in at.get("bidi_component")}
    assert "skeleton.weights" in keys


def test_the_control_bar_drives_the_page_run_and_the_panel_redraws():
    at = _open()
    at.button(key="skeleton.step.+10").click().run()
    assert not at.exception, at.exception
    assert at.session_state["skeleton.run"].steps == 10
    assert any(m.value == "Drawn at step 10" for m in at.markdown)


def test_a_changed_setting_rebuilds_the_run_and_rewrites_the_link():
    at = _open()
    at.slider(key="skeleton.lr").set_value(2.0).run()
    assert not at.exception, at.exception
    assert at.session_state["skeleton.run"].config.lr == 2.0
    assert at.query_params["lr"] == "2.0"


def test_a_bad_link_value_is_named_in_words_and_the_page_trains_with_the_default():
    at = _open(dataset="nonsense", lr="0.5")
    assert not at.exception, at.exception
    assert any("dataset" in w.value and "nonsense" in w.value for w in at.warning)
    run = at.session_state["skeleton.run"]
    assert (run.config.dataset, run.config.lr) == ("and", 0.5)
