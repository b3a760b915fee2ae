"""Browser: a user paints the GAN's real points with the lasso in the drawing dialog, trains on
them, and the plane's real points are the drawn ones; clearing the drawing empties it."""
import json
import re

import pytest

from dl_engine.training.gan_plane import Plane
from tests.e2e.test_gan_browser import _PLANE

SHOWN = Plane.shown   # real points the plane draws

pytestmark = pytest.mark.browser

REAL = """() => { const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === 'gan.plane');
                  return g && g.chart.marks() ? JSON.stringify(g.chart.traceY(2)) : null; }"""
TITLE = """() => { const t = document.querySelector("[role='dialog'] .gtitle");
                   const m = t && /(\\d+) so far/.exec(t.textContent); return m ? +m[1] : -1; }"""


def lasso(tab, plot) -> None:
    """A closed stroke round the middle of the canvas' plot area."""
    box = plot.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    tab.mouse.move(x + 0.35 * w, y + 0.35 * h)
    tab.mouse.down()
    for fx, fy in ((0.65, 0.35), (0.65, 0.65), (0.35, 0.65), (0.35, 0.36)):
        tab.mouse.move(x + fx * w, y + fy * h, steps=8)
    tab.mouse.up()


def test_painted_points_become_the_real_distribution(open_page):
    tab = open_page("gan")
    tab.wait_for_function(f"() => ({_PLANE})('gan.plane') !== null", timeout=90_000)
    ring = tab.evaluate(REAL)
    field = tab.locator("[data-testid='stSelectbox']").filter(has_text="Real distribution").first.locator("input")
    field.click()
    tab.wait_for_timeout(300)
    if not tab.get_by_role("listbox").count():   # a box still focused does not open on a click
        field.press("ArrowDown")
    tab.get_by_role("option", name=re.compile("your points")).click()
    tab.get_by_role("button", name=re.compile("or draw your points")).click()
    dialog = tab.get_by_role("dialog")
    plot = dialog.locator(".js-plotly-plot .nsewdrag").first
    plot.wait_for(timeout=60_000)
    assert tab.evaluate(TITLE) == 0
    assert dialog.get_by_role("button", name=re.compile("Train on these")).is_disabled()   # nothing drawn yet
    lasso(tab, plot)
    tab.wait_for_function(f"() => ({TITLE})() > 0", timeout=60_000)
    drawn = tab.evaluate(TITLE)
    assert drawn >= 30, drawn
    dialog.get_by_role("button", name=re.compile(f"Train on these {drawn} points")).click()
    tab.wait_for_url(re.compile(r"data=csv&upload=\w+"), timeout=60_000)
    tab.wait_for_function(f"([r]) => {{ const y = ({REAL})(); return y && y !== r; }}", arg=[ring], timeout=60_000)
    # other real points than the ring's, scaled to span the plane as an upload's are
    shown = json.loads(tab.evaluate(REAL))
    assert len(shown) == SHOWN and max(shown) - min(shown) > 6, shown
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    tab.wait_for_function(f"() => {{ const c = ({_PLANE})('gan.plane'); return c && c.step > 20; }}",
                          timeout=60_000)
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.get_by_role("button", name=re.compile("or draw your points")).click()
    dialog.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    assert tab.evaluate(TITLE) == drawn                              # the drawing is kept for more strokes
    dialog.get_by_role("button", name=re.compile("Clear the drawing")).click()
    tab.wait_for_function(f"() => ({TITLE})() === 0", timeout=60_000)
    assert tab.locator("[data-testid='stException']").count() == 0
