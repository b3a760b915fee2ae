"""Convolution-lab figures at a projector's size: numbers only where they fit, a colour bar on every
value grid, whole-number ticks on pixel axes, kernel grids that fit their row."""
import numpy as np
import pytest

from dl_engine.data import images
from dl_engine.models import conv_arith as ca
from dl_engine.models import kernels
from dl_engine.ui.conv_widgets import CELL_PX, grids_per_row
from dl_engine.ui.present import CHART_SCALE
from dl_engine.viz import conv as vc
from dl_engine.viz import fit


def heatmaps(fig):
    return [t for t in fig.data if t.type == "heatmap" and t.hoverinfo != "skip"]


def axes(fig):
    return [ax for name, ax in fig.layout.to_plotly_json().items() if name.startswith(("xaxis", "yaxis"))
            and ax.get("visible", True)]


def whole_ticks(fig) -> bool:
    return all(ax["tickmode"] == "linear" and ax["tick0"] == 0 and float(ax["dtick"]).is_integer()
               and ax["dtick"] >= 1 for ax in axes(fig))


NOTES = images.NOTES_IMAGE[None]
W = 820


def digit(i: int) -> np.ndarray:
    return images.digits().X[i].astype(float)


def step(x, padding=0, scale=1.0):
    s = ca.window_step(x, kernels.preset("vertical edge (notes)"), 0, padding=padding)
    out = np.full((x.shape[1] - 2 + 2 * padding,) * 2, np.nan)
    return vc.step_figure(ca.pad(x, padding), s, out, padding, width=W, scale=scale)


def figures(x, scale=1.0):
    maps = ca.conv2d(x, kernels.preset("vertical edge (notes)")[None, None])
    return [vc.image_figure(x, "in", width=W, scale=scale), step(x, scale=scale),
            vc.feature_maps_figure(maps, ["v"], width=W, scale=scale),
            vc.pool_figure(x[0], x[0, ::2, ::2], "max", 2, 2, width=W, scale=scale),
            vc.flatten_figure(x[0, ::2, ::2].ravel(), (1, 3, 3), width=W, scale=scale)]


def cell_px(fig, trace) -> float:
    """Largest square cell `trace` can get in its panel at width W."""
    layout = fig.layout.to_plotly_json()
    m = layout["margin"]
    x, y = layout["xaxis" + (trace.xaxis or "x")[1:]], layout["yaxis" + (trace.yaxis or "y")[1:]]
    plot_w, plot_h = W - m["l"] - m["r"], layout["height"] - m["t"] - m["b"]
    z = np.atleast_2d(np.asarray(trace.z, dtype=float))
    dx, dy = x.get("domain", [0, 1]), y.get("domain", [0, 1])
    return min((dx[1] - dx[0]) * plot_w / z.shape[1], (dy[1] - dy[0]) * plot_h / z.shape[0])


def test_the_notes_5x5_is_numbered_everywhere_and_every_value_grid_has_a_colour_bar():
    for fig in figures(NOTES):
        assert all(t.texttemplate for t in heatmaps(fig)), fig.layout.title.text
        assert any(t.showscale for t in heatmaps(fig)), fig.layout.title.text
        assert whole_ticks(fig), fig.layout.title.text


def test_a_digit_is_not_numbered_where_its_numbers_would_overlap():
    x = digit(0)                                                 # 8×8 in [0, 1]: '0.312' needs ~48 px
    for fig in (vc.image_figure(x, "in"), step(x)):
        assert not heatmaps(fig)[0].texttemplate, fig.layout.title.text
        assert whole_ticks(fig)
    wide = vc.image_figure(x, "in", height=900, width=900)   # the same grid with room for its numbers
    assert heatmaps(wide)[0].texttemplate


@pytest.mark.parametrize("scale", [1.0, CHART_SCALE])
def test_written_numbers_fit_their_cells_at_the_figures_size(scale):
    written = 0
    for fig in figures(NOTES, scale) + figures(digit(3), scale) + figures(np.linspace(-1, 1, 144).reshape(1, 12, 12)):
        for t in heatmaps(fig):
            if t.texttemplate:
                written += 1
                widest = max(len(s) for s in np.asarray(t.text).ravel())
                assert widest * fit.EM * t.textfont.size < cell_px(fig, t), fig.layout.title.text
    assert written >= 2


def test_present_scale_grows_every_font():
    desk, present = step(NOTES), step(NOTES, scale=CHART_SCALE)
    assert present.layout.font.size == CHART_SCALE * desk.layout.font.size
    assert present.layout.title.font.size == CHART_SCALE * desk.layout.title.font.size
    assert heatmaps(present)[1].textfont.size == CHART_SCALE * heatmaps(desk)[1].textfont.size


def test_index_ticks_are_whole_numbers_that_do_not_crowd():
    assert fit.index_ticks(5, 300, 20)["dtick"] == 1
    assert fit.index_ticks(128, 300, 30)["dtick"] == 20             # ≤ 10 labels of 30 px in 300 px
    assert all(isinstance(fit.index_ticks(n, 200, 25)["dtick"], int) for n in range(1, 200))


def test_titles_wrap_to_their_panel():
    text = fit.wrap("output: cell (0, 0) = -60", 120, 16)
    assert "<br>" in text and all(fit.text_width(line, 16) * fit.PROSE_EM / fit.EM <= 120 + 16
                                  for line in text.split("<br>"))


def test_kernel_grids_fit_whole_in_their_row():
    for size in (3, 5):
        for width in (820, 1120):
            n = grids_per_row(size, width)
            assert n * size * CELL_PX <= width and 1 <= n <= 4
    assert grids_per_row(3, 820) >= 3 and grids_per_row(5, 820) == 2
