"""The user's own 2-D points: an editable table, a CSV upload and a paste box, all validated.

Uploaded or pasted CSV replaces the table; a bad file leaves the table as it was and shows
what is wrong. Keys: "<page>.table", "<page>.upload", "<page>.paste", "<page>.csv_message".
"""
from __future__ import annotations

import streamlit as st

from dl_engine.data.csv_points import DataError
from dl_engine.data.perceptron_data import EXAMPLE_POINTS, MAX_POINTS, points_from_csv, points_table, table_points
from dl_engine.ui.page_state import forget_editor, kept_editor, setting
from dl_engine.ui.upload_examples import example_download


def load_csv(page: str, data: bytes) -> bool:
    """Parse CSV bytes into `page`'s table (True), or store the error to show (False).

    Call it from a widget callback: it resets the table editor, which a script body may not.
    """
    try:
        points, names = points_from_csv(data)
    except DataError as err:
        st.session_state[f"{page}.csv_message"] = ("error", f"Could not use that CSV: {err}")
        return False
    st.session_state[f"{page}.table_base"] = points_table(points)
    forget_editor(f"{page}.table")  # edits made to the previous table
    st.session_state[f"{page}.class_names"] = tuple(names)
    st.session_state[f"{page}.csv_message"] = ("success", (
        f"Loaded {len(points) // 3} points: class 0 = '{names[0]}', class 1 = '{names[1]}'."))
    return True


def _on_upload(page: str) -> None:
    upload = st.session_state.get(f"{page}.upload")
    if upload is not None:
        load_csv(page, upload.getvalue())


def _on_paste(page: str) -> None:
    load_csv(page, st.session_state.get(f"{page}.paste", "").encode("utf-8"))


def class_names(page: str) -> tuple[str, str]:
    """The names of classes 0 and 1 from the last loaded CSV (else "0" and "1")."""
    return st.session_state.get(f"{page}.class_names", ("0", "1"))


def points_editor(page: str, initial: tuple[float, ...]) -> tuple[float, ...]:
    """Draw the table (seeded once from `initial`, else the notes' example) with upload and
    paste; return its complete rows as flat (x1, x2, y, …) points."""
    base_key = f"{page}.table_base"
    if base_key not in st.session_state:
        st.session_state[base_key] = points_table(initial or EXAMPLE_POINTS)
    left, right = st.columns([3, 2])
    with right:
        st.file_uploader("Upload a CSV: x1, x2, label (header optional, two classes)", type=["csv", "txt"],
                         key=f"{page}.upload", on_change=_on_upload, args=(page,),
                         help=f"At most {MAX_POINTS} points. Labels may be 0/1, −1/1 or two names.")
        example_download("points")
        st.text_area("…or paste CSV text", **setting(f"{page}.paste"), height=110,
                     placeholder="x1,x2,label\n1,2,0\n3,1,1")
        st.button("Load pasted points", key=f"{page}.paste_load", on_click=_on_paste, args=(page,))
        kind, text = st.session_state.get(f"{page}.csv_message", (None, None))
        if kind == "error":
            st.error(text, icon="⚠️")
        elif kind == "success":
            st.success(text)
    with left:
        table = kept_editor(
            f"{page}.table", st.session_state[base_key], num_rows="dynamic", hide_index=True,
            width="stretch", height=260,
            column_config={"x1": st.column_config.NumberColumn("x1", required=True),
                           "x2": st.column_config.NumberColumn("x2", required=True),
                           "y": st.column_config.NumberColumn("label y", min_value=0, max_value=1, step=1,
                                                              required=True, help="class 0 or 1")})
        points, skipped = table_points(table)
        if skipped:
            st.caption(f"{skipped} incomplete row(s) ignored until you fill them in.")
    return points
