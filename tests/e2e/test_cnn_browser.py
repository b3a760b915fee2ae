"""Browser: edit a kernel cell in the convolution lab and the feature map changes; train the CNN and
the learned-kernel grid updates."""
import json
import re
import time
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# The first trace's z of the figure whose title contains `title`: a live chart (either renderer,
# through live_chart.js's traceZ), or a Plotly figure in the page or an iframe (the convolution lab).
FIRST_Z = """(title) => {
  for (const g of document.querySelectorAll('.dl-live-chart')) {
    if ((g.dataset.title || '').includes(title) && +g.dataset.updates > 0) return JSON.stringify(g.chart.traceZ(0));
  }
  const graphs = [...document.querySelectorAll('.js-plotly-plot')];
  for (const f of document.querySelectorAll('iframe')) {
    try { graphs.push(...f.contentDocument.querySelectorAll('.js-plotly-plot')); } catch (e) {} }
  for (const g of graphs) {
    const t = g.layout && g.layout.title && g.layout.title.text;
    if (t && t.includes(title) && g._fullData && g._fullData.length)
      return JSON.stringify(Array.from(g._fullData[0].z, row => Array.from(row, v => v === null ? NaN : v)));
  }
  return null; }"""


SCROLL_TO = """(title) => {
  for (const g of document.querySelectorAll('.dl-live-chart')) {
    if ((g.dataset.title || '').includes(title)) { g.scrollIntoView(); return true; } }
  return false; }"""


def first_z(page, title: str) -> np.ndarray | None:
    text = page.evaluate(FIRST_Z, title)
    return None if text is None else np.array(json.loads(text.replace("NaN", "null")), dtype=float)


def wait_for_change(page, title: str, before: np.ndarray, timeout: float = 60) -> np.ndarray:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.evaluate(SCROLL_TO, title)  # live charts out of view skip updates
        now = first_z(page, title)
        if now is not None and (now.shape != before.shape or not np.allclose(now, before, equal_nan=True)):
            return now
        time.sleep(0.5)
    raise AssertionError(f"the figure '{title}' did not change within {timeout} s")


def test_editing_a_kernel_cell_changes_the_feature_map(open_page):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page("convolution")
    page.get_by_text("Feature maps (3×3)").first.wait_for(timeout=90_000)
    before = first_z(page, "Feature maps")
    np.testing.assert_array_equal(before, np.full((3, 3), -60.0))     # the notes' example
    editor = page.locator("[data-testid='stDataFrame']").first
    editor.scroll_into_view_if_needed()
    for _ in range(5):   # the grid takes a moment to become interactive after it is drawn
        grid = editor.bounding_box()
        # the kernel's top-left cell: first of three columns, first row under the header
        page.mouse.dblclick(grid["x"] + grid["width"] / 6, grid["y"] + 35 + 17)
        try:
            page.locator("input.gdg-input").wait_for(timeout=3_000)
            break
        except Exception:
            time.sleep(1)
    page.locator("input.gdg-input").fill("5")
    page.keyboard.press("Enter")
    after = wait_for_change(page, "Feature maps", before)
    # K[0, 0]: 1 → 5 adds 4 × the window's top-left pixel (10, 20, 30 / 60, 70, 80 / …) to each cell
    top_left = np.array([[10, 20, 30], [60, 70, 80], [110, 120, 130]], dtype=float)
    np.testing.assert_array_equal(after, before + 4 * top_left)
    page.screenshot(path=str(ARTIFACTS / "conv_lab_edited.png"), full_page=True)


STEP_TITLE = """() => {
  const graphs = [...document.querySelectorAll('.js-plotly-plot')];
  for (const f of document.querySelectorAll('iframe')) {
    try { graphs.push(...f.contentDocument.querySelectorAll('.js-plotly-plot')); } catch (e) {} }
  for (const g of graphs) {
    const t = g.layout && g.layout.title && g.layout.title.text;
    if (t && t.includes('Sliding window, step')) return t;
  }
  return null; }"""


def test_play_walks_the_window_through_every_position_then_stops(open_page):
    """Play was a fragment click that moved one position and stopped: now it runs to the end."""
    page = open_page("convolution")
    page.get_by_role("tab", name="Step through the window").click()
    page.get_by_role("button", name="⏵ Play").click()
    seen, deadline = set(), time.monotonic() + 60
    while time.monotonic() < deadline and 9 not in seen:    # the notes' 5×5, a 3×3 filter: 9 stops
        title = page.evaluate(STEP_TITLE)
        if title:
            seen.add(int(re.search(r"step (\d+)", title).group(1)))
        time.sleep(0.1)
    assert {3, 5, 7, 9} <= seen, f"the window reached only steps {sorted(seen)}"
    page.get_by_role("button", name="⏵ Play").wait_for(timeout=10_000)   # stopped by itself, Play again
    assert "Sliding window, step 9:" in page.evaluate(STEP_TITLE)


def test_training_the_cnn_updates_the_filter_grid(open_page):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page("cnn")
    page.wait_for_function(f"() => ({FIRST_Z})('Learned kernels') !== null", timeout=90_000)
    before = first_z(page, "Learned kernels")
    assert before is not None and before.shape == (3, 8 * 4 - 1)        # 8 filters of 3×3 in one row
    assert page.evaluate(SCROLL_TO, "Learned kernels")   # live charts redraw only while in view
    page.get_by_role("button", name=re.compile(r"^Train$")).first.click()
    page.evaluate(SCROLL_TO, "Learned kernels")
    after = wait_for_change(page, "Learned kernels", before)
    assert after.shape == before.shape
    page.screenshot(path=str(ARTIFACTS / "cnn_training.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"^Pause$")).first.click()
