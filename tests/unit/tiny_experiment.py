"""A tiny, fast TorchExperiment for testing TrainingRun and probes."""
import torch
from torch import nn

from dl_engine.training.experiment import TorchExperiment


class Tiny(TorchExperiment):
    """2 → 8 → 2 classifier on 40 points; config = (learning rate, optimizer name)."""
    steps_per_epoch = 4

    def __init__(self, config, seed, device, fail_at: int | None = None):
        lr, optimizer = config
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randn(40, 2, generator=g)
        self.y = (self.x[:, 0] * self.x[:, 1] > 0).long()
        self.setup(nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2)), optimizer, lr)
        self.i = 0

    def next_batch(self):
        self.i = (self.i + 1) % 4
        rows = slice(self.i * 10, self.i * 10 + 10)
        return self.x[rows], self.y[rows]

    def batch_loss(self, batch):
        x, y = batch
        return nn.functional.cross_entropy(self.model(x), y)

    def evaluate(self):
        with torch.no_grad():
            logits = self.model(self.x)
        return {"train_loss": float(nn.functional.cross_entropy(logits, self.y)),
                "train_acc": float((logits.argmax(1) == self.y).float().mean())}

    def visuals(self, probe):
        return {"weight0": self.model[0].weight.detach().numpy().copy(),
                "activations": None if probe is None else probe.activations}


class Broken(Tiny):
    """Raises on its third step: a bug must end the run in status 'error', not kill the app."""

    def batch_loss(self, batch):
        if self.i == 3:
            raise RuntimeError("boom")
        return super().batch_loss(batch)


class NanFirstLayer(Tiny):
    """From its third step, the first layer's gradient is NaN (0·∞ in the loss's graph)."""

    def batch_loss(self, batch):
        loss = super().batch_loss(batch)
        if self.i == 3:
            loss = loss + 0.0 * (self.model[0].weight.sum() * float("inf"))
        return loss
