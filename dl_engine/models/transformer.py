"""A tiny decoder-style transformer that keeps every layer's and head's attention weights.

nn.TransformerEncoderLayer discards its weights; this one stores them in `model.attention`
after each forward, and can zero chosen heads (ablation) to show what each one contributes.
"""
from __future__ import annotations

import math

import torch
from torch import nn

from dl_engine.models.attention import MultiHeadAttention, causal_mask

POSITIONS = ("sinusoidal", "learned")
PE_LATEX = (r"PE_{(pos,\,2i)} = \sin\!\left(\frac{pos}{10000^{2i/d}}\right),\quad "
            r"PE_{(pos,\,2i+1)} = \cos\!\left(\frac{pos}{10000^{2i/d}}\right)")
FFN_LATEX = r"\mathrm{FFN}(x) = \max(0,\, xW_1 + b_1)\,W_2 + b_2"
# How Block and TinyTransformer are wired, where the notes (001) and the original paper differ.
LAYER_LATEX = (r"x \leftarrow x + \mathrm{MultiHead}(\mathrm{LN}(x)),\qquad "
               r"x \leftarrow x + \mathrm{FFN}(\mathrm{LN}(x))")
ARCHITECTURE_NOTE = (
    "Our choice, for small models that train in seconds: one stack of layers reads question ▶ answer and "
    "predicts each next token (decoder-only, as GPT), where the notes' transformer (001) is an "
    "encoder-decoder; each sub-layer normalises its input first (pre-norm, above), where the original "
    "paper normalises after the residual, LN(x + sublayer(x)). FFN: d_ff = 4·d_model; each of the h heads "
    "has d_k = d_model / h.")


def sinusoidal_encoding(length: int, d_model: int) -> torch.Tensor:
    """(length, d_model) positional encodings of 'Attention is all you need' (notes 001)."""
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    rate = torch.exp(-math.log(10000.0) * torch.arange(0, d_model, 2, dtype=torch.float32) / d_model)
    pe = torch.zeros(length, d_model)
    pe[:, 0::2] = torch.sin(pos * rate)
    pe[:, 1::2] = torch.cos(pos * rate[: d_model // 2])
    return pe


class Block(nn.Module):
    """Pre-norm transformer layer: x + MHA(LN(x)), then x + FFN(LN(x)) (position-wise)."""

    def __init__(self, d_model: int, n_heads: int, d_ff: int):
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.ffn = nn.Sequential(nn.Linear(d_model, d_ff), nn.ReLU(), nn.Linear(d_ff, d_model))

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None, head_mask: torch.Tensor | None
                ) -> tuple[torch.Tensor, torch.Tensor | None]:
        out, weights = self.attn(self.ln1(x), mask=mask, head_mask=head_mask)
        x = x + out
        return x + self.ffn(self.ln2(x)), weights


class TinyTransformer(nn.Module):
    """Token + position embeddings, `n_layers` blocks, a final LayerNorm and a linear read-out.

    forward(idx (B, T) token ids, head_mask (L, H) of 0/1 or None) → logits (B, T, vocab).
    After a forward, `attention[l]` holds layer l's weights α, shape (B, H, T, T), detached.
    """

    def __init__(self, vocab_size: int, max_len: int, d_model: int = 32, n_heads: int = 2,
                 n_layers: int = 2, positions: str = "sinusoidal", causal: bool = True, ffn_mult: int = 4):
        super().__init__()
        if positions not in POSITIONS:
            raise ValueError(f"positions must be one of {POSITIONS}, not {positions!r}.")
        self.n_layers, self.n_heads, self.causal, self.positions = n_layers, n_heads, causal, positions
        self.tok = nn.Embedding(vocab_size, d_model)
        if positions == "learned":
            self.pos = nn.Embedding(max_len, d_model)
        else:
            self.register_buffer("pe", sinusoidal_encoding(max_len, d_model), persistent=False)
        self.blocks = nn.ModuleList(Block(d_model, n_heads, ffn_mult * d_model) for _ in range(n_layers))
        self.ln_f = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size)
        self.attention: list[torch.Tensor] = []

    def set_fast(self, fast: bool) -> None:
        """Use F.scaled_dot_product_attention (weights not kept) — the benchmark's baseline."""
        for block in self.blocks:
            block.attn.fast = fast

    def forward(self, idx: torch.Tensor, head_mask: torch.Tensor | None = None) -> torch.Tensor:
        t = idx.shape[1]
        pos = self.pos.weight[:t] if self.positions == "learned" else self.pe[:t]
        x = self.tok(idx) + pos                                            # (B, T, d)
        mask = causal_mask(t, device=idx.device) if self.causal else None  # (T, T)
        self.attention = []
        for layer, block in enumerate(self.blocks):
            x, weights = block(x, mask, None if head_mask is None else head_mask[layer])
            if weights is not None:
                self.attention.append(weights.detach())
        return self.head(self.ln_f(x))
