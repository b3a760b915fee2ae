"""Heatmaps drawn as PNG pictures under a chart's traces (plotly layout images).

A live heatmap trace is costly in the browser: plotly.js paints it on a canvas and re-encodes
it as a PNG at every draw, and any changed trace makes it redraw every trace of the chart. A
layout image that changes is swapped alone; the traces over it (points, edges) stay as drawn.
"""
from __future__ import annotations

import base64
import io
from functools import lru_cache

import numpy as np
import plotly.colors
from PIL import Image

LUT_SIZE = 256


@lru_cache(maxsize=32)
def _lut(colorscale: tuple) -> np.ndarray:
    """((pos, colour), …) → (LUT_SIZE, 3) uint8 colours, linearly interpolated in RGB."""
    positions = np.array([float(p) for p, _ in colorscale])
    rgb = np.array(plotly.colors.convert_colors_to_same_type([c for _, c in colorscale], colortype="tuple")[0])
    ticks = np.linspace(0, 1, LUT_SIZE)
    channels = np.stack([np.interp(ticks, positions, rgb[:, k]) for k in range(3)], 1)
    return np.rint(channels * 255).astype(np.uint8)


def colour_grid(z: np.ndarray, colorscale, zmin: float, zmax: float, opacity: float = 1.0) -> np.ndarray:
    """(H, W) values → (H, W, 4) uint8 RGBA through `colorscale` on [zmin, zmax]; NaN is transparent.

    colorscale: [[pos, colour], …] (hex or rgb()) or a plotly.py name such as "Viridis".
    """
    if isinstance(colorscale, str):
        colorscale = plotly.colors.get_colorscale(colorscale)
    lut = _lut(tuple((p, c) for p, c in colorscale))
    z = np.asarray(z, np.float64)
    finite = np.isfinite(z)
    t = np.clip((np.where(finite, z, zmin) - zmin) / ((zmax - zmin) or 1.0), 0, 1)
    rgba = np.empty(z.shape + (4,), np.uint8)
    rgba[..., :3] = lut[np.rint(t * (LUT_SIZE - 1)).astype(np.intp)]
    rgba[..., 3] = np.where(finite, round(255 * opacity), 0)
    return rgba


def category_grid(labels: np.ndarray, colours: list[str], opacity: float = 1.0) -> np.ndarray:
    """(H, W) integer labels → (H, W, 4) uint8 RGBA, label c in colours[c % len(colours)]."""
    palette = np.array(plotly.colors.convert_colors_to_same_type(list(colours), colortype="tuple")[0]) * 255
    rgba = np.empty(np.shape(labels) + (4,), np.uint8)
    rgba[..., :3] = palette.round().astype(np.uint8)[np.asarray(labels) % len(colours)]
    rgba[..., 3] = round(255 * opacity)
    return rgba


def png_data_url(rgba: np.ndarray) -> str:
    """(H, W, 4) uint8 → "data:image/png;base64,…" (fast compression: the picture is small)."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba), "RGBA").save(buffer, "PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def image_layer(rgba: np.ndarray, x: tuple[float, float], y: tuple[float, float],
                xref: str = "x", yref: str = "y") -> dict:
    """A layout image filling the data box x = (left, right), y = (bottom, top), under the traces.

    rgba: (H, W, 4) with row 0 at the bottom (y rising), as a heatmap's z is laid out.
    """
    return {"source": png_data_url(rgba[::-1]), "xref": xref, "yref": yref, "x": x[0], "y": y[1],
            "sizex": x[1] - x[0], "sizey": y[1] - y[0], "sizing": "stretch", "xanchor": "left",
            "yanchor": "top", "layer": "below"}


def colorbar_trace(colorscale, zmin: float, zmax: float, title: str, at: tuple[float, float]) -> dict:
    """An invisible one-point trace whose only job is to show a colour bar for an image layer."""
    return {"type": "scatter", "x": [at[0]], "y": [at[1]], "mode": "markers", "hoverinfo": "skip",
            "showlegend": False,
            "marker": {"size": 0, "opacity": 0, "color": [zmin], "cmin": zmin, "cmax": zmax,
                       "colorscale": colorscale, "showscale": True,
                       "colorbar": {"title": {"text": title}, "thickness": 12, "len": 0.7}}}
