"""Where the panels of a heatmap grid go: make_subplots' layout (figure_dicts.grid, .column) as
paper domains and title texts."""
from __future__ import annotations

from dl_engine.viz import figure_dicts
from dl_engine.viz.spec.heatmaps import PaperText

Domains = tuple[tuple[float, float], tuple[float, float]]   # (x domain, y domain) of one panel


def grid_cells(rows: int, cols: int, h_spacing: float, v_spacing: float, **titles) -> tuple[list[Domains], list[PaperText]]:
    """A rows × cols grid (row 1 at the top): each cell's domains in row-major order, and its
    titles (titles=, column_titles=, row_titles=, title_size= as figure_dicts.grid takes)."""
    return _cells(*figure_dicts.grid(rows, cols, h_spacing, v_spacing, **titles))


def column_cells(weights: list[float], v_spacing: float, **titles) -> tuple[list[Domains], list[PaperText]]:
    """One column of cells, heights in proportion to `weights` (figure_dicts.column)."""
    return _cells(*figure_dicts.column(weights, v_spacing, **titles))


def _cells(axes: dict, notes: list[dict], ids: list[tuple[str, str]]) -> tuple[list[Domains], list[PaperText]]:
    name = lambda letter, axis_id: f"{letter}axis{axis_id[1:]}"
    domains = [(tuple(axes[name("x", x)]["domain"]), tuple(axes[name("y", y)]["domain"])) for x, y in ids]
    texts = [PaperText(text=n["text"], x=n["x"], y=n["y"], size=n["font"]["size"], x_anchor=n["xanchor"],
                       y_anchor=n["yanchor"], angle=n.get("textangle", 0)) for n in notes]
    return domains, texts
