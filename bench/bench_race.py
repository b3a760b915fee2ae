"""Optimiser race benchmark (issue 16): race steps per second with all seven optimisers, headless.

One race step is seven torch.optim steps (each its own (2,) parameter: forward, backward, step).
Columns: the bare experiment; a TrainingRun thread publishing 10 snapshots/s (visuals, the
equations); and the milliseconds one snapshot's two live figures take to build (paths over the
surface after 1,000 steps, losses), which the page pays per update.

Run: .venv/bin/python bench/bench_race.py [--seconds 3]   (one CPU thread)
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from dl_engine.presets.optimiser_race import PRESETS  # noqa: E402
from dl_engine.training.race_experiment import RaceExperiment  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402
from dl_engine.viz.optimiser_race import losses_figure, paths_figure  # noqa: E402

CASES = {"Rosenbrock, all seven": PRESETS["rosenbrock"].config, "Beale, all seven": PRESETS["beale"].config}


def bare(config, seconds: float) -> float:
    exp, n, end = RaceExperiment(config), 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(20):
            exp.train_step(probe=False)
        n += 20
    return n / seconds


def threaded(config, seconds: float) -> float:
    run = TrainingRun(RaceExperiment, config, snapshot_hz=10.0)
    run.start()
    time.sleep(seconds)
    run.stop()
    return run.steps / seconds


def figure_ms(config, repeats: int = 10) -> float:
    exp = RaceExperiment(config)
    for _ in range(1000):
        exp.train_step(probe=False)
    started = time.perf_counter()
    for _ in range(repeats):
        v = exp.visuals()
        paths_figure(v).wire(), losses_figure(v).wire()
    return 1000 * (time.perf_counter() - started) / repeats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    seconds = ap.parse_args().seconds
    torch.set_num_threads(1)
    print("| case | bare race steps/s | TrainingRun race steps/s (10 snapshots/s) | visuals + figures per snapshot (ms) |")
    print("|---|---|---|---|")
    for name, config in CASES.items():
        print(f"| {name} | {bare(config, seconds):,.0f} | {threaded(config, seconds):,.0f} | "
              f"{figure_ms(config):.1f} |")


if __name__ == "__main__":
    main()
