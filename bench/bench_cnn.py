"""CNN benchmark: seconds to 90% digits test accuracy, and the cost of live snapshots.

    .venv/bin/python bench/bench_cnn.py                 # CPU
    .venv/bin/python bench/bench_cnn.py --device cuda   # a CUDA GPU, when there is one

1. Time to target: the page's default CNN (conv 8 → pool → conv 16 → pool → dense 32, Adam 0.01,
   batch 64) trained with `train_step`, test accuracy checked every 10 steps (as snapshots would);
   the clock stops at the first check ≥ target. Model/data building is reported separately.
2. Probe overhead: steps/s of a TrainingRun thread publishing 10 snapshots/s (probes, test-set
   evaluation, weights copied to the CPU) against a plain loop of `train_step(probe=False)`, in
   interleaved rounds; and, steadier under load, the median extra cost of one snapshot × 10/s.
   Target ≤ 10%.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dl_engine.device import describe_device, resolve_device  # noqa: E402
from dl_engine.training.cnn_experiment import CNNExperiment  # noqa: E402
from dl_engine.models.cnn_arch import CNNConfig  # noqa: E402
from dl_engine.seeding import seed_everything  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def time_to_target(seed: int, device: torch.device, target: float, max_steps: int) -> tuple[float, float, int, float]:
    """(build s, train s, steps, final test accuracy) for one seed."""
    t0 = time.perf_counter()
    seed_everything(seed)
    exp = CNNExperiment(CNNConfig(), seed=seed, device=device)
    sync(device)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    acc = 0.0
    for step in range(1, max_steps + 1):
        exp.train_step(probe=False)
        if step % 10 == 0:
            acc = exp.evaluate()["test_acc"]
            if acc >= target:
                break
    sync(device)
    return build, time.perf_counter() - t0, step, acc


def plain_rate(device: torch.device, seconds: float) -> float:
    """Steps per second of a bare train_step loop."""
    exp = CNNExperiment(CNNConfig(), seed=0, device=device)
    for _ in range(20):
        exp.train_step(probe=False)
    sync(device)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        exp.train_step(probe=False)
        n += 1
    sync(device)
    return n / (time.perf_counter() - t0)


def run_rate(device: torch.device, seconds: float, hz: float) -> tuple[float, int]:
    """Steps per second of a TrainingRun thread publishing `hz` snapshots per second, and snapshots seen."""
    run = TrainingRun(CNNExperiment, CNNConfig(epochs=200), seed=0, device=device.type, snapshot_hz=hz)
    run.step(20)
    start_steps, seen, last = run.steps, 0, None
    t0 = time.perf_counter()
    run.start()
    while time.perf_counter() - t0 < seconds:
        if run.snapshot is not last:
            seen, last = seen + 1, run.snapshot
        time.sleep(0.01)
    run.pause()
    elapsed = time.perf_counter() - t0
    steps = run.steps - start_steps
    run.stop()
    return steps / elapsed, seen


def snapshot_cost(device: torch.device, n: int = 50) -> tuple[float, float]:
    """(plain step ms, probed step + snapshot ms), timed alternately in one thread: steadier than
    thread throughput on a loaded machine. run.step(1) probes its step and publishes a Snapshot."""
    run = TrainingRun(CNNExperiment, CNNConfig(epochs=200), seed=0, device=device.type)
    run.step(20)
    plain, snap = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        run.experiment.train_step(probe=False)
        sync(device)
        plain.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        run.step(1)
        sync(device)
        snap.append(time.perf_counter() - t0)
    return 1000 * sorted(plain)[n // 2], 1000 * sorted(snap)[n // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cpu", help="cpu, cuda, mps or auto")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--target", type=float, default=0.90)
    ap.add_argument("--max-steps", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each throughput measurement")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved plain/live throughput rounds")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    device = resolve_device(a.device)
    print(f"device: {describe_device(device)}; torch {torch.__version__}")
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])   # the first optimizer in a process costs ~1 s

    print(f"\n| seed | build s | seconds to {a.target:.0%} test acc | steps | test acc |")
    print("| --- | --- | --- | --- | --- |")
    for seed in range(a.seeds):
        build, secs, steps, acc = time_to_target(seed, device, a.target, a.max_steps)
        print(f"| {seed} | {build:.2f} | {secs:.2f} | {steps} | {acc:.3f} |")

    print("\n| round | plain train_step steps/s | TrainingRun at 10 snapshots/s steps/s | snapshots | overhead |")
    print("| --- | --- | --- | --- | --- |")
    overheads = []
    for r in range(a.rounds):   # interleaved, so a burst of load on a shared machine hits both
        plain = plain_rate(device, a.seconds)
        live, seen = run_rate(device, a.seconds, hz=10.0)
        overheads.append(1 - live / plain)
        print(f"| {r} | {plain:.0f} | {live:.0f} | {seen} | {overheads[-1]:.1%} |")
    plain_ms, snap_ms = snapshot_cost(device)
    print(f"\nmedian plain step {plain_ms:.2f} ms; probed step + snapshot {snap_ms:.2f} ms → at 10 snapshots/s "
          f"the snapshots cost {10 * (snap_ms - plain_ms) / 1000:.1%} of each second")
    print(f"probe overhead (thread throughput), median of {a.rounds}: {sorted(overheads)[len(overheads) // 2]:.1%} (target ≤ 10%)")

if __name__ == "__main__":
    main()
