"""Toy translation data and the encoder-decoder: alignment invariants and the bottleneck on long reversals."""
import datetime

import numpy as np
import pytest
import torch

from dl_engine.data.translation import (EOS, PAD, SOS, TASKS, TEXT, Vocab, encode_pairs, make_pairs,
                                        number_words, text_vocab, text_windows)
from dl_engine.models.seq2seq import ATTENTION_LATEX, DECODER_NOTE, PLAIN_LATEX, Seq2Seq
from dl_engine.training.seq2seq_experiment import Seq2SeqConfig, Seq2SeqExperiment


@pytest.mark.parametrize("n, words", [(0, "zero"), (13, "thirteen"), (40, "forty"), (305, "three hundred five"),
                                      (321, "three hundred twenty one"),
                                      (120_017, "one hundred twenty thousand seventeen")])
def test_number_words(n, words):
    assert " ".join(number_words(n)) == words


def test_every_generated_pair_is_a_correct_translation():
    rng = np.random.default_rng(0)
    for src, tgt in make_pairs("date", rng, 50, 5):
        parsed = datetime.datetime.strptime("".join(src), "%d %b %Y").date()
        assert "".join(tgt) == parsed.isoformat()
    for src, tgt in make_pairs("number", rng, 50, 4):
        assert number_words(int("".join(tgt))) == src and len(tgt) <= 4
    for task, how in (("reverse", lambda x: x[::-1]), ("sort", sorted), ("copy", list)):
        pairs = make_pairs(task, rng, 50, 7, min_len=3, n_symbols=4)
        assert all(tgt == how(src) and 3 <= len(src) <= 7 and set(src) <= set("0123") for src, tgt in pairs)


def test_every_task_symbol_fits_its_vocabulary():
    rng = np.random.default_rng(1)
    for name, task in TASKS.items():
        src_vocab, tgt_vocab = Vocab(task.source_symbols), Vocab(task.target_symbols)
        for src, tgt in make_pairs(name, rng, 30, 6):
            src_vocab.encode(src), tgt_vocab.encode(tgt)


def test_encode_pairs_pads_and_frames_targets_with_start_and_end():
    vocab = Vocab("0123")
    batch = encode_pairs([(list("12"), list("21")), (list("3"), list("3"))], vocab, vocab)
    assert batch.src_len.tolist() == [2, 1] and batch.src[1, 1] == PAD
    assert batch.tgt_in[:, 0].tolist() == [SOS, SOS]
    assert batch.tgt_out[1].tolist() == [vocab.index["3"], EOS, PAD]
    assert vocab.decode(batch.tgt_out[0].tolist()) == ["2", "1"]


def test_text_windows_are_next_character_pairs_of_the_built_in_text():
    vocab = text_vocab()
    ids = torch.tensor(vocab.encode(TEXT))
    windows = text_windows(np.random.default_rng(0), ids, 5, 10)
    assert windows.shape == (5, 11)
    for row in windows:
        assert "".join(vocab.tokens[i] for i in row) in TEXT


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_alignment_rows_sum_to_one_and_ignore_padding(cell):
    torch.manual_seed(0)
    vocab = Vocab("0123")
    batch = encode_pairs([(list("0123"), list("3210")), (list("12"), list("21"))], vocab, vocab)
    model = Seq2Seq(len(vocab), len(vocab), hidden=8, cell=cell, score="additive", embed=4)
    logits, alignment = model(batch.src, batch.src_len, batch.tgt_in)
    assert logits.shape == (2, 5, len(vocab)) and alignment.shape == (2, 5, 4)
    torch.testing.assert_close(alignment.sum(-1), torch.ones(2, 5))
    assert torch.all(alignment[1, :, 2:] == 0)
    plain = Seq2Seq(len(vocab), len(vocab), hidden=8, cell=cell, score=None, embed=4)
    greedy, none = plain(batch.src, batch.src_len, steps=3)
    assert greedy.shape == (2, 3, len(vocab)) and none is None


def test_encoder_final_state_ignores_padding():
    torch.manual_seed(0)
    vocab = Vocab("0123")
    model = Seq2Seq(len(vocab), len(vocab), hidden=8, score=None, embed=4)
    alone = encode_pairs([(list("12"), list("21"))], vocab, vocab)
    padded = encode_pairs([(list("12"), list("21")), (list("0123"), list("3210"))], vocab, vocab)
    _, h_alone = model.encode(alone.src, alone.src_len)
    _, h_padded = model.encode(padded.src, padded.src_len)
    torch.testing.assert_close(h_alone[0], h_padded[0])


def test_attention_beats_the_fixed_context_on_long_reversals_with_the_same_seed():
    torch.manual_seed(0)
    exp = Seq2SeqExperiment(Seq2SeqConfig(task="reverse", max_len=10, hidden=32, batch_size=32), seed=0)
    for _ in range(120):
        exp.train_step(False)
    exp.evaluate()
    visuals = exp.visuals()
    long = visuals["lengths"] >= 8
    with_attention = visuals["acc_by_length"]["attention"][long].mean()
    plain = visuals["acc_by_length"]["plain"][long].mean()
    assert with_attention > plain + 0.1
    alignment = visuals["alignment"]
    assert alignment.shape[1] == len(visuals["source"]) == 10
    assert alignment.shape[0] <= visuals["alignment_steps"] == len(visuals["target"]) + 1  # + the end mark
    np.testing.assert_allclose(alignment.sum(1), 1.0, rtol=1e-5)


def test_between_evaluations_the_drawn_example_is_decoded_with_the_current_weights():
    torch.manual_seed(0)
    exp = Seq2SeqExperiment(Seq2SeqConfig(task="reverse", max_len=6, hidden=16, batch_size=16), seed=0)
    exp.evaluate()
    before = exp.visuals()
    for _ in range(5):
        exp.train_step(False)
    after = exp.visuals()   # no evaluate() in between: a snapshot between held-out evaluations
    np.testing.assert_array_equal(after["acc_by_length"]["attention"], before["acc_by_length"]["attention"])
    changed = after["alignment"].shape != before["alignment"].shape or not np.allclose(after["alignment"], before["alignment"])
    assert changed, "the alignment follows the weights"
    exp.evaluate()
    fresh = exp._greedy()["attention"]   # the whole held-out batch, decoded as evaluate() does
    i, drawn = exp.shown, exp.visuals()["alignment"]
    np.testing.assert_allclose(drawn, fresh[1][i, :drawn.shape[0], :drawn.shape[1]],
                               atol=1e-5, err_msg="decoding the drawn row alone gives the batch's result")


@pytest.mark.parametrize("cell", ["gru", "lstm"])
@pytest.mark.parametrize("score", ["additive", "general", None])
def test_the_decoder_computes_the_equations_its_page_shows(cell, score):
    """PLAIN_LATEX / ATTENTION_LATEX line by line: s_0 = c_0 = h_T, s_t = f(y_{t−1}, s_{t−1}, c_{t−1}),
    e_{t,j} = score(s_t, h_j) on the new state, y_t from W[s_t, c_t] (DECODER_NOTE says why)."""
    assert "c_{t-1}" in ATTENTION_LATEX[0] and r"\mathrm{score}(s_t, h_j)" in ATTENTION_LATEX[1]
    assert "W[s_t, c_t]" in ATTENTION_LATEX[-1] and "W[s_t, c]" in PLAIN_LATEX[-1] and "s_0 = h_T" in PLAIN_LATEX[0]
    assert "s_{t-1}" in DECODER_NOTE and "input feeding" in DECODER_NOTE
    torch.manual_seed(0)
    vocab = Vocab("0123")
    batch = encode_pairs([(list("0123"), list("3210")), (list("12"), list("21"))], vocab, vocab)
    model = Seq2Seq(len(vocab), len(vocab), hidden=8, cell=cell, score=score, embed=4)
    with torch.no_grad():
        logits, alignment = model(batch.src, batch.src_len, batch.tgt_in)
        states, state = model.encode(batch.src, batch.src_len)
        h_T = state[0] if cell == "lstm" else state
        s, c = state, h_T                                              # s_0 = c_0 = h_T
        for t in range(batch.tgt_in.shape[1]):
            s = model.decoder(torch.cat([model.tgt_embed(batch.tgt_in[:, t]), c], -1), s)  # f(y_{t−1}, s_{t−1}, c_{t−1})
            s_t = s[0] if cell == "lstm" else s
            if score is None:
                c = h_T
            else:
                e = model.attention.scores(s_t[:, None], states)[:, 0]                  # score(s_t, h_j)
                alpha = torch.softmax(e.masked_fill(batch.src == PAD, float("-inf")), -1)
                torch.testing.assert_close(alpha, alignment[:, t])
                c = (alpha[:, :, None] * states).sum(1)                                 # Σ_j α_{t,j} h_j
            torch.testing.assert_close(logits[:, t], model.out(torch.cat([s_t, c], -1)))  # W[s_t, c_t] + b
