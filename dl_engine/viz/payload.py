"""Figure → compact, JSON-ready dict for the live chart: arrays as base64 typed arrays
(plotly.js's {dtype, bdata, shape} spec), long line traces downsampled, big heatmaps quantised.
"""
from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np
import plotly.graph_objects as go

MAX_LINE_POINTS = 1500   # the History bound: a safeguard for longer lines
QUANTISE_MIN_CELLS = 2500  # from 50×50 up; smaller grids (weights, attention) stay exact
QUANTISED_KEY = "dl_quantised"  # [lo, hi] on a u1 spec: the live chart's JS decodes it
_NAN_CODE = 255            # codes 0…254 span [lo, hi]; 255 is a gap (NaN)
_F4_MAX = float(np.finfo(np.float32).max)
_SHORT_TYPES = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4",
                "uint32": "u4", "float32": "f4", "float64": "f8"}
_DECODED = {v: k for k, v in _SHORT_TYPES.items()}
_LINE_TRACES = ("scatter", "scattergl")
_GRID_TRACES = ("heatmap", "contour")
_NOT_DATA = ("range", "tickvals", "geojson", "layer", "layers")  # plotly.js wants these as plain values
_POINT_ARRAYS = ("text", "hovertext", "customdata", "ids", "error_y", "error_x")


def encode_array(a: np.ndarray) -> dict[str, str]:
    """(…) numeric array → {"dtype", "bdata"[, "shape"]}; float64 shrinks to float32 when it fits."""
    a = np.asarray(a)
    if a.dtype == np.float64 and _fits_float32(a):
        a = a.astype(np.float32)
    elif a.dtype == np.int64 or a.dtype == np.uint64 or a.dtype == np.bool_:
        a = _narrow_int(a)
    elif a.dtype.name not in _SHORT_TYPES:
        a = a.astype(np.float64)
    spec = {"dtype": _SHORT_TYPES[a.dtype.name],
            "bdata": base64.b64encode(np.ascontiguousarray(a)).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ", ".join(map(str, a.shape))
    return spec


def decode_array(spec: dict) -> np.ndarray:
    """The inverse of `encode_array` (also reads plotly.py's own typed-array specs)."""
    a = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=_DECODED[spec["dtype"]])
    if "shape" in spec:
        a = a.reshape([int(n) for n in str(spec["shape"]).split(",")])
    return a


def quantise_grid(z: np.ndarray) -> dict:
    """(H, W) float grid → a u1 spec with [lo, hi]: 255 levels over the finite range, NaN kept.

    The error is at most (hi − lo) / 508, below what a 256-colour scale can show.
    """
    z = np.asarray(z, dtype=np.float64)
    finite = np.isfinite(z)
    lo, hi = (float(z[finite].min()), float(z[finite].max())) if finite.any() else (0.0, 0.0)
    scale = (_NAN_CODE - 1) / (hi - lo) if hi > lo else 0.0
    codes = np.where(finite, np.rint((np.where(finite, z, lo) - lo) * scale), _NAN_CODE).astype(np.uint8)
    spec = encode_array(codes)
    spec[QUANTISED_KEY] = [lo, hi]
    return spec


def dequantise_grid(spec: dict) -> np.ndarray:
    """The values a quantised spec stands for (what the browser decodes), NaN for gaps."""
    codes = decode_array(spec)
    lo, hi = spec[QUANTISED_KEY]
    z = lo + codes.astype(np.float64) * ((hi - lo) / (_NAN_CODE - 1))
    return np.where(codes == _NAN_CODE, np.nan, z)


def downsample_line(x: np.ndarray, y: np.ndarray, max_points: int = MAX_LINE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(N,), (N,) → at most max_points points: each bucket keeps its min and max of y, in x order.

    Spikes (a loss blow-up, a dip) survive, unlike plain striding; the first and last points stay.
    """
    n = len(y)
    if n <= max_points:
        return x, y
    inner = np.where(np.isfinite(y[1:-1]), y[1:-1], np.nan)
    buckets = max(1, (max_points - 2) // 2)
    size = -(-len(inner) // buckets)          # ceil: every bucket full but maybe the last
    padded = np.full(buckets * size, np.nan)
    padded[:len(inner)] = inner
    grid = padded.reshape(buckets, size)
    rows = ~np.isnan(grid).all(axis=1)        # an all-NaN bucket keeps nothing
    filled = np.where(np.isnan(grid), np.inf, grid)[rows]
    starts = np.flatnonzero(rows) * size + 1
    lo = starts + filled.argmin(axis=1)
    hi = starts + np.where(np.isinf(filled), -np.inf, filled).argmax(axis=1)
    idx = np.unique(np.concatenate([[0, n - 1], lo, hi]))
    return x[idx], y[idx]


def figure_payload(fig: go.Figure | dict, height: int | None = None,
                   max_points: int = MAX_LINE_POINTS) -> dict[str, Any]:
    """A figure (go.Figure or {"data": [...], "layout": {...}}) → {"data", "layout"} ready for JSON.

    Numeric arrays become typed-array specs; scatter lines longer than max_points are
    downsampled; heatmap/contour grids of ≥ QUANTISE_MIN_CELLS cells without printed values
    are quantised to one byte a cell. layout.template is dropped: the live chart applies the
    app's theme. `height` (px) overrides layout.height. The input is not modified.
    """
    if isinstance(fig, go.Figure):
        # the figure's own validated dicts, read without to_plotly_json()'s deep copy (1–3 ms);
        # nothing below modifies them
        fig = {"data": fig._data, "layout": fig._layout}
    layout = {k: _plain(v) for k, v in (fig.get("layout") or {}).items() if k != "template"}
    if height is not None:
        layout["height"] = int(height)
    return {"data": [_trace(dict(t), max_points) for t in fig.get("data") or []], "layout": layout}


def _trace(trace: dict, max_points: int) -> dict:
    kind = trace.get("type", "scatter")
    if kind in _LINE_TRACES and _only_lines(trace):
        x, y = _array(trace["x"]), _array(trace["y"])
        if x is not None and y is not None and x.ndim == y.ndim == 1 and len(x) == len(y):
            trace["x"], trace["y"] = downsample_line(x, y, max_points)
    if kind in _GRID_TRACES and "z" in trace and not trace.get("texttemplate") and trace.get("text") is None:
        z = _array(trace["z"])
        if z is not None and z.ndim == 2 and z.size >= QUANTISE_MIN_CELLS and z.dtype.kind == "f":
            trace["z"] = quantise_grid(z)
    return {k: _plain(v) for k, v in trace.items()}


def _only_lines(trace: dict) -> bool:
    """A plain line (no markers, no per-point extras) that can lose points without misaligning."""
    marker = trace.get("marker") or {}
    return ("x" in trace and "y" in trace and trace.get("mode", "lines") == "lines"
            and not any(k in trace for k in _POINT_ARRAYS)
            and not any(_array(v) is not None for v in marker.values()))


def _array(value: Any) -> np.ndarray | None:
    """A numeric ndarray for value (array, typed spec, numeric list), else None."""
    if isinstance(value, dict) and "bdata" in value:
        return None if QUANTISED_KEY in value else decode_array(value)
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in "biuf" else None
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (str, dict)):
        try:
            a = np.asarray(value)
        except ValueError:  # ragged
            return None
        return a if a.dtype.kind in "biuf" else None
    return None


def _plain(value: Any, key: str = "") -> Any:
    """Walk a figure fragment: arrays → typed specs, NumPy scalars → Python numbers, NaN → None."""
    if isinstance(value, dict):
        if "bdata" in value:  # plotly.py's own f8 specs shrink to f4 too
            return value if value["dtype"] != "f8" else encode_array(decode_array(value))
        return {k: _plain(v, k) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf" and value.size and key not in _NOT_DATA:
            return encode_array(value)
        return value.tolist()
    if isinstance(value, (list, tuple)):
        if len(value) >= 16 and key not in _NOT_DATA:
            a = _array(list(value))
            if a is not None:
                return encode_array(a)
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN/Infinity: the browser would reject the whole figure
    return value


def _fits_float32(a: np.ndarray) -> bool:
    if not a.size:
        return True
    finite = a[np.isfinite(a)]
    return not finite.size or float(np.abs(finite).max()) <= _F4_MAX


def _narrow_int(a: np.ndarray) -> np.ndarray:
    if a.dtype == np.bool_ or not a.size:
        return a.astype(np.uint8)
    lo, hi = int(a.min()), int(a.max())
    for dtype in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32):
        info = np.iinfo(dtype)
        if info.min <= lo and hi <= info.max:
            return a.astype(dtype)
    return a.astype(np.float64)
