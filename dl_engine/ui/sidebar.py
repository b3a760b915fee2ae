"""The sidebar shared by every page: device, seed and refresh rate."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dl_engine.device import AUTO, available_devices, describe_device, resolve_device
from dl_engine.ui.warmup import warm_up
from dl_engine.ui.page_state import setting

REFRESH_CHOICES = (0.5, 0.2, 0.1)  # seconds between redraws, slowest first: faster to the right
DEFAULT_REFRESH = 0.1              # ask for 10 redraws/s; a busy page draws as fast as the browser keeps up (RESULTS.md)


@dataclass(frozen=True)
class Common:
    """Settings every page reads: the device name, the seed and the live refresh period (s)."""
    device: str
    seed: int
    refresh: float


def common_sidebar() -> Common:
    """Draw the shared sidebar controls and return their values."""
    warm_up()
    params = st.query_params
    if "common.seed" not in st.session_state:
        seed = params.get("seed", "0")
        st.session_state["common.seed"] = int(seed) if seed.isascii() and seed.isdigit() and len(seed) <= 10 and int(seed) < 2**31 else 0
    with st.sidebar:
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
    return Common(device=device, seed=int(seed), refresh=float(refresh))
