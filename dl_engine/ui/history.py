"""The browser's Back button goes to the previous page, not to the previous setting."""
from __future__ import annotations

import streamlit as st

from dl_engine.ui.browser_asset import browser_asset


def one_entry_per_page() -> None:
    """Install (once per browser tab) a history rule: an address change that keeps the page's path
    (a page writing its settings into the link) replaces the current entry instead of adding one."""
    st.html(f"<script>{browser_asset('history.js')}</script>", unsafe_allow_javascript=True)
