"""GRU/LSTM encoder-decoder, with a fixed context vector c = h_T or attention's c_t (notes 000 §51–53).

The two variants differ in one place only: the context fed to the decoder cell and read-out
is the encoder's last state (plain) or the attention-weighted sum of all its states.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from dl_engine.data.translation import PAD, SOS
from dl_engine.models.attention import Attention

CELLS = ("gru", "lstm")
# What Seq2Seq.decode_step computes, in the notes' notation (000 §52–53); DECODER_NOTE says where
# it departs from the notes and why.
PLAIN_LATEX = [r"c = h_T,\quad s_0 = h_T", r"s_t = f_{dec}(y_{t-1},\, s_{t-1},\, c)",
               r"y_t = \mathrm{softmax}(W[s_t, c] + b)"]
ATTENTION_LATEX = [r"s_t = f_{dec}(y_{t-1},\, s_{t-1},\, c_{t-1}),\quad s_0 = c_0 = h_T",
                   r"e_{t,j} = \mathrm{score}(s_t, h_j)",
                   r"\alpha_{t,j} = \frac{\exp(e_{t,j})}{\sum_{k=1}^{T} \exp(e_{t,k})}",
                   r"c_t = \sum_{j=1}^{T} \alpha_{t,j}\, h_j", r"y_t = \mathrm{softmax}(W[s_t, c_t] + b)"]
DECODER_NOTE = (
    "Where these decoders differ from the notes (000 §52–53), by our choice: both read out "
    r"$W[s_t, c]$, the state *and* the context (the notes write $W s_t$ for the plain model), so the two "
    r"models differ in $c$ alone. With attention the decoder steps first and then scores its new state $s_t$ "
    r"against every $h_j$, as the notes write (Luong's order); so the context $c_t$ reaches the cell one step "
    r"later, as its input $c_{t-1}$ (“input feeding”). Bahdanau et al. score the previous state $s_{t-1}$ "
    r"and feed $c_t$ into the same step; choosing the additive (Bahdanau) score here changes the score "
    "function only, not this order.")


class Seq2Seq(nn.Module):
    """Encoder nn.GRU/LSTM over the source; decoder nn.GRUCell/LSTMCell one output step at a time.

    score=None: plain encoder-decoder; else the attention score ("additive", "general", "dot",
    "scaled_dot"). The decoder input at step t is [embed(y_{t−1}), context_{t−1}] (input feeding).
    """

    def __init__(self, src_vocab: int, tgt_vocab: int, hidden: int = 64, cell: str = "gru",
                 score: str | None = "additive", embed: int = 32):
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {CELLS}, not {cell!r}.")
        self.cell_kind, self.hidden = cell, hidden
        self.src_embed = nn.Embedding(src_vocab, embed, padding_idx=PAD)
        self.tgt_embed = nn.Embedding(tgt_vocab, embed, padding_idx=PAD)
        self.encoder = (nn.GRU if cell == "gru" else nn.LSTM)(embed, hidden, batch_first=True)
        self.decoder = (nn.GRUCell if cell == "gru" else nn.LSTMCell)(embed + hidden, hidden)
        self.attention = Attention(score, hidden, hidden) if score else None
        self.out = nn.Linear(2 * hidden, tgt_vocab)

    def encode(self, src: torch.Tensor, src_len: torch.Tensor):
        """src (B, S) ids, src_len (B,) → encoder states H (B, S, hidden) (zeros on padding) and
        the final state at each sequence's true last step (h_T, or (h_T, C_T) for the LSTM)."""
        packed = pack_padded_sequence(self.src_embed(src), src_len.cpu(), batch_first=True, enforce_sorted=False)
        out, final = self.encoder(packed)
        states, _ = pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        if self.cell_kind == "lstm":
            return states, (final[0][0], final[1][0])
        return states, final[0]

    def decode_step(self, y_prev: torch.Tensor, state, context: torch.Tensor, states: torch.Tensor,
                    mask: torch.Tensor, fixed_context: torch.Tensor):
        """One decoder step. y_prev (B,) ids → logits (B, V), new state, context (B, hidden),
        α (B, S) (None for the plain model)."""
        x = torch.cat([self.tgt_embed(y_prev), context], dim=-1)
        state = self.decoder(x, state)
        s = state[0] if self.cell_kind == "lstm" else state
        if self.attention is None:
            context, alpha = fixed_context, None
        else:
            context, alpha = self.attention(s, states, mask)
        return self.out(torch.cat([s, context], dim=-1)), state, context, alpha

    def forward(self, src: torch.Tensor, src_len: torch.Tensor, tgt_in: torch.Tensor | None = None,
                steps: int | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Teacher forcing when tgt_in (B, T) is given, else greedy decoding for `steps` steps.

        Returns logits (B, T, V) and alignments α (B, T, S) (None for the plain model).
        """
        states, state = self.encode(src, src_len)
        mask = src != PAD                                                   # (B, S)
        h_last = state[0] if self.cell_kind == "lstm" else state
        context = h_last
        steps = tgt_in.shape[1] if tgt_in is not None else steps
        y = torch.full((src.shape[0],), SOS, dtype=torch.long, device=src.device)
        logits, alphas = [], []
        for t in range(steps):
            y_prev = tgt_in[:, t] if tgt_in is not None else y
            step_logits, state, context, alpha = self.decode_step(y_prev, state, context, states, mask, h_last)
            logits.append(step_logits)
            alphas.append(alpha)
            y = step_logits.argmax(-1)
        alignment = None if self.attention is None else torch.stack(alphas, 1)
        return torch.stack(logits, 1), alignment
