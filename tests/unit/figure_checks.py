"""Checks shared by the figure-dict tests: what a projector needs and what plotly.js 3 reads."""
from __future__ import annotations

import json

import plotly.graph_objects as go

from dl_engine.viz.payload import figure_payload


def bare_titles(node, path: str = "") -> list[str]:
    """Where a title is a bare string (plotly.js 3 ignores those; it reads {"text": ...})."""
    if isinstance(node, dict):
        found = [f"{path}.title" for k, v in node.items() if k == "title" and not isinstance(v, dict)]
        return found + [p for k, v in node.items() for p in bare_titles(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in bare_titles(v, f"{path}[{i}]")]
    return []


def wired(fig) -> dict:
    """What the browser reads of a live figure: a spec's wire dict (a static figure dict as it is)."""
    return fig.wire() if hasattr(fig, "wire") else fig


def readable(fig, title: str | None = None) -> dict:
    """A titled figure with ≥ 14 px text whose wire plotly's validator accepts (so it means what
    plotly means by each key) and the live chart can send; returns the wire's layout.
    title: a part the figure's title must contain."""
    fig = wired(fig)
    layout = fig["layout"]
    assert layout["title"]["text"] and (title is None or title in layout["title"]["text"])
    assert layout["title"]["font"]["size"] >= 14 and layout.get("font", {}).get("size", 14) >= 14
    assert layout["height"] >= 150
    assert not bare_titles(fig), bare_titles(fig)
    go.Figure(fig)  # plotly's validator knows every key
    json.dumps(figure_payload(fig), allow_nan=False)  # what the browser receives is valid JSON
    return layout


def axis_titles(layout: dict, x: str = "xaxis", y: str = "yaxis") -> tuple[str, str]:
    return layout[x]["title"]["text"], layout[y]["title"]["text"]
