"""AppTest: the autoencoder page loads with its six live figures, its presets and mode set their
settings, stepping fills the equations with this step's numbers, the interpolation digits change
without a new run, and a bad link value is a warning."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.presets.autoencoder import PRESETS
from dl_engine.training.autoencoder_experiment import AutoencoderConfig
from tests.app.test_attention_pages import renderers, tree_text

ROOT = Path(__file__).resolve().parents[2]
PAGE = "autoencoder"
FIGURES = {f"{PAGE}.latent": "canvas", f"{PAGE}.grid": "heatmap", f"{PAGE}.loss": "canvas",
           f"{PAGE}.reconstructions": "heatmap", f"{PAGE}.samples": "heatmap", f"{PAGE}.interp": "heatmap"}


def load(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / "autoencoder.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_page_loads_with_the_defaults_and_draws_every_figure():
    at = load()
    assert not at.exception and not at.error
    assert at.session_state[f"{PAGE}.run"].config == AutoencoderConfig()
    assert renderers(at) == FIGURES
    assert any(r"\varepsilon" in el.value for el in at.get("latex"))
    assert "Latent plane: means" in tree_text(at)


def test_a_preset_and_the_mode_set_their_settings_and_a_link_names_a_preset():
    at = load()
    at.selectbox(key=f"{PAGE}.preset").set_value("beta-collapse").run()
    assert not at.exception
    assert at.session_state[f"{PAGE}.run"].config == PRESETS["beta-collapse"].config
    assert at.query_params["beta"] in ("10.0", ["10.0"])
    at.radio(key=f"{PAGE}.mode").set_value("ae").run()
    assert not at.exception and at.session_state[f"{PAGE}.run"].config.mode == "ae"
    assert "Latent plane: codes z" in tree_text(at)
    linked = load(preset="autoencoder-holes")
    assert linked.session_state[f"{PAGE}.run"].config == PRESETS["autoencoder-holes"].config


def test_stepping_fills_the_equations_and_the_digits_change_without_a_new_run():
    at = load()
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+10").click().run()
    assert not at.exception and run.steps == 10
    text = tree_text(at)
    assert "step 10" in text and "reparameterisation for the shown 3" in text
    batch = run.snapshot.visuals["batch"]
    assert any(r"\mathrm{ELBO} \approx" in el.value and f"{batch['recon']:.2f}" in el.value for el in at.get("latex"))
    at.selectbox(key=f"{PAGE}.interp_from").set_value(0).run()
    assert not at.exception and at.session_state[f"{PAGE}.run"] is run
    assert "from the code of 0 to that of 8" in tree_text(at)


def test_a_bad_link_value_is_a_warning_and_the_default_is_used():
    bad = load(mode="gan", beta="lots", hidden="100000")
    assert not bad.exception
    warnings = " ".join(w.value for w in bad.warning)
    assert "mode" in warnings and "beta" in warnings and "hidden" in warnings
    assert bad.session_state[f"{PAGE}.run"].config == AutoencoderConfig()


def test_a_2d_set_draws_the_points_and_the_latent_line_and_steps_with_its_own_numbers():
    at = load(preset="moons-curve")
    assert not at.exception
    run = at.session_state[f"{PAGE}.run"]
    assert run.config == PRESETS["moons-curve"].config and run.experiment.model.latent == 1
    assert renderers(at) == {f"{PAGE}.points": "canvas", f"{PAGE}.line": "canvas", f"{PAGE}.loss": "canvas"}
    assert any(r"\sum_{j=1}^{1}" in el.value for el in at.get("latex"))
    assert at.selectbox(key=f"{PAGE}.recon").disabled
    at.button(key=f"{PAGE}.step.+10").click().run()
    assert not at.exception and run.steps == 10
    text = tree_text(at)
    assert "per point" in text and "the first test point of class 0" in text
    at.selectbox(key=f"{PAGE}.data").set_value("digits").run()
    assert not at.exception and renderers(at) == FIGURES
