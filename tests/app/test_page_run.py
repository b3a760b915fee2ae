"""AppTest: a config the engine cannot build ends the page's script with an error in words, never
a traceback, and a fixed setting builds afresh."""
from streamlit.testing.v1 import AppTest


def page_script() -> None:
    import streamlit as st

    from dl_engine.ui.session import page_run
    from tests.unit.tiny_experiment import Tiny

    def factory(config, seed, device):
        if config == "bad-combination":
            raise ValueError("4 heads do not divide d_model = 10; choose 2 or 5 heads")
        if config == "bug":
            raise KeyError(object())
        return Tiny((0.1, "sgd"), seed, device)

    run = page_run("demo", factory, st.session_state.get("config", "ok"), 0, "cpu")
    st.write(f"built at step {run.steps}")


def test_a_config_that_cannot_be_built_is_an_error_in_words_and_the_next_one_builds():
    at = AppTest.from_function(page_script).run()
    assert not at.exception and "built at step 0" in at.markdown[0].value
    at.session_state["config"] = "bad-combination"
    at.run()
    assert not at.exception and not at.markdown
    assert at.error[0].value == ("These settings cannot be trained: 4 heads do not divide d_model = 10; choose 2 "
                                 "or 5 heads. Change a setting to go on.")
    at.session_state["config"] = "bug"
    at.run()
    assert not at.exception and "unexpected KeyError" in at.error[0].value
    assert "object at 0x" not in at.error[0].value
    at.session_state["config"] = "ok"
    at.run()
    assert not at.exception and not at.error and "built at step 0" in at.markdown[0].value
