"""Keyboard shortcuts on a training page (space, →, r, p), listed on the home page."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import streamlit as st

SHORTCUTS = {"space": "Train / Pause", "→": "one step", "r": "Reset", "p": "present mode on / off"}
_SCRIPT = Path(__file__).with_name("browser") / "shortcuts.js"


def shortcuts_help() -> str:
    """The shortcuts in one line: "space Train / Pause · → one step · …"."""
    return " · ".join(f"{key} {what}" for key, what in SHORTCUTS.items())


@lru_cache(maxsize=None)
def _script(page: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", page):
        raise ValueError(f"page key {page!r} is not usable in a CSS class")
    return f"<script>{_SCRIPT.read_text().replace('__PAGE__', page)}</script>"


def keyboard_shortcuts(page: str) -> None:
    """Let the keys drive the control bar of `page` (its buttons keyed "<page>.train", …)."""
    st.html(_script(page), unsafe_allow_javascript=True)
