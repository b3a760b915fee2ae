"""A link to another playground that works inside the app and on a page run on its own."""
from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dl_engine.ui.catalog import PLAYGROUNDS


def playground_link(url_path: str, label: str) -> None:
    """st.page_link to the catalog's page `url_path`; a plain link to its URL where the app's
    navigation is absent (a page run alone, as AppTest runs it)."""
    page = next(p for p in PLAYGROUNDS if p.url_path == url_path)
    try:
        st.page_link(page.file, label=label, icon=page.icon)
    except StreamlitPageNotFoundError:
        st.link_button(label, url_path)
