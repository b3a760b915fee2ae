"""The transformer playground's experiment: a TinyTransformer on copy / reverse / sort / next character.

Digit tasks are written as one sequence "x₁…xₙ ▶ y₁…yₙ" and the model predicts each next token;
only the answer tokens count. Snapshots carry every layer's and head's attention for a few
fixed inputs, per-head entropy (in the metrics history) and the loss change when a head is zeroed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from dl_engine.config import ConfigError, bounded, choice
from dl_engine.data.translation import DIGITS, SOS, TEXT, Vocab, text_vocab, text_windows
from dl_engine.models.attention import entropy
from dl_engine.models.transformer import POSITIONS, TinyTransformer
from dl_engine.training.experiment import TorchExperiment
from dl_engine.models.registry import OPTIMIZERS

TRANSFORMER_TASKS = {"copy": "copy", "reverse": "reverse", "sort": "sort digits", "text": "next character"}
IGNORE = -100
N_SHOWN = 4        # fixed inputs whose attention maps every snapshot carries


@dataclass(frozen=True)
class TransformerConfig:
    task: str = choice("reverse", tuple(TRANSFORMER_TASKS))
    seq_len: int = bounded(5, 2, 12)          # digits per example; the text task reads 2·seq_len characters
    n_symbols: int = bounded(10, 2, 10)
    n_layers: int = bounded(2, 1, 4)
    n_heads: int = choice(2, (1, 2, 4, 8))
    d_model: int = choice(32, (8, 16, 32, 64, 128))
    positions: str = choice("sinusoidal", POSITIONS)
    causal: bool = choice(True, (True, False))
    optimizer: str = choice("adam", tuple(OPTIMIZERS))
    lr: float = bounded(3e-3, 1e-5, 1.0)
    batch_size: int = bounded(64, 8, 512)

    def check(self) -> None:
        """Cross-field rule (`validate` calls this): the heads split d_model evenly (d_k = d_model / heads)."""
        if self.d_model % self.n_heads:
            raise ConfigError(f"d_model ({self.d_model}) must be divisible by the number of heads "
                              f"({self.n_heads}): each head gets d_model / heads dimensions.", ("n_heads",))


def head_labels(n_layers: int, n_heads: int) -> list[str]:
    """['L1 H1', 'L1 H2', …] in layer-major order."""
    return [f"L{l + 1} H{h + 1}" for l in range(n_layers) for h in range(n_heads)]


class TransformerExperiment(TorchExperiment):
    """Fresh random examples every step; metrics on a fixed held-out batch."""
    steps_per_epoch = 100
    clip_norm = 1.0

    def __init__(self, config: TransformerConfig, seed: int = 0, device: torch.device | str = "cpu",
                 eval_size: int = 256):
        self.config, self.device = config, torch.device(device)
        self.rng = np.random.default_rng(seed)
        self.text = config.task == "text"
        self.vocab = text_vocab() if self.text else Vocab(DIGITS[:config.n_symbols])
        self.length = 2 * config.seq_len               # tokens the model reads
        if self.text:
            self.text_ids = torch.tensor(self.vocab.encode(TEXT))
        model = TinyTransformer(len(self.vocab), self.length, config.d_model, config.n_heads,
                                config.n_layers, config.positions, config.causal).to(self.device)
        self.setup(model, config.optimizer, config.lr)
        held_out = np.random.default_rng(seed + 10_007)
        self.eval_x, self.eval_y = self._examples(held_out, eval_size)
        self.steps = 0

    # ---- data ---------------------------------------------------------------------------
    def _examples(self, rng: np.random.Generator, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Inputs (n, T) and next-token targets (n, T), IGNORE where the answer is not asked for."""
        if self.text:
            seq = text_windows(rng, self.text_ids, n, self.length)
            return seq[:, :-1].to(self.device), seq[:, 1:].to(self.device)
        n_sym, k = self.config.n_symbols, self.config.seq_len
        x = torch.as_tensor(rng.integers(0, n_sym, (n, k))) + 3        # digit ids follow the 3 specials
        y = {"copy": x, "reverse": x.flip(1), "sort": x.sort(1).values}[self.config.task]
        seq = torch.cat([x, torch.full((n, 1), SOS), y], 1)             # (n, 2k + 1)
        targets = seq[:, 1:].clone()
        targets[:, :k] = IGNORE                                         # only the answer is scored
        return seq[:, :-1].to(self.device), targets.to(self.device)

    def next_batch(self):
        return self._examples(self.rng, self.config.batch_size)

    def batch_loss(self, batch) -> torch.Tensor:
        x, y = batch
        logits = self.model(x)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=IGNORE)

    def probe_modules(self):
        return {}  # the attention maps are read from the model, not from hooks

    def train_step(self, probe: bool):
        self.steps += 1
        return super().train_step(probe)

    # ---- metrics and visuals -----------------------------------------------------------
    @torch.no_grad()
    def _loss_and_accuracy(self, head_mask: torch.Tensor | None = None, n: int | None = None):
        self.model.eval()
        x, y = self.eval_x[:n], self.eval_y[:n]
        logits = self.model(x, head_mask)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=IGNORE)
        return float(loss), logits

    @torch.no_grad()
    def greedy_answers(self, x: torch.Tensor) -> torch.Tensor:
        """Generate the answer one token at a time from the question alone → (n, seq_len) ids."""
        k = self.config.seq_len
        seq = x[:, :k + 1]
        for _ in range(k):
            nxt = self.model(seq)[:, -1].argmax(-1, keepdim=True)
            seq = torch.cat([seq, nxt], 1)
        return seq[:, k + 1:]

    def evaluate(self) -> dict[str, float]:
        loss, logits = self._loss_and_accuracy()
        asked = self.eval_y != IGNORE
        right = (logits.argmax(-1) == self.eval_y) & asked
        metrics = {"test_loss": loss, "token_acc": float(right.sum() / asked.sum())}
        weights = torch.stack(self.model.attention, 1)                 # (n, L, H, T, T)
        per_head = entropy(weights).mean(dim=(0, 3))                   # (L, H)
        for label, value in zip(head_labels(self.config.n_layers, self.config.n_heads), per_head.flatten()):
            metrics[f"entropy/{label}"] = float(value)
        if not self.text:
            # causal: teacher-forced answers all right ⇔ greedy decoding right, so skip the loop
            if self.config.causal:
                exact = (right | ~asked).all(1)
            else:
                exact = (self.greedy_answers(self.eval_x) == self.eval_y[:, -self.config.seq_len:]).all(1)
            metrics["seq_acc"] = float(exact.float().mean())
        return metrics

    @torch.no_grad()
    def ablation(self, n: int = 64) -> np.ndarray:
        """(L, H): held-out loss with that one head's output zeroed, minus the intact loss."""
        cfg = self.config
        base, _ = self._loss_and_accuracy(n=n)
        out = np.zeros((cfg.n_layers, cfg.n_heads))
        for l in range(cfg.n_layers):
            for h in range(cfg.n_heads):
                mask = torch.ones(cfg.n_layers, cfg.n_heads, device=self.device)
                mask[l, h] = 0.0
                out[l, h] = self._loss_and_accuracy(mask, n)[0] - base
        return out

    def visuals(self, probe=None) -> dict:
        """tokens: N_SHOWN lists of T input labels; targets / predictions: N_SHOWN lists of T labels
        ('' where not asked); attention: (N_SHOWN, L, H, T, T); ablation: (L, H) Δloss;
        heads: layer-major labels (a paused run's time travel keeps earlier maps)."""
        _, logits = self._loss_and_accuracy(n=N_SHOWN)
        maps = torch.stack(self.model.attention, 1).cpu().numpy().astype(np.float32)
        x, y = self.eval_x[:N_SHOWN].cpu(), self.eval_y[:N_SHOWN].cpu()
        pred = logits.argmax(-1).cpu()
        tok = self.vocab.tokens
        return {
            "tokens": [[tok[i] for i in row] for row in x.tolist()],
            "targets": [[tok[i] if i != IGNORE else "" for i in row] for row in y.tolist()],
            "predictions": [[tok[p] if t != IGNORE else "" for p, t in zip(pr, tr)]
                            for pr, tr in zip(pred.tolist(), y.tolist())],
            "attention": maps,
            "ablation": self.ablation(),
            "heads": head_labels(self.config.n_layers, self.config.n_heads),
        }
