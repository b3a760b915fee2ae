"""AppTest: the overfitting lab loads with its live charts, presets and links set its settings,
stepping trains both copies and the text follows, restoring a best epoch puts those weights back,
the threshold redraws the report without resetting the run, and a bad link value is a warning."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.presets.overfit_lab import PRESETS
from dl_engine.training.overfit_lab_experiment import OverfitLabConfig
from dl_engine.ui.overfit_lab_controls import VIEW
from tests.app.test_attention_pages import renderers

ROOT = Path(__file__).resolve().parents[2]
PAGE = "overfitting_lab"
POINTS = {f"{PAGE}.{name}": "canvas" for name in ("loss", "accuracy", "boundary_baseline", "boundary_regularised",
                                                  "weights")} | {f"{PAGE}.confusion": "heatmap"}
DIGITS = {f"{PAGE}.{name}": "canvas" for name in ("loss", "accuracy", "weights")} | {
    f"{PAGE}.{name}": "heatmap" for name in ("augmented", "confusion")}


def load(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / "overfitting_lab.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_page_loads_with_the_defaults_and_draws_every_chart():
    at = load()
    assert not at.exception and not at.error
    assert at.session_state[f"{PAGE}.run"].config == OverfitLabConfig()
    assert renderers(at) == POINTS
    assert any(r"\text{Bernoulli}" in el.value for el in at.get("latex"))       # dropout is on by default
    assert at.slider(key=f"{VIEW}.threshold").value == 0.5


def test_digits_draw_the_augmented_images_in_place_of_the_boundaries_and_have_no_threshold():
    at = load(preset="digits-shift")
    assert not at.exception
    assert at.session_state[f"{PAGE}.run"].config == PRESETS["digits-shift"].config
    assert renderers(at) == DIGITS
    assert not [s for s in at.slider if s.key == f"{VIEW}.threshold"]
    assert any(r"\text{shift}" in el.value for el in at.get("latex"))


def test_a_preset_sets_its_settings_and_its_lesson_and_nothing_on_is_a_warning():
    at = load()
    at.selectbox(key=f"{PAGE}.preset").set_value("l1-sparse").run()
    assert not at.exception
    assert at.session_state[f"{PAGE}.run"].config == PRESETS["l1-sparse"].config
    assert at.query_params["l1"] in ("0.0005", ["0.0005"])
    assert any(PRESETS["l1-sparse"].title in el.value for el in at.info)
    same = load(preset="memorise")
    assert any("Nothing is switched on" in w.value for w in same.warning)


def test_stepping_trains_both_copies_and_the_text_follows_the_snapshot():
    at = load()
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+100").click().run()
    assert not at.exception and run.steps == 100
    m = run.snapshot.metrics
    assert any("Epoch 50." in el.value and f"{m['reg_test_acc']:.1%}" in el.value for el in at.markdown)
    assert len(run.snapshot.history["base_test_loss"]) >= 2
    label = f"Restore the baseline copy's best epoch ({int(m['base_best_epoch'])})"
    assert any(b.label == label for b in at.button)


def test_restoring_the_best_epoch_puts_its_weights_back():
    at = load(preset="memorise")
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+100").click().run()
    at.button(key=f"{PAGE}.step.+100").click().run()
    copy = run.experiment.copies["baseline"]
    before = run.snapshot.metrics["base_val_loss"]
    at.button(key=f"{VIEW}.restore_baseline").click().run()
    assert not at.exception
    after = run.snapshot.metrics["base_val_loss"]
    assert after == copy.best_loss < before
    assert run.steps == 200                                   # the run goes on from there, not reset


def test_the_threshold_redraws_the_report_without_resetting_the_run():
    at = load()
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+10").click().run()
    at.slider(key=f"{VIEW}.threshold").set_value(0.9).run()
    assert not at.exception
    assert at.session_state[f"{PAGE}.run"] is run and run.steps == 10
    assert "threshold" not in at.query_params


def test_a_bad_link_value_is_a_warning_and_the_default_is_used():
    bad = load(dropout="lots", data="faces")
    assert not bad.exception
    warnings = " ".join(w.value for w in bad.warning)
    assert "dropout" in warnings and "data" in warnings
    assert bad.session_state[f"{PAGE}.run"].config == OverfitLabConfig()
