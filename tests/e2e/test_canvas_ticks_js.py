"""The canvas renderers' tick and text functions (canvas_ticks.js, canvas_text.js, canvas_base.js),
run in a blank Chromium page: dtick steps give whole-number ticks, widened by 1-2-5 multiples when
too many would not fit; number formats; text shortened and wrapped to its room."""
from pathlib import Path

import pytest

LIVE_CHART = Path(__file__).resolve().parents[2] / "dl_engine" / "ui" / "live_chart"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def js(browser_context):
    """evaluate(expression) in a blank page holding the renderers' pure functions (the session's
    Chromium: one Playwright per process)."""
    page = browser_context.new_page()
    source = "".join((LIVE_CHART / name).read_text() for name in ("canvas_ticks.js", "canvas_text.js", "canvas_base.js"))
    page.add_script_tag(content=source)
    yield lambda expression: page.evaluate(expression)
    page.close()


def labels(js, call: str) -> list[str]:
    return js(f"{call}.map((t) => t.label)")


@pytest.mark.parametrize("axis, span, count, expected", [
    ("{dtick: 1}", "[0.5, 3.5]", 8, ["1", "2", "3"]),
    ("{dtick: 1}", "[0.5, 10.5]", 8, ["2", "4", "6", "8", "10"]),
    ("{dtick: 1, tick0: 0}", "[-2, 200]", 5, ["0", "50", "100", "150", "200"]),
    ("{dtick: 2, tickmode: 'linear'}", "[0, 9]", 10, ["0", "2", "4", "6", "8"]),
    ("{}", "[0, 3]", 6, ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"]),
    ("{tickvals: [0, 1], ticktext: ['a', 'b']}", "[0, 5]", 6, ["a", "b"]),
])
def test_axis_ticks(js, axis, span, count, expected):
    assert labels(js, f"axisTicks({axis}, {span}, {count})") == expected


def test_dtick_ticks_are_whole_numbers_and_few_on_any_span(js):
    for hi in (1, 7, 13, 99, 250, 1234, 99999):
        for count in (2, 5, 9):
            ticks = js(f"axisTicks({{dtick: 1}}, [0, {hi}], {count})")
            assert all(float(t["at"]).is_integer() for t in ticks), (hi, count, ticks)
            assert len(ticks) <= count + 1, (hi, count, len(ticks))
            assert len(ticks) >= 2, (hi, count, ticks)   # one label is not a scale


@pytest.mark.parametrize("hi", [42, 230, 249, 460])
def test_a_narrow_index_axis_still_gets_two_ticks(js, hi):
    assert 2 <= len(js(f"axisTicks({{dtick: 1}}, [0, {hi}], 2)")) <= 3


def test_number_formats(js):
    assert js("formatValue(-0.5, '.2f')") == "\u22120.50"
    assert js("formatValue(0.25, '.0%')") == "25%"
    assert js("formatTick(12000, 2000)") == "12k"
    assert js("formatTick(3, 1)") == "3"


def test_text_is_shortened_and_wrapped_to_its_room(js):
    fit = js("""(() => { const ctx = document.createElement('canvas').getContext('2d'); ctx.font = '14px sans-serif';
        const short = shortened(ctx, 'horizontal bar and more', 60), lines = wrapped(ctx, 'horizontal bar', 80, 2);
        return {short, width: ctx.measureText(short).width, lines,
                widths: lines.map((l) => ctx.measureText(l).width)}; })()""")
    assert fit["short"].endswith("…") and fit["width"] <= 60
    assert fit["lines"] == ["horizontal", "bar"] and max(fit["widths"]) <= 80
