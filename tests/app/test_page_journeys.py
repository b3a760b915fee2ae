"""AppTest journeys through the router: page A → another page → back to A keeps every setting and
the run where it was; a run pauses as soon as its page is left; presets name themselves."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dl_engine.training.run import Status
from dl_engine.ui.catalog import PLAYGROUNDS

ROOT = Path(__file__).resolve().parents[2]
HOME = "playgrounds/home.py"
WIDGET_KINDS = ("selectbox", "slider", "select_slider", "number_input", "multiselect", "radio", "toggle",
                "checkbox", "text_input", "text_area")
# One setting per page moved off its default: (widget kind, key, new value).
CHANGES = {
    "perceptron": ("number_input", "perceptron.lr", 0.35),
    "mlp": ("select_slider", "mlp.lr", 0.3),
    "convolution": ("number_input", "conv.stride", 2),
    "cnn": ("number_input", "cnn.batch_size", 48),
    "recurrent": ("slider", "recurrent.hidden_size", 9),
    "gradients": ("slider", "gradients.depth", 7),
    "attention": ("text_input", "attention.sentence", "dogs chase cats"),
    "seq2seq": ("select_slider", "seq2seq.hidden", 32),
    "transformer": ("slider", "transformer.n_layers", 3),
    "optimiser_race": ("slider", "optimiser_race.steps", 400),
    "network_race": ("slider", "network_race.steps", 400),
    "autoencoder": ("slider", "autoencoder.hidden", 64),
    "loss_activation_bench": ("slider", "loss_activation_bench.hidden", 48),
    "gan": ("slider", "gan.d_steps", 3),
    "overfitting_lab": ("slider", "overfitting_lab.depth", 3),
}
RUN_PAGES = ("perceptron", "mlp", "cnn", "recurrent", "gradients", "seq2seq", "transformer", "optimiser_race",
             "network_race", "autoencoder", "loss_activation_bench", "gan", "overfitting_lab")
FILES = {p.url_path: p.file for p in PLAYGROUNDS}


def settings(at: AppTest) -> dict:
    """Every keyed setting widget on screen → its value."""
    return {w.key: w.value for kind in WIDGET_KINDS for w in getattr(at, kind) if w.key}


def open_page(url_path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(FILES[url_path]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_page_has_a_journey():
    assert set(CHANGES) == set(FILES)


@pytest.mark.parametrize("url_path", list(CHANGES))
def test_leaving_and_returning_keeps_every_setting_and_the_run(url_path):
    at = open_page(url_path)
    kind, key, value = CHANGES[url_path]
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    run = at.session_state[f"{url_path}.run"] if url_path in RUN_PAGES else None
    if run is not None:
        at.button(key=f"{url_path}.step.Step").click().run()
        assert run.steps == 1
    before = settings(at)
    assert before[key] == value

    at.switch_page(HOME).run()
    at.switch_page(FILES[url_path]).run()

    assert not at.exception, [e.value for e in at.exception]
    assert settings(at) == before
    if run is not None:
        assert at.session_state[f"{url_path}.run"] is run and run.steps == 1, "the run waits where it was"


@pytest.mark.parametrize("url_path", ["mlp", "gradients"])
def test_a_run_pauses_as_soon_as_its_page_is_left(url_path):
    at = open_page(url_path)
    at.button(key=f"{url_path}.train").click().run()
    run = at.session_state[f"{url_path}.run"]
    assert run.status == Status.RUNNING
    at.switch_page(FILES["perceptron"]).run()
    assert run.status == Status.PAUSED and not run.alive
    steps = run.steps
    at.switch_page(FILES[url_path]).run()
    assert run.status == Status.PAUSED and run.steps == steps
    assert not at.exception


def test_the_preset_box_names_the_preset_the_settings_match_or_custom():
    at = open_page("mlp")
    box = at.selectbox(key="mlp.preset")
    assert box.value == "playground-default", "the defaults are a preset"
    at.select_slider(key="mlp.lr").set_value(1.0).run()
    assert at.selectbox(key="mlp.preset").value == "custom"
    assert any("Your own settings" in c.value for c in at.caption)
    at.selectbox(key="mlp.preset").set_value("spiral-needs-depth-or-features").run()   # choosing loads it
    assert at.selectbox(key="mlp.preset").value == "spiral-needs-depth-or-features"
    assert at.session_state["mlp.run"].config.dataset == "spiral"


def test_a_preset_link_then_a_reload_of_the_rewritten_address_shows_the_same_preset():
    first = AppTest.from_file(str(ROOT / "playgrounds" / "mlp.py"), default_timeout=90)
    first.query_params["preset"] = "xor-hidden-layer"
    first.run()
    assert first.selectbox(key="mlp.preset").value == "xor-hidden-layer"
    address = dict(first.query_params)
    assert "preset" not in address and address["dataset"] == "xor", "the address names every setting"

    reloaded = AppTest.from_file(str(ROOT / "playgrounds" / "mlp.py"), default_timeout=90)
    for name, value in address.items():
        reloaded.query_params[name] = value
    reloaded.run()
    assert reloaded.selectbox(key="mlp.preset").value == "xor-hidden-layer"
    assert reloaded.session_state["mlp.run"].config == first.session_state["mlp.run"].config


def test_a_link_naming_a_preset_loads_it_even_on_a_page_set_up_before():
    at = open_page("mlp")
    at.select_slider(key="mlp.lr").set_value(1.0).run()
    at.switch_page(FILES["perceptron"]).run()
    at.switch_page(FILES["mlp"])
    at.query_params.clear()
    at.query_params["preset"] = "xor-hidden-layer"     # as the perceptron's link opens it
    at.run()
    assert not at.exception
    assert at.selectbox(key="mlp.preset").value == "xor-hidden-layer"
    assert at.session_state["mlp.run"].config.dataset == "xor"
    at.select_slider(key="mlp.lr").set_value(1.0).run()   # the loaded link is not loaded again
    assert at.selectbox(key="mlp.preset").value == "custom"


@pytest.mark.parametrize("seed, used", [("42", 42), ("²", 0), ("9" * 40, 0), ("-3", 0)])
def test_a_links_seed_is_used_or_named_as_ignored(seed, used):
    at = AppTest.from_file(str(ROOT / "playgrounds" / "perceptron.py"), default_timeout=90)
    at.query_params["seed"] = seed
    at.run()
    assert not at.exception and at.session_state["perceptron.run"].seed == used
    ignored = [w.value for w in at.warning if "seed=" in w.value]
    assert bool(ignored) == (used == 0 and seed != "0")
