"""Browser: the transformer page trains and its layer × head grid of attention maps updates live."""
import re

import pytest

pytestmark = pytest.mark.browser

# The step in the title of the head grid's live chart (either renderer sets data-title), with the
# chart scrolled into view (live charts out of view skip updates); -1 until it has drawn.
_GRID_STEP = """() => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => /layer × head/.test(c.dataset.title || ''));
    if (!g) return -1;
    g.scrollIntoView({block: 'center'});
    const m = /step (\\d+)/.exec(g.dataset.title);
    return m ? +m[1] : -1; }"""


def grid_step(tab) -> int:
    """The training step named in the head grid's title."""
    tab.wait_for_function(f"() => ({_GRID_STEP})() >= 0", timeout=90_000)
    return tab.evaluate(_GRID_STEP)


def test_transformer_trains_and_the_head_grid_updates(open_page, artifacts):
    tab = open_page("transformer?seq_len=3&n_layers=1&n_heads=2&d_model=16")
    assert grid_step(tab) == 0
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    tab.wait_for_function(f"() => ({_GRID_STEP})() > 0", timeout=90_000)
    first = grid_step(tab)
    tab.wait_for_timeout(3000)
    later = grid_step(tab)
    assert later > first > 0, "the grid's step should keep rising while training"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.get_by_text("Time travel").first.wait_for(timeout=60_000)
    tab.screenshot(path=str(artifacts / "attention_transformer.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0


# The head grid's chart: its first panel's box in page pixels, and the zoomed panels.
_GRID = "[...document.querySelectorAll('.dl-live-chart')].find((c) => /layer × head/.test(c.dataset.title || ''))"
_FIRST_PANEL = f"""() => {{ const g = {_GRID}, r = g.getBoundingClientRect(), a = g.chart.canvas.panels[0].area;
    g.scrollIntoView({{block: 'center'}});
    return {{x: r.left + a.l, y: r.top + a.t, w: a.w, h: a.h, renderer: g.dataset.renderer}}; }}"""
_ZOOMED = f"() => [...{_GRID}.chart.canvas.views.keys()]"
_READOUT = f"""() => {{ const c = {_GRID}.querySelector('canvas.dl-canvas-overlay');
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < px.length; i += 4) if (px[i]) return true;
    return false; }}"""


def test_the_head_grid_is_painted_on_a_canvas_that_hovers_and_zooms_per_panel(open_page):
    tab = open_page("transformer?seq_len=3&n_layers=1&n_heads=2&d_model=16")
    grid_step(tab)
    tab.evaluate(_FIRST_PANEL)   # scrolls the chart into view: its box is read once it is there
    box = tab.evaluate(_FIRST_PANEL)
    assert box["renderer"] == "heatmap"
    tab.mouse.move(box["x"] + box["w"] * 0.3, box["y"] + box["h"] * 0.3)
    tab.wait_for_function(_READOUT)   # the cell's value under the pointer
    tab.mouse.down()
    tab.mouse.move(box["x"] + box["w"] * 0.7, box["y"] + box["h"] * 0.7, steps=6)
    tab.mouse.up()
    assert tab.evaluate(_ZOOMED) == [""], "a drag in the first panel zooms that panel only"
    tab.mouse.dblclick(box["x"] + box["w"] * 0.5, box["y"] + box["h"] * 0.5)
    assert tab.evaluate(_ZOOMED) == [], "a double-click resets the zoom"
