"""AppTest: the GAN page loads and draws its three live charts, its presets set their settings,
it steps, 'who steps' changes the running run without a reset, uploads good and bad, a bad
link value is a warning, and on digits it draws the digit figures instead of the plane."""
from pathlib import Path

import torch
from streamlit.testing.v1 import AppTest

from dl_engine.presets.gan import PRESETS
from dl_engine.training.gan_experiment import GANConfig
from tests.app.test_attention_pages import renderers, tree_text

ROOT = Path(__file__).resolve().parents[2]
PAGE = "gan"


def load(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / "gan.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_page_loads_with_the_defaults_and_draws_its_charts_and_equations():
    at = load()
    assert not at.exception and not at.error
    assert at.session_state[f"{PAGE}.run"].config == GANConfig()
    assert renderers(at) == {f"{PAGE}.plane": "canvas", f"{PAGE}.losses": "canvas", f"{PAGE}.divergence": "canvas"}
    latex = " ".join(el.value for el in at.get("latex"))
    assert r"L_D" in latex and r"\log D(G(z))" in latex and r"\mathrm{JS}" in latex


def test_a_preset_sets_its_settings_and_a_link_names_one():
    at = load()
    at.selectbox(key=f"{PAGE}.preset").set_value("mode-collapse").run()
    assert not at.exception
    assert at.session_state[f"{PAGE}.run"].config == PRESETS["mode-collapse"].config
    assert at.query_params["lr_g"] in ("0.01", ["0.01"])
    assert load(preset="minimax").session_state[f"{PAGE}.run"].config == PRESETS["minimax"].config


def test_steps_move_the_run_and_only_g_leaves_d_alone():
    at = load()
    run = at.session_state[f"{PAGE}.run"]
    at.button(key=f"{PAGE}.step.+10").click().run()
    assert not at.exception and run.steps == 10 and "step 10" in tree_text(at)
    at.radio(key=f"{PAGE}.players").set_value("g").run()
    assert at.session_state[f"{PAGE}.run"] is run and run.experiment.players == "g" and run.steps == 10
    d = [p.detach().clone() for p in run.experiment.D.parameters()]
    at.button(key=f"{PAGE}.step.+10").click().run()
    assert run.steps == 20 and all(torch.equal(a, b) for a, b in zip(d, run.experiment.D.parameters()))
    assert "step 20 (only G steps)" in tree_text(at)


def test_csv_without_an_upload_asks_for_one_and_a_bad_link_value_is_a_warning():
    at = load()
    at.selectbox(key=f"{PAGE}.data").set_value("csv").run()
    assert not at.exception
    assert any("Upload a CSV" in e.value for e in at.error)
    linked = load(data="csv")   # a link cannot carry the file: the ring, and why
    assert any("data=csv" in w.value and "Upload a CSV" in w.value for w in linked.warning)
    bad = load(lr_g="fast", g_loss="hinge")
    assert not bad.exception
    warnings = " ".join(w.value for w in bad.warning)
    assert "lr_g" in warnings and "g_loss" in warnings
    assert bad.session_state[f"{PAGE}.run"].config == GANConfig()


def test_digits_draw_the_samples_and_no_plane_and_the_digits_preset_is_a_link():
    at = load(data="digits")
    assert not at.exception and not at.error
    assert renderers(at) == {f"{PAGE}.samples": "heatmap", f"{PAGE}.losses": "canvas", f"{PAGE}.bound": "canvas"}
    text = tree_text(at)
    assert "drawn once from the seed" in text and "No JS from histograms" in text
    at.button(key=f"{PAGE}.step.+10").click().run()
    assert not at.exception and at.session_state[f"{PAGE}.run"].steps == 10
    assert "Generated and real digits, step 10" in tree_text(at)
    preset = load(preset="digits")
    assert not preset.exception and preset.session_state[f"{PAGE}.run"].config == PRESETS["digits"].config
    assert "8×8 digits" in " ".join(i.value for i in preset.info)


def upload_script(files: tuple[bytes, ...]) -> None:
    """The page's data controls after uploads of `files` in turn (AppTest cannot drive st.file_uploader)."""
    import streamlit as st

    from dl_engine.training.gan_experiment import GANConfig
    from dl_engine.ui import gan_controls
    st.session_state.setdefault("gan.data", "ring")
    for data in files:
        gan_controls.accept_upload(data)
        st.session_state.setdefault("keys", []).append(st.session_state.get("gan.upload"))
    gan_controls.data_controls(GANConfig.__dataclass_fields__["data"].metadata["options"], str)


GOOD = "".join(f"{i},{(i * 7) % 5}\n" for i in range(20)).encode()


def test_a_good_upload_switches_to_it_and_a_bad_one_after_it_loses_nothing():
    at = AppTest.from_function(upload_script, args=((GOOD,),), default_timeout=60).run()
    assert not at.exception and not at.error
    assert at.session_state["gan.upload"] and at.session_state["gan.data"] == "csv"
    at = AppTest.from_function(upload_script, args=((GOOD, b"1,2\n" * 11 + b"foo,3\n"),), default_timeout=60).run()
    assert not at.exception
    assert at.error and "Could not use that CSV" in at.error[0].value and "Line 12" in at.error[0].value
    first, after_bad = at.session_state["keys"]
    assert first and after_bad == first and at.session_state["gan.data"] == "csv"
