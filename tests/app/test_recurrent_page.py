"""AppTest for the recurrent page: it loads, trains, shows gates and BPTT, compares cells, rejects bad input."""
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "playgrounds" / "recurrent.py")


def _app() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def _charts(at: AppTest) -> list[str]:
    """The figure payloads on the page, as text, whichever path live_figure draws with."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        text = str(proto) if proto is not None else ""
        if "plotly" in text[:400] or "live_chart" in text[:400]:
            out.append(text)
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else children or []):
            walk(child)

    walk(at._tree)
    return out


def _train(at: AppTest, seconds: float = 1.5) -> None:
    at.button(key="recurrent.train").click().run()
    time.sleep(seconds)
    at.run()
    at.session_state["recurrent.run"].pause()
    at.run()
    assert not at.exception, at.exception


def test_default_page_trains_the_hello_lstm_and_draws_every_figure():
    at = _app()
    run = at.session_state["recurrent.run"]
    assert run.config.cell == "lstm" and run.config.task == "language_model"
    _train(at)
    assert run.snapshot.step > 0
    titles = " ".join(_charts(at))
    for title in ("Unrolled LSTM", "Gradient through time", "forget gate", "Hidden-state trajectory", "Loss"):
        assert title in titles, title
    assert any("τ = 0.5" in c.value for c in at.code)


def test_step_and_what_if_clamp_change_the_view():
    at = _app()
    at.button(key="recurrent.step.+100").click().run()
    assert at.session_state["recurrent.run"].snapshot.step == 100
    at.selectbox(key="recurrent.what_if").select("forget gate f = 0 (forget at every step)").run()
    assert not at.exception
    assert any("with forget gate f = 0" in c.value for c in at.caption)


def test_compare_mode_trains_three_cells_on_one_chart():
    at = _app()
    at.selectbox(key="recurrent.task").select("remember_first").run()
    at.toggle(key="recurrent.compare").set_value(True).run()
    assert not at.exception
    at.button(key="recurrent.step.+100").click().run()
    snap = at.session_state["recurrent.run"].snapshot
    assert {"rnn/train_loss", "lstm/train_loss", "gru/train_loss"} <= set(snap.history)
    grad = next(s for s in _charts(at) if "Gradient through time: RNN vs LSTM vs GRU" in s)
    assert all(name in grad for name in ("RNN", "LSTM", "GRU"))


def test_bad_input_shows_a_clear_message():
    at = _app()
    at.selectbox(key="recurrent.corpus").select("custom").run()
    at.text_area(key="recurrent.custom_text").input("hi").run()
    assert not at.exception
    assert any("at least 5 characters" in e.value for e in at.error)
    at.selectbox(key="recurrent.corpus").select("hello").run()
    assert not at.error


def test_bidirectional_is_switched_off_for_next_step_prediction():
    at = _app()
    at.selectbox(key="recurrent.task").select("sentiment").run()
    at.checkbox(key="recurrent.bidirectional").check().run()
    assert at.session_state["recurrent.run"].config.bidirectional
    at.selectbox(key="recurrent.task").select("forecast").run()
    assert not at.exception and not at.error
    assert not at.session_state["recurrent.run"].config.bidirectional
    assert at.checkbox(key="recurrent.bidirectional").disabled


def test_a_diverging_run_says_so_and_the_page_keeps_working():
    at = _app()
    at.selectbox(key="recurrent.task").select("adding").run()
    at.radio(key="recurrent.cell").set_value("rnn").run()
    at.radio(key="recurrent.nonlinearity").set_value("relu").run()
    at.selectbox(key="recurrent.optimizer").select("sgd").run()
    at.number_input(key="recurrent.lr").set_value(2.0).run()
    at.slider(key="recurrent.hidden_size").set_value(64).run()
    at.slider(key="recurrent.seq_len").set_value(50).run()
    at.button(key="recurrent.step.+100").click().run()
    assert not at.exception
    assert any("diverged" in e.value for e in at.error)
    at.button(key="recurrent.reset").click().run()
    assert at.session_state["recurrent.run"].snapshot.step == 0 and not at.error


def test_gru_with_clipping_shows_the_norm_chart_and_its_own_what_ifs():
    at = _app()
    at.radio(key="recurrent.cell").set_value("gru").run()
    at.radio(key="recurrent.clip").set_value("norm").run()
    at.button(key="recurrent.step.+100").click().run()
    assert not at.exception
    assert any("Gradient clipping by norm" in c for c in _charts(at))
    notes = [c.value for c in at.caption]
    assert any("clip_grad_norm_" in c for c in notes) and any("without biases" in c for c in notes)
    assert "update gate z = 0 (never update)" in at.selectbox(key="recurrent.what_if").options
    at.selectbox(key="recurrent.what_if").select("update gate z = 0 (never update)").run()
    assert not at.exception
