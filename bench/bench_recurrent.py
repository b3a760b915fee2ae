"""The cost of visibility: training steps per second of our LSTM (every gate kept) vs torch.nn.LSTM.

Run: .venv/bin/python bench/bench_recurrent.py [--seconds 2]. One optimisation step = forward over
(B, T) one-hot characters, cross-entropy at every step, backward, Adam. Single torch thread.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dl_engine.models.recurrent import Recurrent  # noqa: E402

SIZES = [(32, 16, 16), (32, 64, 32), (64, 128, 64)]  # (batch, hidden, sequence length)
VOCAB = 16


class TorchLSTM(nn.Module):
    def __init__(self, hidden: int):
        super().__init__()
        self.rnn = nn.LSTM(VOCAB, hidden, batch_first=True)

    def forward(self, x):
        return self.rnn(x)[0]


class OwnLSTM(nn.Module):
    def __init__(self, hidden: int, record: bool = False):
        super().__init__()
        self.rnn, self.record = Recurrent("lstm", VOCAB, hidden), record

    def forward(self, x):
        return self.rnn.unroll(x, record=self.record).outputs


def steps_per_second(model: nn.Module, batch: int, hidden: int, length: int, seconds: float) -> float:
    head = nn.Linear(hidden, VOCAB)
    opt = torch.optim.Adam(list(model.parameters()) + list(head.parameters()), lr=1e-3)
    x = torch.eye(VOCAB)[torch.randint(0, VOCAB, (batch, length))]
    y = torch.randint(0, VOCAB, (batch, length))

    def step():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(head(model(x)).reshape(-1, VOCAB), y.reshape(-1))
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    print("| batch × hidden × T | torch.nn.LSTM steps/s | own LSTM steps/s | own, recording BPTT steps/s | own / torch |")
    print("| --- | --- | --- | --- | --- |")
    for batch, hidden, length in SIZES:
        ref = steps_per_second(TorchLSTM(hidden), batch, hidden, length, args.seconds)
        own = steps_per_second(OwnLSTM(hidden), batch, hidden, length, args.seconds)
        rec = steps_per_second(OwnLSTM(hidden, record=True), batch, hidden, length, args.seconds)
        print(f"| {batch} × {hidden} × {length} | {ref:,.0f} | {own:,.0f} | {rec:,.0f} | {own / ref:.2f} |")


if __name__ == "__main__":
    main()
