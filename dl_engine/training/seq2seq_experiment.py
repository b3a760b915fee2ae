"""The seq2seq playground's experiment: the same encoder-decoder with and without attention,
trained side by side on the same batches, so the bottleneck of c = h_T shows on long inputs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dl_engine.config import bounded, choice
from dl_engine.data.translation import PAD, TASKS, PairBatch, Vocab, encode_pairs, make_pairs
from dl_engine.models.attention import SCORE_LATEX
from dl_engine.models.seq2seq import CELLS, Seq2Seq
from dl_engine.training.experiment import TorchExperiment
from dl_engine.models.registry import OPTIMIZERS

MODELS = ("attention", "plain")
PER_LENGTH = 16  # held-out examples per input length


@dataclass(frozen=True)
class Seq2SeqConfig:
    task: str = choice("reverse", tuple(TASKS))
    max_len: int = bounded(12, 3, 20)
    cell: str = choice("gru", CELLS)
    score: str = choice("additive", tuple(SCORE_LATEX))
    hidden: int = choice(64, (16, 32, 64, 128))
    optimizer: str = choice("adam", tuple(OPTIMIZERS))
    lr: float = bounded(3e-3, 1e-5, 1.0)
    batch_size: int = bounded(64, 8, 256)


def _token_hits(logits: torch.Tensor, target: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per example: right tokens and counted tokens (padding excluded). logits (B, T, V), target (B, T)."""
    counted = target != PAD
    right = (logits.argmax(-1) == target) & counted
    return right.sum(1), counted.sum(1)


class Seq2SeqExperiment(TorchExperiment):
    """Two Seq2Seq models in one ModuleDict: disjoint parameters, so summing their losses trains
    each exactly as if alone (Adam and SGD update every parameter from its own gradient)."""
    steps_per_epoch = 100
    clip_value = 1.0  # element-wise, so one model's gradients never rescale the other's
    evaluate_every = 1.0  # the held-out set costs as much as a training step: once a second while
                          # training; the drawn example is decoded afresh at every snapshot (visuals)

    def __init__(self, config: Seq2SeqConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config, self.device = config, torch.device(device)
        self.rng = np.random.default_rng(seed)
        task = TASKS[config.task]
        self.src_vocab, self.tgt_vocab = Vocab(task.source_symbols), Vocab(task.target_symbols)
        model = nn.ModuleDict({
            name: Seq2Seq(len(self.src_vocab), len(self.tgt_vocab), config.hidden, config.cell,
                          config.score if name == "attention" else None)
            for name in MODELS}).to(self.device)
        self.setup(model, config.optimizer, config.lr)
        held_out = np.random.default_rng(seed + 10_007)
        pairs = [p for n in range(2, config.max_len + 1)
                 for p in make_pairs(config.task, held_out, PER_LENGTH, n, min_len=n)]
        self.eval_batch = encode_pairs(pairs, self.src_vocab, self.tgt_vocab, self.device)
        self.eval_lengths = self.eval_batch.src_len.cpu().numpy()
        self.shown = int(np.argmax(self.eval_lengths))   # the longest held-out input is the one drawn
        self._last = None

    def next_batch(self):
        pairs = make_pairs(self.config.task, self.rng, self.config.batch_size, self.config.max_len)
        return encode_pairs(pairs, self.src_vocab, self.tgt_vocab, self.device)

    def batch_loss(self, batch) -> torch.Tensor:
        total = 0.0
        for model in self.model.values():
            logits, _ = model(batch.src, batch.src_len, batch.tgt_in)
            total = total + F.cross_entropy(logits.flatten(0, 1), batch.tgt_out.flatten(), ignore_index=PAD)
        return total

    def probe_modules(self):
        return {}

    @torch.no_grad()
    def _greedy(self, rows: slice = slice(None), forced: bool = True
                ) -> dict[str, tuple[torch.Tensor, torch.Tensor | None, float]]:
        """Per model, on those rows of the held-out batch: greedy logits (B, T, V), alignment
        (B, T, S) or None, teacher-forced loss (NaN unless `forced`)."""
        self.model.eval()
        full = self.eval_batch
        b = PairBatch(full.src[rows], full.src_len[rows], full.tgt_in[rows], full.tgt_out[rows])
        out = {}
        for name, model in self.model.items():
            loss = float("nan")
            if forced:
                teacher, _ = model(b.src, b.src_len, b.tgt_in)
                loss = float(F.cross_entropy(teacher.flatten(0, 1), b.tgt_out.flatten(), ignore_index=PAD))
            logits, alignment = model(b.src, b.src_len, steps=b.tgt_out.shape[1])
            out[name] = (logits, alignment, loss)
        return out

    def evaluate(self) -> dict[str, float]:
        self._last = self._greedy()
        metrics = {}
        for name, (logits, _, loss) in self._last.items():
            right, counted = _token_hits(logits, self.eval_batch.tgt_out)
            metrics[f"test_loss_{name}"] = loss
            metrics[f"acc_{name}"] = float(right.sum() / counted.sum())
            metrics[f"seq_acc_{name}"] = float((right == counted).float().mean())
        return metrics

    def visuals(self, probe=None) -> dict:
        """lengths: (N,) input lengths; acc_by_length[name]: (N,) token accuracy; alignment: (T, S)
        for the longest held-out input, up to the model's end token; alignment_steps: the most rows
        it can have; source / target / outputs[name]: token labels."""
        results = self._last or self._greedy()  # the last held-out evaluation
        lengths = np.unique(self.eval_lengths)
        by_length = {}
        for name, (logits, alignment, _) in results.items():
            right, counted = (t.cpu().numpy() for t in _token_hits(logits, self.eval_batch.tgt_out))
            by_length[name] = np.array([right[self.eval_lengths == n].sum() / counted[self.eval_lengths == n].sum()
                                        for n in lengths])
        i = self.shown
        drawn = self._greedy(slice(i, i + 1), forced=False)   # these weights, even between evaluations
        outputs = {name: self.tgt_vocab.decode(logits[0].argmax(-1).tolist()) for name, (logits, _, _) in drawn.items()}
        n_src = int(self.eval_lengths[i])
        alignment = drawn["attention"][1][0, :, :n_src].cpu().numpy()
        n_out = min(len(outputs["attention"]) + 1, alignment.shape[0])  # up to its end token
        return {
            "lengths": lengths, "acc_by_length": by_length,
            "alignment": alignment[:n_out], "alignment_steps": alignment.shape[0],
            "source": self.src_vocab.decode(self.eval_batch.src[i].tolist()),
            "target": self.tgt_vocab.decode(self.eval_batch.tgt_out[i].tolist()),
            "outputs": outputs,
        }
