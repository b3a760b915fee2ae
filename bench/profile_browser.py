"""Where the browser's time goes on a live page: Chromium's main-thread metrics and a CPU profile
split into Plotly.react (the live chart's draws), Streamlit's frontend, and the rest.

    .venv/bin/python bench/profile_browser.py [--page mlp] [--query ""] [--seconds 6] [--refresh 0.1]

Opens the page in Debian's Chromium (1600 × 1600: every chart of the MLP page in view), presses
Train, waits 3 s, then profiles for `--seconds` over the DevTools protocol.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_live_app import set_refresh  # noqa: E402
from bench.browser import served_page  # noqa: E402
from tests.e2e import live_probe  # noqa: E402
from tests.e2e.conftest import wait_for_app  # noqa: E402

_CHARTS = "() => [...document.querySelectorAll('.dl-live-chart')].map((e) => +e.dataset.updates)"
_STREAMLIT_BUNDLES = ("react-dom", "emotion", "index.")


def group(frames: list[tuple[str, str]]) -> str:
    """The share a sample belongs to, from its stack (leaf first) of (function, script file)."""
    names, files = [f for f, _ in frames], [u for _, u in frames]
    if any("plotly" in u for u in files):
        return "Plotly.react (live chart draws)" if "draw" in names else "plotly.js, other"
    if any(u.startswith(_STREAMLIT_BUNDLES) for u in files):
        return "Streamlit frontend (rerun handling, React)"
    return names[0] if names and names[0] else "other"


def split_profile(profile: dict) -> collections.Counter:
    """{share: ms} of a DevTools CPU profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    per_node = collections.Counter()
    for node, delta in zip(profile["samples"], profile["timeDeltas"]):
        per_node[node] += delta / 1000
    shares = collections.Counter()
    for node, ms in per_node.items():
        frames, n = [], node
        while n in nodes:
            frame = nodes[n]["callFrame"]
            frames.append((frame["functionName"], frame["url"].rsplit("/", 1)[-1]))
            n = parent.get(n)
        shares[group(frames)] += ms
    return shares


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", default="mlp")
    ap.add_argument("--query", default="", help='settings, e.g. "?hidden=8,8,8&activations=tanh"')
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--refresh", type=float, default=0.1, help="the sidebar's live-update period (s)")
    args = ap.parse_args()
    with served_page(ROOT / "app.py") as (page, base):
        page.goto(f"{base}/{args.page}{args.query}")
        wait_for_app(page)
        live_probe.wait_drawn(page, 1)
        set_refresh(page, args.refresh)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        live_probe.full_speed(page)
        page.get_by_role("button", name="Train", exact=True).click()
        page.get_by_role("button", name="Pause", exact=True).wait_for()
        time.sleep(3)
        metrics = lambda: {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        m0, u0 = metrics(), page.evaluate(_CHARTS)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
        time.sleep(args.seconds)
        profile = cdp.send("Profiler.stop")["profile"]
        m1, u1 = metrics(), page.evaluate(_CHARTS)
        page.get_by_role("button", name="Reset", exact=True).click()
    rates = [(b - a) / args.seconds for a, b in zip(u0, u1)]
    print(f"updates drawn/s per chart: {' / '.join(f'{r:.1f}' for r in rates)}")
    for name in ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"):
        print(f"{name}: {m1[name] - m0[name]:.2f} s of {args.seconds:.0f} s")
    print(f"main thread busy: {(m1['TaskDuration'] - m0['TaskDuration']) / args.seconds:.0%}")
    cycles = max(rates) * args.seconds if rates else 0
    print("| share of the main thread's CPU profile | ms | ms per update |\n|---|---|---|")
    for share, ms in split_profile(profile).most_common(6):
        print(f"| {share} | {ms:,.0f} | {ms / cycles if cycles else float('nan'):.0f} |")


if __name__ == "__main__":
    main()
