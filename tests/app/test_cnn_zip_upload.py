"""AppTest: a chosen zip is decoded once, in the uploader's callback, and its outcome kept: a
"Use <name>" button for a good zip, the parser's message for a bad one."""
from streamlit.testing.v1 import AppTest


def script() -> None:
    from pathlib import Path

    import streamlit as st

    from dl_engine.ui import cnn_widgets

    class Chosen:   # what st.file_uploader hands the callback
        def __init__(self, name, data):
            self.name, self._data = name, data

        def getvalue(self):
            st.session_state["decodes"] = st.session_state.get("decodes", 0) + 1
            return self._data

    if "demo.zip" not in st.session_state:
        good = st.session_state.get("good", True)
        data = (Path(st.session_state["root"]) / "assets" / "shapes.zip").read_bytes() if good else b"PK\x03\x04 not a zip"
        st.session_state["demo.zip"] = Chosen("shapes.zip", data)
        cnn_widgets._zip_chosen("demo")
    outcome = st.session_state["demo.zip_outcome"]
    st.write(outcome[0], outcome[-1] if outcome[0] == "ok" else outcome[1])


def run(good: bool) -> AppTest:
    from pathlib import Path
    at = AppTest.from_function(script)
    at.session_state["root"] = str(Path(__file__).resolve().parents[2])
    at.session_state["good"] = good
    return at.run()


def test_a_good_zip_is_decoded_once_however_often_the_page_reruns():
    at = run(good=True)
    at.run()
    at.run()
    assert not at.exception and at.markdown[0].value == "ok shapes.zip"
    assert at.session_state["decodes"] == 1


def test_a_bad_zip_keeps_its_message():
    at = run(good=False)
    assert not at.exception and at.markdown[0].value.startswith("error ")
    assert "zip" in at.markdown[0].value.lower() and "object at 0x" not in at.markdown[0].value
