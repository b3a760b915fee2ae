"""AppTest: a preset chosen in the Preset box survives a click the browser sent before it had drawn
the preset (its widgets' old values, its old address: a fast click on a slow server), and Train
pressed in the same rerun as the preset's load trains the preset."""
from streamlit.testing.v1 import AppTest

from dl_engine.training.snapshot import Status


def page_script() -> None:
    import streamlit as st

    from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig
    from dl_engine.ui.controls import Pace
    from dl_engine.ui.preset_box import preset_box
    from dl_engine.ui.query import hold_loaded_settings, load_settings
    from dl_engine.ui.training_page import TrainingPage, open_training_page

    hold_loaded_settings()   # as app.py does, first in every full run

    def controls() -> None:
        preset_box("demo", PerceptronConfig, {"fast": PerceptronConfig(lr=5.0)}, "Preset", str)
        st.slider("Learning rate η", 0.001, 10.0, key="demo.lr")
        # what restoring an experiment file does: its settings and its seed
        st.button("Restore", key="demo.restore", on_click=lambda: load_settings("demo", PerceptronConfig(lr=2.0), seed=7))

    opened = open_training_page(TrainingPage("demo", "Demo", PerceptronConfig, Perceptron, Pace("step", 5),
                                             sidebar=controls))
    st.write(f"run lr {opened.run.config.lr:g} seed {opened.run.seed}")


def _with_preset() -> AppTest:
    at = AppTest.from_function(page_script, default_timeout=60).run()
    at.selectbox(key="demo.preset").select("fast").run()
    assert not at.exception, at.exception
    assert at.slider(key="demo.lr").value == 5.0 and at.query_params["lr"] == "5.0"
    return at


def test_a_click_from_a_browser_that_had_not_drawn_the_preset_keeps_the_preset():
    at = _with_preset()
    at.slider(key="demo.lr").set_value(0.1)   # what that browser still shows …
    at.query_params["lr"] = "0.1"             # … and its address
    at.button(key="demo.train").click().run()
    assert not at.exception, at.exception
    assert at.slider(key="demo.lr").value == 5.0, "the preset's value is back"
    assert at.selectbox(key="demo.preset").value == "fast"
    assert "run lr 5 seed 0" in [m.value for m in at.markdown] and at.query_params["lr"] == "5.0"
    assert at.session_state["demo.run"].status == Status.RUNNING, "the click trains the preset"


def test_a_setting_changed_after_the_browser_drew_the_preset_stays():
    at = _with_preset()
    at.slider(key="demo.lr").set_value(0.1).run()   # the address shows the preset: the user's own change
    assert not at.exception, at.exception
    assert at.slider(key="demo.lr").value == 0.1 and at.selectbox(key="demo.preset").value == "custom"
    assert at.query_params["lr"] == "0.1"


def test_train_pressed_in_the_rerun_that_loads_a_preset_trains_the_preset():
    at = AppTest.from_function(page_script, default_timeout=60).run()
    at.selectbox(key="demo.preset").select("fast")
    at.button(key="demo.train").click().run()
    assert not at.exception, at.exception
    run = at.session_state["demo.run"]
    assert run.config.lr == 5.0 and run.status == Status.RUNNING


def test_a_restored_experiments_seed_survives_a_click_from_a_browser_that_had_not_drawn_it():
    at = AppTest.from_function(page_script, default_timeout=60).run()
    at.button(key="demo.restore").click().run()
    assert not at.exception, at.exception
    assert at.number_input(key="common.seed").value == 7 and at.query_params["seed"] == "7"
    at.number_input(key="common.seed").set_value(0)   # what that browser still shows …
    at.slider(key="demo.lr").set_value(0.1)
    at.query_params["seed"], at.query_params["lr"] = "0", "0.1"   # … and its address
    at.button(key="demo.train").click().run()
    assert not at.exception, at.exception
    assert at.number_input(key="common.seed").value == 7 and at.slider(key="demo.lr").value == 2.0
    assert "run lr 2 seed 7" in [m.value for m in at.markdown]
