"""The browser's Back button goes to the previous page, not to the previous setting."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

_SCRIPT = Path(__file__).with_name("browser") / "history.js"


@lru_cache(maxsize=None)
def _script() -> str:
    return f"<script>{_SCRIPT.read_text()}</script>"


def one_entry_per_page() -> None:
    """Install (once per browser tab) a history rule: an address change that keeps the page's path
    (a page writing its settings into the link) replaces the current entry instead of adding one."""
    st.html(_script(), unsafe_allow_javascript=True)
