"""Engine benchmark: MLP epochs/s on TensorFlow Playground's default and largest networks, probes on/off.

Run: .venv/bin/python bench/bench_engine.py [--seconds 5] [--rounds 3]   (one CPU thread; → bench/RESULTS.md)
Probes on = the TrainingRun thread publishes 10 snapshots/s (probe + evaluate + visuals each);
probes off = no snapshot until the end. Off and on alternate for `rounds` rounds; the table
shows medians, so a burst of other work on the machine moves one round, not the figure.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # single CPU thread, before NumPy loads BLAS
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from dl_engine.models.mlp_config import MLPConfig  # noqa: E402
from dl_engine.training.mlp_experiment import MLPExperiment  # noqa: E402
from dl_engine.models.mlp_fused import compile_kernel  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402

NETWORKS = {
    "default (x1,x2; 4,2 tanh)": MLPConfig(),
    "largest (7 features; 6×8 tanh)": MLPConfig(features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2"),
                                                 hidden=(8,) * 6, activations=("tanh",) * 6),
}


def epochs_per_second(config: MLPConfig, snapshot_hz: float, seconds: float, device: str) -> tuple[float, int]:
    """Train in the run's thread for `seconds`; return (epochs/s, snapshots published)."""
    run = TrainingRun(MLPExperiment, config, seed=0, device=device, snapshot_hz=snapshot_hz)
    published = []
    original = run._publish
    run._publish = lambda result: (published.append(1), original(result))
    run.start()
    time.sleep(0.3)  # warm-up
    s0, t0 = run.steps, time.perf_counter()
    time.sleep(seconds)
    s1, t1 = run.steps, time.perf_counter()
    run.stop()
    return (s1 - s0) / (t1 - t0) / run.experiment.steps_per_epoch, len(published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    torch.set_num_threads(1)
    compile_kernel()  # not timed: a fresh checkout compiles the CPU step once (Numba caches it on disk)
    print(f"| network | probes off (epochs/s) | probes on, 10 snapshots/s (epochs/s) | overhead | device |")
    print("|---|---|---|---|---|")
    for name, config in NETWORKS.items():
        offs, ons, snaps = [], [], []
        for _ in range(args.rounds):
            offs.append(epochs_per_second(config, 1e-6, args.seconds, args.device)[0])
            on, published = epochs_per_second(config, 10.0, args.seconds, args.device)
            ons.append(on)
            snaps.append(published)
        off, on = statistics.median(offs), statistics.median(ons)
        print(f"| {name} | {off:,.0f} | {on:,.0f} ({statistics.median(snaps):.0f} snapshots) | "
              f"{1 - on / off:.1%} | {args.device} |")


if __name__ == "__main__":
    main()
