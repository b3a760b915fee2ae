"""The mechanics-lab walkthrough against a NumPy recomputation, and every attention figure's labels."""
import numpy as np
import pytest

from dl_engine.models.attention import SCORE_NAMES
from dl_engine.models.attention_steps import positional_table, tokenize, walkthrough
from dl_engine.viz.attention_heads import ablation_figure, answer_table_text, entropy_figure, head_grid, lines_view
from dl_engine.viz.attention_mechanics import (positional_encoding_figure, score_functions_figure,
                                               token_matrix_figure, vectors_figure)
from dl_engine.viz.attention_seq2seq import accuracy_by_length_figure, alignment_figure


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


@pytest.mark.parametrize("causal", [False, True])
def test_walkthrough_matches_a_numpy_recomputation(causal):
    w = walkthrough("The cat sat on the mat.", d=4, seed=2, causal=causal)
    assert w.tokens == ["the", "cat", "sat", "on", "the", "mat"]
    np.testing.assert_allclose(w.q, w.x @ w.w_q)
    np.testing.assert_allclose(w.scaled, w.x @ w.w_q @ (w.x @ w.w_k).T / 2.0)
    masked = np.where(np.tril(np.ones((6, 6), bool)), w.scaled, -np.inf) if causal else w.scaled
    np.testing.assert_allclose(w.weights, softmax(masked), atol=1e-12)
    np.testing.assert_allclose(w.weights.sum(1), 1.0)
    np.testing.assert_allclose(w.output, w.weights @ w.v)
    for name, (scores, weights) in w.by_score.items():
        np.testing.assert_allclose(weights.sum(1), 1.0, err_msg=name)
        assert not causal or np.all(np.triu(weights, 1) == 0)
    np.testing.assert_allclose(w.by_score["scaled_dot"][1], w.weights)


def test_same_word_same_embedding_and_positions_tell_them_apart():
    plain = walkthrough("the dog saw the dog", d=4, positions=False)
    np.testing.assert_allclose(plain.x[0], plain.x[3])
    placed = walkthrough("the dog saw the dog", d=4, positions=True)
    assert not np.allclose(placed.x[0], placed.x[3])
    np.testing.assert_allclose(placed.x - plain.x, positional_table(5, 4))


def test_tokenize_rejects_empty_and_long_sentences():
    with pytest.raises(ValueError, match="at least one word"):
        tokenize("?!")
    with pytest.raises(ValueError, match="8 words or fewer"):
        tokenize("a b c d e f g h i")


def _labelled(fig, title):
    layout = fig.layout
    assert title in layout.title.text
    assert layout.height >= 300 and layout.font.size >= 14
    return layout


def test_mechanics_figures_are_titled_and_labelled():
    w = walkthrough("a b a", d=3, causal=True)
    fig = token_matrix_figure(w.masked, w.tokens, "Masked", row_sums=None)
    layout = _labelled(fig, "Masked")
    assert layout.xaxis.title.text and layout.yaxis.title.text
    assert np.isnan(np.array(fig.data[0].z, dtype=float)[0, 2])            # −∞ shows as a blank cell
    weights = token_matrix_figure(w.weights, w.tokens, "α", weights=True, row_sums=w.weights.sum(1))
    assert list(weights.layout.yaxis.ticktext) == ["a (Σ=1.00)", "b (Σ=1.00)", "a (Σ=1.00)"]
    _labelled(vectors_figure(w.q, w.tokens, "Q"), "Q")
    grid = _labelled(score_functions_figure(w.by_score, SCORE_NAMES, w.tokens), "score function")
    assert len(score_functions_figure(w.by_score, SCORE_NAMES, w.tokens).data) == 4 and grid
    _labelled(positional_encoding_figure(positional_table(20, 8)), "positional")


def test_head_figures_shapes_and_labels():
    rng = np.random.default_rng(0)
    maps = rng.dirichlet(np.ones(5), size=(2, 3, 5))                       # (L, H, T, T)
    tokens = list("abcde")
    grid = head_grid(maps, tokens)
    assert len(grid.data) == 6 and "layer × head" in grid.layout.title.text
    lines = lines_view(maps[0], tokens, heads=[0, 2], layer=0)
    assert {t.name for t in lines.data if t.mode == "lines"} == {"head 1", "head 3"}
    history = {"step": np.arange(3.0), "entropy/L1 H1": np.array([1.6, 1.0, 0.2])}
    entropy = entropy_figure(history, ["L1 H1"])
    assert list(entropy["data"][0]["y"]) == [1.6, 1.0, 0.2] and entropy["layout"]["yaxis"]["title"]["text"]
    assert np.array(ablation_figure(np.ones((2, 3))).data[0].z).shape == (2, 3)


def test_seq2seq_figures_and_answer_text():
    fig = alignment_figure(np.full((3, 4), 0.25), list("1234"), list("43"))
    assert list(fig.layout.yaxis.ticktext) == ["1: 4", "2: 3", "3: ■ end"]
    acc = accuracy_by_length_figure(np.array([2, 3]), {"attention": np.array([1.0, 0.9]),
                                                       "plain": np.array([1.0, 0.5])})
    assert [t.name for t in acc.data] == ["with attention (c_t)", "without attention (c = h_T)"]
    assert list(acc.data[1].y) == [100.0, 50.0]
    assert answer_table_text(list("12▶21"), ["", "", "", "2", "1"], ["", "", "", "2", "2"]) == ("1 2 ▶", "2 1", "2 2")
