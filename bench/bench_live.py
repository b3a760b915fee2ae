"""Live-view benchmark: figures painted per second, server ms per update and training epochs/s
while watched, at each refresh rate, for the live chart against st.plotly_chart in the same run.

    .venv/bin/python bench/bench_live.py [--seconds 8] [--write]
    .venv/bin/python bench/bench_live.py --cost [--seconds 8]

Serves tests/e2e/live_demo_app.py (tiny MLP on XOR: a loss curve and a 60×60 heatmap) and
watches it in Debian's Chromium; --write puts the table under "## Live view" in bench/RESULTS.md.
--cost measures what one viewer costs per update instead: the server process's CPU (training
capped at 100 steps/s, so the live view is nearly all of it) and the bytes the page receives
(HTTP bodies and WebSocket frames, Streamlit's own included), at 0.1 and 0.05 s refreshes.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import live_probe  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, start_streamlit, wait_for_app  # noqa: E402
from tests.e2e.live_demo_experiment import XorExperiment  # noqa: E402

DEMO = ROOT / "tests" / "e2e" / "live_demo_app.py"
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Live view"
FINDINGS = (
    "How the live view gets there (Chromium CPU profiles over the DevTools protocol, "
    "`bench/profile_browser.py`). While a run trains, a page's figures do not travel through "
    "Streamlit reruns: the live feed (`dl_engine/ui/live_feed.py`) builds them from each new "
    "snapshot into a numbered file, and the chart fetches the next one (a fragment rerun cost the "
    "browser 57 ms on the MLP page, 150–250 ms once its figures were cheap: Streamlit re-renders "
    "the whole page around a fragment; the panel itself now reruns every 2 s). Line charts, bar "
    "charts, the MLP's network diagram and the gradient lab's violins are painted on one canvas "
    "each (`dl_engine/ui/live_chart/canvas_chart.js`, ~1 ms per update) instead of plotly.js's SVG "
    "(`Plotly.react` ≈ 20 ms for a line chart, 20–60 ms for the network, 95 ms for the violins, "
    "whose densities plotly.js estimated in the browser: they are computed on the server now). "
    "Other figures stay plotly.js's, with what was fixed before: `ticklabeloverflow` \"allow\", one "
    "config object per chart, unchanged arrays handed back as the same objects, heatmaps under "
    "points as pictures (`dl_engine/viz/raster.py`). Charts out of view skip updates. Server side, "
    "figures built as `go.Figure` cost 5–40 ms each per update against ≈ 0.1 ms as dicts.")


def headless_epochs_per_s(seconds: float, factory=XorExperiment, config=8) -> float:
    """Epochs/s of a run with nobody watching (by default the demo's; same process setup)."""
    from dl_engine.training.run import TrainingRun
    from dl_engine.ui.warmup import warm_up
    warm_up()
    run = TrainingRun(factory, config, seed=0, device="cpu")
    run.start()
    time.sleep(1.0)
    e0, t0 = run.epoch, time.monotonic()
    time.sleep(seconds)
    rate = (run.epoch - e0) / (time.monotonic() - t0)
    run.stop()
    return rate


def _status(page) -> tuple[float, float | None, float | None]:
    """(epoch, server wall ms, server CPU ms) read from the page's status and cost captions."""
    text = page.inner_text("[data-testid='stMain']")
    epoch = float(re.search(r"epoch ([\d,]+\.\d)", text).group(1).replace(",", ""))
    cost = re.search(r"server per update: ([\d.]+) ms wall, ([\d.]+) ms CPU", text)
    return epoch, *(map(float, cost.groups()) if cost else (None, None))


def watch(page, url: str, seconds: float) -> dict:
    """Open the demo at `url`, train, and measure over `seconds` after a 3 s settling time."""
    page.goto(url)
    wait_for_app(page)
    live_probe.wait_drawn(page, 2)
    live_probe.install(page, 2)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(3)
    e0, t0 = _status(page)[0], time.monotonic()
    rates = live_probe.measure(page, seconds)
    epoch, wall_ms, cpu_ms = _status(page)
    rates.update(epochs_per_s=(epoch - e0) / (time.monotonic() - t0), server_ms=wall_ms, server_cpu_ms=cpu_ms)
    # Reset ends the training thread: a paused one keeps its slot (the server allows 4 at once)
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for()
    return rates


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) the process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cost(page, url: str, seconds: float, pid: int) -> dict:
    """Server CPU ms and bytes received by the page per update (one new figure on every chart)."""
    page.goto(url)
    wait_for_app(page)
    live_probe.wait_drawn(page, 2)
    cdp = page.context.new_cdp_session(page)
    received = [0]
    cdp.on("Network.dataReceived", lambda e: received.__setitem__(0, received[0] + e["encodedDataLength"]))
    cdp.on("Network.webSocketFrameReceived",
           lambda e: received.__setitem__(0, received[0] + len(e["response"]["payloadData"])))
    cdp.send("Network.enable")
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(3)
    updates = "() => Math.min(...[...document.querySelectorAll('.dl-live-chart')].map((g) => +g.dataset.updates))"
    u0, b0, c0 = page.evaluate(updates), received[0], _process_cpu(pid)
    time.sleep(seconds)
    u1, b1, c1 = page.evaluate(updates), received[0], _process_cpu(pid)
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for()
    n = max(1, u1 - u0)
    return {"updates_per_s": (u1 - u0) / seconds, "server_cpu_ms": 1e3 * (c1 - c0) / n, "bytes": (b1 - b0) / n}


def costs(seconds: float) -> None:
    """Print the --cost table: one viewer's price per update at each refresh."""
    from playwright.sync_api import sync_playwright
    port = _free_port()
    server = start_streamlit(DEMO, port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch_persistent_context(
                tempfile.mkdtemp(prefix="chromium-"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                headless=True, viewport={"width": 1400, "height": 1000})
            print(f"load average {os.getloadavg()[0]:.1f}")
            print("| refresh | updates/s | server CPU ms per update | bytes per update |\n|---|---|---|---|")
            for refresh in (0.1, 0.05):
                page = browser.new_page()
                page.set_default_timeout(90_000)
                r = cost(page, f"http://127.0.0.1:{port}/?refresh={refresh}&speed=100", seconds, server.pid)
                print(f"| {refresh} s | {r['updates_per_s']:.1f} | {r['server_cpu_ms']:.1f} | {r['bytes']:,.0f} |",
                      flush=True)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


def table(rows: list[dict], baseline: float, load: str) -> str:
    out = [f"Measured {time.strftime('%Y-%m-%d %H:%M')} with `bench/bench_live.py` on {os.cpu_count()} cores "
           f"({load}). Demo page: tiny MLP on XOR, a 1,500-point loss curve and a 60×60 heatmap; "
           f"training with nobody watching: **{baseline:,.0f} epochs/s**.",
           "",
           "| renderer | refresh | painted/s | blank frames | new chart nodes | server ms/update (wall / CPU) "
           "| epochs/s while live |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        if "failed" in r:
            out.append(f"| {r['renderer']} | {r['refresh']} s | failed: {r['failed']} | | | | |")
            continue
        ms = f"{r['server_ms']:.1f} / {r['server_cpu_ms']:.1f}" if r["server_ms"] is not None else "–"
        out.append(f"| {r['renderer']} | {r['refresh']} s | {r['painted_per_s']:.1f} | {r['blank']} | "
                   f"{r['mounts']} | {ms} | {r['epochs_per_s']:,.0f} ({r['epochs_per_s'] / baseline:.0%}) |")
    out += ["",
            "painted/s: distinct figures painted per second (the heatmap's title carries the step); blank "
            "frames: animation frames in which a chart showed no trace; new chart nodes: `svg.main-svg` "
            "elements plotly.js created (a re-mounted chart makes 3) and line canvases; server ms: the "
            "live feed's build of the figures (dicts, payloads, the file), or for st.plotly_chart the "
            "page's `draw`, median of the last 100 updates; epochs/s: training "
            "in the served page while Chromium watches, against the same run with nobody watching. "
            "st.plotly_chart's painted/s also counts the repaints of its re-mounts.", "", FINDINGS]
    return "\n".join(out) + "\n"


def write_results(text: str) -> None:
    """Replace (or add) the "## Live view" section of bench/RESULTS.md; other sections stay."""
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    section = f"{HEADING}\n\n{text}\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: section, old) if pattern.search(old) else old.rstrip() + "\n\n" + section
    RESULTS.write_text(new)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=8.0, help="measuring window per setting")
    ap.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    ap.add_argument("--cost", action="store_true", help="server CPU and bytes per update instead")
    args = ap.parse_args()
    if args.cost:
        costs(args.seconds)
        return
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    load_before = os.getloadavg()[0]
    baseline = headless_epochs_per_s(args.seconds)
    port = _free_port()
    server = start_streamlit(DEMO, port)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch_persistent_context(
                tempfile.mkdtemp(prefix="chromium-"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                headless=True, viewport={"width": 1400, "height": 1000})
            for refresh in (0.5, 0.2, 0.1):      # the two renderers side by side, so that
                for renderer in ("live", "plotly_chart"):  # drifting load hits both alike
                    page = browser.new_page()
                    page.set_default_timeout(90_000)
                    url = f"http://127.0.0.1:{port}/?renderer={renderer}&refresh={refresh}"
                    try:
                        rates = watch(page, url, args.seconds)
                    except PlaywrightError as err:  # e.g. a starved page never showed Pause
                        rates = {"failed": str(err).splitlines()[0]}
                    rows.append({"renderer": renderer, "refresh": refresh, **rates})
                    page.close()
                    print(rows[-1], flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    load = os.getloadavg()[0]
    busy = load_before > 0.5 * (os.cpu_count() or 1)  # before the bench added its own server and browser
    note = (f"load average {load_before:.1f} before, {load:.1f} after"
            + (": **measured under load**, other work was running" if busy else ": quiet machine"))
    text = table(rows, baseline, note)
    print(text)
    if args.write:
        write_results(text)


if __name__ == "__main__":
    main()
