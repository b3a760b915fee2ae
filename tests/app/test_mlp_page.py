"""AppTest: the MLP page loads, trains, takes presets from the URL and reports bad input clearly."""
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dl_engine.training.run import Status

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "playgrounds" / "mlp.py")


def load(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_page_loads_with_defaults_and_draws_every_live_figure():
    at = load()
    assert not at.exception
    run = at.session_state["mlp.run"]
    assert run.config.dataset == "circle" and run.config.hidden == (4, 2)
    visuals = run.snapshot.visuals
    assert visuals["boundary"].shape == (1, 50, 50) and len(visuals["thumbs"]) == 4  # inputs, 2 hidden, output


def test_train_advances_the_run_and_pause_stops_it():
    at = load()
    at.button(key="mlp.train").click().run()
    run = at.session_state["mlp.run"]
    time.sleep(1.0)
    at.run()
    assert run.steps > 0 and run.snapshot.step > 0
    assert "grad_norm/output" in run.snapshot.history
    at.button(key="mlp.train").click().run()
    assert run.status == Status.PAUSED


def test_step_button_takes_one_mini_batch():
    at = load()
    at.button(key="mlp.step.Step").click().run()
    assert at.session_state["mlp.run"].steps == 1


def test_preset_loads_from_the_url():
    at = load(preset="xor-hidden-layer")
    assert not at.exception
    config = at.session_state["mlp.run"].config
    assert config.dataset == "xor" and config.hidden == (4,)
    assert at.query_params["dataset"] == ["xor"] or at.query_params["dataset"] == "xor"


def test_settings_come_from_the_url():
    at = load(dataset="spiral", hidden="8,8,8", activations="relu,relu,relu", lr="0.01", seed="7")
    run = at.session_state["mlp.run"]
    assert run.config.hidden == (8, 8, 8) and run.config.lr == 0.01 and run.seed == 7
    assert not at.exception


def test_adding_a_hidden_layer_rebuilds_the_network():
    at = load()
    at.number_input(key="mlp.depth").set_value(3).run()
    assert at.session_state["mlp.run"].config.hidden == (4, 2, 2)
    at.number_input(key="mlp.width.0").set_value(7).run()
    assert at.session_state["mlp.run"].config.hidden == (7, 2, 2)


def test_divergence_shows_a_clear_message():
    at = load(dataset="gauss", hidden="32,32,32,32,32,32,32,32", activations="relu", init="large_random",
              lr="10.0", loss="binary_cross_entropy")
    at.button(key="mlp.step.+1 epoch").click().run()
    for _ in range(5):
        if at.session_state["mlp.run"].status == Status.DIVERGED:
            break
        at.button(key="mlp.step.+1 epoch").click().run()
    assert at.session_state["mlp.run"].status == Status.DIVERGED
    assert any("diverged" in e.value for e in at.error)
    assert not at.exception


def csv_script(data: bytes) -> None:
    """The page's data controls after an upload of `data` (AppTest cannot drive st.file_uploader)."""
    import streamlit as st

    from dl_engine.ui import mlp_controls
    st.session_state.setdefault("mlp.dataset", "csv")
    st.session_state.setdefault("mlp.train_ratio", 0.5)
    st.session_state.setdefault("mlp.features", ("x1", "x2"))
    mlp_controls.accept_upload(data)
    mlp_controls.data_controls()


@pytest.mark.parametrize("text,needle", [
    ("x1,x2\n1,2\n3,4\n", "3 columns"),
    ("a,b,c\n1,2,0\nfoo,bar,1\n", "line 3"),
    ("1,nan,0\n2,3,1\n", "line 1"),
    ("", "empty"),
])
def test_bad_csv_shows_an_error(text, needle):
    at = AppTest.from_function(csv_script, args=(text.encode(),), default_timeout=60).run()
    assert not at.exception
    assert at.error and needle.lower() in at.error[0].value.lower()
    assert "mlp.upload" not in at.session_state


def test_good_multiclass_csv_switches_to_softmax():
    rows = "".join(f"{i % 7},{i % 5},{['cat', 'dog', 'eel'][i % 3]}\n" for i in range(30))
    at = AppTest.from_function(csv_script, args=(rows.encode(),), default_timeout=60).run()
    assert not at.exception and not at.error
    assert at.session_state["mlp.output"] == "softmax" and at.session_state["mlp.loss"] == "cross_entropy"
    assert len(at.session_state["mlp.upload"]) == 12


def test_csv_dataset_without_upload_asks_for_a_file():
    at = load(dataset="csv")
    assert not at.exception
    assert any("Upload a CSV" in i.value for i in at.info)


def test_equations_in_use_show_the_initialiser_drawn_and_where_it_departs_from_the_notes():
    at = load()                                            # the default initialiser: Xavier
    assert not at.exception and at.session_state["mlp.run"].config.init == "xavier"
    latex = [el.value for el in at.get("latex")]
    assert any(r"\mathcal{U}" in x and "n_{out}" in x and "b=0" in x for x in latex)   # uniform, biases at 0
    assert any("N(0, 1/n_in)" in c.value and "uniform" in c.value for c in at.caption)
    at = load(init="he", regularization="l2", reg_rate="0.001")
    latex = [el.value for el in at.get("latex")]
    assert any(r"\tfrac{2}{n_{in}}" in x for x in latex) and any(r"\lambda\sum w^2" in x for x in latex)
    assert not any("N(0, 1/n_in)" in c.value for c in at.caption)   # He agrees with the notes: no note
