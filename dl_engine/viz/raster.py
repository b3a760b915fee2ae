"""Heatmaps drawn as pictures under a chart's traces (layout images), sent as raw codes.

A live heatmap trace is costly in the browser: plotly.js paints it on a canvas and re-encodes
it as a PNG at every draw, and any changed trace makes it redraw every trace of the chart. A
layout image that changes is swapped alone; the traces over it (points, edges) stay as drawn.
The picture travels as one byte a pixel (an index into a palette of at most 256 RGBA colours)
that the canvas puts into an ImageData as it is: no image is encoded here nor decoded there.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import plotly.colors

from dl_engine.viz.payload import encode_array
from dl_engine.viz.spec import ColourBar, ColourScale, Image, Line, Markers

LEVELS = 255        # colour levels of a scale; code 255 is a clear pixel (NaN, a gap)
CLEAR = LEVELS


class Picture(NamedTuple):
    """codes (…, H, W) uint8 into palette (N ≤ 256, 4) uint8 RGBA (palette[codes] are the colours);
    row 0 at the bottom (y rising)."""
    codes: np.ndarray
    palette: np.ndarray


@lru_cache(maxsize=32)
def _scale_palette(colorscale: tuple, alpha: int) -> np.ndarray:
    """((pos, colour), …) → (LEVELS + 1, 4) uint8: LEVELS colours linearly interpolated in RGB,
    then clear."""
    positions = np.array([float(p) for p, _ in colorscale])
    rgb = np.array(plotly.colors.convert_colors_to_same_type([c for _, c in colorscale], colortype="tuple")[0])
    ticks = np.linspace(0, 1, LEVELS)
    palette = np.zeros((LEVELS + 1, 4), np.uint8)
    palette[:LEVELS, :3] = np.rint(np.stack([np.interp(ticks, positions, rgb[:, k]) for k in range(3)], 1) * 255)
    palette[:LEVELS, 3] = alpha
    return palette


def colour_grid(z: np.ndarray, colorscale, zmin: float, zmax: float, opacity: float = 1.0) -> Picture:
    """(…, H, W) values → codes through `colorscale` on [zmin, zmax] (clipped); NaN is clear.

    colorscale: [[pos, colour], …] (hex or rgb()) or a plotly.py name such as "Viridis".
    """
    if isinstance(colorscale, str):
        colorscale = plotly.colors.get_colorscale(colorscale)
    palette = _scale_palette(tuple((p, c) for p, c in colorscale), round(255 * opacity))
    z = np.asarray(z, np.float64)
    finite = np.isfinite(z)
    t = np.clip((np.where(finite, z, zmin) - zmin) / ((zmax - zmin) or 1.0), 0, 1)
    codes = np.where(finite, np.rint(t * (LEVELS - 1)), CLEAR).astype(np.uint8)
    return Picture(codes, palette)


def category_grid(labels: np.ndarray, colours: list[str], opacity: float = 1.0) -> Picture:
    """(H, W) integer labels → codes, label c in colours[c % len(colours)]."""
    palette = np.zeros((len(colours), 4), np.uint8)
    palette[:, :3] = np.rint(np.array(plotly.colors.convert_colors_to_same_type(list(colours), colortype="tuple")[0]) * 255)
    palette[:, 3] = round(255 * opacity)
    return Picture((np.asarray(labels) % len(colours)).astype(np.uint8), palette)


def tiled_layer(tiles: Picture, origins: list[tuple[int, int]], size: tuple[int, int], x: tuple[float, float],
                y: tuple[float, float]) -> Image:
    """A picture filling the data box x = (left, right), y = (bottom, top), under the marks: a
    size = (W, H) px picture, clear but for tiles.codes (n, h, w), tile k with its lower-left
    pixel at origins[k] (y rising). Only the tiles travel (no gaps): codes (top row first),
    palette and each tile's top-left pixel (top row 0), as typed-array specs."""
    _, h, _ = tiles.codes.shape
    top_left = np.array([(ox, size[1] - oy - h) for ox, oy in origins], np.int32).reshape(-1, 2)
    pixels = {"codes": encode_array(np.ascontiguousarray(tiles.codes[:, ::-1])), "palette": encode_array(tiles.palette),
              "at": encode_array(top_left), "size": [int(size[0]), int(size[1])]}
    return Image(pixels=pixels, x0=x[0], x1=x[1], y0=y[0], y1=y[1])


def image_layer(picture: Picture, x: tuple[float, float], y: tuple[float, float]) -> Image:
    """A picture of one (H, W) grid (row 0 at the bottom, as a heatmap's z) filling the data box
    x = (left, right), y = (bottom, top), under the marks."""
    h, w = picture.codes.shape
    return tiled_layer(Picture(picture.codes[None], picture.palette), [(0, 0)], (w, h), x, y)


def colour_bar_mark(colorscale, zmin: float, zmax: float, title: str, at: tuple[float, float]) -> Line:
    """An invisible one-point mark whose only job is to show a picture's colour bar."""
    scale = ColourScale(values=[zmin], stops=colorscale, lo=zmin, hi=zmax,
                        bar=ColourBar(title=title, thickness=12, length=0.7))
    return Line(x=[at[0]], y=[at[1]], lines=False, markers=Markers(size=0, opacity=0, scale=scale),
                hoverable=False, legend=False)
