"""A blank Chromium page holding the live chart's canvas renderers (no Streamlit, no plotly.js):
draw a figure at a fixed size and device scale factor 1, get its pixels back.

Figures go through viz.payload as on the live path; the page decodes the traces' typed arrays as
live_chart.js does before a renderer sees them (layout pictures are the renderer's own to read).
"""
from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from dl_engine.viz.payload import figure_payload
from dl_engine.viz.spec import RENDERERS

LIVE_CHART = Path(__file__).resolve().parents[2] / "dl_engine" / "ui" / "live_chart"
SCRIPTS = ("canvas_ticks.js", "canvas_text.js", "canvas_base.js", "canvas_chart.js", "heatmap_chart.js")
FONT = "DejaVu Sans"   # Debian's fonts-dejavu-core: the same glyphs on every machine that runs these tests

# The app's light theme (live_chart.js's theme() on Streamlit's defaults) with the font pinned.
THEME = {"layout": {"font": {"family": FONT, "size": 14, "color": "#31333f"}, "paper_bgcolor": "#ffffff",
                    "plot_bgcolor": "#ffffff", "xaxis": {"gridcolor": "#e6e9ef"}, "yaxis": {"gridcolor": "#e6e9ef"}}}

_DRAW = """async ([figure, renderer, width, height, theme]) => {
  const TYPED = { i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array,
                  u4: Uint32Array, f4: Float32Array, f8: Float64Array };
  const decode = (spec) => {
    const bytes = Uint8Array.from(atob(spec.bdata), (c) => c.charCodeAt(0));
    const flat = new TYPED[spec.dtype](bytes.buffer);
    if (!spec.shape) return flat;
    const [rows, cols] = spec.shape.split(",").map(Number);
    return Array.from({ length: rows }, (_, r) => flat.subarray(r * cols, (r + 1) * cols));
  };
  const walk = (v) => {
    if (v && typeof v === "object" && typeof v.bdata === "string") return decode(v);
    if (v && typeof v === "object") for (const k of Object.keys(v)) v[k] = walk(v[k]);
    return v;
  };
  figure.data.forEach(walk);
  document.body.replaceChildren();
  const gd = document.createElement("div");
  gd.style.position = "relative";
  document.body.appendChild(gd);
  const chart = new ({ canvas: CanvasChart, heatmap: HeatmapChart })[renderer](gd, theme, () => {});
  chart.dpr = 1;
  await chart.draw(figure, width, height);
  return chart.base.toDataURL("image/png");
}"""


def open_canvas_page(browser_context):
    """A new tab with the renderers' scripts and the pinned font loaded."""
    page = browser_context.new_page()
    page.set_content(f"<html><body style='margin:0;font-family:\"{FONT}\"'></body></html>")
    page.add_script_tag(content="".join((LIVE_CHART / name).read_text() for name in SCRIPTS))
    page.evaluate(f"document.fonts.load('14px \"{FONT}\"')")
    return page


def sent(spec) -> tuple[dict, str]:
    """What the live chart receives for `spec`: its payload as JSON brings it, and its renderer."""
    return json.loads(json.dumps(figure_payload(spec.wire()))), RENDERERS[type(spec)]


def draw(page, spec, width: int, height: int) -> np.ndarray:
    """`spec` drawn by its renderer at width × height css px → (H, W, 4) uint8."""
    url = page.evaluate(_DRAW, [*sent(spec), width, height, THEME])
    png = base64.b64decode(url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
