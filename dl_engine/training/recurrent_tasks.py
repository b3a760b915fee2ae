"""The recurrent playground's tasks: data, loss, metrics and step labels for each, plus the model.

Many-to-many tasks (language model, forecasting) predict at every step; many-to-one tasks
(sentiment, remember-first, adding) read the whole sequence and answer once at the end.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dl_engine.data import sequences, text
from dl_engine.models.recurrent import Recurrent, Unrolled

EVAL_ROWS = 128  # fixed evaluation batch (seeded apart from training) per generated task


class SequenceModel(nn.Module):
    """Recurrent layers + a linear read-out at every step (many-to-many) or at the end (many-to-one)."""

    def __init__(self, cell: str, input_size: int, hidden_size: int, output_size: int,
                 num_layers: int = 1, bidirectional: bool = False, many_to_one: bool = False, **cell_options):
        super().__init__()
        self.rnn = Recurrent(cell, input_size, hidden_size, num_layers, bidirectional, **cell_options)
        self.head = nn.Linear(hidden_size * self.rnn.directions, output_size)
        self.many_to_one = many_to_one

    def forward(self, x: torch.Tensor, clamp: dict[str, float] | None = None, truncate: int | None = None,
                record: bool = False) -> tuple[torch.Tensor, Unrolled]:
        """x (B, T, I) → (logits (B, T, O) or (B, O), the Unrolled pass)."""
        run = self.rnn.unroll(x, clamp=clamp, truncate=truncate, record=record)
        if self.many_to_one:
            return self.head(self.rnn.top_final_hidden(run.state)), run
        return self.head(run.outputs), run


class Task:
    """One task: batches (x (B, T, I), y), its loss, the loss at the last step, and step labels."""
    many_to_one = False
    classify = True
    input_size = output_size = 1

    def batch(self, rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def eval_sets(self, seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Fixed "train" (probe) and "test" sets for metrics, independent of the training stream."""
        return {"train": self.batch(np.random.default_rng([seed, 1]), EVAL_ROWS),
                "test": self.batch(np.random.default_rng([seed, 2]), EVAL_ROWS)}

    def loss(self, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if self.classify:
            return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        return nn.functional.mse_loss(logits, y)

    def last_loss(self, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """The loss at the final step only: how far back does it reach? (BPTT probe)."""
        return self.loss(logits, y) if self.many_to_one else self.loss(logits[:, -1], y[:, -1])

    def accuracy(self, logits: torch.Tensor, y: torch.Tensor) -> float | None:
        return float((logits.argmax(-1) == y).float().mean()) if self.classify else None

    def labels(self, x: np.ndarray) -> list[str]:
        """Per-step labels of one input sequence (T, I) for heatmap axes."""
        return [str(t + 1) for t in range(x.shape[0])]

    def describe(self, logits: np.ndarray, y: np.ndarray) -> list[str]:
        """Per-row short text of prediction vs truth (many-to-one), e.g. "A (p=0.93) · truth A"."""
        return []


class LanguageModel(Task):
    """Next-character prediction on a corpus (the notes' "hello": h→e, e→l, l→l, l→o)."""

    def __init__(self, corpus: text.CharCorpus, length: int):
        self.corpus, self.length = corpus, length
        self.input_size = self.output_size = len(corpus.vocab)

    def batch(self, rng, size):
        return text.char_windows(rng, self.corpus, size, self.length)

    def eval_sets(self, seed):
        T = min(self.length, len(self.corpus.text) - 1)
        starts = np.arange(0, len(self.corpus.text) - T)[:EVAL_ROWS]  # every window, in order
        train = text.char_windows(None, self.corpus, len(starts), T, starts=starts)
        return {"train": train, "test": train}

    def labels(self, x):
        return [repr(ch)[1:-1] if ch != " " else "␣" for ch in self.corpus.decode(x.argmax(-1))]


class Forecast(Task):
    """Predict the next value of a noisy sine wave at every step (regression)."""
    classify = False

    def __init__(self, length: int, noise: float):
        self.length, self.noise = length, noise

    def batch(self, rng, size):
        return sequences.sine_batch(rng, size, self.length, self.noise)


class Sentiment(Task):
    """Many-to-one: is a short sentence positive or negative? Words are one-hot vectors."""
    many_to_one = True
    output_size = 2

    def __init__(self):
        self.train_set, self.test_set = text.sentiment_sets()
        self.input_size = len(self.train_set.words)

    def batch(self, rng, size):
        rows = rng.integers(0, len(self.train_set.y), size)
        return self.train_set.x[rows], self.train_set.y[rows]

    def eval_sets(self, seed):
        return {"train": (self.train_set.x, self.train_set.y), "test": (self.test_set.x, self.test_set.y)}

    def labels(self, x):
        return [self.train_set.words[int(k)] if row.any() else "·" for k, row in zip(x.argmax(-1), x)]

    def describe(self, logits, y):
        p = np.exp(logits - logits.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        names = ("negative", "positive")
        return [f"{names[int(q.argmax())]} (p={q.max():.2f}) · truth {names[int(t)]}" for q, t in zip(p, y)]


class RememberFirst(Task):
    """Many-to-one: name the first symbol after `length − 1` random distractors."""
    many_to_one = True

    def __init__(self, length: int, symbols: int = 4, distractors: int = 2):
        self.length, self.output_size, self.distractors = length, symbols, distractors
        self.input_size = symbols + distractors

    def batch(self, rng, size):
        return sequences.remember_first_batch(rng, size, self.length, self.output_size, self.distractors)

    def labels(self, x):
        return sequences.symbol_names(x, self.output_size)

    def describe(self, logits, y):
        p = np.exp(logits - logits.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        return [f"{chr(65 + int(q.argmax()))} (p={q.max():.2f}) · truth {chr(65 + int(t))}" for q, t in zip(p, y)]


class Adding(Task):
    """Many-to-one regression: the sum of the two marked values (always answering 1: MSE ≈ 0.167)."""
    many_to_one, classify, input_size = True, False, 2

    def __init__(self, length: int):
        self.length = length

    def batch(self, rng, size):
        return sequences.adding_batch(rng, size, self.length)

    def labels(self, x):
        return [f"{v:.2f}{'*' if m else ''}" for v, m in x]

    def describe(self, logits, y):
        return [f"predicted {p[0]:.3f} · truth {t[0]:.3f}" for p, t in zip(logits, y)]
