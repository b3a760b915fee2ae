"""Overfitting lab benchmark (issue 16): seconds until the baseline shows a train–test gap, headless.

"A gap": the baseline copy's test cross-entropy exceeds its training cross-entropy by GAP (both
as the page charts them: evaluation mode, hard labels). Each run trains at full speed one epoch
at a time, evaluated after each (the time includes the evaluations and the regularised copy's
steps: the page trains both); reported: the first epoch with the gap and the wall-clock seconds,
the median over seeds, what that epoch takes at the page's opening pace (20 epochs/s), and the
lab's epochs per second without evaluations.

Run: .venv/bin/python bench/bench_overfit_lab.py [--seeds 3] [--gap 0.3] [--device cpu|cuda]   (one CPU thread)
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

from dl_engine.presets.overfit_lab import PRESETS  # noqa: E402
from dl_engine.training.overfit_lab_experiment import OverfitLabExperiment  # noqa: E402

CASES = ("memorise", "dropout", "digits-memorise", "digits-shift")
MAX_EPOCHS = 600
PAGE_PACE = 20.0   # epochs per second the page opens with


def until_gap(config, seed: int, gap: float, device: str) -> tuple[int | None, float]:
    """(the first epoch whose baseline test loss exceeds its training loss by `gap`, or None; seconds)."""
    e = OverfitLabExperiment(config, seed=seed, device=device)
    started = time.perf_counter()
    for epoch in range(1, MAX_EPOCHS + 1):
        for _ in range(e.steps_per_epoch):
            e.train_step(False)
        m = e.evaluate()
        if m["base_test_loss"] - m["base_train_loss"] > gap:
            return epoch, time.perf_counter() - started
    return None, time.perf_counter() - started


def epochs_per_second(config, device: str, epochs: int = 100) -> float:
    e = OverfitLabExperiment(config, seed=0, device=device)
    started = time.perf_counter()
    for _ in range(epochs * e.steps_per_epoch):
        e.train_step(False)
    return epochs / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--gap", type=float, default=0.3)
    ap.add_argument("--device", default="cpu")
    a = ap.parse_args()
    torch.set_num_threads(1)
    print(f"device {a.device}; gap: baseline test − train cross-entropy > {a.gap}; cap {MAX_EPOCHS} epochs")
    print(f"{'preset':<18} {'epochs (median)':>16} {'seconds (median)':>17} {'at 20 epochs/s':>15} "
          f"{'epochs/s bare':>14}  per seed")
    for slug in CASES:
        config = PRESETS[slug].config
        results = [until_gap(config, seed, a.gap, a.device) for seed in range(a.seeds)]
        rate = epochs_per_second(config, a.device)
        seeds = ", ".join(f"{ep} ep / {s:.1f} s" if ep else f"not in {MAX_EPOCHS} ep ({s:.0f} s)" for ep, s in results)
        if all(ep is not None for ep, _ in results):
            epochs = statistics.median(ep for ep, _ in results)
            seconds = statistics.median(s for _, s in results)
            print(f"{slug:<18} {epochs:>16g} {seconds:>17.2f} {epochs / PAGE_PACE:>14.1f}s {rate:>14.0f}  {seeds}")
        else:
            print(f"{slug:<18} {'—':>16} {'—':>17} {'—':>15} {rate:>14.0f}  {seeds}")


if __name__ == "__main__":
    main()
