"""Live updates drawn per second on every training page, while it trains in Chromium.

    .venv/bin/python bench/bench_pages.py [--seconds 6] [--refresh 0.05]

Uses the pages and settings of tests/e2e/test_live_pages.py (plus the MLP page) in a 1600 × 2400
window, so most charts are in view; a chart out of view skips its updates and is reported as such.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_live_app import set_refresh  # noqa: E402
from bench.browser import served_page  # noqa: E402
from tests.e2e import live_probe  # noqa: E402
from tests.e2e.conftest import wait_for_app  # noqa: E402
from tests.e2e.test_live_pages import PAGES  # noqa: E402

_CHARTS = """() => [...document.querySelectorAll('.dl-live-chart')].map((g) => {
    const r = g.getBoundingClientRect();
    return [+g.dataset.updates, r.bottom > 0 && r.top < innerHeight, +(g.dataset.build || 0)]; })"""
_FIRST_DRAWN = "() => +(document.querySelector('.dl-live-chart') || {dataset: {}}).dataset.updates > 0"


# The perceptron learns XOR's four points at thousands of steps a second, so even its longest
# epoch budget (1,000 epochs) lasts under a second at full speed: it is measured at its fastest pace
# instead, for 4 s of the 8 that budget lasts.
PACES = {"perceptron": "500 steps/s"}


def rates(page, url: str, seconds: float, refresh: float, pace: str = "full speed") -> tuple[float, float, float, int, int]:
    """(median, lowest) updates/s of the charts in view, the feed's builds/s (new snapshots turned
    into figures by the server), charts in view, charts on the page."""
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function(_FIRST_DRAWN)
    set_refresh(page, refresh)
    if pace != "full speed":
        page.get_by_label("Epoch budget (Train stops here)").fill("1000")
        page.keyboard.press("Enter")
        time.sleep(1.0)   # the rerun that applies it
    live_probe.full_speed(page, pace)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(3)
    before, t0 = page.evaluate(_CHARTS), time.monotonic()
    time.sleep(seconds)
    after, dt = page.evaluate(_CHARTS), time.monotonic() - t0
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for()
    seen = sorted((b[0] - a[0]) / dt for a, b in zip(before, after) if b[1])
    builds = max(b[2] - a[2] for a, b in zip(before, after)) / dt
    return (seen[len(seen) // 2] if seen else 0.0), (seen[0] if seen else 0.0), builds, len(seen), len(after)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--refresh", type=float, default=0.05, help="the sidebar's live-update period (s)")
    args = ap.parse_args()
    rows = []
    with served_page(ROOT / "app.py", height=2400) as (page, base):
        for path in ["mlp", *PAGES]:
            pace = PACES.get(path.split("?")[0], "full speed")
            seconds = args.seconds if pace == "full speed" else min(args.seconds, 4.0)
            rows.append((path, *rates(page, f"{base}/{path}", seconds, args.refresh, pace)))
    print(f"refresh {args.refresh} s")
    print("| page (settings) | updates drawn/s, median chart in view | slowest chart in view "
          "| figures built/s by the server (new snapshots) | charts in view / on page |")
    print("|---|---|---|---|---|")
    for path, median, lowest, builds, seen, total in rows:
        print(f"| `{path}` | {median:.1f} | {lowest:.1f} | {builds:.1f} | {seen} / {total} |")


if __name__ == "__main__":
    main()
