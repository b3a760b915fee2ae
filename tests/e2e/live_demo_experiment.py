"""The live demo's experiment: a small tanh MLP learning XOR, with a 60×60 probability grid."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dl_engine.training.experiment import TorchExperiment

GRID = np.linspace(-1.5, 1.5, 60)


class XorExperiment(TorchExperiment):
    """A small tanh MLP on 256 XOR points; one full batch per step."""
    steps_per_epoch = 1

    def __init__(self, hidden: int, seed: int, device: torch.device):
        rng = np.random.default_rng(seed)
        x = rng.uniform(-1, 1, (256, 2))
        self.x = torch.tensor(x, dtype=torch.float32)
        self.y = torch.tensor((x[:, 0] * x[:, 1] > 0), dtype=torch.float32)[:, None]
        xx, yy = np.meshgrid(GRID, GRID)
        self.grid = torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32)
        model = nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, 1))
        self.setup(model, "adam", 0.03)

    def next_batch(self):
        return self.x, self.y

    def batch_loss(self, batch):
        x, y = batch
        return nn.functional.binary_cross_entropy_with_logits(self.model(x), y)

    def evaluate(self):
        with torch.no_grad():
            logits = self.model(self.x)
            loss = nn.functional.binary_cross_entropy_with_logits(logits, self.y)
            acc = ((logits > 0).float() == self.y).float().mean()
        return {"train_loss": float(loss), "train_acc": float(acc)}

    def visuals(self, probe):
        with torch.no_grad():
            p = torch.sigmoid(self.model(self.grid)).reshape(60, 60).numpy()
        return {"p": p}
