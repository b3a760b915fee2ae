"""The tiny transformer: kept attention weights, masks, ablation, and that it learns reverse and sort."""
import math

import numpy as np
import pytest
import torch

from dl_engine.models.transformer import ARCHITECTURE_NOTE, LAYER_LATEX, TinyTransformer, sinusoidal_encoding
from dl_engine.training.run import TrainingRun
from dl_engine.training.transformer_experiment import (TransformerConfig, TransformerExperiment,
                                                       head_labels)


def test_sinusoidal_encoding_follows_the_formula():
    pe = sinusoidal_encoding(7, 6)
    for pos in range(7):
        for i in range(3):
            angle = pos / 10000 ** (2 * i / 6)
            assert pe[pos, 2 * i] == pytest.approx(math.sin(angle), abs=1e-6)
            assert pe[pos, 2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-6)


@pytest.mark.parametrize("positions", ["sinusoidal", "learned"])
def test_model_keeps_every_layers_weights_and_the_causal_mask_zeros_the_future(positions):
    torch.manual_seed(0)
    model = TinyTransformer(9, 6, d_model=16, n_heads=4, n_layers=3, positions=positions, causal=True)
    logits = model(torch.randint(0, 9, (2, 6)))
    assert logits.shape == (2, 6, 9)
    assert len(model.attention) == 3
    for weights in model.attention:
        assert weights.shape == (2, 4, 6, 6)
        torch.testing.assert_close(weights.sum(-1), torch.ones(2, 4, 6))
        assert torch.all(weights.triu(1) == 0)


def test_causal_model_output_never_depends_on_later_tokens_but_the_bidirectional_one_does():
    torch.manual_seed(0)
    x = torch.randint(0, 9, (1, 6))
    y = x.clone()
    y[0, -1] = (x[0, -1] + 1) % 9
    for causal in (True, False):
        model = TinyTransformer(9, 6, d_model=16, n_heads=2, n_layers=2, causal=causal)
        same = torch.allclose(model(x)[0, :-1], model(y)[0, :-1], atol=1e-6)
        assert same == causal


def test_fast_mode_gives_the_same_logits_and_head_mask_of_ones_changes_nothing():
    torch.manual_seed(0)
    model = TinyTransformer(9, 6, d_model=16, n_heads=2, n_layers=2)
    x = torch.randint(0, 9, (3, 6))
    slow = model(x)
    with_mask = model(x, torch.ones(2, 2))
    model.set_fast(True)
    torch.testing.assert_close(model(x), slow, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(with_mask, slow)
    assert model.attention == []


def test_examples_are_question_separator_answer_and_only_the_answer_is_scored():
    exp = TransformerExperiment(TransformerConfig(task="reverse", seq_len=4), seed=1, eval_size=8)
    x, y = exp.eval_x, exp.eval_y
    assert x.shape == y.shape == (8, 8)
    assert torch.all(x[:, 4] == 1)                                   # the separator token
    torch.testing.assert_close(y[:, 4:], x[:, :4].flip(1))            # the answer is the reversed question
    assert torch.all(y[:, :4] == -100)


def _train(config, steps, seed=0):
    torch.manual_seed(seed)
    exp = TransformerExperiment(config, seed=seed)
    for _ in range(steps):
        exp.train_step(False)
    return exp.evaluate()


def test_transformer_learns_reverse():
    metrics = _train(TransformerConfig(task="reverse", seq_len=5), 150)
    assert metrics["seq_acc"] >= 0.95


def test_transformer_learns_sort():
    metrics = _train(TransformerConfig(task="sort", seq_len=4, n_symbols=6), 150)
    assert metrics["seq_acc"] >= 0.95


def test_untrained_transformer_is_at_chance():
    metrics = _train(TransformerConfig(task="reverse", seq_len=5), 0)
    assert metrics["seq_acc"] < 0.05 and metrics["token_acc"] < 0.3


def test_visuals_carry_maps_and_ablation():
    cfg = TransformerConfig(task="text", seq_len=4, n_layers=2, n_heads=4, d_model=16)
    exp = TransformerExperiment(cfg, seed=0)
    exp.train_step(False)
    visuals = exp.visuals()
    assert visuals["attention"].shape == (4, 2, 4, 8, 8)
    assert visuals["ablation"].shape == (2, 4) and np.isfinite(visuals["ablation"]).all()
    assert visuals["heads"] == head_labels(2, 4) and len(visuals["tokens"][0]) == 8


def test_training_run_records_per_head_entropy_and_is_deterministic():
    cfg = TransformerConfig(task="copy", seq_len=3)
    snaps = []
    for _ in range(2):
        run = TrainingRun(TransformerExperiment, cfg, seed=3)
        snaps.append(run.step(5))
    a, b = snaps
    entropy = a.history["entropy/L1 H1"]
    assert len(entropy) == 2 and np.all(entropy >= 0) and np.all(entropy <= math.log(6) + 1e-6)
    np.testing.assert_array_equal(a.visuals["attention"], b.visuals["attention"])
    assert a.metrics == b.metrics


def test_each_layer_is_the_pre_norm_residual_the_page_shows():
    """LAYER_LATEX / ARCHITECTURE_NOTE: x + MultiHead(LN(x)), then x + FFN(LN(x)); d_ff = 4·d_model,
    d_k = d_model / h."""
    assert r"\mathrm{MultiHead}(\mathrm{LN}(x))" in LAYER_LATEX and "pre-norm" in ARCHITECTURE_NOTE
    torch.manual_seed(0)
    model = TinyTransformer(vocab_size=7, max_len=6, d_model=16, n_heads=4, n_layers=1).eval()
    block = model.blocks[0]
    assert block.ffn[0].out_features == 4 * 16 and block.attn.d_head == 16 // 4
    x = torch.randn(2, 5, 16)
    with torch.no_grad():
        out, _ = block(x, None, None)
        mid = x + block.attn(block.ln1(x))[0]
        torch.testing.assert_close(out, mid + block.ffn(block.ln2(mid)))
