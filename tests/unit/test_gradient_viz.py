"""Gradient-lab figures: titled, labelled, log axes where promised; zeros and NaNs handled."""
import numpy as np

from dl_engine.ui.live_chart import chart_message
from dl_engine.viz.figure_dicts import LEGEND_BELOW, LEGEND_BELOW_MARGIN
from dl_engine.viz.gradients import (BADGE_COLOURS, activation_violins, grad_heatmap, grad_norm_profile,
                                     loss_curve, update_ratio_profile)
from dl_engine.viz.gradients_rnn import recurrent_figure
from dl_engine.viz.gradients_sweep import sweep_heatmap
from tests.unit.figure_checks import readable, wired

LAYERS = ["layer 1", "layer 2", "output"]


def _labelled(fig) -> None:
    layout = readable(fig)
    assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]


def test_profile_colours_by_badge_and_marks_exact_zero():
    fig = grad_norm_profile(LAYERS, np.array([0.0, 1e-30, 0.5]), ["vanishing", "vanishing", "healthy"])
    _labelled(fig)
    (bar,) = fig.marks
    assert fig.y.log
    assert bar.colours == [BADGE_COLOURS["vanishing"]] * 2 + [BADGE_COLOURS["healthy"]]
    assert bar.y[0] > 0 and bar.y[0] < 1e-30 and bar.labels == ["0", "", ""]
    assert bar.extra == ["vanishing", "vanishing", "healthy"]   # the badge in the hover


def test_heatmap_is_log10_with_gaps_for_missing_values():
    norms = np.array([[1e-3, np.nan], [10.0, 0.0], [1.0, np.inf]])
    fig = grad_heatmap(np.array([0, 5]), LAYERS, norms)
    _labelled(fig)
    (panel,) = fig.panels
    z = np.array(panel.z, dtype=float)
    assert list(panel.y) == LAYERS and list(panel.x) == [0, 5]
    assert z[0, 0] == -3 and z[1, 0] == 1 and np.isnan(z[0, 1]) and np.isnan(z[1, 1]) and np.isnan(z[2, 1])


def test_other_figures_are_labelled():
    _labelled(activation_violins(LAYERS[:2], np.random.default_rng(0).normal(size=(2, 50))))
    ratios = update_ratio_profile(LAYERS, np.array([np.nan] * 3))
    _labelled(ratios)
    assert any("No update yet" in n.text for n in ratios.notes)
    assert [line.y for line in ratios.lines] == [1e-3] and ratios.y.log
    rule = ratios.notes[0]   # on the 10⁻³ line (log10 units on a log axis) at the plot's right edge
    assert (rule.y, rule.x, rule.x_on_paper, rule.x_anchor) == (-3, 1, True, "right")
    loss = loss_curve({"step": np.array([0.0, 1, 2]), "loss": np.array([np.nan, 0.7, np.inf]),
                       "test_loss": np.array([0.7, 0.69, 0.68])})
    _labelled(loss)
    assert [m.name for m in loss.marks] == ["training loss", "test loss"] and np.isnan(loss.marks[0].y[2])
    assert all(m.connect_gaps and m.markers for m in loss.marks)   # few points: markers, joined across gaps
    assert wired(loss)["layout"]["legend"] == LEGEND_BELOW      # pinned to the bottom edge, under the x title


def _legend_under_the_x_title(fig: dict) -> None:
    """Pinned to the figure's bottom edge, with a margin that holds the axis title above it."""
    layout = fig["layout"]
    assert layout["legend"] == {**LEGEND_BELOW, "font": {"size": 14}} and layout["margin"]["b"] == LEGEND_BELOW_MARGIN


def test_sweep_heatmap_panels_text_and_zero_cells():
    first = np.array([[[1e-30, 0.0], [2.0, 3e5]]])  # one activation, 2 inits, 2 depths
    fig = sweep_heatmap(("relu",), ("zeros", "he"), (5, 10), first)
    assert fig.layout.title.text and fig.layout.coloraxis.cmin == -12
    cell = fig.data[0]
    assert [list(row) for row in cell.text] == [["-30", "∅"], ["0", "5"]]
    assert np.isnan(np.array(cell.z, dtype=float)[0, 1])  # exact zero: no colour, marked ∅


def test_recurrent_figure_has_one_line_per_curve_on_a_log_axis():
    fig = recurrent_figure([1, 2, 3], {"a": np.array([0.1, 0.5, 1.0]), "b": np.array([9.0, 3.0, 1.0])})
    _labelled(fig)
    assert fig["layout"]["yaxis"]["type"] == "log" and [t["name"] for t in fig["data"]] == ["a", "b"]
    _legend_under_the_x_title(fig)


def test_violin_outline_is_the_samples_density_between_their_extremes():
    from dl_engine.viz.gradients import VIOLIN_HALF_WIDTH, violin_outline
    values = np.random.default_rng(1).normal(size=4000)
    x, y = violin_outline(values, centre=2.0)
    assert y.min() == values.min() and y.max() == values.max(), 'spanmode "hard": no tails beyond the data'
    assert x[0] == x[-1] and y[0] == y[-1], "a closed outline"
    widest = y[np.argmax(x)]
    assert abs(widest) < 0.3, "a normal sample is widest at its mean"
    right, left = x[:len(x) // 2], x[len(x) // 2:-1][::-1]
    assert np.isclose(x.max() - 2.0, VIOLIN_HALF_WIDTH) and np.allclose(right - 2.0, 2.0 - left), "mirrored"
    x, y = violin_outline(np.zeros(50), centre=0.0)   # all equal (zero init): a finite, flat outline
    assert np.isfinite(x).all() and np.isfinite(y).all()


def test_violins_hover_with_quartiles_and_are_drawn_on_the_canvas():
    acts = np.stack([np.linspace(-1, 1, 101), np.full(101, np.nan)])
    fig = activation_violins(LAYERS[:2], acts)
    outline, median = fig.marks
    assert (outline.fill, median.fill) == ("rgba(31,119,180,0.45)", None), "a layer with no finite value has no violin"
    assert not outline.hoverable and (list(median.x), list(median.y)) == ([0], [0])
    assert median.hover_text == ["layer 1: median 0, quartiles -0.5 … 0.5"] and median.labels is None
    assert fig.x.tick_labels == ["1", "2"]
    assert chart_message(fig, "violins")["renderer"] == "canvas"
