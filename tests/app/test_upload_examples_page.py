"""AppTest: every uploader (and the recurrent page's text box) has a 'Download an example' beside it,
offering the example of its own kind."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("page,params,suffixes", [
    ("mlp.py", {"dataset": "csv"}, [".csv"]),
    ("perceptron.py", {"dataset": "custom"}, [".csv"]),
    ("cnn.py", {}, [".zip", ".png"]),
    ("conv_lab.py", {"source": "upload"}, [".png"]),
    ("recurrent.py", {"task": "language_model", "corpus": "custom", "custom_text": "the cat sat"}, [".txt"]),
])
def test_each_uploader_offers_its_example(page, params, suffixes):
    at = AppTest.from_file(str(ROOT / "playgrounds" / page), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    buttons = [b for b in at.get("download_button") if b.proto.label == "Download an example"]
    assert sorted(Path(b.proto.url).suffix for b in buttons) == sorted(suffixes)
