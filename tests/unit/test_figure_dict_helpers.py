"""The figure_dicts helpers for heatmaps, annotations and shapes write what plotly itself writes."""
import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from dl_engine.viz.figure_dicts import (LEGEND_BELOW, arrow, colorscale, column, grid, heatmap, image_axes, rect,
                                        text_at)


def test_heatmap_uses_plotly_py_colour_scales_as_explicit_stops():
    z = np.arange(6.0).reshape(2, 3)
    trace = heatmap(z, "Blues", 0, 1, showscale=False, xaxis="x2")
    mine = go.Figure(go.Heatmap(trace)).data[0]
    theirs = go.Heatmap(z=z, colorscale="Blues", zmin=0, zmax=1)
    assert [tuple(s) for s in mine.colorscale] == [tuple(s) for s in theirs.colorscale]
    assert mine.colorscale[0][1] == "rgb(247,251,255)"  # light at zmin (plotly.js's own "Blues" is dark there)
    assert trace["z"] is z and trace["xaxis"] == "x2" and trace["showscale"] is False
    assert colorscale("RdBu_r")[-1][1] == colorscale("RdBu")[0][1]


def test_arrow_text_and_rect_live_in_data_coordinates():
    fig = go.Figure(layout={"annotations": [arrow(1, 2, 0, 0, "#2ca02c", 3, 3, text="w"), text_at(4, 5, "x", 18)],
                            "shapes": [rect(0, 1, 2, 3, "#cfe2f3")]})
    head, label = fig.layout.annotations
    assert (head.x, head.y, head.ax, head.ay) == (1, 2, 0, 0) and head.axref == "x" and head.ayref == "y"
    assert head.showarrow and head.arrowhead == 3 and head.arrowwidth == 3 and head.text == "w"
    assert not label.showarrow and (label.xref, label.yref) == ("x", "y") and label.font.size == 18
    assert label.font.color is None  # no colour given: the theme's text colour
    box = fig.layout.shapes[0]
    assert (box.type, box.x0, box.x1, box.y0, box.y1, box.xref) == ("rect", 0, 1, 2, 3, "x")


def test_legend_below_is_pinned_to_the_figure_bottom():
    legend = go.Figure(layout={"legend": LEGEND_BELOW}).layout.legend
    assert legend.orientation == "h" and legend.yref == "container" and legend.yanchor == "bottom"


def test_grid_domains_stay_inside_the_figure():
    for rows, spacing in ((3, 0.14492753623188406), (7, 0.05), (2, 0.3)):
        axes, _, _ = grid(rows, 2, 0.12, spacing)
        assert all(0.0 <= d <= 1.0 for spec in axes.values() for d in spec["domain"])
        go.Figure(layout=axes)  # plotly rejects a domain outside [0, 1]


def test_column_lays_out_rows_like_make_subplots_row_heights():
    weights = [0.4, 0.1, 0.25]
    ref = make_subplots(3, 1, row_heights=weights, vertical_spacing=0.1, subplot_titles=["a", "b", "c"]).layout
    axes, notes, ids = column(weights, 0.1, titles=["a", "b", "c"])
    assert ids == [("x", "y"), ("x2", "y2"), ("x3", "y3")]
    for name, spec in axes.items():
        assert spec["domain"] == pytest.approx(list(ref[name].domain)) and spec["anchor"] == ref[name].anchor
    for mine, theirs in zip(notes, ref.annotations):
        assert mine["text"] == theirs.text and (mine["x"], mine["y"]) == pytest.approx((theirs.x, theirs.y))


def test_image_axes_put_row_0_on_top_with_square_cells():
    x, y = image_axes("x3", "column", "row", showticklabels=False)
    fig = go.Figure(layout={"xaxis3": x, "yaxis3": y})
    assert fig.layout.yaxis3.autorange == "reversed" and fig.layout.yaxis3.scaleanchor == "x3"
    assert fig.layout.xaxis3.title.text == "column" and fig.layout.yaxis3.title.text == "row"
    assert not fig.layout.xaxis3.showgrid and fig.layout.yaxis3.showticklabels is False
