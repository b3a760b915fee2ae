"""The mechanics-lab walkthrough against a NumPy recomputation, and every attention figure's labels."""
import numpy as np
import pytest

from dl_engine.models.attention import SCORE_NAMES
from dl_engine.models.attention_steps import positional_table, tokenize, walkthrough
from dl_engine.viz.attention_heads import ablation_figure, answer_table_text, entropy_figure, head_grid, lines_view
from dl_engine.viz.attention_mechanics import (positional_encoding_figure, score_functions_figure,
                                               token_matrix_figure, vectors_figure)
from dl_engine.viz.attention_seq2seq import accuracy_by_length_figure, alignment_figure
from dl_engine.viz.attention_style import curves
from tests.unit.figure_checks import axis_titles, readable


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


def test_mechanics_figures_are_titled_and_labelled():
    w = walkthrough("a b a", d=3, causal=True)
    fig = token_matrix_figure(w.masked, w.tokens, "Masked", row_sums=None)
    layout = readable(fig, "Masked")
    assert axis_titles(layout) == ("key j (attended to)", "query t (attending)")
    assert np.isnan(fig["data"][0]["z"][0, 2])                              # −∞ shows as a blank cell
    assert fig["data"][0]["zmin"] == -fig["data"][0]["zmax"] < 0           # signed: centred on 0
    weights = token_matrix_figure(w.weights, w.tokens, "α", weights=True, row_sums=w.weights.sum(1))
    assert weights["layout"]["yaxis"]["ticktext"] == ["a (Σ=1.00)", "b (Σ=1.00)", "a (Σ=1.00)"]
    assert (weights["data"][0]["zmin"], weights["data"][0]["zmax"]) == (0, 1)
    assert weights["data"][0]["texttemplate"] == "%{z:.2f}"                 # the numbers written in the cells
    readable(vectors_figure(w.q, w.tokens, "Q"), "Q")
    scores = score_functions_figure(w.by_score, SCORE_NAMES, w.tokens)
    layout = readable(scores, "score function")
    assert len(scores["data"]) == 4 and [a["text"] for a in layout["annotations"]] == list(SCORE_NAMES.values())
    assert axis_titles(layout, "xaxis4", "yaxis4") == ("key j", "query t")
    pe = positional_encoding_figure(positional_table(20, 8))
    assert axis_titles(readable(pe, "positional")) == ("encoding dimension i", "position in the sequence")
    assert pe["data"][0]["z"].shape == (20, 8)


def test_head_grid_one_map_per_layer_and_head():
    rng = np.random.default_rng(0)
    maps = rng.dirichlet(np.ones(5), size=(2, 3, 5))                       # (L, H, T, T)
    grid = head_grid(maps, list("abcde")).wire()
    layout = readable(grid, "layer × head")
    assert [t["type"] for t in grid["data"]] == ["heatmap"] * 6
    np.testing.assert_array_equal(grid["data"][5]["z"], maps[1, 2])         # row-major: layer 2, head 3
    assert grid["data"][5]["xaxis"] == "x6" and [t["showscale"] for t in grid["data"]] == [True] + [False] * 5
    assert grid["data"][0]["colorbar"]["title"]["text"] == "α"
    texts = [a["text"] for a in layout["annotations"]]
    assert texts[:5] == ["head 1", "head 2", "head 3", "layer 1", "layer 2"] and "query token" in texts[-1]
    assert layout["yaxis4"]["autorange"] == "reversed" and layout["xaxis4"]["ticktext"] == list("abcde")


def test_lines_view_draws_each_chosen_head_once_in_the_legend():
    rng = np.random.default_rng(0)
    weights = rng.dirichlet(np.ones(5), size=(3, 5))                      # (H, T, T)
    lines = lines_view(weights, list("abcde"), heads=[0, 2], layer=0)
    readable(lines, "layer 1")
    drawn = [m for m in lines.marks if m.lines]
    assert {m.name for m in drawn} == {"head 1", "head 3"}
    assert sorted(m.name for m in drawn if m.legend) == ["head 1", "head 3"]
    segments = sum(np.isnan(m.x).sum() for m in drawn if m.name == "head 1")
    assert segments == np.sum(weights[0] >= 0.1)                          # one segment per α ≥ 0.1
    tokens = [list(m.labels) for m in lines.marks if not m.lines]
    assert tokens == [list("abcde")] * 2                                  # the queries left, the keys right
    assert lines.y.reversed and lines.legend.below


def test_a_focused_head_is_still_named_in_the_lines_legend():
    # after training a head's weights are near 0 or 1: none in the lowest α bucket
    weights = np.stack([np.eye(4), np.full((4, 4), 0.25)])              # head 1 one-hot, head 2 uniform
    lines = lines_view(weights, list("abcd"), heads=[0, 1], layer=0)
    assert sorted(m.name for m in lines.marks if m.lines and m.legend) == ["head 1", "head 2"]


def test_entropy_and_ablation():
    history = {"step": np.arange(3.0), "entropy/L1 H1": np.array([1.6, 1.0, 0.2])}
    entropy = entropy_figure(history, ["L1 H1"])
    layout = readable(entropy, "entropy")
    assert list(entropy.marks[0].y) == [1.6, 1.0, 0.2]
    assert axis_titles(layout) == ("training step", "entropy H (nats)")
    assert entropy.wire()["data"][0]["mode"] == "lines+markers"           # three points: markers show them
    assert entropy.legend.below                                             # legend under the axis title
    ablation = ablation_figure(np.arange(6.0).reshape(2, 3) - 2).wire()
    layout = readable(ablation, "ablation")
    assert ablation["data"][0]["z"].shape == (2, 3) and axis_titles(layout) == ("head", "layer")
    assert ablation["data"][0]["colorbar"]["title"]["text"] == "Δ loss" and ablation["data"][0]["zmax"] == 3
    assert ablation["data"][0]["zmin"] == -3                                # signed: centred on 0
    assert "texttemplate" in ablation["data"][0]                            # numbers in the cells…
    assert ablation_figure(np.zeros((4, 8))).panels[0].cell_text is None   # …unless 8 heads would cram them
    labels = [f"L{l} H{h}" for l in range(1, 5) for h in range(1, 9)]
    heights = [entropy_figure({}, some).height for some in (labels[:8], labels)]
    assert heights[1] > heights[0]                                          # 32 legend entries: a taller chart


def test_head_grid_drops_key_labels_that_would_overlap():
    tokens = list("0123456789▶9876543")
    wide = head_grid(np.full((2, 8, 18, 18), 1 / 18), tokens).panels
    assert not any(panel.x_axis.labels for panel in wide)
    assert wide[0].y_axis.labels and wide[0].y_axis.tick_labels == tokens  # the query labels stay
    few = head_grid(np.full((2, 2, 6, 6), 1 / 6), tokens[:6]).panels
    assert few[0].x_axis.labels and few[3].x_axis.labels


def test_seq2seq_figures_and_answer_text():
    fig = alignment_figure(np.full((3, 4), 0.25), list("1234"), list("43")).wire()
    layout = readable(fig, "Alignment")
    assert layout["yaxis"]["ticktext"] == ["1: 4", "2: 3", "3: ■ end"] and layout["xaxis"]["ticktext"] == list("1234")
    assert fig["data"][0]["colorbar"]["title"]["text"] == "α"
    long = alignment_figure(np.full((3, 12), 1 / 12), list("123456789012"), list("21"))
    assert long.panels[0].cell_text is None                               # too many cells to print numbers in
    # a live chart keeps its height while the model's answer grows towards the most steps it can take
    early, late = (alignment_figure(np.full((n, 4), 0.25), list("1234"), list("4321")[:n - 1], max_steps=12)
                   for n in (2, 5))
    assert early.height == late.height > fig["layout"]["height"]
    acc = accuracy_by_length_figure(np.array([2, 3]), {"attention": np.array([1.0, 0.9]),
                                                       "plain": np.array([1.0, 0.5])})
    assert axis_titles(readable(acc, "input length")) == ("input length (tokens)", "tokens right (%)")
    assert [m.name for m in acc.marks] == ["with attention (c_t)", "without attention (c = h_T)"]
    assert list(acc.marks[1].y) == [100.0, 50.0] and acc.y.range == [0, 102]
    asked = answer_table_text(list("12▶21"), ["", "", "", "2", "1"], ["", "", "", "2", "2"])
    assert asked == ("1 2 ▶", "2 1", "2 2")


def test_training_curves_skip_gaps_and_mark_points_until_there_is_a_line():
    steps = np.arange(0, 200, 4.0)                                        # 50 points: lines only
    loss = np.where(steps < 8, np.nan, 1 / (1 + steps))                   # no held-out loss before step 8
    fig = curves(steps, {"training batches": 2 / (1 + steps), "held-out": loss}, "Loss", "cross-entropy", log_y=True)
    layout = readable(fig, "Loss")
    assert axis_titles(layout) == ("training step", "cross-entropy") and layout["yaxis"]["type"] == "log"
    assert [len(m.x) for m in fig.marks] == [50, 48] and not np.isnan(fig.marks[1].y).any()
    assert fig.marks[0].colour != fig.marks[1].colour and all(m.markers is None for m in fig.marks)
    assert fig.legend.below
    short = curves(steps[:3], {"tokens right": [10.0, 40.0, 90.0]}, "Held-out accuracy", "%", y_range=(0, 102))
    assert short.marks[0].markers is not None and short.wire()["layout"]["yaxis"]["range"] == [0, 102]
