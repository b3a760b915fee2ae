"""Browser: the loss and activation bench trains and its live charts (canvases) update: the
accuracy race grows and the dead-unit bars follow the run's steps."""
import re

import pytest

pytestmark = pytest.mark.browser

# A live chart by key, scrolled into view (charts out of view skip updates): its updates, the step
# it shows, its renderer and its marks; null until it is on the page.
_CHART = """(key) => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === key);
    if (!g) return null;
    g.scrollIntoView({block: 'center'});
    return {updates: +g.dataset.updates, step: +g.dataset.step, renderer: g.dataset.renderer,
            marks: g.chart.marks()}; }"""


def chart(tab, key: str) -> dict:
    tab.wait_for_function(f"(k) => {{ const c = ({_CHART})(k); return c && c.updates > 0; }}", arg=key,
                          timeout=90_000)
    return tab.evaluate(_CHART, key)


def test_the_bench_trains_and_its_race_and_dead_unit_charts_update(open_page, artifacts):
    tab = open_page("loss_activation_bench?preset=relu-dies")
    before = {key: chart(tab, f"loss_activation_bench.{key}") for key in ("accuracy", "units")}
    assert all(c["renderer"] == "canvas" and c["marks"] > 0 for c in before.values())
    assert before["accuracy"]["step"] == 0
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    for key, seen in before.items():
        tab.wait_for_function(f"([k, n]) => ({_CHART})(k).updates >= n + 3",
                              arg=[f"loss_activation_bench.{key}", seen["updates"]], timeout=60_000)
    later = {key: chart(tab, f"loss_activation_bench.{key}") for key in before}
    assert all(later[k]["updates"] > before[k]["updates"] and later[k]["step"] > 0 for k in later)
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.screenshot(path=str(artifacts / "loss_activation_bench.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0
