"""Load benchmark (issue 13): N real browser sessions training on a mix of pages against one server.

    .venv/bin/python bench/bench_load.py [--sessions 5,10,20] [--seconds 120] [--cooldown 60]
                                         [--watch 45] [--think 5] [--json PATH]

One `streamlit run app.py` on 127.0.0.1 (a free port) serves every level; one headless Chromium
holds N browser contexts per level (each its own cookies, tab and Streamlit session, 1280 × 720).
Session i opens page i of the mix in round robin (mlp, cnn, recurrent, gradients, perceptron,
seq2seq, transformer: the settings of tests/e2e/test_live_pages.py, which keep a run training), the
sessions starting --stagger seconds apart. Each session is a learner: press Train, watch the run
train for --watch seconds, press Pause, look --think seconds, press Train again, until the level's
--seconds (counted from the last session's start) are over (--watch 0: train the whole level). A
run that finishes is Reset and trained again. Then every context closes, and after --cooldown
seconds the server is measured again before the next level starts on the same server.

Measured, each session polling its page once every --poll seconds:

- errors: `[data-testid='stException']` elements on the page, page errors (uncaught exceptions in
  the page's JavaScript), console errors, the Streamlit websocket (`/_stcore/stream`) closing
  before the benchmark closed the context, a crashed tab, and the page or a button not answering
  within its timeout. Two kinds of "Failed to load resource: 404" are counted apart, not as
  errors: Streamlit's frontend opening a deep link first asks /<page>/_stcore/health and
  host-config (a base-path probe, then the right URL), and a live chart that fell behind asks for a
  feed build already dropped (it then catches up, live_chart.js);
- updates drawn/s while training: of the page's live charts (`.dl-live-chart`, whose
  `data-updates` counts the figures drawn), the one that drew most, over the time its run was
  seen training (status "running" at both ends of a poll interval). That is the rate at which the
  learner sees the run move (at most 10/s, the default refresh). After every click the first live
  chart is scrolled to the top of the window, as a learner watching would; charts out of the small
  window skip their updates, which is why the sum over charts would measure the window rather than
  the server (the median number of charts in view is in the JSON). A page none of whose charts
  follows its panel's feed (live_chart.js's `chart.feedUrl`) while the run trains is "stalled": it
  draws nothing new until the run stops or restarts; the time stalled and the updates/s over the
  rest are reported apart, and so are the feed's builds per second (`data-build`, the server's
  build number, over the intervals the page follows its feed): figures the server built for the
  session, whether or not the browser found the time to draw them;
- training throughput: the status line's step counter over the same intervals (steps/s, per page);
- queue waits: the server trains at most DL_PLAYGROUND_MAX_RUNS runs at once (default
  max(4, 2 × cores)); a run over the cap shows "Waiting for a free training slot: Nth in line".
  For every press of Train: the seconds until the status line says "running", and whether the
  press waited in line. A press still waiting when the level ends counts as waited for at least
  that long;
- server: the process's CPU % (of one core; 200 % = both cores of a 2-core machine) and RSS from
  /proc/<pid>/stat and status: the idle baseline before the level (5 s), the peak 1-s sample and
  the mean during it, and both --cooldown seconds after every context closed; the machine's CPU
  busy % (/proc/stat), Chromium's memory (PSS summed over its processes) and MemAvailable.

A session starts only while MemAvailable is above --min-free-gib; a level stops early when it falls
below half of that. Both are reported (sessions asked / opened), so a level that this machine cannot
hold reads as numbers, not as a crash. Every wait is bounded; the server and the browser are
stopped on exit (try/finally), whatever happens. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import re
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, start_streamlit  # noqa: E402
from tests.e2e.test_live_pages import PAGES  # noqa: E402

# The mix, round robin: MLP's defaults, then the live-page test's settings, which keep training.
_BY_NAME = {url.split("?")[0]: url for url in PAGES}
MIX = ["mlp", _BY_NAME["cnn"], _BY_NAME["recurrent"], _BY_NAME["gradients"], _BY_NAME["perceptron"],
       _BY_NAME["seq2seq"], _BY_NAME["transformer"]]

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
OPEN_TIMEOUT_S = 180.0      # goto → the app drawn → a chart drawn
CLICK_TIMEOUT_S = 30.0
POLL_TIMEOUT_S = 20.0

# One look at the page: the status line, a waiting run's place in line, the live charts, exceptions.
_LOOK = r"""() => {
  const main = document.querySelector("[data-testid='stMain']") || document.body;
  let status = null, step = null, sps = null, place = null;
  for (const c of main.querySelectorAll("[data-testid='stCaptionContainer']")) {
    const t = c.textContent;
    const m = t.match(/^\s*(idle|running|waiting|paused|finished|diverged|error) · step ([\d,]+)/);
    if (m) {
      status = m[1]; step = +m[2].replace(/,/g, "");
      const s = t.match(/· ([\d,.]+) steps\/s/);
      if (s) sps = +s[1].replace(/,/g, "");
      break;
    }
  }
  for (const a of main.querySelectorAll("[data-testid='stAlert']")) {
    const m = a.textContent.match(/Waiting for a free training slot(?:: (\d+)\w* in line)?/);
    if (m) { status = "waiting"; place = m[1] ? +m[1] : 0; break; }
  }
  const charts = [...document.querySelectorAll(".dl-live-chart")].map((g) => {
    const r = g.getBoundingClientRect();
    return [g.dataset.key || "", +g.dataset.updates || 0, r.bottom > 0 && r.top < innerHeight,
            +(g.dataset.build || 0)]; });
  const buttons = [...main.querySelectorAll("button")].map((b) => b.textContent.trim());
  const button = buttons.find((t) => t === "Train" || t === "Pause" || t === "Cancel wait") || null;
  // A chart that follows its panel's feed (live_chart.js's chart.feedUrl): while the run trains,
  // a page none of whose charts follows one draws nothing new until the run stops or restarts.
  const following = [...document.querySelectorAll(".dl-live-chart")].some((g) => g.chart && g.chart.feedUrl);
  return {status, step, sps, place, charts, button, following,
          exceptions: document.querySelectorAll("[data-testid='stException']").length};
}"""
_FIRST_DRAWN = "() => [...document.querySelectorAll('.dl-live-chart')].some((g) => +g.dataset.updates > 0)"
_APP_IDLE = ("() => !!document.querySelector(\"[data-testid='stApp']\") && (!document.querySelector("
             "\"[data-testid='stStatusWidget']\") || !document.querySelector(\"[data-testid='stStatusWidget']\")"
             ".innerText.includes('Running'))")


# ---- /proc ---------------------------------------------------------------------------------------
def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(ppid, utime + stime in ticks) of pid, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _pss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _rss_mib(pid)


def _descendants(root: int, exclude: int) -> list[int]:
    """Every process below `root` except `exclude` and its own descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _proc_stat(int(entry))
            if st:
                children.setdefault(st[0], []).append(int(entry))
    out, todo = [], [c for c in children.get(root, []) if c != exclude]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(c for c in children.get(pid, []) if c != exclude)
    return out


def _cpu_total() -> tuple[int, int]:
    """(busy, total) ticks of the whole machine."""
    vals = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = vals[3] + vals[4]
    return sum(vals) - idle, sum(vals)


def _mem_available_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024 ** 2
    return 0.0


class Sampler:
    """Samples the server's CPU % and RSS, the machine's CPU busy % and the browser's memory."""

    def __init__(self, server_pid: int):
        self.pid = server_pid
        self.reset()

    def reset(self) -> None:
        self.cpu: list[float] = []
        self.rss: list[float] = []
        self.machine: list[float] = []
        self.browser_cpu: list[float] = []
        self.browser_pss: list[float] = []
        self.mem_avail: list[float] = []
        self._last = None

    def _browser_ticks(self) -> int:
        total = 0
        for pid in _descendants(os.getpid(), self.pid):
            st = _proc_stat(pid)
            total += st[1] if st else 0
        return total

    def sample(self, with_browser: bool = True) -> None:
        now, st = time.monotonic(), _proc_stat(self.pid)
        if st is None:
            return
        busy, total = _cpu_total()
        btick = self._browser_ticks() if with_browser else 0
        if self._last is not None:
            t0, s0, b0, tot0, bt0 = self._last
            dt = now - t0
            if dt > 0:
                self.cpu.append(100 * (st[1] - s0) / CLK_TCK / dt)
                self.machine.append(100 * (busy - b0) / max(1, total - tot0))
                if with_browser:
                    self.browser_cpu.append(100 * (btick - bt0) / CLK_TCK / dt)
        self._last = (now, st[1], busy, total, btick)
        self.rss.append(_rss_mib(self.pid))
        self.mem_avail.append(_mem_available_gib())

    def sample_browser_memory(self) -> None:
        self.browser_pss.append(sum(_pss_mib(p) for p in _descendants(os.getpid(), self.pid)))

    async def idle(self, seconds: float) -> dict:
        """Mean CPU % and last RSS over `seconds` of the server left alone."""
        self.reset()
        self.sample(with_browser=False)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            await asyncio.sleep(1.0)
            self.sample(with_browser=False)
        return {"cpu_pct": _mean(self.cpu), "rss_mib": self.rss[-1] if self.rss else 0.0,
                "machine_busy_pct": _mean(self.machine)}


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


# ---- one learner ---------------------------------------------------------------------------------
@dataclass
class Press:
    """One press of Train: when, when the run was seen training, whether it waited in line."""
    at: float
    running_at: float | None = None
    queued: bool = False
    best_place: int | None = None


@dataclass
class Session:
    index: int
    url_path: str
    opened: bool = False
    open_s: float | None = None
    exceptions: int = 0
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    ws_closed: int = 0
    feed_404: int = 0
    path_probes: int = 0
    crashed: bool = False
    timeouts: list[str] = field(default_factory=list)
    presses: list[Press] = field(default_factory=list)
    running_s: float = 0.0
    stalled_s: float = 0.0      # of running_s: no chart of the page following a feed
    chart_updates: dict[str, int] = field(default_factory=dict)
    live_updates: dict[str, int] = field(default_factory=dict)   # in the intervals not stalled
    builds: int = 0             # the feed's builds (data-build, the server's seq) seen while following
    built_s: float = 0.0
    steps: int = 0
    sps_seen: list[float] = field(default_factory=list)
    in_view: list[int] = field(default_factory=list)   # live charts in the window, per poll while training
    polls: int = 0
    slow_polls: int = 0
    closing: bool = False

    @property
    def page(self) -> str:
        return self.url_path.split("?")[0]

    @property
    def errors(self) -> int:
        return (self.exceptions + len(self.page_errors) + len(self.console_errors) + self.ws_closed
                + int(self.crashed) + len(self.timeouts))

    @property
    def updates_per_s(self) -> float | None:
        if self.running_s < 1 or not self.chart_updates:
            return None
        return max(self.chart_updates.values()) / self.running_s

    @property
    def live_updates_per_s(self) -> float | None:
        live_s = self.running_s - self.stalled_s
        if live_s < 1 or not self.live_updates:
            return None
        return max(self.live_updates.values()) / live_s

    @property
    def steps_per_s(self) -> float | None:
        return self.steps / self.running_s if self.running_s >= 1 else None


def _listen(page, s: Session) -> None:
    page.on("pageerror", lambda e: s.page_errors.append(str(e)[:300]))

    def on_console(m):
        if m.type != "error":
            return
        url = (m.location or {}).get("url", "")
        if "Failed to load resource" in m.text and "/component/" in url and url.endswith(".json"):
            s.feed_404 += 1    # a live-feed build already dropped: the chart catches up (live_chart.js)
        elif "Failed to load resource" in m.text and re.search(r"/[^/]+/_stcore/(health|host-config)$", url):
            s.path_probes += 1  # Streamlit's frontend on a deep link first tries /<page>/ as the base path
        else:
            s.console_errors.append(f"{m.text[:240]} [{url[-60:]}]")
    page.on("console", on_console)
    page.on("crash", lambda _p: setattr(s, "crashed", True))

    def on_ws(ws):
        if "/_stcore/stream" in ws.url:
            ws.on("close", lambda _w: None if s.closing else setattr(s, "ws_closed", s.ws_closed + 1))
    page.on("websocket", on_ws)


_TO_CHARTS = ("() => { const g = document.querySelector('.dl-live-chart');"
              " if (g) g.scrollIntoView({block: 'start'}); }")


async def _click(page, s: Session, name: str) -> bool:
    """Click the button, then scroll the first live chart to the top of the window, as a learner
    watching would (the click scrolled to the button)."""
    try:
        await page.get_by_role("button", name=name, exact=True).first.click(timeout=CLICK_TIMEOUT_S * 1000)
        await page.evaluate(_TO_CHARTS)
        return True
    except Exception as e:  # noqa: BLE001 -- a bounded wait that failed: counted, the learner goes on
        s.timeouts.append(f"click {name}: {type(e).__name__}")
        return False


async def _full_speed(page, s: Session) -> None:
    """Choose "full speed" in the speed box (pages open at a pace a class can watch; a load test
    wants every learner's run unthrottled, as the figures in RESULTS.md were measured)."""
    try:
        await page.locator("[class*='st-key-'][class*='-speed'] input").first.click(timeout=CLICK_TIMEOUT_S * 1000)
        await page.get_by_role("option", name="full speed").click(timeout=CLICK_TIMEOUT_S * 1000)
        await asyncio.sleep(1.0)   # the rerun that applies it
    except Exception as e:  # noqa: BLE001 -- counted; the learner goes on at the page's pace
        s.timeouts.append(f"speed box: {type(e).__name__}")


class Clock:
    """The level's end (monotonic s): a hard bound until every session has opened, then
    --seconds after that."""

    def __init__(self, deadline: float):
        self.deadline = deadline


async def learner(context, s: Session, base: str, clock: Clock, args) -> None:
    """Open the page, train, watch, pause, think, train again … until the clock's deadline."""
    page = await context.new_page()
    page.set_default_timeout(OPEN_TIMEOUT_S * 1000)
    _listen(page, s)
    t0 = time.monotonic()
    try:
        await page.goto(f"{base}/{s.url_path}", timeout=OPEN_TIMEOUT_S * 1000)
        await page.wait_for_function(_APP_IDLE, timeout=OPEN_TIMEOUT_S * 1000)
        await page.wait_for_function(_FIRST_DRAWN, timeout=OPEN_TIMEOUT_S * 1000)
    except Exception as e:  # noqa: BLE001
        s.timeouts.append(f"open: {type(e).__name__}")
        return
    s.opened, s.open_s = True, time.monotonic() - t0
    last = None            # (time, look) of the last poll
    want_run = True        # the learner wants the run training (else: thinking until think_until)
    think_until = 0.0
    resets = 0
    await _full_speed(page, s)
    if await _click(page, s, "Train"):
        s.presses.append(Press(time.monotonic()))
    while time.monotonic() < clock.deadline:
        await asyncio.sleep(args.poll)
        t = time.monotonic()
        try:
            look = await asyncio.wait_for(page.evaluate(_LOOK), POLL_TIMEOUT_S)
        except Exception as e:  # noqa: BLE001
            s.slow_polls += 1
            if page.is_closed() or s.crashed:
                s.timeouts.append(f"poll: {type(e).__name__}")
                return
            continue
        s.polls += 1
        if time.monotonic() - t > 2 * args.poll:
            s.slow_polls += 1
        s.exceptions = max(s.exceptions, look["exceptions"])
        status = look["status"]
        press = s.presses[-1] if s.presses else None
        if press and status == "waiting":
            press.queued = True
            if look["place"]:
                press.best_place = min(press.best_place or look["place"], look["place"])
        if press and status == "running" and press.running_at is None:
            press.running_at = t
        if last is not None and status == "running" and last[1]["status"] == "running":
            dt = t - last[0]
            s.running_s += dt
            live = look["following"] or last[1]["following"]
            if not live:
                s.stalled_s += dt
            before = {key: n for key, n, *_ in last[1]["charts"]}
            s.in_view.append(sum(1 for _, _, seen, _ in look["charts"] if seen))
            if look["following"] and last[1]["following"]:
                b0 = max((b for *_, b in last[1]["charts"]), default=0)
                b1 = max((b for *_, b in look["charts"]), default=0)
                s.builds += b1 - b0 if b1 >= b0 else b1
                s.built_s += dt
            for key, n, *_ in look["charts"]:
                d = n - before.get(key, 0)
                s.chart_updates[key] = s.chart_updates.get(key, 0) + (d if d >= 0 else n)
                if live:
                    s.live_updates[key] = s.live_updates.get(key, 0) + (d if d >= 0 else n)
            if look["step"] is not None and last[1]["step"] is not None and look["step"] >= last[1]["step"]:
                s.steps += look["step"] - last[1]["step"]
            if look["sps"]:
                s.sps_seen.append(look["sps"])
        last = (t, look)
        # the learner's next move
        if want_run:
            if status == "running" and args.watch and press and press.running_at and t - press.running_at >= args.watch:
                if await _click(page, s, "Pause"):
                    want_run, think_until = False, time.monotonic() + args.think
            elif status in ("finished", "diverged", "error") and resets < 20:
                resets += 1
                if await _click(page, s, "Reset") and await _click(page, s, "Train"):
                    s.presses.append(Press(time.monotonic()))
            elif status in ("paused", "idle") and look["button"] == "Train" and (
                    not press or press.running_at or t - press.at > 10):
                # paused by the server (nobody watching), or a press that did not take: press again
                if await _click(page, s, "Train"):
                    s.presses.append(Press(time.monotonic()))
        elif t >= think_until and look["button"] == "Train":
            if await _click(page, s, "Train"):
                s.presses.append(Press(time.monotonic()))
                want_run = True


# ---- one level -----------------------------------------------------------------------------------
async def level(browser, base: str, sampler: Sampler, n: int, args) -> dict:
    print(f"[level {n}] baseline", flush=True)
    baseline = await sampler.idle(5.0)
    sampler.reset()
    sessions = [Session(i, MIX[i % len(MIX)]) for i in range(n)]
    contexts, tasks = [], []
    t_start = time.monotonic()
    clock = Clock(t_start + n * args.stagger + OPEN_TIMEOUT_S + args.seconds)   # lowered once all opened
    steady_from = None      # index of the first sample after every session opened
    stopped_early = None
    skipped_for_memory = 0
    done = asyncio.Event()

    async def sample_loop():
        k = 0
        while not done.is_set() and time.monotonic() < clock.deadline + 5:
            sampler.sample()
            if k % 5 == 0:
                sampler.sample_browser_memory()
            k += 1
            try:
                await asyncio.wait_for(done.wait(), 1.0)
            except asyncio.TimeoutError:
                pass

    sampler.sample()
    sampler_task = asyncio.create_task(sample_loop())
    try:
        for s in sessions:
            if _mem_available_gib() < args.min_free_gib:
                skipped_for_memory += 1
                continue
            ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
            contexts.append((ctx, s))
            tasks.append(asyncio.create_task(learner(ctx, s, base, clock, args)))
            await asyncio.sleep(args.stagger)
        open_by = time.monotonic() + OPEN_TIMEOUT_S + 10
        while time.monotonic() < open_by and not all(s.opened or t.done() for (_, s), t in zip(contexts, tasks)):
            await asyncio.sleep(0.5)
        opened_at = time.monotonic()
        clock.deadline = opened_at + args.seconds
        steady_from = len(sampler.cpu)
        print(f"[level {n}] {sum(s.opened for s in sessions)} of {len(tasks)} sessions open after "
              f"{opened_at - t_start:.0f} s; watching {args.seconds:g} s", flush=True)
        while time.monotonic() < clock.deadline and not all(t.done() for t in tasks):
            if _mem_available_gib() < args.min_free_gib / 2:
                stopped_early = f"MemAvailable {_mem_available_gib():.1f} GiB at {time.monotonic() - t_start:.0f} s"
                clock.deadline = time.monotonic()
                break
            await asyncio.sleep(1.0)
        pending = [t for t in tasks if not t.done()]
        if pending:
            _, still = await asyncio.wait(pending, timeout=POLL_TIMEOUT_S + 3 * CLICK_TIMEOUT_S + 5)
            for t in still:
                t.cancel()
            await asyncio.gather(*still, return_exceptions=True)
        for t in tasks:
            if t.done() and not t.cancelled() and t.exception() is not None:
                print(f"[level {n}] a learner failed: {t.exception()!r}", flush=True)
    finally:
        done.set()
        await sampler_task
        for ctx, s in contexts:
            s.closing = True
            try:
                await asyncio.wait_for(ctx.close(), 30)
            except Exception:  # noqa: BLE001
                pass
    deadline = clock.deadline
    steady = sampler.cpu[steady_from:] if steady_from is not None else []
    during = {"cpu_peak_pct": max(sampler.cpu, default=0.0), "cpu_mean_pct": _mean(sampler.cpu),
              "cpu_mean_steady_pct": _mean(steady),
              "open_seconds": round(opened_at - t_start, 1) if steady_from is not None else None,
              "rss_peak_mib": max(sampler.rss, default=0.0), "machine_busy_mean_pct": _mean(sampler.machine),
              "browser_cpu_mean_pct": _mean(sampler.browser_cpu),
              "browser_pss_peak_mib": max(sampler.browser_pss, default=0.0),
              "mem_available_min_gib": min(sampler.mem_avail, default=0.0)}
    print(f"[level {n}] closed; cooling down {args.cooldown:g} s", flush=True)
    await asyncio.sleep(max(0.0, args.cooldown - 5))
    after = await sampler.idle(5.0)
    return {"sessions": n, "opened": sum(s.opened for s in sessions), "started": len(tasks),
            "skipped_for_memory": skipped_for_memory, "stopped_early": stopped_early,
            "level_seconds": round(time.monotonic() - t_start, 1),
            "baseline": baseline, "during": during, "after": after,
            "per_session": [_session_json(s, deadline) for s in sessions]}


def _session_json(s: Session, deadline: float) -> dict:
    presses = []
    for p in s.presses:
        wait = (p.running_at - p.at) if p.running_at else (deadline - p.at)
        presses.append({"queued": p.queued, "wait_s": round(max(0.0, wait), 2), "started": p.running_at is not None,
                        "best_place": p.best_place})
    return {"index": s.index, "page": s.url_path, "opened": s.opened,
            "open_s": round(s.open_s, 1) if s.open_s else None, "errors": s.errors,
            "exceptions": s.exceptions, "page_errors": s.page_errors[:5], "n_page_errors": len(s.page_errors),
            "console_errors": s.console_errors[:5], "n_console_errors": len(s.console_errors),
            "ws_closed": s.ws_closed, "feed_404": s.feed_404, "path_probes": s.path_probes, "crashed": s.crashed, "timeouts": s.timeouts,
            "running_s": round(s.running_s, 1), "stalled_s": round(s.stalled_s, 1),
            "builds_per_s": round(s.builds / s.built_s, 2) if s.built_s >= 1 else None,
            "live_updates_per_s": round(s.live_updates_per_s, 2) if s.live_updates_per_s is not None else None,
            "updates_per_s": round(s.updates_per_s, 2) if s.updates_per_s is not None else None,
            "steps_per_s": round(s.steps_per_s, 1) if s.steps_per_s is not None else None,
            "status_steps_per_s": round(statistics.median(s.sps_seen), 1) if s.sps_seen else None,
            "charts_in_view": statistics.median(s.in_view) if s.in_view else None, "polls": s.polls, "slow_polls": s.slow_polls, "presses": presses}


# ---- summary -------------------------------------------------------------------------------------
def summarize(r: dict) -> dict:
    ss = r["per_session"]
    ran = [s for s in ss if s["updates_per_s"] is not None]
    ups = sorted(s["updates_per_s"] for s in ran)
    presses = [p for s in ss for p in s["presses"]]
    queued = [p for p in presses if p["queued"]]
    direct = [p["wait_s"] for p in presses if not p["queued"] and p["started"]]
    by_page: dict[str, list[float]] = {}
    for s in ss:
        if s["steps_per_s"] is not None:
            by_page.setdefault(s["page"].split("?")[0], []).append(s["steps_per_s"])
    return {
        "sessions": r["sessions"], "opened": r["opened"],
        "errors": sum(s["errors"] for s in ss), "sessions_with_errors": sum(1 for s in ss if s["errors"]),
        "updates_median": statistics.median(ups) if ups else None, "updates_min": ups[0] if ups else None,
        "below_2": sum(1 for u in ups if u < 2), "ran": len(ran),
        "stalled_sessions": sum(1 for s in ss if s["stalled_s"] >= 5),
        "stalled_share": (sum(s["stalled_s"] for s in ss) / sum(s["running_s"] for s in ss))
        if sum(s["running_s"] for s in ss) else None,
        "builds_median": statistics.median(bv) if (bv := [s["builds_per_s"] for s in ss
                                                          if s["builds_per_s"] is not None]) else None,
        "live_updates_median": statistics.median(lv) if (lv := [s["live_updates_per_s"] for s in ss
                                                                 if s["live_updates_per_s"] is not None]) else None,
        "training_share": (statistics.median(s["running_s"] for s in ss if s["opened"]) / max(1, r["level_seconds"]))
        if r["opened"] else None,
        "presses": len(presses), "queued_presses": len(queued),
        "sessions_queued": sum(1 for s in ss if any(p["queued"] for p in s["presses"])),
        "wait_median": statistics.median(p["wait_s"] for p in queued) if queued else None,
        "wait_max": max((p["wait_s"] for p in queued), default=None),
        "still_waiting": sum(1 for p in queued if not p["started"]),
        "start_latency_median": statistics.median(direct) if direct else None,
        "steps_per_s_by_page": {k: statistics.median(v) for k, v in by_page.items()},
    }


def _f(x, fmt="{:.1f}", none="–"):
    return none if x is None else fmt.format(x)


def print_tables(results: list[dict], cap: int) -> None:
    print(f"\nrun cap (DL_PLAYGROUND_MAX_RUNS): {cap}\n")
    print("| sessions (opened) | errors (sessions with any) | updates drawn/s per session while training, "
          "median / lowest (sessions under 2/s) | live view stalled: sessions (share of training time) "
          "| updates drawn/s while not stalled, median | feed builds/s by the server per session, median |")
    print("|---|---|---|---|---|---|")
    for r in results:
        m = r["summary"]
        print(f"| {m['sessions']} ({m['opened']}) | {m['errors']} ({m['sessions_with_errors']}) "
              f"| {_f(m['updates_median'])} / {_f(m['updates_min'])} ({m['below_2']} of {m['ran']}) "
              f"| {m['stalled_sessions']} ({_f(m['stalled_share'] and 100 * m['stalled_share'], '{:.0f} %')}) "
              f"| {_f(m['live_updates_median'])} | {_f(m['builds_median'])} |")
    print("\n| sessions | time training per session, median | Train presses that waited in line (sessions) "
          "| wait in line s, median / longest (presses still waiting at the end) | Train → running when not "
          "queued, median s |")
    print("|---|---|---|---|---|")
    for r in results:
        m = r["summary"]
        print(f"| {m['sessions']} | {_f(m['training_share'] and 100 * m['training_share'], '{:.0f} %')} "
              f"| {m['queued_presses']} of {m['presses']} ({m['sessions_queued']}) "
              f"| {_f(m['wait_median'])} / {_f(m['wait_max'])} ({m['still_waiting']}) "
              f"| {_f(m['start_latency_median'])} |")
    print("\n| sessions | server CPU %: baseline / mean (all open) / peak / after | server RSS MiB: baseline / peak / after "
          "| machine busy % | Chromium CPU % / PSS peak MiB | MemAvailable min GiB |")
    print("|---|---|---|---|---|---|")
    for r in results:
        b, d, a = r["baseline"], r["during"], r["after"]
        print(f"| {r['sessions']} | {b['cpu_pct']:.0f} / {d['cpu_mean_steady_pct']:.0f} / {d['cpu_peak_pct']:.0f} / "
              f"{a['cpu_pct']:.0f} | {b['rss_mib']:.0f} / {d['rss_peak_mib']:.0f} / {a['rss_mib']:.0f} "
              f"| {d['machine_busy_mean_pct']:.0f} | {d['browser_cpu_mean_pct']:.0f} / {d['browser_pss_peak_mib']:.0f} "
              f"| {d['mem_available_min_gib']:.1f} |")
    pages = [p.split("?")[0] for p in MIX]
    print("\n| sessions | training steps/s per session, median per page: " + " | ".join(pages) + " |")
    print("|---|" + "---|" * len(pages))
    for r in results:
        sp = r["summary"]["steps_per_s_by_page"]
        print(f"| {r['sessions']} | " + " | ".join(_f(sp.get(p), "{:.0f}") for p in pages) + " |")
    for r in results:
        notes = []
        if r["skipped_for_memory"]:
            notes.append(f"{r['skipped_for_memory']} sessions not started (MemAvailable below the floor)")
        if r["stopped_early"]:
            notes.append(f"stopped early: {r['stopped_early']}")
        kinds = {}
        for s in r["per_session"]:
            for k in ("exceptions", "n_page_errors", "n_console_errors", "ws_closed"):
                kinds[k] = kinds.get(k, 0) + s[k]
            kinds["crashed"] = kinds.get("crashed", 0) + int(s["crashed"])
            kinds["timeouts"] = kinds.get("timeouts", 0) + len(s["timeouts"])
        if any(kinds.values()):
            notes.append("errors by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.items() if v))
            samples = [t for s in r["per_session"] for t in s["console_errors"] + s["page_errors"] + s["timeouts"]]
            notes.append("first messages: " + " | ".join(sorted(set(samples))[:4]))
        if notes:
            print(f"\n{r['sessions']} sessions: " + "; ".join(notes))


# ---- main ----------------------------------------------------------------------------------------
async def run(args) -> list[dict]:
    from playwright.async_api import async_playwright
    port = _free_port()
    server = start_streamlit(ROOT / "app.py", port)
    atexit.register(_stop, server)     # also on SIGTERM (main turns it into SystemExit)
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        sampler = Sampler(server.pid)
        await asyncio.sleep(10)   # the app's background warm-up (Numba's cache) settles
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for n in args.sessions:
                    r = await level(browser, base, sampler, n, args)
                    r["summary"] = summarize(r)
                    results.append(r)
                    print(f"[level {n}] {json.dumps(r['summary'])}", flush=True)
                    if args.json:
                        _write_json(args, results)
            finally:
                await browser.close()
    finally:
        _stop(server)
    return results


def _stop(server) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except Exception:  # noqa: BLE001
            server.kill()
            server.wait(timeout=10)


def _cap() -> int:
    return int(os.environ.get("DL_PLAYGROUND_MAX_RUNS", max(4, 2 * (os.cpu_count() or 1))))


def _write_json(args, results) -> None:
    Path(args.json).write_text(json.dumps({
        "args": {k: v for k, v in vars(args).items()}, "cores": os.cpu_count(), "run_cap": _cap(),
        "load_average_at_start": args.load_at_start, "mix": MIX, "levels": results}, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", default="5,10,20", help="comma-separated session counts, one level each")
    ap.add_argument("--seconds", type=float, default=120.0, help="each level's length after the last session started")
    ap.add_argument("--cooldown", type=float, default=60.0, help="seconds after the contexts close before 'after'")
    ap.add_argument("--watch", type=float, default=45.0, help="seconds a learner watches its run train before Pause (0: never)")
    ap.add_argument("--think", type=float, default=5.0, help="seconds paused before pressing Train again")
    ap.add_argument("--stagger", type=float, default=1.0, help="seconds between session starts")
    ap.add_argument("--poll", type=float, default=1.0, help="seconds between a session's looks at its page")
    ap.add_argument("--min-free-gib", type=float, default=2.0, help="start a session only above this MemAvailable")
    ap.add_argument("--json", help="write every figure and each session's record here")
    args = ap.parse_args()
    args.sessions = [int(x) for x in args.sessions.split(",") if x.strip()]
    args.load_at_start = os.getloadavg()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # run the finally blocks: stop server, browser
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in args.load_at_start)}; "
          f"run cap {_cap()}; mix: {', '.join(MIX)}", flush=True)
    results = asyncio.run(run(args))
    print_tables(results, _cap())
    if args.json:
        _write_json(args, results)


if __name__ == "__main__":
    main()
