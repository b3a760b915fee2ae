"""Attention written out so its weights can be seen: four score functions, masks, multi-head.

Every function returns the attention weights α alongside the output; the LaTeX next to each
score function is what the pages show (notes 000 §53–54, 003 "Types of attention").
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

SCORE_LATEX = {
    "dot": r"e_{t,j} = s_t^\top h_j",
    "scaled_dot": r"e_{t,j} = \frac{s_t^\top h_j}{\sqrt{d_k}}",
    "general": r"e_{t,j} = s_t^\top W_a\, h_j",
    "additive": r"e_{t,j} = v_a^\top \tanh(W_1 s_t + W_2 h_j)",
}
SCORE_NAMES = {
    "dot": "dot product",
    "scaled_dot": "scaled dot product",
    "general": "multiplicative (Luong, general)",
    "additive": "additive (Bahdanau)",
}
SOFTMAX_LATEX = r"\alpha_{t,j} = \frac{\exp(e_{t,j})}{\sum_{k=1}^{T} \exp(e_{t,k})}"
CONTEXT_LATEX = r"c_t = \sum_{j=1}^{T} \alpha_{t,j}\, h_j"
SDPA_LATEX = r"\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right)V"


def dot_scores(q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """e = q kᵀ. q: (..., Tq, d), k: (..., Tk, d) → (..., Tq, Tk)."""
    return q @ k.transpose(-2, -1)


def scaled_dot_scores(q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """e = q kᵀ / √d_k: keeps the softmax out of its flat, vanishing-gradient tails as d grows."""
    return dot_scores(q, k) / math.sqrt(k.shape[-1])


def general_scores(q: torch.Tensor, k: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Luong 'general': e = q W kᵀ. q: (..., Tq, dq), k: (..., Tk, dk), w: (dq, dk)."""
    return q @ w @ k.transpose(-2, -1)


def additive_scores(q: torch.Tensor, k: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor,
                    v: torch.Tensor) -> torch.Tensor:
    """Bahdanau: e = vᵀ tanh(W1 q + W2 k). q: (..., Tq, dq), k: (..., Tk, dk),
    w1: (da, dq), w2: (da, dk), v: (da,) → (..., Tq, Tk)."""
    hidden = torch.tanh((q @ w1.T).unsqueeze(-2) + (k @ w2.T).unsqueeze(-3))  # (..., Tq, Tk, da)
    return hidden @ v


def causal_mask(tq: int, tk: int | None = None, device=None) -> torch.Tensor:
    """(Tq, Tk) bool, True where query t may see key j (j ≤ t): no peeking at the future."""
    tk = tq if tk is None else tk
    return torch.ones(tq, tk, dtype=torch.bool, device=device).tril(tk - tq)


def padding_mask(lengths: torch.Tensor, tk: int) -> torch.Tensor:
    """(B, 1, Tk) bool, True on real tokens, False on padding. lengths: (B,)."""
    return (torch.arange(tk, device=lengths.device) < lengths[:, None]).unsqueeze(1)


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Softmax over the last axis with masked-out keys given weight exactly 0.

    mask: bool, broadcastable to scores, True = keep. A row with every key masked gets zeros
    (not NaN), so padding queries stay harmless.
    """
    if mask is None:
        return torch.softmax(scores, dim=-1)
    scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return torch.nan_to_num(weights, nan=0.0)


def attend(scores: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
           ) -> tuple[torch.Tensor, torch.Tensor]:
    """α = softmax(e) (masked), output = α V. scores: (..., Tq, Tk), v: (..., Tk, dv)
    → (output (..., Tq, dv), weights (..., Tq, Tk))."""
    weights = masked_softmax(scores, mask)
    return weights @ v, weights


def scaled_dot_product_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                                 mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(QKᵀ/√d_k) V, returning the weights F.scaled_dot_product_attention hides."""
    return attend(scaled_dot_scores(q, k), v, mask)


class Attention(nn.Module):
    """Encoder-decoder attention with a chosen score function (seq2seq decoders use it).

    forward(query (B, dq), keys (B, T, dk), mask (B, T) bool) → (context (B, dk), α (B, T)).
    """

    def __init__(self, score: str, query_dim: int, key_dim: int, attn_dim: int | None = None):
        super().__init__()
        if score not in SCORE_LATEX:
            raise ValueError(f"Unknown score '{score}'; choose one of {sorted(SCORE_LATEX)}.")
        if score in ("dot", "scaled_dot") and query_dim != key_dim:
            raise ValueError("dot-product scores need query and key of the same size.")
        self.score = score
        if score == "general":
            self.w = nn.Parameter(torch.empty(query_dim, key_dim))
            nn.init.xavier_uniform_(self.w)
        elif score == "additive":
            attn_dim = attn_dim or key_dim
            self.w1 = nn.Linear(query_dim, attn_dim, bias=False)
            self.w2 = nn.Linear(key_dim, attn_dim, bias=False)
            self.v = nn.Parameter(torch.empty(attn_dim).uniform_(-0.1, 0.1))

    def scores(self, q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        """q: (..., Tq, dq), k: (..., Tk, dk) → (..., Tq, Tk)."""
        if self.score == "dot":
            return dot_scores(q, k)
        if self.score == "scaled_dot":
            return scaled_dot_scores(q, k)
        if self.score == "general":
            return general_scores(q, k, self.w)
        return additive_scores(q, k, self.w1.weight, self.w2.weight, self.v)

    def forward(self, query: torch.Tensor, keys: torch.Tensor, mask: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        e = self.scores(query.unsqueeze(1), keys)                      # (B, 1, T)
        context, alpha = attend(e, keys, None if mask is None else mask.unsqueeze(1))
        return context.squeeze(1), alpha.squeeze(1)


class MultiHeadAttention(nn.Module):
    """Multi-head attention with the split into heads and the concat written out.

    forward(x (B, Tq, d), memory (B, Tk, d) or None for self-attention, mask broadcastable to
    (B, H, Tq, Tk), head_mask (H,) of 0/1 to ablate heads) → (out (B, Tq, d), α (B, H, Tq, Tk)).
    With fast=True it calls F.scaled_dot_product_attention and returns α = None (benchmarks).
    """

    def __init__(self, d_model: int, n_heads: int, bias: bool = True):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model ({d_model}) must be divisible by the number of heads ({n_heads}).")
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.w_q = nn.Linear(d_model, d_model, bias=bias)
        self.w_k = nn.Linear(d_model, d_model, bias=bias)
        self.w_v = nn.Linear(d_model, d_model, bias=bias)
        self.w_o = nn.Linear(d_model, d_model, bias=bias)
        self.fast = False

    def split_heads(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, d) → (B, H, T, d/H): head h owns columns h·d_head … (h+1)·d_head − 1."""
        b, t, _ = x.shape
        return x.view(b, t, self.n_heads, self.d_head).transpose(1, 2)

    @staticmethod
    def merge_heads(x: torch.Tensor) -> torch.Tensor:
        """(B, H, T, d_head) → (B, T, H·d_head): the heads' outputs concatenated side by side."""
        b, h, t, dh = x.shape
        return x.transpose(1, 2).reshape(b, t, h * dh)

    def forward(self, x: torch.Tensor, memory: torch.Tensor | None = None,
                mask: torch.Tensor | None = None, head_mask: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor | None]:
        memory = x if memory is None else memory
        q = self.split_heads(self.w_q(x))          # (B, H, Tq, dh)
        k = self.split_heads(self.w_k(memory))     # (B, H, Tk, dh)
        v = self.split_heads(self.w_v(memory))     # (B, H, Tk, dh)
        if self.fast and head_mask is None:
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
            return self.w_o(self.merge_heads(out)), None
        out, weights = scaled_dot_product_attention(q, k, v, mask)     # (B, H, Tq, dh), (B, H, Tq, Tk)
        if head_mask is not None:
            out = out * head_mask.view(1, -1, 1, 1)
        return self.w_o(self.merge_heads(out)), weights

    @torch.no_grad()
    def load_from_torch(self, mha: nn.MultiheadAttention) -> "MultiHeadAttention":
        """Copy the weights of a torch.nn.MultiheadAttention (same d_model and heads)."""
        w_q, w_k, w_v = mha.in_proj_weight.chunk(3)
        for mine, w in ((self.w_q, w_q), (self.w_k, w_k), (self.w_v, w_v)):
            mine.weight.copy_(w)
        self.w_o.weight.copy_(mha.out_proj.weight)
        if mha.in_proj_bias is not None:
            for mine, b in zip((self.w_q, self.w_k, self.w_v), mha.in_proj_bias.chunk(3)):
                mine.bias.copy_(b)
            self.w_o.bias.copy_(mha.out_proj.bias)
        return self


def entropy(weights: torch.Tensor) -> torch.Tensor:
    """Entropy H = −Σ α log α (nats) of each attention row. weights: (..., Tq, Tk) → (..., Tq).

    0 = the row looks at one token only; log Tk = it spreads evenly over all of them.
    """
    return -(weights * torch.log(weights.clamp_min(1e-12))).sum(-1)
