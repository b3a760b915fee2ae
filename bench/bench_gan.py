"""GAN benchmark (issue 17): rounds per second headless, what a snapshot costs, and (on the ring)
the round at which G's samples first cover 7 of the 8 modes.

A round is one training step of the page: k D updates, then one G update. Reported per preset:
rounds/s of the bare `train_step` loop, rounds/s through `TrainingRun.step` (history, NaN watch),
the milliseconds of one snapshot's `evaluate` + `visuals` (paid once per live update), and for the
ring's presets the first evaluated round (every CHECK_EVERY) with ring_modes_covered ≥ 7.

Run: .venv/bin/python bench/bench_gan.py [--rounds 2000] [--seeds 2] [--presets digits ...]   (one CPU thread)
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

from dl_engine.presets.gan import PRESETS  # noqa: E402
from dl_engine.training.gan_experiment import GANExperiment  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402

CHECK_EVERY = 250
MAX_ROUNDS = 8000
COVERED = 7


def bare_rounds_per_s(config, rounds: int) -> float:
    exp = GANExperiment(config, seed=0)
    started = time.perf_counter()
    for _ in range(rounds):
        exp.train_step(False)
    return rounds / (time.perf_counter() - started)


def run_rounds_per_s(config, rounds: int) -> float:
    run = TrainingRun(GANExperiment, config, seed=0)
    started = time.perf_counter()
    run.step(rounds)
    return rounds / (time.perf_counter() - started)


def snapshot_ms(config, repeats: int = 20) -> float:
    exp = GANExperiment(config, seed=0)
    started = time.perf_counter()
    for _ in range(repeats):
        exp.evaluate()
        exp.visuals()
    return 1000 * (time.perf_counter() - started) / repeats


def rounds_to_cover(config, seed: int) -> int | None:
    """The first checked round whose generated points cover COVERED of the ring's 8 modes, or None."""
    exp = GANExperiment(config, seed=seed)
    for done in range(CHECK_EVERY, MAX_ROUNDS + 1, CHECK_EVERY):
        for _ in range(CHECK_EVERY):
            exp.train_step(False)
        if exp.evaluate().get("modes", 0) >= COVERED:
            return done
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2000)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--presets", nargs="+", choices=list(PRESETS), default=list(PRESETS),
                    help="the presets to measure (default: all)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    print(f"{'preset':<16} {'k':>2} {'bare rounds/s':>14} {'run rounds/s':>13} {'snapshot ms':>12}  "
          f"rounds to {COVERED} of 8 modes (per seed)")
    for slug in a.presets:
        config = PRESETS[slug].config
        cover = ""
        if config.data == "ring":
            found = [rounds_to_cover(config, seed) for seed in range(a.seeds)]
            reached = [r for r in found if r is not None]
            median = f"median {statistics.median(reached):.0f}" if reached else "never"
            cover = f"{median}  {['>' + str(MAX_ROUNDS) if r is None else r for r in found]}"
        print(f"{slug:<16} {config.d_steps:>2} {bare_rounds_per_s(config, a.rounds):>14.0f} "
              f"{run_rounds_per_s(config, a.rounds):>13.0f} {snapshot_ms(config):>12.1f}  {cover}")


if __name__ == "__main__":
    main()
