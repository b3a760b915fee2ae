"""Live-app benchmark (issue 2, item 2; issue 7): epochs/s the MLP page trains while open in Chromium
and refreshing (0.1 s, or the sidebar's --refresh), against the same run headless, on TensorFlow
Playground's default and largest networks; and per live chart, the updates drawn per second and the
browser ms each took.

    .venv/bin/python bench/bench_live_app.py [--seconds 10] [--refresh 0.05|0.1|0.2|0.5]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_engine import NETWORKS  # noqa: E402
from bench.bench_live import headless_epochs_per_s  # noqa: E402
from bench.browser import served_page  # noqa: E402
from dl_engine.config import to_query  # noqa: E402
from dl_engine.training.mlp_experiment import MLPExperiment  # noqa: E402
from dl_engine.models.mlp_fused import compile_kernel  # noqa: E402
from dl_engine.ui.sidebar import DEFAULT_REFRESH, REFRESH_CHOICES  # noqa: E402
from dl_engine.ui.warmup import warm_up  # noqa: E402
from tests.e2e import live_probe  # noqa: E402
from tests.e2e.conftest import wait_for_app  # noqa: E402


def epoch_on_page(page) -> float:
    text = page.inner_text("[data-testid='stMain']")
    return float(re.search(r"epoch ([\d,]+\.\d)", text).group(1).replace(",", ""))


def charts(page) -> list[tuple[int, float]]:
    """(updates drawn, browser ms spent drawing) of each live chart, in page order."""
    return page.evaluate("() => [...document.querySelectorAll('.dl-live-chart')]"
                         ".map((e) => [+e.dataset.updates, +e.dataset.drawMs])")


def set_refresh(page, refresh: float) -> None:
    """Move the sidebar's "Live updates" slider (2, 5, 10, 20 per second) to `refresh` seconds."""
    thumb = page.locator("[data-testid='stSlider']").filter(has_text="Live updates").locator("input").first
    moves = REFRESH_CHOICES.index(refresh) - REFRESH_CHOICES.index(DEFAULT_REFRESH)
    for _ in range(abs(moves)):
        thumb.focus()
        thumb.press("ArrowRight" if moves > 0 else "ArrowLeft")
    page.wait_for_function("(t) => [...document.querySelectorAll('[data-testid=stSlider]')].some((s) => "
                           "s.innerText.includes('Live updates') && s.innerText.includes(t))", arg=f"{1 / refresh:g} per")
    time.sleep(1.0)   # the rerun that applies it


def watched(page, base: str, config, seconds: float, refresh: float) -> tuple[float, list[float], list[float]]:
    """(epochs/s, updates/s per chart, browser ms per update per chart) of the MLP page's run while
    the page is open and refreshing in Chromium."""
    page.goto(f"{base}/mlp?{urlencode(to_query(config) | {'seed': '0'})}")
    wait_for_app(page)
    live_probe.wait_drawn(page, 1)
    set_refresh(page, refresh)
    live_probe.full_speed(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(3)
    e0, c0, t0 = epoch_on_page(page), charts(page), time.monotonic()
    time.sleep(seconds)
    e1, c1, dt = epoch_on_page(page), charts(page), time.monotonic() - t0
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for()
    updates = [b[0] - a[0] for a, b in zip(c0, c1)]
    return ((e1 - e0) / dt, [n / dt for n in updates],
            [(b[1] - a[1]) / max(1, n) for a, b, n in zip(c0, c1, updates)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--refresh", type=float, default=0.1, choices=REFRESH_CHOICES)
    args = parser.parse_args()
    warm_up()
    compile_kernel()  # not timed: compiled (or loaded from Numba's cache) before any measurement
    rows = []
    with served_page(ROOT / "app.py") as (page, base):
        for name, config in NETWORKS.items():
            live, rates, costs = watched(page, base, config, args.seconds, args.refresh)
            rows.append((name, live, headless_epochs_per_s(args.seconds, MLPExperiment, config), rates, costs))
    print("| network | MLP page open in Chromium (epochs/s) | same run headless (epochs/s) | live / headless |")
    print("|---|---|---|---|")
    for name, live, bare, _, _ in rows:
        print(f"| {name} | {live:,.0f} | {bare:,.0f} | {live / bare:.0%} |")
    print("\n| network | updates drawn/s per chart (network, boundary, loss, accuracy, gradient norms) "
          "| browser ms per update (same order) |")
    print("|---|---|---|")
    for name, _, _, rates, costs in rows:
        print(f"| {name} | {' / '.join(f'{r:.1f}' for r in rates)} | {' / '.join(f'{c:.0f}' for c in costs)} |")


if __name__ == "__main__":
    main()
