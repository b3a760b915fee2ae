"""Browser: the lecture hall. Present mode fits each training page's main figures on a 1280×720
projector screen; the keyboard drives the run; a paused run travels back in time on its charts;
settings and weights leave the page and come back; a link hides the controls it names."""
import json
import re

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1280, "height": 720}

# Each training page's main figures (live-chart keys): the ones the lesson is about.
MAIN_FIGURES = {
    "perceptron": ["perceptron.boundary"],
    "mlp": ["mlp.fig.network", "mlp.fig.boundary", "mlp.fig.loss"],
    "cnn": ["cnn.kernels", "cnn.loss"],
    "recurrent": ["recurrent.chart.diagram"],
    "gradients": ["gradients.profile", "gradients.activations"],
    "seq2seq": ["seq2seq.alignment"],
    "transformer": ["transformer.loss", "transformer.acc"],
    "optimiser_race": ["optimiser_race.paths", "optimiser_race.losses"],
    "network_race": ["network_race.slice", "network_race.losses"],
    "autoencoder": ["autoencoder.latent", "autoencoder.grid"],
    "loss_activation_bench": ["loss_activation_bench.accuracy", "loss_activation_bench.grad"],
    "gan": ["gan.plane", "gan.losses"],
    "overfitting_lab": ["overfitting_lab.loss", "overfitting_lab.accuracy"],
}


def css_key(key: str) -> str:
    """Streamlit's class for a widget or component key: st-key-<key, other characters as '-'>."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def box(page, selector: str) -> dict:
    found = page.locator(selector).first
    found.wait_for(state="visible")
    return found.bounding_box()


def inside_screen(b: dict) -> bool:
    return b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= PROJECTOR["width"] + 1 \
        and b["y"] + b["height"] <= PROJECTOR["height"] + 1


def status(page) -> str:
    return page.locator("[data-testid='stCaptionContainer']", has_text=re.compile(r"step [\d,]+ ·")).first.inner_text()


def step_of(page) -> int:
    return int(re.search(r"step ([\d,]+)", status(page)).group(1).replace(",", ""))


@pytest.mark.parametrize("url_path", list(MAIN_FIGURES))
def test_present_mode_fits_the_main_figures_on_a_projector_screen(page, app_url, artifacts, url_path):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/{url_path}?present=1")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stSidebar'][data-collapsed='true']", state="attached")
    for key in MAIN_FIGURES[url_path]:
        page.wait_for_selector(f"{css_key(key)} .dl-live-chart")
        b = box(page, css_key(key))
        assert inside_screen(b) and b["height"] > 200, f"{key} lies at {b}, not on the first 1280×720 screen"
    for control in (f"{url_path}.train", f"{url_path}.speed"):
        assert inside_screen(box(page, css_key(control))), f"{control} is off the first screen"
    assert inside_screen(box(page, "[data-testid='stCaptionContainer'] >> text=/step [\\d,]+ ·/"))
    assert page.evaluate("() => document.body.classList.contains('dl-present')")
    page.wait_for_selector(f"{css_key(MAIN_FIGURES[url_path][0])} .dl-live-chart.dl-present")   # drawn 1.5×
    page.screenshot(path=str(artifacts / f"present-{url_path}-1280x720.png"))


@pytest.mark.parametrize("url_path", ["", "convolution", "attention"])
def test_the_other_pages_open_in_present_mode(page, app_url, artifacts, url_path):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/{url_path}?present=1")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stSidebar'][data-collapsed='true']", state="attached")
    drawn = "[data-testid='stPageLink'] >> text=Tiny transformer" if not url_path else ".js-plotly-plot, .dl-live-chart"
    page.locator(drawn).first.wait_for()
    page.wait_for_timeout(1000)                                  # the rest of the figures
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts / f"present-{url_path or 'home'}-1280x720.png"))


def test_the_keyboard_drives_the_run_and_present_mode(page, app_url):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/mlp?present=1")
    wait_for_app(page)
    page.wait_for_function("() => window.__dlShortcutPage === 'mlp'")
    page.mouse.click(5, 400)                                     # focus on the page, not a field
    page.wait_for_selector(".st-key-mlp-fig-loss .dl-live-chart[data-step='0']")
    page.wait_for_timeout(500)                                   # the page has settled after drawing
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => /step 1 ·/.test(document.body.innerText)")
    page.keyboard.press("Space")
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Train", exact=True).wait_for()
    assert step_of(page) > 1
    page.keyboard.press("r")
    page.wait_for_function("() => /step 0 ·/.test(document.body.innerText)")
    page.keyboard.press("p")
    page.wait_for_function("() => !document.body.classList.contains('dl-present')")
    page.wait_for_selector("[data-testid='stSidebar'][data-collapsed='false']", state="attached")
    assert "present" not in page.url, "leaving present mode takes it out of the link"


def test_a_paused_run_travels_back_and_every_chart_shows_that_step(page, app_url):
    page.goto(f"{app_url}/mlp")
    wait_for_app(page)
    for step in (25, 50, 75):
        page.get_by_role("button", name="+1 epoch", exact=True).click()
        page.wait_for_function(f"() => /step {step} ·/.test(document.body.innerText)")
    slider = page.locator(css_key("mlp.time_travel")).get_by_role("slider")
    slider.wait_for()
    slider.focus()
    page.keyboard.press("Home")                                  # the first saved step: 0
    page.get_by_text(re.compile(r"Showing step 0 as it was")).wait_for()
    assert charts_show(page, 0)
    slider.focus()
    page.keyboard.press("End")
    assert charts_show(page, 75)


def charts_show(page, step: int) -> bool:
    """Every live chart, scrolled into view (one out of view waits to redraw), shows `step`."""
    n = page.locator(".dl-live-chart").count()
    assert n >= 5
    for i in range(n):
        page.locator(".dl-live-chart").nth(i).scroll_into_view_if_needed()
        page.wait_for_function("([i, s]) => document.querySelectorAll('.dl-live-chart')[i].dataset.step === s",
                               arg=[i, str(step)])
    return True


def open_export(page):
    """Open the Export box (it stays open across the page's reruns)."""
    if not page.get_by_text("Experiment settings (.json)").is_visible():
        page.get_by_role("button", name=re.compile("^Export")).click()
    page.get_by_text("Experiment settings (.json)").wait_for()


def test_settings_and_weights_leave_the_page_and_come_back(page, app_url, tmp_path):
    page.goto(f"{app_url}/mlp?lr=0.3&seed=7")
    wait_for_app(page)
    page.get_by_role("button", name="+1 epoch", exact=True).click()
    page.wait_for_function("() => /step 25 ·/.test(document.body.innerText)")
    open_export(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Experiment settings (.json)").click()
    saved = tmp_path / "experiment.json"
    download.value.save_as(saved)
    doc = json.loads(saved.read_text())
    assert doc["settings"]["lr"] == "0.3" and doc["seed"] == 7
    with page.expect_download() as download:
        page.get_by_role("button", name="Weights now (.safetensors)").click()
    weights = tmp_path / "weights.safetensors"
    download.value.save_as(weights)
    loss_after_one_epoch = re.search(r"Test loss\s*([\d.]+)", page.inner_text("[data-testid='stMain']")).group(1)

    page.goto(f"{app_url}/mlp?lr=0.1&seed=3")                   # another experiment
    wait_for_app(page)
    open_export(page)
    page.locator(css_key("mlp.experiment_file") + " input[type=file]").set_input_files(str(saved))
    page.get_by_text("Experiment restored").wait_for()
    page.wait_for_function("() => /lr=0.3/.test(location.search) && /seed=7/.test(location.search)")
    open_export(page)
    page.locator(css_key("mlp.weights_file") + " input[type=file]").set_input_files(str(weights))
    page.get_by_text("Weights loaded from").wait_for()
    text = page.inner_text("[data-testid='stMain']")
    assert re.search(r"Test loss\s*([\d.]+)", text).group(1) == loss_after_one_epoch, \
        "the loaded weights give the test loss they had when saved"

    (tmp_path / "bad.safetensors").write_bytes(b"not weights at all")
    open_export(page)
    page.locator(css_key("mlp.weights_file") + " input[type=file]").set_input_files(str(tmp_path / "bad.safetensors"))
    page.get_by_text("not a weights file").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_link_hides_the_controls_it_names(page, app_url):
    page.goto(f"{app_url}/mlp?lr_hide=true&dataset_hide=true&step_hide=true&seed_hide=1")
    wait_for_app(page)
    page.get_by_role("button", name="Train", exact=True).wait_for()
    for key in ("mlp.lr", "mlp.dataset", "mlp.step.Step", "common.seed"):
        assert not page.locator(css_key(key)).first.is_visible(), f"{key} should be hidden by the link"
    assert page.locator(css_key("mlp.batch_size")).first.is_visible()
    page.get_by_role("button", name="+1 epoch", exact=True).wait_for(state="hidden")
    page.get_by_role("button", name="Train", exact=True).click()       # the page still trains
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    assert "lr_hide=true" in page.url, "writing the settings into the link keeps its hide keys"


def test_a_downloaded_chart_holds_the_whole_figure_legend_and_all(page, app_url, tmp_path):
    """The perceptron's weights chart (its legend below the plot once cut a file as "b = 0."):
    the PNG is the chart drawn at 2×, and the SVG names every legend entry at the chart's size."""
    from PIL import Image

    page.goto(f"{app_url}/perceptron")
    wait_for_app(page)
    page.get_by_role("button", name="+1 epoch", exact=True).click()
    page.wait_for_function("() => /step 4 ·/.test(document.body.innerText)")
    chart = page.locator(css_key("perceptron.weights") + " .dl-live-chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("(k) => (document.querySelector(k + ' .dl-live-chart') || {dataset: {}}).dataset.step === '4'",
                           arg=css_key("perceptron.weights"))
    box = chart.bounding_box()
    chart.hover()
    files = {}
    for kind in ("PNG", "SVG"):
        with page.expect_download() as download:
            chart.get_by_role("button", name=kind, exact=True).click()
        files[kind] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[kind])
    width, height = Image.open(files["PNG"]).size
    assert abs(width - 2 * box["width"]) <= 4 and abs(height - 2 * box["height"]) <= 4, (width, height, box)
    svg = files["SVG"].read_text()
    legend = chart.evaluate("(g) => g.chart.canvas.figure.data.filter((t) => t.showlegend !== false && t.name)"
                            ".map((t) => t.name)")
    assert legend and all(f">{name}<" in svg for name in legend), (legend, svg[:300])
    assert f'width="{round(box["width"])}"' in svg or f'width="{int(box["width"])}"' in svg
