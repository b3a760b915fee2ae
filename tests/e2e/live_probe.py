"""Watch live charts in the browser frame by frame: distinct figures painted, charts missing
(blank frames) and chart nodes created (re-mounts). Used by the live-view tests and bench.
"""
from __future__ import annotations

import time

# Runs in the page: a frame is blank when a chart shows no trace; a complete frame counts as
# painted when the charts' titles (which carry the step on the demo page) differ from the last one.
_INSTALL = """(expected) => {
  const s = window.__liveProbe = {frames: 0, painted: 0, blank: 0, mounts: 0, last: ''};
  new MutationObserver((records) => {  // plotly.js makes a new .main-svg only when it (re)creates a chart
    for (const r of records) for (const n of r.addedNodes)
      if (n.nodeType === 1) s.mounts += n.matches('svg.main-svg') ? 1 : n.querySelectorAll('svg.main-svg').length;
  }).observe(document.body, {childList: true, subtree: true});
  const tick = () => {
    s.frames++;
    const drawn = [...document.querySelectorAll('.js-plotly-plot')].filter((p) => p.querySelector('.main-svg .trace, .main-svg .hm image'));
    if (drawn.length < expected) { s.blank++; } else {
      const look = drawn.map((p) => [...p.querySelectorAll('.gtitle')].map((t) => t.textContent).join('|')).join('#');
      if (look !== s.last) { s.painted++; s.last = look; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def install(page, expected_charts: int) -> None:
    """Start counting in `page`; `expected_charts` charts should be on screen at every frame."""
    page.evaluate(_INSTALL, expected_charts)


def read(page) -> dict:
    """Counters so far: frames, painted (title changes), blank frames, mounts (new chart SVGs)."""
    return page.evaluate("() => ({...window.__liveProbe})")


def measure(page, seconds: float) -> dict:
    """Per-second rates over the next `seconds`: painted/s, blank frames and mounts in the window."""
    a, t0 = read(page), time.monotonic()
    time.sleep(seconds)
    b, dt = read(page), time.monotonic() - t0
    return {"painted_per_s": (b["painted"] - a["painted"]) / dt, "blank": b["blank"] - a["blank"],
            "mounts": b["mounts"] - a["mounts"], "frames_per_s": (b["frames"] - a["frames"]) / dt}
