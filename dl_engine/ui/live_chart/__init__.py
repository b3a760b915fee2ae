"""The live chart: a Streamlit v2 component that keeps one chart per key and updates it in
place, so refreshes neither re-mount nor lose the user's zoom. Line and bar charts, the network
diagram and the violins are painted on a canvas (canvas_chart.js; viz.canvas_figures says which),
heatmaps and grids of them too (heatmap_chart.js; viz.canvas_heatmaps), the rest with Plotly.react.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import plotly
import streamlit as st
from streamlit import config as st_config
from streamlit.components.v1 import declare_component

from dl_engine.viz.canvas_figures import drawn_on_canvas
from dl_engine.viz.canvas_heatmaps import drawn_as_heatmaps
from dl_engine.viz.payload import figure_payload
from dl_engine.viz.spec import RENDERERS, Chart, HeatmapGrid

_HERE = Path(__file__).parent
_PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"  # the installed plotly's plotly.min.js
DEFAULT_HEIGHT = 420
_SCRIPTS = ("canvas_ticks.js", "canvas_text.js", "svg_context.js", "canvas_base.js", "canvas_chart.js", "heatmap_chart.js",
            "live_channel.js", "live_chart.js")  # in this order

_mount = st.components.v2.component(
    "dl_playground_live_chart",
    html="",
    css=(_HERE / "live_chart.css").read_text(),
    js="".join((_HERE / name).read_text() for name in _SCRIPTS),
    isolate_styles=False,  # plotly.js styles its modebar and hover labels in document.head
)


@lru_cache(maxsize=None)
def _plotly_url() -> str:
    """Serve the installed plotly.min.js (offline) and return its URL; idempotent per server."""
    served = declare_component("plotlyjs", path=str(_PLOTLY_DIR))
    base = st_config.get_option("server.baseUrlPath").strip("/")
    return f"{'/' + base if base else ''}/component/{served.name}/plotly.min.js"


def chart_message(figure: Chart | HeatmapGrid | dict | None, key: str, height: int | None = None,
                  stamp: list | None = None, feed: dict | None = None, scale: float = 1.0) -> dict:
    """What the chart `key` receives: `figure` (a spec, sent as its wire payload; None while the
    live channel brings the figures), its height (px; defaults to layout.height, else
    DEFAULT_HEIGHT), the renderer that draws it, the stamp [run id, step] by which it drops a
    figure older than the one it shows, while the run trains the live channel it follows
    ({"url"}, ui.live_route), and the scale of its fonts, lines, markers and margins (1.5 in
    present mode; the canvas renderers read it)."""
    kind = RENDERERS.get(type(figure))
    if kind is not None:
        figure = figure_payload(figure.wire(), height=height)
    elif figure is not None:
        figure = figure_payload(figure, height=height)
        kind = renderer(figure)
    height = int(height or (figure or {}).get("layout", {}).get("height") or DEFAULT_HEIGHT)
    return {"figure": figure, "key": key, "height": height, "renderer": kind,
            "plotly_url": _plotly_url(), "stamp": stamp, "feed": feed, "scale": float(scale)}


def renderer(figure: dict) -> str:
    """Who draws `figure`: "canvas" (lines, bars, pictures), "heatmap" (heatmap grids) or "plotly"."""
    return "canvas" if drawn_on_canvas(figure) else "heatmap" if drawn_as_heatmaps(figure) else "plotly"


def live_chart(message: dict) -> None:
    """Mount or update the chart `message["key"]` with a `chart_message`."""
    _mount(key=message["key"], data=message, height=message["height"])
