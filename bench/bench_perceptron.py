"""Perceptron benchmark: samples (steps) per second, bare Experiment vs a TrainingRun thread
publishing 10 snapshots/s, on the XOR table (never converges) and 300 user-sized points.

Run: .venv/bin/python bench/bench_perceptron.py [--seconds 3]   (one CPU thread)
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

from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402

CASES = {"XOR table (4 points)": PerceptronConfig(dataset="xor"),
         "clusters (300 points)": PerceptronConfig(dataset="clusters", n_points=300, shuffle=True)}


def bare(config, seconds: float) -> float:
    exp, n, end = Perceptron(config), 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(100):
            exp.train_step(probe=False)
        n += 100
    return n / seconds


def threaded(config, seconds: float) -> float:
    run = TrainingRun(Perceptron, config, snapshot_hz=10.0)
    run.start()
    time.sleep(seconds)
    run.stop()
    return run.steps / seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    seconds = ap.parse_args().seconds
    torch.set_num_threads(1)
    print("| case | bare steps/s | TrainingRun steps/s (10 snapshots/s) |\n|---|---|---|")
    for name, config in CASES.items():
        print(f"| {name} | {bare(config, seconds):,.0f} | {threaded(config, seconds):,.0f} |")


if __name__ == "__main__":
    main()
