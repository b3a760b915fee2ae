"""Live figures as small typed specs: exactly what the live chart's canvases draw.

A builder in `viz` returns a `Chart` (lines, markers, bars, pictures, notes: canvas_chart.js) or
a `HeatmapGrid` (panels of heatmaps: heatmap_chart.js). Each spec holds only what its renderer
draws; anything else is a TypeError or ValueError when the spec is built, never a chart drawn
otherwise. `spec.wire()` is the JSON-ready dict the renderer reads (see docs/ARCHITECTURE.md).
"""
from dl_engine.viz.spec.cells import column_cells, grid_cells
from dl_engine.viz.spec.chart import Axis, Chart, Legend
from dl_engine.viz.spec.heatmaps import GridAxis, Heatmap, HeatmapGrid, PaperText
from dl_engine.viz.spec.marks import Bars, ColourBar, ColourScale, Line, Markers
from dl_engine.viz.spec.notes import Arrow, HLine, Note, Rect
from dl_engine.viz.spec.picture import Image

RENDERERS = {Chart: "canvas", HeatmapGrid: "heatmap"}   # spec -> the renderer that draws it (ui/live_chart)

__all__ = ["RENDERERS", "Arrow", "Axis", "Bars", "Chart", "ColourBar", "ColourScale", "GridAxis", "HLine", "Heatmap",
           "HeatmapGrid", "Image", "Legend", "Line", "Markers", "Note", "PaperText", "Rect", "column_cells", "grid_cells"]
