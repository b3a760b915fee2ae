"""The seq2seq page's PyTorch script trains like the page: the summed loss of the models with and
without attention, step for step, for the default GRU with additive attention and for an LSTM with
Luong's general score on dates; every task's pairs are the page's."""
import numpy as np
import pytest
import torch

from dl_engine.data.translation import TASKS, Vocab, encode_pairs, make_pairs
from dl_engine.export.scripts import pytorch_script
from dl_engine.models.attention import SCORE_LATEX
from dl_engine.training.seq2seq_experiment import Seq2SeqConfig, Seq2SeqExperiment
from tests.unit.torch_script_checks import check_script, script_namespace


def test_default_gru_with_additive_attention(tmp_path):
    out = check_script("Seq2SeqExperiment", Seq2SeqExperiment, Seq2SeqConfig(), 0, tmp_path)
    assert "attention test_loss" in out and "plain test_loss" in out and "seq_acc" in out


def test_lstm_with_general_score_on_dates(tmp_path):
    config = Seq2SeqConfig(task="date", cell="lstm", score="general", hidden=16, batch_size=16, optimizer="rmsprop")
    check_script("Seq2SeqExperiment", Seq2SeqExperiment, config, 1, tmp_path)


@pytest.mark.parametrize("task, score", zip(TASKS, [*SCORE_LATEX, "additive"]))
def test_every_task_regenerates_the_pages_pairs(task, score):
    script = script_namespace(pytorch_script("Seq2SeqExperiment", Seq2SeqConfig(task=task, score=score), 0))
    got = script["make_pairs"](np.random.default_rng(3), 20, 7)
    want = make_pairs(task, np.random.default_rng(3), 20, 7)
    assert got == want
    spec = TASKS[task]
    for a, b in zip(script["encode_pairs"](got), vars(encode_pairs(want, Vocab(spec.source_symbols),
                                                                   Vocab(spec.target_symbols))).values()):
        assert torch.equal(a, b)
