"""The live chart: a Streamlit v2 component that keeps one Plotly chart per key and
updates it in place (Plotly.react), so refreshes neither re-mount nor lose the user's zoom.
"""
from __future__ import annotations

from pathlib import Path

import plotly
import streamlit as st
from streamlit import config as st_config
from streamlit.components.v1 import declare_component

_HERE = Path(__file__).parent
_PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"  # the installed plotly's plotly.min.js
DEFAULT_HEIGHT = 420

_mount = st.components.v2.component(
    "dl_playground_live_chart",
    html="",
    css=(_HERE / "live_chart.css").read_text(),
    js=(_HERE / "live_chart.js").read_text(),
    isolate_styles=False,  # plotly.js styles its modebar and hover labels in document.head
)


def _plotly_url() -> str:
    """Serve the installed plotly.min.js (offline) and return its URL; idempotent per server."""
    served = declare_component("plotlyjs", path=str(_PLOTLY_DIR))
    base = st_config.get_option("server.baseUrlPath").strip("/")
    return f"{'/' + base if base else ''}/component/{served.name}/plotly.min.js"


def live_chart(figure: dict, key: str, height: int | None = None) -> None:
    """Mount or update the chart `key` with `figure` ({"data", "layout"}, see viz.payload).

    height (px): the chart's height; defaults to figure.layout.height, else DEFAULT_HEIGHT.
    """
    height = int(height or figure.get("layout", {}).get("height") or DEFAULT_HEIGHT)
    _mount(key=key, data={"figure": figure, "key": key, "height": height, "plotly_url": _plotly_url()},
           height=height)
