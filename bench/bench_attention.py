"""Attention benchmark: the cost of keeping the weights. Training steps/s of the tiny transformer with
its explicit attention (weights kept for the page) against the same model calling
F.scaled_dot_product_attention (weights discarded), and of the two seq2seq models trained side by side.

Run: .venv/bin/python bench/bench_attention.py [--seconds 3]   (one CPU thread; figures → bench/RESULTS.md)
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # single CPU thread, before NumPy loads BLAS
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from dl_engine.training.seq2seq_experiment import Seq2SeqConfig, Seq2SeqExperiment  # noqa: E402
from dl_engine.training.transformer_experiment import TransformerConfig, TransformerExperiment  # noqa: E402

TRANSFORMERS = {
    "page default (2 layers × 2 heads, d 32, n 5)": TransformerConfig(),
    "text, 2 × 4, d 64, 24 chars": TransformerConfig(task="text", seq_len=12, n_heads=4, d_model=64),
    "largest (4 × 8, d 128, n 12)": TransformerConfig(seq_len=12, n_layers=4, n_heads=8, d_model=128),
}


def steps_per_second(experiment, seconds: float) -> float:
    """Train steps (no probes) per second of wall time, after a 3-step warm-up."""
    for _ in range(3):
        experiment.train_step(False)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        experiment.train_step(False)
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print("| transformer | explicit, weights kept (steps/s) | F.scaled_dot_product_attention (steps/s) | kept / fused |")
    print("| --- | --- | --- | --- |")
    for label, config in TRANSFORMERS.items():
        visible = steps_per_second(TransformerExperiment(config, seed=0), args.seconds)
        fused_exp = TransformerExperiment(config, seed=0)
        fused_exp.model.set_fast(True)
        fused = steps_per_second(fused_exp, args.seconds)
        print(f"| {label} | {visible:.0f} | {fused:.0f} | {visible / fused:.2f} |")
    print()
    print("| seq2seq (both models, one step) | steps/s |")
    print("| --- | --- |")
    for label, config in {"page default (GRU 64, additive, lengths 2–12)": Seq2SeqConfig(),
                          "LSTM 128, general, lengths 2–20": Seq2SeqConfig(cell="lstm", score="general",
                                                                           hidden=128, max_len=20)}.items():
        print(f"| {label} | {steps_per_second(Seq2SeqExperiment(config, seed=0), args.seconds):.1f} |")


if __name__ == "__main__":
    main()
