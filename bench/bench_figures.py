"""Figure-building benchmark: server ms per live update of each page, figure by figure.

    .venv/bin/python bench/bench_figures.py [--pages mlp gradients ...] [--updates 8]

Runs each page in AppTest with its real experiment: Train, let it learn ~2 s, then redraw the
live panel `--updates` times from real Snapshots. Every call into dl_engine.viz is timed (the
outermost call only) and charged to the live figure it feeds, as is `figure_payload` (the
compact dict sent to the browser, from the spec's wire). Prints page, figure key, what the builder
returned (Chart or HeatmapGrid), median ms to build, median ms for the payload, and a total per page.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import dl_engine.ui.live as live  # noqa: E402
import dl_engine.viz as viz_package  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402
from dl_engine.viz.spec import Chart, HeatmapGrid  # noqa: E402

PAGES = ("mlp", "gradients", "recurrent", "transformer", "seq2seq", "perceptron", "cnn")
SKIP_MODULES = ("payload", "conv", "spec")  # the payload is timed on its own; the convolution lab is not live


class Timer:
    """Charges the time of outermost viz calls to the next live_figure key, and times its payload."""

    def __init__(self) -> None:
        self.depth, self.pending, self.kind = 0, 0.0, "?"
        self.build = defaultdict(list)    # (page, key) → [ms]
        self.payload = defaultdict(list)
        self.kinds: dict[tuple[str, str], str] = {}
        self.page = ""

    def wrap(self, fn):
        def timed(*args, **kwargs):
            self.depth += 1
            t0 = time.perf_counter()
            try:
                out = fn(*args, **kwargs)
            finally:
                self.depth -= 1
            if self.depth == 0:
                self.pending += (time.perf_counter() - t0) * 1e3
                if isinstance(out, (Chart, HeatmapGrid, go.Figure, dict)):
                    self.kind = type(out).__name__
            return out
        return timed

    def live_panel(self, run, draw, refresh, key) -> None:
        self.pending = 0.0  # static figures built earlier in the script are not live updates
        self.original_panel(run, draw, refresh, key)

    def live_figure(self, fig, key: str, height: int | None = None) -> None:
        if callable(fig):  # a builder: what the live feed runs at each update (its viz calls are timed)
            fig = fig(live._drawing.current.snap)
        t0 = time.perf_counter()   # the spec's wire and its compact payload
        message = live.chart_message(fig, key, height)
        self.payload[(self.page, key)].append((time.perf_counter() - t0) * 1e3)
        self.build[(self.page, key)].append(self.pending)
        self.kinds[(self.page, key)] = self.kind
        self.pending, self.kind = 0.0, "?"
        live.live_chart(message)


def instrument(timer: Timer) -> None:
    """Wrap every function of every dl_engine.viz module (pages import them after this runs)."""
    for info in pkgutil.iter_modules(viz_package.__path__):
        if info.name.startswith(SKIP_MODULES):
            continue
        module = importlib.import_module(f"dl_engine.viz.{info.name}")
        for name, fn in list(vars(module).items()):
            if inspect.isfunction(fn) and fn.__module__ == module.__name__:
                setattr(module, name, timer.wrap(fn))
    live.live_figure = timer.live_figure
    timer.original_panel, live.live_panel = live.live_panel, timer.live_panel


def bench_page(timer: Timer, page: str, updates: int, train_s: float) -> None:
    timer.page = page
    at = AppTest.from_file(str(ROOT / "playgrounds" / f"{page}.py"), default_timeout=180).run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    at.button(key=f"{page}.train").click().run()
    time.sleep(train_s)
    timer.build = defaultdict(list, {k: v for k, v in timer.build.items() if k[0] != page})  # warm-up draws out
    timer.payload = defaultdict(list, {k: v for k, v in timer.payload.items() if k[0] != page})
    for _ in range(updates):
        at.run()
    for run in list(TrainingRun.instances):
        run.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    parser.add_argument("--updates", type=int, default=8)
    parser.add_argument("--train-seconds", type=float, default=2.0)
    args = parser.parse_args()
    timer = Timer()
    instrument(timer)
    print(f"{'page':<12} {'figure':<34} {'built as':<10} {'build ms':>9} {'payload ms':>11}")
    for page in args.pages:
        bench_page(timer, page, args.updates, args.train_seconds)
        total = 0.0
        for (p, key), times in timer.build.items():
            if p != page:
                continue
            build, payload = statistics.median(times), statistics.median(timer.payload[(p, key)])
            total += build + payload
            print(f"{page:<12} {key:<34} {timer.kinds[(p, key)]:<10} {build:9.2f} {payload:11.2f}")
        print(f"{page:<12} {'= one live update':<34} {'':<10} {total:9.2f}")


if __name__ == "__main__":
    main()
