"""A link that names a CSV this browser did not upload (links cannot carry files): the page says so
and shows a built-in data set instead; the link's other settings stay."""
from __future__ import annotations

import streamlit as st

from dl_engine.data import point_store
from dl_engine.data.csv_points import DataError
from dl_engine.ui.owner import session_owner


def fall_back_from_a_missing_upload(page: str, field: str, fallback: str, fallback_name: str) -> None:
    """If `<page>.<field>` is "csv" and `<page>.upload` names no upload of this browser session,
    warn and set the field to `fallback` (shown to the user as `fallback_name`)."""
    key = st.session_state.get(f"{page}.upload")
    if st.session_state.get(f"{page}.{field}") != "csv" or not key:
        return
    try:
        point_store.recall(key, owner=session_owner())
    except DataError as err:
        st.warning(f"{err} Showing {fallback_name} instead.")
        st.session_state[f"{page}.{field}"], st.session_state[f"{page}.upload"] = fallback, ""
