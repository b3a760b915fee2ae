"""Browser: the race on a network trains, and its slice-and-paths chart and its loss chart (canvases)
update live; on the principal-directions plane the chart says the plane moves."""
import re

import pytest

pytestmark = pytest.mark.browser

# A chart scrolled into view (live charts out of view skip updates): its updates, the step in its
# title, its renderer and marks; null until it is on the page.
_CHART = """(key) => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === key);
    if (!g) return null;
    g.scrollIntoView({block: 'center'});
    const m = /step (\\d+)/.exec(g.dataset.title || '');
    return {updates: +g.dataset.updates, step: m ? +m[1] : -1, renderer: g.dataset.renderer,
            title: g.dataset.title || '', marks: g.chart.marks()}; }"""
SLICE, LOSSES = "network_race.slice", "network_race.losses"


def chart(tab, key: str) -> dict:
    tab.wait_for_function(f"(k) => {{ const c = ({_CHART})(k); return c && c.updates > 0; }}", arg=key,
                          timeout=90_000)
    return tab.evaluate(_CHART, key)


def test_the_network_race_trains_and_its_charts_update_on_canvases(open_page, artifacts):
    tab = open_page("network_race?preset=sgd-too-large-lr")
    before, losses = chart(tab, SLICE), chart(tab, LOSSES)
    assert before["renderer"] == "canvas" and before["step"] == 0 and before["marks"] > 0
    assert "the plane moves" in before["title"]
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    tab.wait_for_function(f"(n) => ({_CHART})('{SLICE}').updates >= n + 3", arg=before["updates"], timeout=60_000)
    tab.wait_for_function(f"() => ({_CHART})('{SLICE}').step > 0", timeout=60_000)
    tab.wait_for_function(f"(n) => ({_CHART})('{LOSSES}').updates > n", arg=losses["updates"], timeout=60_000)
    later = chart(tab, SLICE)
    assert later["updates"] > before["updates"] and later["step"] > 0 and later["renderer"] == "canvas"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.screenshot(path=str(artifacts / "network_race.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0
