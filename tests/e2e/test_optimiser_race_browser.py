"""Browser: the optimiser race trains and its paths chart (a canvas) updates live."""
import re

import pytest

pytestmark = pytest.mark.browser

# The paths chart scrolled into view (live charts out of view skip updates): its updates, the
# step in its title and its renderer; null until it is on the page.
_PATHS = """() => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === 'optimiser_race.paths');
    if (!g) return null;
    g.scrollIntoView({block: 'center'});
    const m = /step (\\d+)/.exec(g.dataset.title || '');
    return {updates: +g.dataset.updates, step: m ? +m[1] : -1, renderer: g.dataset.renderer,
            marks: g.chart.marks()}; }"""


def paths(tab) -> dict:
    tab.wait_for_function(f"() => {{ const p = ({_PATHS})(); return p && p.updates > 0; }}", timeout=90_000)
    return tab.evaluate(_PATHS)


def test_the_race_trains_and_the_paths_chart_updates_on_a_canvas(open_page, artifacts):
    tab = open_page("optimiser_race?preset=rosenbrock")
    before = paths(tab)
    assert before["renderer"] == "canvas" and before["step"] == 0 and before["marks"] > 0
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    tab.wait_for_function(f"(n) => ({_PATHS})().updates >= n + 3", arg=before["updates"], timeout=60_000)
    tab.wait_for_function(f"() => ({_PATHS})().step > 0", timeout=60_000)
    later = paths(tab)
    assert later["updates"] > before["updates"] and later["step"] > 0 and later["renderer"] == "canvas"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.screenshot(path=str(artifacts / "optimiser_race.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0
