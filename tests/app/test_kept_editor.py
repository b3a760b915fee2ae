"""AppTest: a table edited in st.data_editor keeps its edits when the editor is not drawn for a
while (the user is on another page) and comes back."""
from streamlit.testing.v1 import AppTest


def script() -> None:
    import pandas as pd
    import streamlit as st

    from dl_engine.ui.page_state import kept_editor

    if st.session_state.get("shown", True):
        table = kept_editor("demo.table", pd.DataFrame({"a": [1, 2], "b": [3, 4]}))
        st.write(f"sum {int(table.to_numpy().sum())}")


def test_edits_survive_the_editor_being_left_and_drawn_again():
    at = AppTest.from_function(script).run()
    assert at.markdown[0].value == "sum 10"
    at.session_state["demo.table"] = {"edited_rows": {0: {"a": 11}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and at.markdown[0].value == "sum 20", "the edit is in the table"
    at.session_state["shown"] = False
    at.run()
    at.run()          # a run without the editor drops its state
    at.session_state["shown"] = True
    at.run()
    assert not at.exception and at.markdown[0].value == "sum 20", "the edit came back with the editor"
