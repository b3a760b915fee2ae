"""Which live figures the heatmap renderer paints on a canvas: the app's heatmaps and grids of
them, and nothing it would draw wrong (overlaid traces, named scales, shapes other than outlines,
colour bars anchored by an unknown key, … fall back to plotly.js)."""
import numpy as np
import pytest

from dl_engine.ui.live_chart import renderer
from dl_engine.viz import attention_heads, attention_seq2seq, cnn, gradients, recurrent
from dl_engine.viz.canvas_heatmaps import drawn_as_heatmaps
from dl_engine.viz.figure_dicts import figure, grid, heatmap, line, note
from dl_engine.viz.payload import figure_payload
from tests.unit.figure_checks import wired

RNG = np.random.default_rng(0)
TOKENS = ["the", "cat", "sat", "the", "mat"]

HEATMAP_FIGURES = {
    "attention maps, layer × head grid": attention_heads.head_grid(RNG.random((2, 2, 5, 5)), TOKENS),
    "head ablation (numbers in the cells)": attention_heads.ablation_figure(RNG.standard_normal((2, 2))),
    "seq2seq alignment": attention_seq2seq.alignment_figure(RNG.random((4, 3)), ["a", "b", "c"], ["x", "y", "z"]),
    "gradient norm per layer over training": gradients.grad_heatmap(np.arange(6) * 10, ["layer 1", "output"],
                                                                    RNG.random((2, 6))),
    "recurrent gates (customdata in the hover)": recurrent.gate_heatmaps(
        {"i": RNG.random((6, 4)), "f": RNG.random((6, 4))}, ["i", "f"], list("abcdef"), 4, "Gates"),
    "CNN kernels (square cells, gaps, frozen outlines)": cnn.kernel_grid_figure(
        {"conv1": RNG.standard_normal((4, 1, 3, 3)), "conv2": RNG.standard_normal((8, 4, 3, 3))}, {"conv1": [0]}),
    "CNN feature maps": cnn.feature_map_figure({"act1": RNG.random((8, 8, 8))}),
    "saliency beside its image": cnn.saliency_figure(RNG.random((1, 8, 8)), RNG.random((8, 8))),
    "confusion matrix (cells apart)": cnn.confusion_figure(np.eye(3, dtype=int) * 5, ["a", "b", "c"]),
    "a colour bar per panel": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1, colorbar={"x": 0.46}),
                                      heatmap(np.ones((2, 2)), "Blues", 0, 1, xaxis="x2", yaxis="y2")],
                                     "t", 300, **grid(1, 2, 0.1, 0.0)[0]),
}

PLOTLY_FIGURES = {
    "a named colour scale": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1) | {"colorscale": "Blues"}], "t", 300),
    "a colour bar anchored by xanchor": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1, colorbar={"xanchor": "right"})],
                                               "t", 300),
    "two heatmaps on one axis pair": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1, showscale=False),
                                             heatmap(np.ones((2, 2)), "Blues", 0, 1)], "t", 300),
    "points over a heatmap": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1), line([0, 1], [0, 1])], "t", 300),
    "a line shape": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1)], "t", 300,
                           shapes=[{"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 1}]),
    "square cells on another panel's scale": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1)], "t", 300,
                                                    yaxis={"scaleanchor": "x2"}),
    "a reversed x axis": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1)], "t", 300, xaxis={"autorange": "reversed"}),
    "falling x values": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1, x=[3, 1])], "t", 300),
    "a rectangle on the paper": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1)], "t", 300,
                                      shapes=[{"type": "rect", "xref": "paper", "yref": "paper",
                                               "x0": 0, "x1": 1, "y0": 0, "y1": 1}]),
    "text at data values": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1)], "t", 300,
                                  annotations=[note("x") | {"xref": "x", "yref": "y"}]),
    "a hover placeholder it cannot fill": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1,
                                                          hovertemplate="%{text}")], "t", 300),
    "a number format it cannot write": figure([heatmap(np.ones((2, 2)), "Blues", 0, 1,
                                                       texttemplate="%{z:,.0f}")], "t", 300),
    "a contour": figure([{"type": "contour", "z": np.ones((2, 2))}], "t", 300),
}


@pytest.mark.parametrize("name", HEATMAP_FIGURES)
def test_the_apps_heatmaps_are_painted_on_the_canvas(name):
    fig = HEATMAP_FIGURES[name]
    assert drawn_as_heatmaps(wired(fig)), name
    assert drawn_as_heatmaps(figure_payload(wired(fig))), "the payload the browser gets is judged the same"
    assert renderer(figure_payload(wired(fig))) == "heatmap"


@pytest.mark.parametrize("name", PLOTLY_FIGURES)
def test_heatmaps_the_canvas_cannot_draw_exactly_go_to_plotly(name):
    fig = PLOTLY_FIGURES[name]
    assert not drawn_as_heatmaps(wired(fig)), name
    assert renderer(figure_payload(wired(fig))) == "plotly", name


def test_line_charts_stay_with_the_line_renderer():
    lines = attention_heads.lines_view(RNG.random((2, 5, 5)), TOKENS, [0, 1], 0)
    assert renderer(figure_payload(wired(lines))) == "canvas"
    assert not drawn_as_heatmaps(lines)
