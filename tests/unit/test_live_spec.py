"""The live-figure spec: what a renderer cannot draw is refused when the spec is built, and the
wire means what plotly means by each key (plotly's validator accepts it) and what the canvases read."""
import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings, strategies as st

from dl_engine.viz.spec import (RENDERERS, Arrow, Axis, Bars, Chart, ColourBar, ColourScale, GridAxis, Heatmap,
                                HeatmapGrid, HLine, Image, Legend, Line, Markers, Note, PaperText, Rect)
from dl_engine.viz.spec.picture import PIXELS_KEY

XY = dict(x=[0, 1, 2], y=[1.0, 0.5, 0.2])


def validated(fig: dict) -> go.Figure:
    """plotly's validator on a wire (pictures' codes are ours: only the canvas reads them)."""
    layout = dict(fig["layout"])
    if "images" in layout:
        layout["images"] = [{k: v for k, v in i.items() if k != PIXELS_KEY} for i in layout["images"]]
    return go.Figure({"data": fig["data"], "layout": layout})


@pytest.mark.parametrize("build, message", [
    (lambda: Line(**XY, zeroline=True), "zeroline"),                          # a key no canvas reads
    (lambda: Line(**XY, dash="dot-dash"), "dash"),
    (lambda: Markers(symbol="star"), "symbol"),
    (lambda: Markers(outline_dash="zigzag"), "dash"),
    (lambda: Line(**XY, colour="red"), "colour"),                             # names are not parsed
    (lambda: Line(**XY, hover="%{customdata}"), "customdata"),
    (lambda: Line(**XY, hover="%{y:,.2f}"), "y"),                             # a format the canvas lacks
    (lambda: Line(**XY, labels=["a"] * 3, hover_text=["b"] * 3), "labels or hover_text"),
    (lambda: Line(**XY, label_position="top centre"), "label position"),
    (lambda: Note(text="<i>slanted</i>"), "<b>"),
    (lambda: Note(text="x", x_anchor="middle"), "anchors"),
    (lambda: Chart(title="t", height=300, marks=[Bars(**XY), Bars(**XY)]), "one set of bars"),
    (lambda: Chart(title="t", height=300, x=Axis(log=True)), "x is linear"),
    (lambda: Chart(title="t", height=300, marks=[
        Line(**XY, markers=Markers(scale=ColourScale(values=[1, 2, 3], stops="Viridis", bar=ColourBar())))] * 2),
     "one colour bar"),
    (lambda: Axis(tick_values=[1, 2]), "together"),
    (lambda: ColourScale(values=[1], stops=[(0, "#000")]), "two or more"),
    (lambda: ColourScale(values=[1], stops="NoSuchScale"), "not a built-in"),
    (lambda: Heatmap(z=np.eye(2), stops="Viridis", x_axis=GridAxis(reversed=True)), "y axis'"),
    (lambda: Heatmap(z=np.eye(2), stops="Viridis", x=[1, 0]), "rising"),
    (lambda: GridAxis(domain=(0.5, 1.2)), "domain"),
    (lambda: HeatmapGrid(title="t", height=300, panels=[Heatmap(z=np.eye(2), stops="Viridis")],
                         rects=[Rect(x0=0, x1=1, y0=0, y1=1, panel=1)]), "panel 1"),
    (lambda: HeatmapGrid(title="t", height=300, panels=[], margin={"left": 3}), "margin"),
    (lambda: PaperText(text="t", x=0, y=0, angle=45), "angle"),
    (lambda: Image(pixels={"codes": 1}, x0=0, x1=1, y0=0, y1=1), "lack"),
])
def test_what_no_renderer_draws_is_refused_when_built(build, message):
    with pytest.raises((TypeError, ValueError), match=message):
        build()


def test_a_line_says_which_parts_it_draws():
    assert Line(**XY).wire()["mode"] == "lines"
    assert Line(**XY, lines=False, markers=Markers()).wire()["mode"] == "markers"
    assert Line(**XY, markers=Markers(), labels=list("abc")).wire()["mode"] == "lines+markers+text"
    filled = Line(**XY, lines=False, fill="rgba(0,0,0,0.1)").wire()
    assert filled["mode"] == "none" and (filled["fill"], filled["fillcolor"]) == ("toself", "rgba(0,0,0,0.1)")
    quiet = Line(**XY, hoverable=False, legend=False, step=True).wire()
    assert quiet["hoverinfo"] == "skip" and quiet["showlegend"] is False and quiet["line"]["shape"] == "hv"
    hovered = Line(**XY, lines=False, markers=Markers(), hover_text=list("abc")).wire()
    assert hovered["text"] == list("abc") and "text" not in hovered["mode"], "hover text is not drawn"


def test_a_heatmap_without_a_bar_says_so():
    # heatmap_chart.js draws a colour bar unless showscale is false (plotly's default too)
    assert Heatmap(z=np.eye(2), stops="Viridis").wire(0)["showscale"] is False
    assert Heatmap(z=np.eye(2), stops="Viridis", bar=ColourBar(title="w")).wire(0)["showscale"] is True


def test_panels_get_their_own_axes_in_order():
    panels = [Heatmap(z=np.eye(2), stops="Viridis", x_axis=GridAxis(domain=(0, 0.4)),
                      y_axis=GridAxis(reversed=True, square=True)),
              Heatmap(z=np.eye(3), stops="Blues", x_axis=GridAxis(domain=(0.6, 1)))]
    fig = HeatmapGrid(title="two", height=300, panels=panels, rects=[Rect(x0=0, x1=1, y0=0, y1=1, panel=1)]).wire()
    layout = fig["layout"]
    assert "xaxis" not in fig["data"][0] and (fig["data"][1]["xaxis"], fig["data"][1]["yaxis"]) == ("x2", "y2")
    assert layout["xaxis2"]["domain"] == [0.6, 1.0] and layout["yaxis2"]["anchor"] == "x2"
    assert layout["yaxis"]["scaleanchor"] == "x" and layout["yaxis"]["autorange"] == "reversed"
    assert (layout["shapes"][0]["xref"], layout["shapes"][0]["yref"]) == ("x2", "y2")
    validated(fig)


def test_a_legend_below_is_one_the_canvas_puts_below():
    # canvas_base.js legendBelow: a container-placed legend in the lower half of the figure
    below, above = Legend(below=True).wire(), Legend().wire()
    assert below["yref"] == above["yref"] == "container" and below["y"] < 0.5 < above["y"]


def test_index_axes_tick_at_whole_numbers():
    assert Axis.index("epoch", np.arange(61)).step == 10
    assert Axis.index("step", []).step == 1


def test_every_spec_has_a_renderer():
    assert set(RENDERERS) == {Chart, HeatmapGrid} and set(RENDERERS.values()) == {"canvas", "heatmap"}


colours = st.sampled_from(["#1f77b4", "#d62728", "rgba(0,0,0,0.2)", "rgb(10, 20, 30)", None])
numbers = st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=8)
lines = st.builds(Line, x=numbers, y=numbers, name=st.none() | st.text(min_size=1, max_size=8), colour=colours,
                  width=st.floats(0.5, 6), dash=st.sampled_from([None, "dash", "dot", "longdash"]), step=st.booleans(),
                  markers=st.none() | st.builds(Markers, size=st.floats(0, 20), colour=colours,
                                                symbol=st.sampled_from(["circle", "diamond", "square"]),
                                                outline=colours, outline_width=st.none() | st.floats(0.5, 3),
                                                outline_dash=st.sampled_from([None, "dot"])),
                  fill=colours, opacity=st.none() | st.floats(0, 1), connect_gaps=st.booleans(),
                  hoverable=st.booleans(), legend=st.booleans())
bars = st.builds(Bars, x=numbers, y=numbers, colour=colours, legend=st.booleans())
axes = st.builds(Axis, title=st.none() | st.just("epoch"), range=st.none() | st.just([0, 1]), to_zero=st.booleans(),
                 reversed=st.booleans(), step=st.none() | st.sampled_from([1, 5]), visible=st.booleans())
notes = st.builds(Note, text=st.sampled_from(["plain", "<b>bold</b><br>x<sub>1</sub>"]), on_paper=st.booleans(),
                  x_on_paper=st.booleans(), background=colours, shift=st.floats(0, 30),
                  x_anchor=st.sampled_from([None, "left", "right"]), y_anchor=st.sampled_from([None, "top", "bottom"]))


@settings(max_examples=60, deadline=None)
@given(marks=st.lists(lines, max_size=3), bar=st.lists(bars, max_size=1), x=axes, y=axes,
       notes=st.lists(notes | st.builds(Arrow, x0=st.floats(-5, 5), y0=st.floats(-5, 5), x1=st.floats(-5, 5),
                                        y1=st.floats(-5, 5)), max_size=3),
       hlines=st.lists(st.builds(HLine, y=st.floats(-5, 5)), max_size=2), legend=st.builds(Legend, below=st.booleans()))
def test_any_chart_wire_is_valid_plotly(marks, bar, x, y, notes, hlines, legend):
    fig = Chart(title="A chart", height=300, marks=[*bar, *marks], x=x, y=y, notes=notes, lines=hlines,
                legend=legend).wire()
    validated(fig)
    assert len(fig["data"]) == len(marks) + len(bar)
