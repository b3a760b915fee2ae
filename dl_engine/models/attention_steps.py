"""The mechanics lab's worked example: self-attention on a typed sentence, every intermediate kept.

Tiny embeddings (one fixed random vector per word, so a repeated word gets the same row) go
through the same functions the transformer uses; nothing here is trained.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
import torch

from dl_engine.models.attention import (additive_scores, causal_mask, dot_scores, general_scores,
                                        masked_softmax, scaled_dot_scores)
from dl_engine.config import bounded, choice
from dl_engine.models.transformer import sinusoidal_encoding

MAX_WORDS = 8


@dataclass(frozen=True)
class MechanicsConfig:
    sentence: str = "the cat sat on the mat"
    d_model: int = bounded(4, 2, 8)
    causal: bool = choice(False, (False, True))
    positions: bool = choice(True, (False, True))


@dataclass(frozen=True)
class Walkthrough:
    """Every step for T tokens and width d (= d_k). Arrays are NumPy float64.

    x: (T, d) inputs (embedding + position); w_q, w_k, w_v: (d, d); q, k, v: (T, d);
    scores: (T, T) QKᵀ; scaled: scores / √d_k; masked: scaled with −inf above the diagonal when
    causal; weights: (T, T) softmax rows; output: (T, d) = weights V; by_score[name]:
    (scores (T, T), weights (T, T)) for each score function on the same Q and K.
    """
    tokens: list[str]
    x: np.ndarray
    positions: np.ndarray
    w_q: np.ndarray
    w_k: np.ndarray
    w_v: np.ndarray
    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    scores: np.ndarray
    scaled: np.ndarray
    masked: np.ndarray
    weights: np.ndarray
    output: np.ndarray
    by_score: dict[str, tuple[np.ndarray, np.ndarray]]

    @property
    def d_k(self) -> int:
        return self.q.shape[1]


def tokenize(sentence: str) -> list[str]:
    """Lower-case words without punctuation; ValueError (saying what to type) if 0 or > MAX_WORDS."""
    words = re.findall(r"[a-z0-9']+", sentence.lower())
    if not words:
        raise ValueError("Type a short sentence: at least one word of letters or digits.")
    if len(words) > MAX_WORDS:
        raise ValueError(f"Keep the sentence to {MAX_WORDS} words or fewer (it has {len(words)}), "
                         "so every number stays readable.")
    return words


def word_embedding(word: str, d: int) -> torch.Tensor:
    """A fixed N(0, 1) vector per word (seeded by the word's CRC32), shape (d,)."""
    gen = torch.Generator().manual_seed(zlib.crc32(word.encode()))
    return torch.randn(d, generator=gen, dtype=torch.float64)


def walkthrough(sentence: str, d: int = 4, seed: int = 0, causal: bool = False,
                positions: bool = True) -> Walkthrough:
    """Run scaled dot-product self-attention on `sentence` step by step (weights from `seed`)."""
    tokens = tokenize(sentence)
    t = len(tokens)
    pe = sinusoidal_encoding(t, d).double() if positions else torch.zeros(t, d, dtype=torch.float64)
    x = torch.stack([word_embedding(w, d) for w in tokens]) + pe
    gen = torch.Generator().manual_seed(seed)
    w_q, w_k, w_v, w_a, w_1, w_2 = (torch.randn(d, d, generator=gen, dtype=torch.float64) / d ** 0.5
                                    for _ in range(6))
    v_a = torch.randn(d, generator=gen, dtype=torch.float64)
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = causal_mask(t) if causal else None
    scores = dot_scores(q, k)
    scaled = scaled_dot_scores(q, k)
    weights = masked_softmax(scaled, mask)
    raw = {"dot": scores, "scaled_dot": scaled, "general": general_scores(q, k, w_a),
           "additive": additive_scores(q, k, w_1, w_2, v_a)}
    by_score = {name: (e.numpy(), masked_softmax(e, mask).numpy()) for name, e in raw.items()}
    masked = scaled.masked_fill(~mask, float("-inf")) if causal else scaled
    return Walkthrough(tokens, x.numpy(), pe.numpy(), w_q.numpy(), w_k.numpy(), w_v.numpy(), q.numpy(),
                       k.numpy(), v.numpy(), scores.numpy(), scaled.numpy(), masked.numpy(),
                       weights.numpy(), (weights @ v).numpy(), by_score)



def positional_table(length: int, d: int) -> np.ndarray:
    """Sinusoidal encodings as a NumPy (length, d) array, for the heatmap."""
    return sinusoidal_encoding(length, d).numpy()
