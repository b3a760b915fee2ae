"""Mechanics-lab figures at a projector's size: numbers only where they fit, Q/K/V side by side only
when theirs fit so, a colour bar on every heatmap, whole-number ticks on the position axes."""
import numpy as np

from dl_engine.models.attention import SCORE_NAMES
from dl_engine.models.attention_steps import positional_table, walkthrough
from dl_engine.ui.present import CHART_SCALE
from dl_engine.viz import fit
from dl_engine.viz.attention_mechanics import (positional_encoding_figure, qkv_figure, score_functions_figure,
                                               token_matrix_figure, vectors_figure)
from tests.unit.figure_checks import readable

SENTENCE = "the cat sat on the mat and slept"        # 8 tokens: the longest the lab takes


def numbered(fig) -> bool:
    return all("texttemplate" in t for t in fig["data"])


def test_qkv_side_by_side_while_their_numbers_fit_else_stacked():
    small, wide = walkthrough(SENTENCE, d=3), walkthrough(SENTENCE, d=8)
    side = qkv_figure(small.q, small.k, small.v, small.tokens)
    assert readable(side)["xaxis2"]["domain"][0] > 0.3 and numbered(side)      # three panels in a row
    stacked = qkv_figure(wide.q, wide.k, wide.v, wide.tokens)                 # 3 × 8 numbers do not fit a row
    layout = readable(stacked)
    assert layout["yaxis2"]["domain"][1] < layout["yaxis"]["domain"][0] and numbered(stacked)
    assert [t.get("showscale", True) for t in stacked["data"]] == [True, False, False]   # one shared scale
    assert len({(t["zmin"], t["zmax"]) for t in stacked["data"]}) == 1


def test_numbers_are_left_out_where_they_would_overlap():
    w = walkthrough(SENTENCE, d=8)
    assert numbered(vectors_figure(w.x, w.tokens, "X"))
    assert not numbered(vectors_figure(w.x, w.tokens, "X", width=300))           # 8 columns in ~130 px
    assert numbered(token_matrix_figure(w.weights, w.tokens, "α", weights=True, row_sums=w.weights.sum(1)))
    assert not numbered(score_functions_figure(w.by_score, SCORE_NAMES, w.tokens, width=400))


def test_every_heatmap_has_a_colour_bar_and_present_mode_scales_the_text():
    w = walkthrough("the cat sat", d=4)
    figs = [vectors_figure(w.x, w.tokens, "X"), qkv_figure(w.q, w.k, w.v, w.tokens),
            token_matrix_figure(w.scores, w.tokens, "e"), score_functions_figure(w.by_score, SCORE_NAMES, w.tokens),
            positional_encoding_figure(positional_table(50, 64))]
    for fig in figs:
        assert any(t.get("showscale", True) for t in fig["data"]), fig["layout"]["title"]["text"]
    big = vectors_figure(w.x, w.tokens, "X", width=fit.PRESENT_COLUMN, scale=CHART_SCALE)
    assert big["layout"]["font"]["size"] >= CHART_SCALE * figs[0]["layout"]["font"]["size"] - 1
    assert big["data"][0]["textfont"]["size"] == CHART_SCALE * figs[0]["data"][0]["textfont"]["size"]


def test_positional_encoding_axes_tick_whole_positions_only():
    for n, d in ((10, 16), (100, 128), (37, 64)):
        layout = positional_encoding_figure(positional_table(n, d))["layout"]
        for ax in (layout["xaxis"], layout["yaxis"]):
            assert ax["tickmode"] == "linear" and ax["tick0"] == 0 and float(ax["dtick"]).is_integer()
        assert n / layout["yaxis"]["dtick"] <= 12      # 18 px labels in ~280 px: a dozen at most


def test_written_numbers_fit_their_cells():
    for sentence in ("a b", SENTENCE):
        for d in (2, 5, 8):
            w = walkthrough(sentence, d=d)
            for fig in (vectors_figure(w.x, w.tokens, "X"), token_matrix_figure(w.scores, w.tokens, "e")):
                if numbered(fig):
                    m = fig["layout"]["margin"]
                    cell = (fit.DESK_COLUMN - m["l"] - m["r"]) / np.shape(fig["data"][0]["z"])[1]
                    widest = max(len(f"{v:.2f}") for v in np.ravel(fig["data"][0]["z"]) if np.isfinite(v))
                    assert widest * fit.EM * fig["data"][0]["textfont"]["size"] < cell
