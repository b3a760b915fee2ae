"""Engine benchmark: MLP epochs/s on TensorFlow Playground's default and largest networks, at batch
sizes 10 and 1, side by side with a plain compiled loop and (optionally) the Playground's nn.ts.

Run: .venv/bin/python bench/bench_engine.py [--seconds 4] [--rounds 3] [--nn-ts DIR]   (→ bench/RESULTS.md)
Columns, each a median over `rounds` rounds that alternate them (a burst of other work on the
machine moves one round, not the figure), on one CPU thread:
- engine, probes off: a TrainingRun's thread with no snapshot until the end;
- engine, probes on: the thread publishing 10 snapshots/s (probe + evaluate + visuals each);
- plain loop: the engine's compiled step in one Numba loop (shuffle included), no run machinery;
- nn.ts: `node bench/nn_ts_driver.js DIR` on TensorFlow Playground's nn.js (compiled from its
  src/nn.ts, which this repository does not hold), training the same shapes over 250 points.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # single CPU thread, before NumPy loads BLAS
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from numba import njit  # noqa: E402

from dl_engine.models import mlp_kernel  # noqa: E402
from dl_engine.models.mlp_config import MLPConfig  # noqa: E402
from dl_engine.models.mlp_fused import compile_kernel  # noqa: E402
from dl_engine.training.mlp_experiment import MLPExperiment  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402

NETWORKS = {
    "default": MLPConfig(),
    "largest": MLPConfig(features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2"),
                         hidden=(8,) * 6, activations=("tanh",) * 6),
}
LABELS = {"default": "default (x1,x2; 4,2 tanh)", "largest": "largest (7 features; 6×8 tanh)"}
BATCHES = (10, 1)


def engine(config: MLPConfig, snapshot_hz: float, seconds: float, device: str) -> tuple[float, int]:
    """Train in the run's thread for `seconds`; return (epochs/s, snapshots published)."""
    run = TrainingRun(MLPExperiment, config, seed=0, device=device, snapshot_hz=snapshot_hz)
    published = []
    original = run._publish

    def counting(*args, **kwargs):  # whatever the run loop passes (result, evaluate=…)
        published.append(1)
        return original(*args, **kwargs)

    run._publish = counting
    run.start()
    time.sleep(0.3)  # warm-up
    s0, t0, p0 = run.steps, time.perf_counter(), len(published)
    time.sleep(seconds)
    s1, t1, p1 = run.steps, time.perf_counter(), len(published)
    run.stop()
    return (s1 - s0) / (t1 - t0) / run.experiment.steps_per_epoch, p1 - p0


@njit(nogil=True)
def _plain_epochs(X, T, epochs, batch, U, theta, grad, state, mask, sizes, cols, woff, acts, codes, hyper, work,
                  norms):
    """`epochs` epochs of the kernel's step, each over a fresh permutation (Numba's own shuffle)."""
    n = X.shape[0]
    for _ in range(epochs):
        order = np.random.permutation(n).reshape((1, n))
        for first in range(0, n, batch):
            mlp_kernel._step(X, T, order, 0, first, min(first + batch, n) - first, U, 0, theta, grad, state, mask,
                             sizes, cols, woff, acts, codes, hyper, work, norms, 0)


def plain_loop(config: MLPConfig, seconds: float) -> float:
    """Epochs/s of the same network's compiled step in one Numba loop (the engine's weights and data)."""
    exp = MLPExperiment(config, seed=0)
    f = exp.fused
    args = (*exp.arrays["train"], 1, exp.batch, f._no_dropout, *f._model_and_spec(), f.norms.reshape(1, -1))
    _plain_epochs(*args)  # compiles (first call) and warms up
    epochs, elapsed = 0, 0.0
    per_call = 20
    while elapsed < seconds:
        t0 = time.perf_counter()
        _plain_epochs(args[0], args[1], per_call, *args[3:])
        elapsed += time.perf_counter() - t0
        epochs += per_call
    return epochs / elapsed


def nn_ts(folder: str, seconds: float) -> dict[tuple[str, int], float]:
    """{(network, batch): epochs/s} from the nn.ts driver."""
    out = subprocess.run(["node", str(ROOT / "bench" / "nn_ts_driver.js"), folder, str(seconds)],
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {(r["network"], r["batch"]): r["epochs_per_s"] for r in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--nn-ts", metavar="DIR", help="folder holding TensorFlow Playground's nn.js")
    parser.add_argument("--networks", nargs="+", choices=list(NETWORKS), default=list(NETWORKS))
    parser.add_argument("--batches", nargs="+", type=int, choices=BATCHES, default=list(BATCHES))
    args = parser.parse_args()
    torch.set_num_threads(1)
    compile_kernel()  # not timed: a fresh checkout compiles the CPU step once (Numba caches it on disk)
    cases = [(net, b) for net in args.networks for b in args.batches]
    figures: dict[tuple, dict[str, list[float]]] = {c: {"off": [], "on": [], "snaps": [], "plain": [], "nn": []}
                                                    for c in cases}
    for _ in range(args.rounds):
        reference = nn_ts(args.nn_ts, min(args.seconds, 2.0)) if args.nn_ts else {}
        for net, batch in cases:
            config = dataclasses.replace(NETWORKS[net], batch_size=batch)
            row = figures[(net, batch)]
            row["off"].append(engine(config, 1e-6, args.seconds, args.device)[0])
            on, published = engine(config, 10.0, args.seconds, args.device)
            row["on"].append(on)
            row["snaps"].append(published / args.seconds)
            row["plain"].append(plain_loop(config, args.seconds / 2))
            if reference:
                row["nn"].append(reference[(net, batch)])
    print("| network | batch | engine, probes off | probes on (snapshots/s) | plain compiled loop | nn.ts "
          "| off ÷ plain | off ÷ nn.ts | on ÷ nn.ts |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (net, batch), row in figures.items():
        off, on, plain = (statistics.median(row[k]) for k in ("off", "on", "plain"))
        nn = statistics.median(row["nn"]) if row["nn"] else float("nan")
        print(f"| {LABELS[net]} | {batch} | {off:,.0f} | {on:,.0f} ({statistics.median(row['snaps']):.1f}) | "
              f"{plain:,.0f} | {nn:,.0f} | {off / plain:.2f}× | {off / nn:.2f}× | {on / nn:.2f}× |")


if __name__ == "__main__":
    main()
