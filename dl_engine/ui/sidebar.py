"""The sidebar shared by every page: present mode, device, seed and refresh rate."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dl_engine.device import AUTO, available_devices, describe_device, resolve_device
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import present_style, present_toggle
from dl_engine.ui.warmup import warm_up
from dl_engine.viz.curve_view import VIEWS

REFRESH_CHOICES = (0.5, 0.2, 0.1, 0.05)  # seconds between redraws, slowest first: faster to the right
DEFAULT_REFRESH = 0.1              # ask for 10 redraws/s; a busy page draws as fast as the browser keeps up (RESULTS.md)


@dataclass(frozen=True)
class Common:
    """Settings every page reads: the device name, the seed and the live refresh period (s)."""
    device: str
    seed: int
    refresh: float


def _seed_from_link(text: str) -> int:
    """The link's seed, or 0 with a warning naming what was ignored."""
    if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) < 2**31:
        return int(text)
    st.warning(f"Ignored 'seed={text[:20]}' from the link: a seed is a whole number from 0 to "
               f"{2**31 - 1:,}. Using seed 0.")
    return 0


def common_sidebar() -> Common:
    """Draw the shared sidebar controls and return their values."""
    warm_up()
    params = st.query_params
    if "common.seed" not in st.session_state:
        st.session_state["common.seed"] = _seed_from_link(params.get("seed", "0"))
    with st.sidebar:
        present_toggle()
        st.markdown("### Run settings")
        device = st.selectbox("Device", [AUTO, *available_devices()], **setting("common.device"),
                              help="auto picks a CUDA GPU when there is one, else Apple MPS, else the CPU.")
        st.caption(f"Using **{describe_device(resolve_device(device))}**")
        seed = st.number_input("Seed", 0, 2**31 - 1, step=1, **setting("common.seed"),
                               help="Same seed and settings → the same curves, run after run.")
        refresh = st.select_slider("Live updates", REFRESH_CHOICES, value=DEFAULT_REFRESH,
                                   format_func=lambda s: f"{1 / s:g} per second", **setting("common.refresh"),
                                   help="How often the figures redraw while a run trains. Fewer updates "
                                        "leave more of a slow or shared computer to training.")
        st.selectbox("Training curves show", VIEWS, **setting("common.curves"),
                     help="A long run squeezes its learning into the left edge of every curve: a log time "
                          "axis gives the early epochs as much room as the long tail; the last stretch "
                          "shows only the latest fifth of the run, its y axis fitted to it.")
    present_style()
    return Common(device=device, seed=int(seed), refresh=float(refresh))
