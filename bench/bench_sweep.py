"""The gradient lab's sweep: 6 activations × 6 initialisers × 10 depths (5…50) of first-layer
gradient norms at initialisation, in one vectorised pass. Target: < 2 s on a CPU.

Run: .venv/bin/python bench/bench_sweep.py [--repeats 5]. Single torch thread; prints the median
and the best wall time per width (the page's default width is 32), and one deep-lab step rate.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dl_engine.models.gradient_sweep import gradient_sweep  # noqa: E402
from dl_engine.training.deep_net import PRESETS, DeepNetExperiment  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402

WIDTHS = (8, 16, 32, 64)


def time_sweep(width: int, repeats: int) -> list[float]:
    gradient_sweep(width=width)  # warm-up: first kernels and allocations
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        sweep = gradient_sweep(width=width)
        times.append(time.perf_counter() - start)
    assert sweep.first.shape == (6, 6, 10)
    return times


def steps_per_second(preset: str, seconds: float) -> float:
    run = TrainingRun(DeepNetExperiment, PRESETS[preset].config, seed=0)
    start, steps = time.perf_counter(), 0
    while time.perf_counter() - start < seconds and run.status.value != "diverged":
        run.step(10)
        steps += 10
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per deep-lab rate")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print("| width | median s | best s | under 2 s |\n| --- | --- | --- | --- |")
    for width in WIDTHS:
        times = time_sweep(width, args.repeats)
        print(f"| {width} | {statistics.median(times):.3f} | {min(times):.3f} | {max(times) < 2.0} |")
    print("\n| deep-lab preset (20 layers × 32, batch 64, float64) | steps/s via TrainingRun.step |\n| --- | --- |")
    for preset in ("Vanishing: 20-layer sigmoid, small random init", "Batch norm rescues a deep sigmoid net"):
        print(f"| {preset} | {steps_per_second(preset, args.seconds):.0f} |")


if __name__ == "__main__":
    main()
