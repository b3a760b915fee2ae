"""The PNG and SVG downloads of canvas-drawn charts: drawn by the chart's own renderer from the
figure on screen (the PNG at 2×, the SVG recorded by svg_context.js), so each file shows what the
screen shows; checked per fixed figure kind in a blank page, and once through a real app page."""
import base64
import io

import numpy as np
import pytest
from PIL import Image

from dl_engine.ui.live_chart import _HERE
from tests.e2e import image_compare
from tests.e2e.canvas_fixed_figures import FIGURES
from tests.e2e.canvas_page import sent, _DRAW, THEME, open_canvas_page
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser

SVG_SHARE = image_compare.MAX_SHARE   # the SVG drawn back by Chromium: as close as the PNG to the screen

# The chart drawn as canvas_page draws it, kept on the page for the download calls.
_DRAW_KEPT = _DRAW.replace('return chart.base.toDataURL("image/png");', "window.chart = chart; return null;")

_DOWNLOADS = """async () => {
  const c = window.chart;
  const png = c.pngUrl();
  c.dpr = 2; c.render();
  const screen2 = c.base.toDataURL("image/png");
  c.dpr = 1; c.render();
  const svg = c.svgText();
  const img = new Image();
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  await img.decode();
  const back = Object.assign(document.createElement("canvas"), { width: c.width, height: c.height });
  back.getContext("2d").drawImage(img, 0, 0);
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  return { png, screen2, screen1: c.base.toDataURL("image/png"), svgBack: back.toDataURL("image/png"),
           parseError: !!doc.querySelector("parsererror"), texts: [...doc.querySelectorAll("text")].map((t) => t.textContent),
           labels: c.drawn.map((d) => ({ kind: d.kind, text: d.text })) };
}"""


def _pixels(url: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA"))


def _share(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape
    return float(image_compare.differing(a, b).mean())


@pytest.fixture(scope="module")
def canvas_page(browser_context):
    page = open_canvas_page(browser_context)
    page.add_script_tag(content=(_HERE / "svg_context.js").read_text())
    yield page
    page.close()


def downloads(page, spec, width: int, height: int) -> dict:
    """Draw `spec` on screen, then make both downloads of it: what _DOWNLOADS returns, decoded."""
    page.evaluate(_DRAW_KEPT, [*sent(spec), width, height, THEME])
    got = page.evaluate(_DOWNLOADS)
    for key in ("png", "screen2", "screen1", "svgBack"):
        got[key] = _pixels(got[key])
    return got


@pytest.mark.parametrize("name", FIGURES)
def test_downloads_show_the_screen(canvas_page, name):
    build, width, height = FIGURES[name]
    got = downloads(canvas_page, build(), width, height)
    # PNG: the screen drawing at 2×, pixel for pixel within image_compare's tolerance
    assert got["png"].shape[:2] == (2 * height, 2 * width)
    assert _share(got["png"], got["screen2"]) <= image_compare.MAX_SHARE
    # SVG: well-formed, its text the chart's text, and drawn back by Chromium like the screen
    assert not got["parseError"]
    for label in got["labels"]:
        if label["kind"] in ("title", "tick"):
            assert label["text"] in got["texts"]
    assert any(label["kind"] == "tick" for label in got["labels"])
    share = _share(got["svgBack"], got["screen1"])
    assert share <= SVG_SHARE


def _without_colour_bar(grid):
    for panel in grid.panels:
        panel.bar = None
    return grid


def _without_last_trace(chart):
    chart.marks = chart.marks[:-1]
    return chart


@pytest.mark.parametrize("name, alter", [("heatmap_colourbar", _without_colour_bar), ("lines_legend", _without_last_trace)])
def test_an_svg_missing_a_part_fails_the_comparison(canvas_page, name, alter):
    # the SVG tolerance must still catch a missing colour bar or trace: compare the altered
    # figure's SVG with the screen drawing of the intact one
    build, width, height = FIGURES[name]
    screen = downloads(canvas_page, build(), width, height)["screen1"]
    altered = downloads(canvas_page, alter(build()), width, height)["svgBack"]
    assert _share(altered, screen) > SVG_SHARE


def test_an_unimplemented_call_throws(canvas_page):
    message = canvas_page.evaluate("""() => {
      const ctx = new SvgContext(10, 10);
      try { ctx.quadraticCurveTo(0, 0, 1, 1); } catch (e) { return e.message; }
      return "no error";
    }""")
    assert "quadraticCurveTo" in message
    message = canvas_page.evaluate("""() => {
      try { new SvgContext(10, 10).shadowBlur = 3; } catch (e) { return e.message; }
      return "no error";
    }""")
    assert "shadowBlur" in message


def test_app_chart_downloads_its_own_drawing(page, demo_url):
    # the demo's loss curve (a canvas chart) after a short run: both buttons give a file, the
    # PNG at 2× the chart's size and the SVG our recording (plotly.js's would have class main-svg)
    page.goto(demo_url + "/?epochs=30")
    wait_for_app(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_function("() => document.body.innerText.includes('finished')", timeout=60_000)
    chart = page.locator(".dl-live-chart").first
    chart.hover()
    files = {}
    for title, suffix in (("Download plot as a PNG", ".png"), ("Download plot as SVG", ".svg")):
        with page.expect_download() as download:
            chart.locator(f"[data-title='{title}']").click()
        assert download.value.suggested_filename.endswith(suffix)
        files[suffix] = open(download.value.path(), "rb").read()
    box = chart.locator("canvas.dl-canvas").bounding_box()
    assert Image.open(io.BytesIO(files[".png"])).size == (round(2 * box["width"]), round(2 * box["height"]))
    svg = files[".svg"].decode()
    assert svg.startswith("<svg") and "<text" in svg and "main-svg" not in svg


def test_the_tools_are_faint_over_the_plot_and_solid_over_themselves(page, demo_url):
    # a long title runs under the tools: while the pointer reads the plot they must not hide it
    page.goto(demo_url + "/?epochs=30")
    wait_for_app(page)
    chart = page.locator(".dl-live-chart").first
    tools = chart.locator(".dl-canvas-tools")
    chart.locator("[data-title='Download plot as a PNG']").wait_for(state="attached", timeout=60_000)
    opacity = lambda: float(tools.evaluate("(t) => getComputedStyle(t).opacity"))
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("(t) => getComputedStyle(t).opacity === '0.3'", arg=tools.element_handle(), timeout=10_000)
    assert opacity() == pytest.approx(0.3)
    tools.hover()
    page.wait_for_function("(t) => getComputedStyle(t).opacity === '1'", arg=tools.element_handle(), timeout=10_000)
    page.mouse.move(0, 0)
    page.wait_for_function("(t) => getComputedStyle(t).opacity === '0'", arg=tools.element_handle(), timeout=10_000)
