"""AppTest: the lecture hall on every training page. Each opens at a pace a class can watch;
present mode folds the lesson text; a paused run's time travel redraws the page at a saved step;
a link hides the controls it names; the curve views draw without error."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dl_engine.ui.catalog import PLAYGROUNDS
from dl_engine.viz.curve_view import LAST, LOG

ROOT = Path(__file__).resolve().parents[2]
FILES = {p.url_path: p.file for p in PLAYGROUNDS}
# The pace each page opens with: (choice shown, steps per second it asks of the run per step/epoch).
PACES = {"perceptron": ("5 steps/s", 5, "step"), "mlp": ("20 epochs/s", 20, "epoch"),
         "cnn": ("0.5 epochs/s", 0.5, "epoch"), "recurrent": ("10 steps/s", 10, "step"),
         "gradients": ("10 epochs/s", 10, "epoch"), "seq2seq": ("20 steps/s", 20, "step"),
         "transformer": ("50 steps/s", 50, "step"), "optimiser_race": ("20 steps/s", 20, "step"),
         "network_race": ("20 steps/s", 20, "step"), "autoencoder": ("5 epochs/s", 5, "epoch"),
         "loss_activation_bench": ("20 steps/s", 20, "step"), "gan": ("100 steps/s", 100, "step"),
         "overfitting_lab": ("20 epochs/s", 20, "epoch")}
LESSON = "Lesson text and equations"


def open_page(url_path: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(FILES[url_path]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_of(at: AppTest, page: str):
    return at.session_state[f"{page}.run"]


@pytest.mark.parametrize("url_path", list(PACES))
def test_each_page_opens_at_a_pace_a_class_can_watch_and_names_its_stop(url_path):
    at = open_page(url_path)
    label, rate, unit = PACES[url_path]
    assert at.selectbox(key=f"{url_path}.speed").value == label
    run = run_of(at, url_path)
    per = run.experiment.steps_per_epoch if unit == "epoch" else 1
    assert run.steps_per_second_limit == pytest.approx(rate * per)
    at.selectbox(key=f"{url_path}.speed").set_value("full speed").run()
    assert run_of(at, url_path).steps_per_second_limit is None


@pytest.mark.parametrize("url_path", list(PACES))
def test_present_mode_from_a_link_folds_the_lesson_text(url_path):
    desk = open_page(url_path)
    assert LESSON not in [e.label for e in desk.expander]
    at = open_page(url_path, present="1")
    assert at.session_state["common.present"] is True
    labels = [e.label for e in at.expander]
    assert LESSON in labels, labels
    folded = next(e for e in at.expander if e.label == LESSON)
    assert folded.markdown or folded.latex, "the lesson text is inside the fold"
    assert not at.exception


def test_time_travel_shows_the_page_as_it_was_at_a_saved_step():
    at = open_page("mlp")
    for _ in range(2):
        at.button(key="mlp.step.+1 epoch").click().run()
    run = run_of(at, "mlp")
    assert run.timeline.steps == [0, 25, 50]
    slider = at.select_slider(key="mlp.time_travel")
    assert slider.value == 50
    slider.set_value(0).run()
    old = run.timeline.at(0)
    captions = " ".join(c.value for c in at.caption)
    assert "Showing step 0 as it was" in captions and "the run is at step 50" in captions
    shown = " ".join(m.value for m in at.markdown)
    assert f"{old.metrics['test_loss']:.4f}" in shown and f"{run.snapshot.metrics['test_loss']:.4f}" not in shown
    at.button(key="mlp.step.Step").click().run()             # stepping on returns to now
    assert at.select_slider(key="mlp.time_travel").value == 51


def test_a_link_hides_the_controls_it_names_and_keeps_the_keys():
    at = open_page("mlp", lr_hide="true", seed_hide="1", bogus_hide="x</style>")
    css = " ".join(h.proto.body for h in at.get("html"))
    assert ".st-key-mlp-lr" in css and ".st-key-common-seed" in css
    assert "bogus" not in css and "</style><" not in css.replace("</style><script>", "")
    assert at.query_params["lr_hide"] == ["true"] or at.query_params["lr_hide"] == "true"


@pytest.mark.parametrize("view", [LOG, LAST])
def test_the_curve_views_draw_every_page_without_error(view):
    for url_path in ("mlp", "perceptron"):
        at = open_page(url_path)
        at.selectbox(key="common.curves").set_value(view).run()
        at.button(key=f"{url_path}.step.+1 epoch").click().run()
        assert not at.exception, [e.value for e in at.exception]


def test_the_home_page_lists_the_keyboard_shortcuts_and_present_mode():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    text = " ".join(m.value for m in at.markdown)
    assert "space Train / Pause" in text and "→ one step" in text and "r Reset" in text and "p present mode" in text
    assert "?present=1" in text and "_hide=true" in text
