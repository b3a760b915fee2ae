"""Watch live charts in the browser frame by frame: distinct figures painted, charts missing
(blank frames) and chart nodes created (re-mounts). Used by the live-view tests and bench.
"""
from __future__ import annotations

import time

# Runs in the page: a frame counts as painted when the charts' titles (which carry the step on
# the demo page) differ from the frame before; a frame is blank when a chart shows no trace.
_INSTALL = """(expected) => {
  const s = window.__liveProbe = {frames: 0, painted: 0, blank: 0, mounts: 0, last: ''};
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes)
      if (n.nodeType === 1 && (n.matches('.js-plotly-plot') || n.querySelector('.js-plotly-plot'))) s.mounts++;
  }).observe(document.body, {childList: true, subtree: true});
  const tick = () => {
    s.frames++;
    const drawn = [...document.querySelectorAll('.js-plotly-plot')].filter((p) => p.querySelector('.main-svg .trace, .main-svg .hm image'));
    if (drawn.length < expected) s.blank++;
    const look = [...document.querySelectorAll('.js-plotly-plot .gtitle')].map((t) => t.textContent).join('|');
    if (look !== s.last) { s.painted++; s.last = look; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


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
