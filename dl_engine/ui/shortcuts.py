"""Keyboard shortcuts on a training page (space, →, r, p), listed on the home page."""
from __future__ import annotations

import re

import streamlit as st

from dl_engine.ui.browser_asset import browser_asset

SHORTCUTS = {"space": "Train / Pause", "→": "one step", "r": "Reset", "p": "present mode on / off"}


def shortcuts_help() -> str:
    """The shortcuts in one line: "space Train / Pause · → one step · …"."""
    return " · ".join(f"{key} {what}" for key, what in SHORTCUTS.items())


def _script(page: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", page):
        raise ValueError(f"page key {page!r} is not usable in a CSS class")
    return f"<script>{browser_asset('shortcuts.js').replace('__PAGE__', page)}</script>"


def keyboard_shortcuts(page: str) -> None:
    """Let the keys drive the control bar of `page` (its buttons keyed "<page>.train", …)."""
    st.html(_script(page), unsafe_allow_javascript=True)
