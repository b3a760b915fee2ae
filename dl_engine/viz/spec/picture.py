"""A picture under a chart's marks: tiles of palette codes (viz.raster) stretched over a data box."""
from __future__ import annotations

from dataclasses import dataclass

PIXELS_KEY = "dl_pixels"  # the picture's {"codes", "palette", "at", "size"} (canvas_chart.js reads it)


@dataclass(kw_only=True, slots=True)
class Image:
    """`pixels` ({"codes", "palette", "at", "size"} typed-array specs, see viz.raster.tiled_layer)
    filling the data box x0…x1 (left, right), y0…y1 (bottom, top)."""
    pixels: dict
    x0: float
    x1: float
    y0: float
    y1: float

    def __post_init__(self):
        missing = {"codes", "palette", "at", "size"} - set(self.pixels)
        if missing:
            raise ValueError(f"picture pixels lack {sorted(missing)}")

    def wire(self) -> dict:
        return {PIXELS_KEY: self.pixels, "xref": "x", "yref": "y", "x": self.x0, "y": self.y1,
                "sizex": self.x1 - self.x0, "sizey": self.y1 - self.y0, "sizing": "stretch",
                "xanchor": "left", "yanchor": "top", "layer": "below"}
