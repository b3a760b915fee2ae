"""Autoencoder benchmark (issue 17): seconds until the latent classes separate, headless.

"Separated": the leave-one-out 5-nearest-neighbour accuracy of the digit classes from the 2-D
test codes μ (359 test digits, `knn_accuracy`, the page's "digits told apart" figure) reaches
THRESHOLD. Each run trains at full speed one epoch at a time, evaluated after each (the time
includes the evaluations); reported: the epoch it first got there and the wall-clock seconds, the
median over seeds, and what that epoch takes at the page's opening pace (5 epochs/s). For scale,
5-NN on the raw 64 pixels of the same test digits.

Run: .venv/bin/python bench/bench_autoencoder.py [--seeds 3] [--threshold 0.7]   (one CPU thread)
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from dl_engine.data import images  # noqa: E402
from dl_engine.presets.autoencoder import PRESETS  # noqa: E402
from dl_engine.training.autoencoder_experiment import TEST_FRACTION, AutoencoderExperiment, knn_accuracy  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402

CASES = {"autoencoder": PRESETS["autoencoder-holes"].config, "VAE, β = 1": PRESETS["vae-filled"].config,
         "VAE, β = 10 (collapse)": PRESETS["beta-collapse"].config}
MAX_EPOCHS = 150
PAGE_PACE = 5.0   # epochs per second the page opens with


def until_separated(config, seed: int, threshold: float) -> tuple[int | None, float, float]:
    """(the first epoch whose codes reach the threshold or None, seconds to it, the last score)."""
    run = TrainingRun(AutoencoderExperiment, config, seed=seed)
    per_epoch = run.experiment.steps_per_epoch
    started = time.perf_counter()
    score = run.snapshot.metrics["latent_knn"]
    for epoch in range(1, MAX_EPOCHS + 1):
        score = run.step(per_epoch).metrics["latent_knn"]
        if score >= threshold:
            return epoch, time.perf_counter() - started, score
    return None, time.perf_counter() - started, score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--threshold", type=float, default=0.7)
    a = ap.parse_args()
    torch.set_num_threads(1)
    data = images.digits()
    _, test = images.stratified_split(data.y, TEST_FRACTION, 0)
    pixels = knn_accuracy(data.X[test].reshape(len(test), -1), data.y[test])
    print(f"5-NN accuracy threshold {a.threshold:.0%}; on the raw 64 pixels: {pixels:.1%}; cap {MAX_EPOCHS} epochs")
    print(f"{'model':<24} {'epochs (median)':>16} {'seconds (median)':>17} {'at 5 epochs/s':>14}  per seed")
    for name, config in CASES.items():
        results = [until_separated(config, seed, a.threshold) for seed in range(a.seeds)]
        reached = [r for r in results if r[0] is not None]
        seeds = ", ".join(f"{e} ep / {s:.1f} s" if e else f"not in {MAX_EPOCHS} ep ({k:.0%}, {s:.0f} s)"
                          for e, s, k in results)
        if len(reached) == len(results):
            epochs = statistics.median(r[0] for r in results)
            seconds = statistics.median(r[1] for r in results)
            print(f"{name:<24} {epochs:>16g} {seconds:>17.1f} {epochs / PAGE_PACE:>13.1f}s  {seeds}")
        else:
            print(f"{name:<24} {'—':>16} {'—':>17} {'—':>14}  {seeds}")


if __name__ == "__main__":
    main()
