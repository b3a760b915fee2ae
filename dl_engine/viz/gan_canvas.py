"""The canvas a user paints the GAN's real points on: a static plotly figure (st.plotly_chart with
a lasso or box selection), its grey cells the selectable marks and the points drawn so far over them."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import axis, figure
from dl_engine.viz.gan import REAL

CELL_GREY = "#c8c8c8"


def canvas_figure(centres: np.ndarray, drawn: np.ndarray, reach: float, height: int = 470) -> dict:
    """centres (C, 2): the cells a selection picks (trace 0, the only selectable one); drawn (N, 2)."""
    cells = {"type": "scatter", "mode": "markers", "x": centres[:, 0], "y": centres[:, 1], "name": "cells",
             "marker": {"size": 7, "color": CELL_GREY, "symbol": "square"}, "hoverinfo": "skip",
             "showlegend": False}
    points = {"type": "scatter", "mode": "markers", "x": drawn[:, 0], "y": drawn[:, 1],
              "name": f"your points ({len(drawn)})", "marker": {"size": 6, "color": REAL},
              "hoverinfo": "skip"}
    span = [-reach, reach]
    return figure([cells, points], f"Your points: {len(drawn)} so far", height, dragmode="lasso",
                  xaxis=axis("x1", range=span, fixedrange=True, constrain="domain"),
                  yaxis=axis("x2", range=span, fixedrange=True, scaleanchor="x", constrain="domain"),
                  legend={"orientation": "h", "y": -0.15}, showlegend=True)
