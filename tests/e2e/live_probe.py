"""Watch live charts in the browser frame by frame: distinct figures painted, charts missing
(blank frames) and chart nodes created (re-mounts). Used by the live-view tests and bench.
"""
from __future__ import annotations

import time

# Runs in the page. Charts: the live charts (read through live_chart.js's marks() and their
# drawn title) and any st.plotly_chart (its SVG), for the benchmark's comparison.
_CHARTS = """const charts = () => [...document.querySelectorAll('.dl-live-chart, .js-plotly-plot')].filter(
    (g) => g.classList.contains('dl-live-chart') || !g.closest('.dl-live-chart'));
  const drawn = (g) => (g.chart ? g.chart.marks() > 0 : !!g.querySelector('.main-svg .trace, .main-svg .hm image'));
  const title = (g) => (g.chart ? g.dataset.title : [...g.querySelectorAll('.gtitle')].map((t) => t.textContent).join('|'));"""
# A frame is blank when fewer charts show a trace than expected; a complete frame counts as
# painted when the charts' titles (which carry the step on the demo page) differ from the last one.
_INSTALL = """(expected) => {
  %s
  const s = window.__liveProbe = {frames: 0, painted: 0, blank: 0, mounts: 0, last: ''};
  const NEW_CHART = 'svg.main-svg, canvas.dl-canvas';  // made only when a chart is (re)created
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes)
      if (n.nodeType === 1) s.mounts += n.matches(NEW_CHART) ? 1 : n.querySelectorAll(NEW_CHART).length;
  }).observe(document.body, {childList: true, subtree: true});
  const tick = () => {
    s.frames++;
    const shown = charts().filter(drawn);
    if (shown.length < expected) { s.blank++; } else {
      const look = shown.map(title).join('#');
      if (look !== s.last) { s.painted++; s.last = look; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}""" % _CHARTS
_DRAWN = "(n) => { %s\n  return charts().filter(drawn).length >= n; }" % _CHARTS


def wait_drawn(page, charts: int) -> None:
    """Wait until `charts` charts show something."""
    page.wait_for_function(_DRAWN, arg=charts)


def install(page, expected_charts: int) -> None:
    """Start counting in `page`; `expected_charts` charts should be on screen at every frame."""
    page.evaluate(_INSTALL, expected_charts)


def read(page) -> dict:
    """Counters so far: frames, painted (title changes), blank frames, mounts (new chart nodes)."""
    return page.evaluate("() => ({...window.__liveProbe})")


def measure(page, seconds: float) -> dict:
    """Per-second rates over the next `seconds`: painted/s, blank frames and mounts in the window."""
    a, t0 = read(page), time.monotonic()
    time.sleep(seconds)
    b, dt = read(page), time.monotonic() - t0
    return {"painted_per_s": (b["painted"] - a["painted"]) / dt, "blank": b["blank"] - a["blank"],
            "mounts": b["mounts"] - a["mounts"], "frames_per_s": (b["frames"] - a["frames"]) / dt}


def full_speed(page, pace: str = "full speed") -> None:
    """Choose "full speed" (or another `pace`, e.g. "500 steps/s") in the page's speed box (pages
    open at a pace a class can watch; a measurement of training speed wants the run unthrottled)."""
    box = page.locator("[class*='st-key-'][class*='-speed'] input").first
    for _ in range(3):
        box.click()
        option = page.get_by_role("option", name=pace, exact=True)
        try:
            option.click(timeout=5_000)
            break
        except Exception:   # the list did not open (a rerun redrew the box): try again
            box.press("Escape")
    page.wait_for_function("(pace) => [...document.querySelectorAll(\"[class*='-speed'] input\")]"
                           ".some((i) => i.value === pace)", arg=pace)
    time.sleep(0.5)   # the rerun that applies it
