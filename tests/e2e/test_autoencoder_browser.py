"""Browser: the autoencoder page trains; its latent scatter (a canvas) updates live with the codes
moving, and the prior samples (a heatmap of the same 16 fixed z) change as the decoder learns."""
import re

import pytest

pytestmark = pytest.mark.browser

# A live chart by key, scrolled into view (charts out of view skip updates): its updates, the step
# in its title, its renderer, marks drawn and its first trace's values (z₂ of the scatter's 0s,
# z for the samples' pixels); null until it is on the page.
_CHART = """(key) => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === key);
    if (!g) return null;
    g.scrollIntoView({block: 'center'});
    const m = /step (\\d+)/.exec(g.dataset.title || '');
    const values = g.chart.marks() ? (g.dataset.renderer === 'heatmap' ? g.chart.traceZ(0) : g.chart.traceY(0)) : null;
    return {updates: +g.dataset.updates, step: m ? +m[1] : -1, renderer: g.dataset.renderer,
            marks: g.chart.marks(), values: values ? JSON.stringify(values) : null}; }"""


def chart(tab, key: str) -> dict:
    tab.wait_for_function(f"(k) => {{ const c = ({_CHART})(k); return c && c.updates > 0; }}", arg=key,
                          timeout=90_000)
    return tab.evaluate(_CHART, key)


def test_training_moves_the_latent_scatter_and_changes_the_samples(open_page, artifacts):
    tab = open_page("autoencoder?preset=vae-filled")
    latent, samples = chart(tab, "autoencoder.latent"), chart(tab, "autoencoder.samples")
    assert latent["renderer"] == "canvas" and latent["step"] == 0 and latent["marks"] >= 300   # a point per digit
    assert samples["renderer"] == "heatmap" and samples["step"] == 0 and samples["values"]
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    for key, before in (("autoencoder.latent", latent), ("autoencoder.samples", samples)):
        tab.wait_for_function(f"([k, n]) => ({_CHART})(k).updates >= n + 3 && ({_CHART})(k).step > 0",
                              arg=[key, before["updates"]], timeout=60_000)
    later_latent, later_samples = chart(tab, "autoencoder.latent"), chart(tab, "autoencoder.samples")
    assert later_latent["step"] > 0 and later_latent["renderer"] == "canvas"
    assert later_latent["values"] != latent["values"], "the codes moved"
    assert later_samples["step"] > 0 and later_samples["values"] != samples["values"], "the samples changed"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.screenshot(path=str(artifacts / "autoencoder.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0


# the latent line's codes: the x of its first mark (class 0's test points)
CODES = """() => JSON.stringify(Array.from([...document.querySelectorAll('.dl-live-chart')].find(
    (c) => c.dataset.key === 'autoencoder.line').chart.canvas.traces[0].x))"""


def test_on_a_2d_set_the_latent_line_and_the_decoders_curve_move(open_page):
    tab = open_page("autoencoder?preset=moons-curve")
    line, plane = chart(tab, "autoencoder.line"), chart(tab, "autoencoder.points")
    codes = tab.evaluate(CODES)
    assert line["renderer"] == plane["renderer"] == "canvas" and line["step"] == plane["step"] == 0
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    for key, before in (("autoencoder.line", line), ("autoencoder.points", plane)):
        tab.wait_for_function(f"([k, n]) => ({_CHART})(k).updates >= n + 3 && ({_CHART})(k).step > 0",
                              arg=[key, before["updates"]], timeout=60_000)
    later_line, later_plane = chart(tab, "autoencoder.line"), chart(tab, "autoencoder.points")
    assert tab.evaluate(CODES) != codes, "the codes moved along the line"
    assert later_line["step"] > 0 and later_plane["values"] != plane["values"], "the reconstructions moved"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    assert tab.locator("[data-testid='stException']").count() == 0
