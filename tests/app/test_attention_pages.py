"""AppTest: the three attention pages load, train, read settings from the URL and report bad input."""
import json
import re
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.training.run import Status

ROOT = Path(__file__).resolve().parents[2]


def load(file: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / file), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def titles(at: AppTest) -> str:
    """Specs of the static st.plotly_chart figures, as readable text."""
    return " ".join(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False) for chart in at.get("plotly_chart"))


def tree_text(at: AppTest) -> str:
    """Every element's proto as text: finds live figures whichever path live_figure draws with."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        out.append(str(proto) if proto is not None else "")
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else children or []):
            walk(child)

    walk(at._tree)
    return " ".join(out)


def renderers(at: AppTest) -> dict[str, str]:
    """Each live chart's key → the renderer its message names ("canvas", "heatmap" or "plotly")."""
    q = r'\\?"'   # a quote, escaped or not in the proto text
    found = re.findall(rf'{q}key{q}: {q}([\w.]+){q}, {q}height{q}: \d+, {q}renderer{q}: {q}(\w+)', tree_text(at))
    return dict(found)


def test_mechanics_lab_shows_every_step_for_the_typed_sentence():
    at = load("attention_lab.py", sentence="the cat sat on the mat", causal="True", seed="3")
    assert not at.exception and not at.error
    text = titles(at)
    for title in ("Inputs X", "Scores QK", "Scaled scores", "Masked scores", "Attention weights",
                  "Output", "each score function", "Sinusoidal positional encoding"):
        assert title in text, title
    assert "(Σ=1.00)" in text  # every softmax row is labelled with its sum


def test_mechanics_lab_rejects_an_empty_or_long_sentence_clearly():
    at = load("attention_lab.py")
    at.text_input(key="attention.sentence").set_value("!!!").run()
    assert not at.exception and "at least one word" in at.error[0].value
    at.text_input(key="attention.sentence").set_value("one two three four five six seven eight nine").run()
    assert "8 words or fewer" in at.error[0].value


def test_seq2seq_page_trains_both_models_and_draws_the_alignment():
    at = load("seq2seq.py", max_len="6", hidden="16")
    assert not at.exception
    run = at.session_state["seq2seq.run"]
    assert run.config.max_len == 6 and run.config.hidden == 16
    at.button(key="seq2seq.step.+10").click().run()
    assert run.steps == 10 and "acc_plain" in run.snapshot.metrics
    assert run.snapshot.visuals["alignment"].shape[1] == 6
    assert "Alignment" in tree_text(at) and "Accuracy vs input length" in tree_text(at)
    assert renderers(at) == {"seq2seq.alignment": "heatmap", "seq2seq.by_length": "canvas",
                             "seq2seq.loss": "canvas", "seq2seq.acc": "canvas"}  # each drawn by its canvas


def test_seq2seq_page_shows_the_decoder_it_runs_and_where_it_departs_from_the_notes():
    at = load("seq2seq.py", hidden="16")
    assert not at.exception
    latex = [el.value.strip("$\n") for el in at.get("latex")]
    assert r"s_t = f_{dec}(y_{t-1},\, s_{t-1},\, c_{t-1}),\quad s_0 = c_0 = h_T" in latex   # input feeding
    assert r"e_{t,j} = \mathrm{score}(s_t, h_j)" in latex                                  # the new state
    assert any("Bahdanau" in c.value and "input feeding" in c.value for c in at.caption)


def test_seq2seq_page_date_task_from_the_url():
    at = load("seq2seq.py", task="date", cell="lstm", score="general", hidden="16")
    assert not at.exception
    run = at.session_state["seq2seq.run"]
    assert run.config.task == "date" and run.config.cell == "lstm"


def test_transformer_page_trains_in_the_background_and_updates_the_head_grid():
    at = load("transformer.py", seq_len="3", n_heads="4", d_model="16")
    assert not at.exception
    assert any("pre-norm" in c.value and "encoder-decoder" in c.value for c in at.caption)  # vs the notes
    run = at.session_state["transformer.run"]
    before = run.snapshot.visuals["attention"].copy()
    assert before.shape == (4, 2, 4, 6, 6)
    at.button(key="transformer.train").click().run()
    time.sleep(1.5)
    at.run()
    assert run.steps > 0
    at.button(key="transformer.train").click().run()
    assert run.status == Status.PAUSED
    assert (run.snapshot.visuals["attention"] != before).any()
    assert "Attention maps, layer" in tree_text(at) and "Head ablation" in tree_text(at)
    assert renderers(at) == {"transformer.loss": "canvas", "transformer.acc": "canvas", "transformer.grid": "heatmap",
                             "transformer.lines": "canvas", "transformer.ablation": "heatmap",
                             "transformer.entropy": "canvas"}  # each drawn by its canvas
    assert at.select_slider(key="transformer.time_travel") is not None  # paused: time travel is offered


def test_transformer_page_shows_a_clear_message_for_a_bad_link_value():
    at = load("transformer.py", n_heads="3", lr="5")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "n_heads" in warnings and "lr" in warnings
    assert at.session_state["transformer.run"].config.n_heads == 2


def test_mechanics_lab_in_present_mode_folds_the_lesson_and_scales_the_charts():
    at = AppTest.from_file(str(ROOT / "playgrounds" / "attention_lab.py"), default_timeout=90)
    at.session_state["common.present"] = True
    at.run()
    assert not at.exception and not at.error
    folded = [e for e in at.expander if e.label == "Lesson text and equations"]
    inside = " ".join(m.value for e in folded for m in e.markdown)
    assert "**query**" in inside and any("softmax" in x.value for e in folded for x in e.latex)
    outside = [m.value for m in at.main.markdown if all(m not in e.markdown for e in folded)]
    assert not any("**query**" in text for text in outside)
    sizes = [json.loads(c.proto.spec)["layout"]["font"]["size"] for c in at.get("plotly_chart")]
    assert sizes and min(sizes) >= 21                       # 15 px at a desk × 1.5
    desk = load("attention_lab.py")
    assert not [e for e in desk.expander if e.label == "Lesson text and equations"]
