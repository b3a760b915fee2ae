"""Convolution-lab widgets: editable kernel grids for a filter bank, and the sliding-window stepper."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

from dl_engine.models.kernels import PRESETS, preset
from dl_engine.ui.page_state import kept_editor, setting
from dl_engine.ui.present import lesson

CELL_PX = 64     # one kernel column: room for '-0.111', and for the header's edit icon beside 'c4'
GRID_GAP = 24    # px between two grids in a row (Streamlit's column gap, and air)


def grids_per_row(size: int, width: int) -> int:
    """How many size×size kernel grids fit side by side, whole, in `width` px (at most 4)."""
    return int(max(1, min(4, width // (size * CELL_PX + GRID_GAP))))


def kernel_bank(page: str, names: tuple[str, ...], size: int, width: int) -> np.ndarray:
    """One editable size×size grid per preset in `names`, as many to a row as fit whole in `width`
    px; returns the bank (K, F, F). What each preset does is lesson text, under the grids.

    Each grid starts from its preset; edits persist until the preset or the size changes.
    Empty cells count as 0.
    """
    per_row = grids_per_row(size, width)
    bank = []
    for first in range(0, len(names), per_row):
        for col, name in zip(st.columns(per_row), names[first:first + per_row]):
            with col:
                st.markdown(f"**{name}**")
                start = pd.DataFrame(preset(name, size), columns=[f"c{j}" for j in range(size)])
                edited = kept_editor(
                    f"{page}.grid.{name}.{size}", start, hide_index=True, width="content",
                    column_config={c: st.column_config.NumberColumn(c, format="%.3g", width=CELL_PX)
                                   for c in start.columns})
                bank.append(edited.to_numpy(dtype=float, na_value=0.0))
    with lesson("What each filter does"):
        for name in names:
            st.caption(f"**{name}**: {PRESETS[name].about}")
    return np.stack(bank)


def _move(page: str, n: int, delta: int) -> None:
    st.session_state[f"{page}.pos"] = int(np.clip(st.session_state.get(f"{page}.pos", 0) + delta, 0, n - 1))


def _step(page: str, n: int, delta: int) -> None:
    """◀ / ▶: one position by hand, which pauses a playing window."""
    st.session_state[f"{page}.playing"] = False
    _move(page, n, delta)


def _toggle_play(page: str, n: int) -> None:
    playing = not st.session_state.get(f"{page}.playing", False)
    if playing and st.session_state.get(f"{page}.pos", 0) >= n - 1:
        st.session_state[f"{page}.pos"] = 0       # Play at the end starts again from the first position
    st.session_state[f"{page}.playing"] = playing


def play_tick(pos: int, n: int, playing: bool, timer_on: bool) -> tuple[int, bool, bool]:
    """One run of the stepper's panel → (position, still playing, rerun the whole page).

    timer_on: whether the panel's timer was set when the page last ran in full. A click on Play or
    Pause reruns only the panel (a fragment), whose timer is fixed when the page runs in full: so
    when `playing` and the timer disagree the page must rerun first (else Play moves one position
    and stops). While playing, each tick moves one position; the last position stops the play and
    reruns the page to turn the timer off.
    """
    if playing != timer_on:
        return pos, playing, True
    if not playing:
        return pos, False, False
    pos = min(pos + 1, n - 1)
    return (pos, False, True) if pos >= n - 1 else (pos, True, False)


def stepper(page: str, n: int, draw: Callable[[int], None], period: float = 0.8) -> None:
    """◀ / ▶ / play controls over window positions 0..n−1 and `draw(position)` below them.

    Playing advances one position every `period` seconds inside a fragment (only it reruns)
    until the last position or Pause (see play_tick).
    """
    key = f"{page}.pos"
    if st.session_state.get(key, 0) >= n:
        st.session_state[key] = 0
    playing = st.session_state.get(f"{page}.playing", False)

    @st.fragment(run_every=period if playing else None)
    def panel() -> None:
        pos, still, rerun = play_tick(st.session_state.get(key, 0), n,
                                      st.session_state.get(f"{page}.playing", False), playing)
        st.session_state[key], st.session_state[f"{page}.playing"] = pos, still
        if rerun:
            st.rerun()   # the whole page: only it can turn the panel's timer on or off
        c1, c2, c3, c4 = st.columns([1, 1, 1, 5])
        c1.button("◀ Previous", key=f"{page}.prev", on_click=_step, args=(page, n, -1), width="stretch")
        c2.button("Next ▶", key=f"{page}.next", on_click=_step, args=(page, n, +1), width="stretch")
        c3.button("⏸ Pause" if playing else "⏵ Play", key=f"{page}.play", on_click=_toggle_play,
                  args=(page, n), width="stretch")
        if n > 1:
            c4.slider("Window position", 0, n - 1, **setting(key), label_visibility="collapsed")
        draw(st.session_state.get(key, 0))

    panel()
