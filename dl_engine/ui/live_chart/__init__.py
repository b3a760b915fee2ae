"""The live chart: a Streamlit v2 component that keeps one chart per key and updates it in
place, so refreshes neither re-mount nor lose the user's zoom. It draws live-figure specs
(viz.spec) on a canvas: a Chart with canvas_chart.js, a HeatmapGrid with heatmap_chart.js.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dl_engine.viz.payload import figure_payload
from dl_engine.viz.spec import RENDERERS, Chart, HeatmapGrid

_HERE = Path(__file__).parent
DEFAULT_HEIGHT = 420
_SCRIPTS = ("canvas_ticks.js", "canvas_text.js", "svg_context.js", "canvas_base.js", "canvas_chart.js", "heatmap_chart.js",
            "live_channel.js", "live_chart.js")  # in this order

_mount = st.components.v2.component(
    "dl_playground_live_chart",
    html="",
    css=(_HERE / "live_chart.css").read_text(),
    js="".join((_HERE / name).read_text() for name in _SCRIPTS),
    isolate_styles=False,  # charts in the page's own DOM: the browser tests and benchmarks query them
)


def chart_message(figure: Chart | HeatmapGrid | None, key: str, height: int | None = None,
                  stamp: list | None = None, feed: dict | None = None, scale: float = 1.0) -> dict:
    """What the chart `key` receives: `figure` (a spec, sent as its wire payload, see viz.payload;
    None while the live channel brings the figures), its height (px; defaults to the spec's, else
    DEFAULT_HEIGHT), the renderer that draws it, the stamp [run id, step] by which it drops a
    figure older than the one it shows, while the run trains the live channel it follows
    ({"url"}, ui.live_route), and the scale of its fonts, lines, markers and margins (1.5 in
    present mode; the canvas renderers read it).
    A figure that is not a spec is a TypeError: nothing else is drawn live."""
    if figure is not None and type(figure) not in RENDERERS:
        raise TypeError(f"live chart {key}: a Chart or HeatmapGrid spec, not {type(figure).__name__}")
    height = int(height or (figure.height if figure is not None else 0) or DEFAULT_HEIGHT)
    return {"figure": figure_payload(figure.wire(), height=height) if figure is not None else None, "key": key,
            "height": height, "renderer": RENDERERS[type(figure)] if figure is not None else None,
            "stamp": stamp, "feed": feed, "scale": float(scale)}


def live_chart(message: dict) -> None:
    """Mount or update the chart `message["key"]` with a `chart_message`."""
    _mount(key=message["key"], data=message, height=message["height"])
