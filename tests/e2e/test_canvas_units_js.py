"""Unit tests of the canvas renderers' pure functions (canvas_ticks.js, canvas_base.js,
canvas_chart.js, heatmap_chart.js), run in a blank Chromium page: 1-2-5 steps, log ticks,
data <-> pixel mapping, equal-scale areas, colour bars, colour tables and indices, legends,
heatmap cell edges, subplot domains and log axis units. Expected values follow from the
functions' definitions and plotly's conventions; properties are checked with hypothesis, each
example a batch of cases sent to the page in one evaluate call."""
from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

LIVE_CHART = Path(__file__).resolve().parents[2] / "dl_engine" / "ui" / "live_chart"
pytestmark = pytest.mark.browser
PROPERTY = settings(max_examples=8, deadline=None, database=None)
SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def renderer_scripts() -> list[str]:
    """live_chart's _SCRIPTS (read from its source, not imported: that would declare the
    Streamlit component), up to the heatmap renderer; live_channel.js and live_chart.js mount things."""
    tree = ast.parse((LIVE_CHART / "__init__.py").read_text())
    names = next(ast.literal_eval(node.value) for node in ast.walk(tree)
                 if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "_SCRIPTS" for t in node.targets))
    return list(names[:names.index("heatmap_chart.js") + 1])


@pytest.fixture(scope="module")
def js(browser_context):
    """js(expression[, arg]): page.evaluate in a blank page holding the renderers' scripts."""
    page = browser_context.new_page()
    page.add_script_tag(content="".join((LIVE_CHART / name).read_text() for name in renderer_scripts()))
    yield lambda expression, arg=None: page.evaluate(expression, arg)
    page.close()


def test_scripts_in_the_components_order():
    names = renderer_scripts()
    assert names[:2] == ["canvas_ticks.js", "canvas_text.js"]
    assert names.index("svg_context.js") < names.index("canvas_base.js") < names.index("canvas_chart.js")


# ---------------------------------------------------------------------------- canvas_ticks.js

@pytest.mark.parametrize("span, count, step", [
    (10, 10, 1),        # raw 1: m = 1
    (10, 5, 2),         # raw 2
    (1, 4, 0.2),        # raw 0.25: m = 2.5 -> 2
    (100, 3, 20),       # raw 33.3: m = 3.33 -> 2
    (7, 1, 5),          # m = 7 -> 5
    (8, 1, 10),         # m = 8 -> 10
    (1.4, 1, 1),        # m = 1.4 -> 1
    (1.6, 1, 2),        # m = 1.6 -> 2
    (4, 1, 5),          # m = 4 -> 5
    (3000, 0, 2000),    # count 0 counts as 1: m = 3 -> 2
    (0.003, 3, 0.001),
])
def test_nice_step(js, span, count, step):
    assert js(f"niceStep({span}, {count})") == pytest.approx(step, rel=1e-12)


def mantissa(v: float) -> float:
    return v / 10 ** math.floor(math.log10(v))


@PROPERTY
@given(st.lists(st.tuples(st.floats(1e-6, 1e9), st.integers(0, 40)), min_size=1, max_size=60))
def test_nice_step_is_a_1_2_5_step_near_span_over_count(js, cases):
    steps = js("(cases) => cases.map(([span, count]) => niceStep(span, count))", cases)
    for (span, count), step in zip(cases, steps):
        raw = span / max(1, count)
        # m < 1.5 -> 1, < 3.5 -> 2, < 7.5 -> 5, else 10: the step is within 4/7 … 10/7 of raw
        assert 4 / 7 * (1 - 1e-9) <= step / raw <= 10 / 7 * (1 + 1e-9), (span, count, step)
        assert min(abs(mantissa(step) - m) for m in (1, 2, 5, 10)) < 1e-9, (span, count, step)


@pytest.mark.parametrize("k, expected", [(-3, 1), (0, 1), (0.5, 1), (1, 1), (1.01, 2), (2, 2), (3, 5), (5, 5),
                                         (6, 10), (10, 10), (11, 20), (21, 50), (50, 50), (51, 100), (999, 1000)])
def test_nice_multiple(js, k, expected):
    assert js(f"niceMultiple({k})") == expected


@PROPERTY
@given(st.lists(st.floats(0, 1e7), min_size=1, max_size=60))
def test_nice_multiple_is_the_smallest_1_2_5_multiple_not_under_k(js, ks):
    results = js("(ks) => ks.map((k) => niceMultiple(k))", ks)
    sequence = [m * 10 ** e for e in range(9) for m in (1, 2, 5)]
    for k, r in zip(ks, results):
        assert r == next(v for v in sequence if v >= k), (k, r)


@pytest.mark.parametrize("k, text", [(0, "1"), (1, "10"), (2, "10²"), (3, "10³"), (-1, "10⁻¹"), (-3, "10⁻³"),
                                     (12, "10¹²"), (-10, "10⁻¹⁰")])
def test_power(js, k, text):
    assert js(f"power({k})") == text


def tick_value(label: str) -> float:
    """The number a log tick's label reads: 10⁻³, 1.5, 20k, 3e-7."""
    if label.startswith("10") and label.translate(SUPERSCRIPTS) != label:
        return 10.0 ** int(label[2:].translate(SUPERSCRIPTS))
    if label.endswith("k"):
        return float(label[:-1]) * 1000
    return float(label.replace("\u2212", "-"))


def log_ticks(js, lo, hi, count):
    return js("([range, count]) => logTicks(range, count)", [[lo, hi], count])


@pytest.mark.parametrize("range_, count, labels", [
    ([0, 3], 10, ["1", "10", "10²", "10³"]),
    ([3, 0], 10, ["1", "10", "10²", "10³"]),                   # reversed axis: the same ticks
    ([0, 6], 3, ["1", "10³", "10⁶"]),                          # 7 decades, every 3rd
    ([-3, 0], 2, ["10⁻²", "1"]),                               # every 2nd of −3…0: the even ones
    ([math.log10(0.9), math.log10(2.5)], 8, ["1.0", "1.5", "2.0", "2.5"]),   # under a decade: 0.5 steps
    ([math.log10(2), math.log10(50)], 20, ["2", "3", "4", "5", "6", "7", "8", "9", "10", "20", "30", "40", "50"]),
    ([math.log10(2), math.log10(50)], 5, ["2", "5", "10", "20", "50"]),     # 13 > 5: 1, 2, 5 only
])
def test_log_ticks(js, range_, count, labels):
    ticks = log_ticks(js, *range_, count)
    assert [t["label"] for t in ticks] == labels
    assert [t["at"] for t in ticks] == pytest.approx([math.log10(tick_value(t["label"])) for t in ticks], abs=1e-9)


@PROPERTY
@given(st.lists(st.tuples(st.floats(-6, 8), st.floats(0.05, 12), st.booleans(), st.integers(4, 12)),
                min_size=1, max_size=40))
def test_log_ticks_lie_in_range_rising_and_read_their_value(js, cases):
    ranges = [[lo + span, lo] if flip else [lo, lo + span] for lo, span, flip, _ in cases]
    results = js("(cases) => cases.map(([range, count]) => logTicks(range, count))",
                 [[r, c[3]] for r, c in zip(ranges, cases)])
    for (lo, span, _, count), ticks in zip(cases, results):
        hi = lo + span
        at = [t["at"] for t in ticks]
        assert ticks, (lo, hi, count)
        assert all(lo - 1e-9 <= a <= hi + 1e-9 for a in at), (lo, hi, count, at)
        assert all(a < b for a, b in zip(at, at[1:])), (lo, hi, count, at)
        for t in ticks:
            assert tick_value(t["label"]) == pytest.approx(10 ** t["at"], rel=1e-6), (lo, hi, count, t)
        decades = math.floor(hi + 1e-9) - math.ceil(lo - 1e-9) + 1
        if decades >= 2:   # whole decades, evenly thinned to at most `count`
            assert all(abs(a - round(a)) < 1e-12 for a in at) and len(at) <= count, (lo, hi, count, at)
            assert len({round(b - a) for a, b in zip(at, at[1:])}) <= 1, (lo, hi, count, at)


# ---------------------------------------------------------------------------- canvas_base.js

AREA = {"l": 10, "t": 20, "w": 100, "h": 50}


@pytest.mark.parametrize("ranges, point, pixel", [
    ({"x": [0, 10], "y": [0, 5]}, [0, 0], [10, 70]),       # the ranges' start: bottom left
    ({"x": [0, 10], "y": [0, 5]}, [10, 5], [110, 20]),     # their end: top right
    ({"x": [0, 10], "y": [0, 5]}, [5, 2.5], [60, 45]),     # the middle
    ({"x": [10, 0], "y": [0, 5]}, [10, 0], [10, 70]),      # reversed x: 10 on the left
    ({"x": [0, 10], "y": [5, 0]}, [0, 5], [10, 70]),       # reversed y: 5 at the bottom
    ({"x": [0, 10], "y": [0, 5]}, [20, -5], [210, 120]),   # outside the ranges: extrapolated
])
def test_to_pixels(js, ranges, point, pixel):
    assert js("([area, ranges, [x, y]]) => toPixels(area, ranges, x, y)", [AREA, ranges, point]) == pytest.approx(pixel)
    assert js("([area, ranges, [x, y]]) => fromPixels(area, ranges, x, y)", [AREA, ranges, pixel]) == pytest.approx(point)


def span_range():
    """[start, end] with end − start of either sign, |end − start| ≥ 1e-3."""
    return st.tuples(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6), st.booleans()).map(
        lambda t: [t[0], t[0] - t[1] if t[2] else t[0] + t[1]])


def plot_area():
    return st.fixed_dictionaries({"l": st.floats(-500, 3000), "t": st.floats(-500, 3000),
                                  "w": st.floats(1, 4000), "h": st.floats(1, 4000)})


@PROPERTY
@given(st.lists(st.tuples(plot_area(), span_range(), span_range(), st.floats(-2, 3), st.floats(-2, 3)),
                min_size=1, max_size=50))
def test_from_pixels_inverts_to_pixels(js, cases):
    """For any area and ranges (either way round), fromPixels(toPixels(p)) = p; the ranges' ends
    map to the area's corners."""
    args = [[area, {"x": xr, "y": yr}, [xr[0] + fx * (xr[1] - xr[0]), yr[0] + fy * (yr[1] - yr[0])]]
            for area, xr, yr, fx, fy in cases]
    results = js("""(cases) => cases.map(([area, r, [x, y]]) => {
        const [px, py] = toPixels(area, r, x, y);
        return {back: fromPixels(area, r, px, py), start: toPixels(area, r, r.x[0], r.y[0]),
                end: toPixels(area, r, r.x[1], r.y[1])}; })""", args)
    for (area, ranges, (x, y)), got in zip(args, results):
        for value, (a, b), was in ((x, ranges["x"], got["back"][0]), (y, ranges["y"], got["back"][1])):
            room = 4 + 2 * (abs(area["l"]) + abs(area["t"])) / min(area["w"], area["h"])
            scale = abs(a) + abs(b) + abs(value) + abs(b - a) * room
            assert abs(was - value) <= 1e-9 * scale, (area, ranges, (x, y), got)
        assert got["start"] == pytest.approx([area["l"], area["t"] + area["h"]], abs=1e-6), (area, ranges)
        assert got["end"] == pytest.approx([area["l"] + area["w"], area["t"]], abs=1e-6), (area, ranges)


@pytest.mark.parametrize("area, spans, expected", [
    ({"l": 0, "t": 0, "w": 200, "h": 100}, [1, 1], {"l": 50, "t": 0, "w": 100, "h": 100}),
    ({"l": 10, "t": 20, "w": 100, "h": 300}, [2, 1], {"l": 10, "t": 145, "w": 100, "h": 50}),
    ({"l": 0, "t": 0, "w": 200, "h": 100}, [-4, 2], {"l": 0, "t": 0, "w": 200, "h": 100}),   # reversed x
])
def test_square_area(js, area, spans, expected):
    got = js("([area, [xs, ys]]) => squareArea(area, xs, ys)", [area, spans])
    assert got == pytest.approx(expected)


def signed_span():
    return st.tuples(st.floats(1e-3, 1e4), st.booleans()).map(lambda t: -t[0] if t[1] else t[0])


@PROPERTY
@given(st.lists(st.tuples(plot_area(), signed_span(), signed_span()), min_size=1, max_size=50))
def test_square_area_is_centred_fits_and_has_the_datas_aspect(js, cases):
    results = js("(cases) => cases.map(([area, xs, ys]) => squareArea(area, xs, ys))", cases)
    for (area, xs, ys), sq in zip(cases, results):
        tol = 1e-9 * (abs(area["l"]) + abs(area["t"]) + area["w"] + area["h"])
        assert sq["l"] + sq["w"] / 2 == pytest.approx(area["l"] + area["w"] / 2, abs=tol), (area, xs, ys, sq)
        assert sq["t"] + sq["h"] / 2 == pytest.approx(area["t"] + area["h"] / 2, abs=tol), (area, xs, ys, sq)
        assert 0 < sq["w"] <= area["w"] * (1 + 1e-12) and 0 < sq["h"] <= area["h"] * (1 + 1e-12), (area, xs, ys, sq)
        assert sq["w"] / sq["h"] == pytest.approx(abs(xs) / abs(ys), rel=1e-9), (area, xs, ys, sq)
        # the largest such area: it fills the area's width or its height
        assert max(sq["w"] / area["w"], sq["h"] / area["h"]) == pytest.approx(1, rel=1e-9), (area, xs, ys, sq)


PLOT = {"l": 50, "t": 40, "w": 400, "h": 200}


@pytest.mark.parametrize("bar, s, box", [
    # plotly's defaults: as long as the plot, 30 px thick, centred on it; here 20 px right of it
    ({}, 1, {"left": 470, "top": 40, "length": 200, "thickness": 30}),
    ({}, 1.5, {"left": 480, "top": 40, "length": 200, "thickness": 45}),
    ({"len": 0.5}, 1, {"left": 470, "top": 90, "length": 100, "thickness": 30}),
    ({"len": 0.5, "y": 1, "yanchor": "top"}, 1, {"left": 470, "top": 40, "length": 100, "thickness": 30}),
    ({"len": 0.5, "y": 0, "yanchor": "bottom"}, 1, {"left": 470, "top": 140, "length": 100, "thickness": 30}),
    ({"len": 0.5, "y": 0.5, "yanchor": "middle"}, 1, {"left": 470, "top": 90, "length": 100, "thickness": 30}),
    ({"x": 1.1, "thickness": 12}, 2, {"left": 490, "top": 40, "length": 200, "thickness": 24}),
    ({"x": 0}, 1, {"left": 50, "top": 40, "length": 200, "thickness": 30}),
])
def test_colour_bar_box(js, bar, s, box):
    assert js("([bar, plot, s]) => colourBarBox(bar, plot, s)", [bar, PLOT, s]) == pytest.approx(box)


def test_colour_bar_box_scale_defaults_to_1(js):
    default, one = js("(p) => [colourBarBox({len: 0.5}, p), colourBarBox({len: 0.5}, p, 1)]", PLOT)
    assert default == one


@pytest.mark.parametrize("v, range_, index", [
    (0, [0, 1], 0), (1, [0, 1], 255), (0.5, [0, 1], 128), (0.25, [0, 1], 64),
    (-3, [0, 1], 0), (7, [0, 1], 255),                      # clamped outside
    (0, [-10, 10], 128), (-5, [-10, 10], 64), (10, [-10, 10], 255),
    (10, [10, 0], 0), (0, [10, 0], 255),                    # the range's first end takes entry 0
    (5, [5, 5], 0), (6, [5, 5], 255), (4, [5, 5], 0),       # an empty range: below or above it
    ("Infinity", [0, 1], 255), ("-Infinity", [0, 1], 0),
])
def test_colour_index(js, v, range_, index):
    assert js(f"colourIndex({v}, {range_})") == index


def test_colour_index_of_nan_is_nan(js):
    # NaN is no colour: the callers skip gaps (non-finite z) before they look a value up
    assert js("Number.isNaN(colourIndex(NaN, [0, 1]))") is True


def test_a_marker_without_a_value_is_clear(js):
    # markers coloured by value: a NaN value is a gap (as a heatmap's NaN cell), not the colour
    # the marker before it happened to leave in the context
    colours = js("""() => new CanvasChart(document.createElement("div"), {layout: {font: {}, xaxis: {}}})
      .pointScale({color: [0, NaN, 1], colorscale: [[0, "#000000"], [1, "#ffffff"]]}).colours""")
    assert colours == ["rgb(0, 0, 0)", "rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"]


@PROPERTY
@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.floats(-2e3, 2e3)), min_size=1, max_size=60))
def test_colour_index_is_a_clamped_rising_table_entry(js, cases):
    results = js("(cases) => cases.map(([lo, hi, v]) => [colourIndex(lo, [lo, hi]), colourIndex(hi, [lo, hi]), colourIndex(v, [lo, hi])])",
                 cases)
    for (lo, hi, v), (at_lo, at_hi, at_v) in zip(cases, results):
        assert at_lo == 0 and at_v in range(256), (lo, hi, v)
        if hi != lo:
            assert at_hi == 255, (lo, hi)
            expected = min(1, max(0, (v - lo) / (hi - lo))) * 255
            assert abs(at_v - expected) <= 0.5 + 1e-9, (lo, hi, v, at_v)


@pytest.mark.parametrize("text, rgb", [
    ("#abc", [170, 187, 204]), ("#ABC", [170, 187, 204]), ("#000", [0, 0, 0]), ("#fff", [255, 255, 255]),
    ("#0a0B0c", [10, 11, 12]), ("#636efa", [99, 110, 250]), ("#ff000080", [255, 0, 0]),   # alpha dropped
    ("rgb(1, 2, 3)", [1, 2, 3]), ("rgb(255,128,0)", [255, 128, 0]), ("  rgb(1.4, 2.6, 3)  ", [1, 3, 3]),
    ("rgba(10, 20, 30, 0.5)", [10, 20, 30]), ("rgba(0,0,0,0)", [0, 0, 0]),
])
def test_parse_colour(js, text, rgb):
    assert js("(text) => parseColour(text)", text) == rgb


def colour_table(js, scale):
    return js("(scale) => Array.from(colourTable(scale))", scale)


def lerp(a, b, f):
    return [x + (y - x) * f for x, y in zip(a, b)]


def test_colour_table_of_two_stops_is_a_linear_ramp(js):
    table = colour_table(js, [[0, "#000000"], [1, "#ffffff"]])
    assert len(table) == 256 * 3
    assert table == [i for i in range(256) for _ in range(3)]
    red_to_blue = colour_table(js, [[0, "rgb(255, 0, 0)"], [1, "rgb(0, 0, 255)"]])
    assert red_to_blue[:3] == [255, 0, 0] and red_to_blue[-3:] == [0, 0, 255]
    assert all(abs(red_to_blue[3 * i] - (255 - i)) <= 1 and abs(red_to_blue[3 * i + 2] - i) <= 1 for i in range(256))


def test_colour_table_goes_through_each_stop(js):
    # the middle stop at 0.2 = entry 51: black -> red over entries 0…51, red -> white over 51…255
    table = colour_table(js, [[0, "rgb(0,0,0)"], [0.2, "#ff0000"], [1, "#fff"]])
    entries = [table[3 * i:3 * i + 3] for i in range(256)]
    assert entries[0] == [0, 0, 0] and entries[51] == [255, 0, 0] and entries[255] == [255, 255, 255]
    for i, got in enumerate(entries):
        t = i / 255
        want = lerp([0, 0, 0], [255, 0, 0], t / 0.2) if t <= 0.2 else lerp([255, 0, 0], [255, 255, 255], (t - 0.2) / 0.8)
        assert max(abs(g - w) for g, w in zip(got, want)) <= 1, (i, got, want)


def test_colour_table_of_a_stepped_scale_changes_colour_at_the_step(js):
    # plotly's discrete scales repeat a position: [[0, a], [0.5, a], [0.5, b], [1, b]]
    table = colour_table(js, [[0, "#112233"], [0.5, "#112233"], [0.5, "#ddeeff"], [1, "#ddeeff"]])
    entries = [table[3 * i:3 * i + 3] for i in range(256)]
    assert entries[:128] == [[0x11, 0x22, 0x33]] * 128       # i / 255 ≤ 0.5
    assert entries[128:] == [[0xdd, 0xee, 0xff]] * 128


@st.composite
def colour_scales(draw):
    inner = sorted(draw(st.lists(st.floats(0.01, 0.99), max_size=4)))
    colours = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
    return [[at, colour] for at, colour in zip([0.0, *inner, 1.0], draw(st.lists(colours, min_size=len(inner) + 2,
                                                                                 max_size=len(inner) + 2)))]


@settings(max_examples=6, deadline=None, database=None)
@given(st.lists(colour_scales(), min_size=1, max_size=12))
def test_colour_table_interpolates_between_its_stops(js, scales):
    as_text = [[[at, f"rgb({r}, {g}, {b})" if i % 2 else f"#{r:02x}{g:02x}{b:02x}"] for i, (at, (r, g, b)) in enumerate(scale)]
               for scale in scales]
    tables = js("(scales) => scales.map((s) => Array.from(colourTable(s)))", as_text)
    for scale, table in zip(scales, tables):
        assert len(table) == 768
        assert table[:3] == list(scale[0][1]) and table[-3:] == list(scale[-1][1]), scale
        for i in range(256):
            t = i / 255
            k = next(j for j in range(len(scale) - 1) if t <= scale[j + 1][0] or j == len(scale) - 2)
            (a, ca), (b, cb) = scale[k], scale[k + 1]
            want = lerp(ca, cb, min(1, max(0, (t - a) / (b - a))) if b > a else 0)
            assert max(abs(g - w) for g, w in zip(table[3 * i:3 * i + 3], want)) <= 1, (scale, i)


@pytest.mark.parametrize("legend, below", [
    ({}, False),                                                   # plotly: y 1, at the top
    ({"y": 1.02, "orientation": "h", "yanchor": "bottom"}, False),
    ({"y": -0.14, "orientation": "h", "yanchor": "top"}, True),    # mlp_boundary's legend
    ({"y": 0}, False), ({"y": -0.01}, True),
    ({"yref": "paper", "y": -0.2}, True),
    ({"yref": "container", "y": 0.01, "orientation": "h", "yanchor": "bottom", "x": 0}, True),   # LEGEND_BELOW
    ({"yref": "container", "y": 0.9}, False), ({"yref": "container", "y": 0.5}, False),
    ({"yref": "container"}, False),                                # container y defaults to 1
    ({"yref": "container", "y": -0.1}, True),
])
def test_legend_below(js, legend, below):
    assert js("(legend) => legendBelow(legend)", legend) is below


def test_horizontal_legend_without_y_sits_below(js):
    # plotly puts a horizontal legend's default (paper) y at -0.1, under the plot
    assert js("legendBelow({orientation: 'h'})") is True


@pytest.mark.parametrize("paper, xd, yd, area", [
    ({"l": 50, "t": 20, "w": 400, "h": 300}, [0, 1], [0, 1], {"l": 50, "t": 20, "w": 400, "h": 300}),
    ({"l": 50, "t": 20, "w": 400, "h": 300}, [0, 0.45], [0.55, 1], {"l": 50, "t": 20, "w": 180, "h": 135}),     # top left
    ({"l": 50, "t": 20, "w": 400, "h": 300}, [0.55, 1], [0, 0.45], {"l": 270, "t": 185, "w": 180, "h": 135}),   # bottom right
    ({"l": 0, "t": 0, "w": 100, "h": 100}, [0.25, 0.5], [0.25, 0.5], {"l": 25, "t": 50, "w": 25, "h": 25}),
])
def test_domain_area(js, paper, xd, yd, area):
    assert js("([paper, xd, yd]) => domainArea(paper, xd, yd)", [paper, xd, yd]) == pytest.approx(area)


# ---------------------------------------------------------------------------- canvas_chart.js

@pytest.mark.parametrize("v, log, unit", [
    (100, True, 2), (1, True, 0), (0.001, True, -3), (5, False, 5), (-1, False, -1), (0, False, 0),
])
def test_axis_unit(js, v, log, unit):
    assert js(f"axisUnit({v}, {str(log).lower()})") == pytest.approx(unit, abs=1e-12)


@pytest.mark.parametrize("v", ["0", "-1", "-Infinity", "NaN"])
def test_axis_unit_of_a_value_a_log_axis_cannot_show_is_nan(js, v):
    assert js(f"Number.isNaN(axisUnit({v}, true))") is True


# ---------------------------------------------------------------------------- heatmap_chart.js

@pytest.mark.parametrize("centres, n, edges", [
    (None, 3, [-0.5, 0.5, 1.5, 2.5]),                 # absent: cells 0, 1, 2
    (None, 1, [-0.5, 0.5]),
    ([0, 10, 20], 3, [-5, 5, 15, 25]),
    ([5], 1, [4.5, 5.5]),                              # one cell: one unit wide
    ([0, 1, 3], 3, [-0.5, 0.5, 2, 4]),                 # uneven: midpoints, the ends half their gap out
    ([2, 1, 0], 3, [2.5, 1.5, 0.5, -0.5]),             # falling centres: falling edges
    (["1", "2"], 2, [0.5, 1.5, 2.5]),                  # numbers as text
    ([0.5, 1.5, 2.5, 3.5], 4, [0, 1, 2, 3, 4]),
])
def test_cell_edges(js, centres, n, edges):
    assert js("([c, n]) => Array.from(cellEdges(c, n))", [centres, n]) == pytest.approx(edges)


@PROPERTY
@given(st.lists(st.lists(st.integers(-10 ** 6, 10 ** 6), min_size=2, max_size=30, unique=True)
                .map(lambda c: [v / 100 for v in sorted(c)]), min_size=1, max_size=30))
def test_cell_edges_bound_each_centre(js, cases):
    results = js("(cases) => cases.map((c) => Array.from(cellEdges(c, c.length)))", cases)
    for centres, edges in zip(cases, results):
        assert len(edges) == len(centres) + 1
        assert all(a < c < b for a, c, b in zip(edges, centres, edges[1:])), (centres, edges)
        # each inner edge halfway between its cells; the outer cells as wide as their neighbours' gap
        assert edges[1:-1] == pytest.approx([(a + b) / 2 for a, b in zip(centres, centres[1:])], rel=1e-12, abs=1e-9)
        assert edges[0] == pytest.approx(centres[0] - (centres[1] - centres[0]) / 2, rel=1e-12, abs=1e-9)
        assert edges[-1] == pytest.approx(centres[-1] + (centres[-1] - centres[-2]) / 2, rel=1e-12, abs=1e-9)
