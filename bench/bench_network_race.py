"""Optimiser race on a network benchmark (issue 16): race steps per second with all seven
optimisers on the MLP, and what a snapshot costs (the 41 × 41 slice, the visuals, the figures).

One race step is seven torch.optim steps, each on its own copy of the 2 → 8 → 8 → 2 tanh MLP
(114 float64 weights; forward, backward, step on 150 points or a mini-batch). Columns: the bare
experiment; a TrainingRun thread publishing 10 snapshots/s; the slice alone (1,681 networks on
the 150 training points, stacked weights); and one snapshot's visuals and both figures after
1,000 steps and one more (the projection of 7,007 weight vectors, the PCA plane, the slice: the
random plane's slice is reused while its box holds, the PCA plane's is new at every snapshot).

Run: .venv/bin/python bench/bench_network_race.py [--seconds 3]   (one CPU thread)
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

from dl_engine.models import loss_plane as lp  # noqa: E402
from dl_engine.models import race_network as rn  # noqa: E402
from dl_engine.training.network_race_experiment import GRID, NetworkRaceConfig, NetworkRaceExperiment  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402
from dl_engine.viz.network_race import losses_figure, slice_figure  # noqa: E402

CASES = {"random plane, full batch": NetworkRaceConfig(dataset="xor", steps=1000),
         "PCA plane, full batch": NetworkRaceConfig(dataset="xor", steps=1000, plane="pca"),
         "PCA plane, mini-batch 15": NetworkRaceConfig(dataset="xor", steps=1000, plane="pca", batch=15)}


def bare(config, seconds: float) -> float:
    exp = NetworkRaceExperiment(config)
    for _ in range(20):                 # warm up (first calls of autograd and the optimisers)
        exp.train_step(probe=False)
    n, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(10):
            exp.train_step(probe=False)
        n += 10
    return n / seconds


def threaded(config, seconds: float) -> float:
    run = TrainingRun(NetworkRaceExperiment, config, snapshot_hz=10.0)
    run.start()
    time.sleep(seconds)
    run.stop()
    return run.steps / seconds


def slice_ms(config, repeats: int = 10) -> float:
    exp = NetworkRaceExperiment(config)
    a = torch.linspace(-1, 1, GRID, dtype=torch.float64)
    started = time.perf_counter()
    for _ in range(repeats):
        lp.plane_losses(exp.net, rn.losses, exp.theta0, exp.random_plane, a, a, exp.X, exp.y)
    return 1000 * (time.perf_counter() - started) / repeats


def snapshot_ms(config, repeats: int = 5) -> float:
    exp = NetworkRaceExperiment(config)
    for _ in range(1000):
        exp.train_step(probe=False)
    spent = 0.0
    for _ in range(repeats):
        exp.train_step(probe=False)     # as between two snapshots: the paths, and the PCA plane, move
        started = time.perf_counter()
        v = exp.visuals()
        slice_figure(v).wire(), losses_figure(v).wire()
        spent += time.perf_counter() - started
    return 1000 * spent / repeats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    seconds = ap.parse_args().seconds
    torch.set_num_threads(1)
    print("| case | bare race steps/s | TrainingRun race steps/s (10 snapshots/s) | 41 × 41 slice (ms) "
          "| visuals + figures per snapshot after 1,000 steps (ms) |")
    print("|---|---|---|---|---|")
    for name, config in CASES.items():
        print(f"| {name} | {bare(config, seconds):,.0f} | {threaded(config, seconds):,.0f} | "
              f"{slice_ms(config):.0f} | {snapshot_ms(config):.0f} |")


if __name__ == "__main__":
    main()
