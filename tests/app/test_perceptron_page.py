"""The Perceptron page in AppTest: loads, steps with equations, trains, explains XOR, rejects bad CSV.

AppTest cannot upload files, so CSV handling is driven through the page's "paste CSV" box,
which calls the same handler (points_input.load_csv) as the uploader.
"""
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = "perceptron"


@pytest.fixture
def at():
    app = AppTest.from_file(str(ROOT / "playgrounds" / "perceptron.py"), default_timeout=90)
    return app.run()


def run_of(at):
    return at.session_state[f"{PAGE}.run"]


def test_page_loads_with_the_notes_equations(at):
    assert not at.exception
    assert at.title[0].value.endswith("Perceptron")
    assert any(r"\eta\,(y - \hat{y})" in latex.value for latex in at.latex)
    assert run_of(at).steps == 0
    assert at.query_params["dataset"] in ("and", ["and"])  # written back to the URL


def test_step_advances_one_sample_and_shows_the_substituted_equations(at):
    at.button(key=f"{PAGE}.step.Step").click().run()
    assert not at.exception
    assert run_of(at).steps == 1
    shown = " ".join(latex.value for latex in at.latex)
    # AND, first sample x = (0, 0), y = 0 with the notes' weights: z = 0.2 → ŷ = 1, a mistake
    assert r"0.5 \cdot 0 + (-0.6) \cdot 0 + 0.2" in shown and "&= 0.2" in shown
    assert r"\mathbf{w} &\leftarrow" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["z"] == "0.2" and metrics["ŷ"] == "1" and metrics["error y − ŷ"] == "-1"
    assert metrics["Δb"] == "-0.1"


def test_plus_one_epoch_steps_through_every_sample(at):
    at.button(key=f"{PAGE}.step.+1 epoch").click().run()
    assert run_of(at).steps == 4
    assert len(run_of(at).snapshot.visuals["epoch_errors"]) == 1


def test_train_runs_epochs_in_the_background(at):
    at.selectbox(key=f"{PAGE}.speed").set_value("full speed")
    at.button(key=f"{PAGE}.train").click().run()
    time.sleep(1.0)
    at.run()
    assert not at.exception
    run = run_of(at)
    run.wait(10)
    assert run.steps > 4
    assert run.snapshot.visuals["converged"] is not None  # AND is separable: it stops converged


def test_xor_explains_why_and_links_to_the_mlp(at):
    at.selectbox(key=f"{PAGE}.dataset").set_value("xor").run()
    assert not at.exception
    assert any("not linearly separable" in w.value for w in at.warning)
    for _ in range(3):
        at.button(key=f"{PAGE}.step.+1 epoch").click().run()
    assert any("weights cycle" in w.value for w in at.warning)
    assert min(run_of(at).snapshot.visuals["epoch_errors"]) > 0


def test_settings_come_from_the_url():
    app = AppTest.from_file(str(ROOT / "playgrounds" / "perceptron.py"), default_timeout=90)
    app.query_params.update({"dataset": "or", "lr": "0.5", "w1": "1.0", "seed": "3"})
    app.run()
    config = run_of(app).config
    assert (config.dataset, config.lr, config.w1) == ("or", 0.5, 1.0)


def test_bad_csv_shows_an_error_and_keeps_the_table(at):
    at.selectbox(key=f"{PAGE}.dataset").set_value("custom").run()
    n_before = run_of(at).experiment.steps_per_epoch
    at.text_area(key=f"{PAGE}.paste").input("x1,x2,label\n1,abc,0\n2,3,1\n")
    at.button(key=f"{PAGE}.paste_load").click().run()
    assert not at.exception
    assert any("Line 2, column 2" in e.value for e in at.error)
    assert run_of(at).experiment.steps_per_epoch == n_before


def test_good_csv_replaces_the_points(at):
    at.selectbox(key=f"{PAGE}.dataset").set_value("custom").run()
    at.text_area(key=f"{PAGE}.paste").input("a,b,kind\n0,0,cat\n1,0,cat\n0,1,dog\n2,2,dog\n3,1,dog\n")
    at.button(key=f"{PAGE}.paste_load").click().run()
    assert not at.exception and not at.error
    assert any("class 1 = 'dog'" in s.value for s in at.success)
    assert run_of(at).experiment.steps_per_epoch == 5
