"""AppTest: the CNN page builds from the URL, shows its shape table, trains, applies what-ifs, refuses
impossible architectures and bad dense-layer text with clear messages."""
import time
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from dl_engine.training.run import Status

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "playgrounds" / "cnn.py")


def load(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_page_loads_with_its_shape_table_and_live_figures():
    at = load()
    assert not at.exception and not at.error
    run = at.session_state["cnn.run"]
    assert run.config.filters == (8, 16) and run.snapshot.visuals["input_shape"] == (1, 8, 8)
    table = next(df.value for df in at.dataframe if "layer" in df.value.columns)
    assert list(table["layer"])[:3] == ["input", "conv1", "act1"]
    assert table["parameters"].sum() == sum(p.numel() for p in run.experiment.model.parameters())


def test_train_advances_and_the_kernels_change():
    at = load()
    run = at.session_state["cnn.run"]
    before = run.snapshot.visuals["kernels"]["conv1"].copy()
    at.button(key="cnn.train").click().run()
    deadline = time.monotonic() + 30      # a loaded machine may take a while to publish a snapshot
    while run.snapshot.step == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    at.run()
    assert run.steps > 0 and run.snapshot.step > 0
    assert not np.array_equal(before, run.snapshot.visuals["kernels"]["conv1"])
    at.button(key="cnn.train").click().run()
    assert run.status == Status.PAUSED


def test_what_if_freeze_and_overwrite():
    at = load()
    run = at.session_state["cnn.run"]
    at.number_input(key="cnn.wi_filter").set_value(2).run()
    at.selectbox(key="cnn.wi_preset").set_value("sobel y").run()
    at.button(key="cnn.wi_overwrite").click().run()
    at.button(key="cnn.wi_freeze").click().run()
    assert run.snapshot.visuals["frozen"] == {"conv1": [2]}
    at.button(key="cnn.step.+1 epoch").click().run()
    kernel = run.snapshot.visuals["kernels"]["conv1"][2, 0]
    np.testing.assert_allclose(kernel, [[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
    assert any("conv1 #2" in c.value for c in at.caption)


def test_impossible_architecture_is_refused_before_training():
    at = load(kernel="7,7", padding="0,0", pool="none,none")
    assert not at.exception
    assert any("Block 2" in e.value and "does not fit" in e.value for e in at.error)
    assert "cnn.run" not in at.session_state


def test_bad_dense_text_is_a_clear_error_then_recovers():
    at = load()
    at.text_input(key="cnn.dense_text").set_value("64, lots").run()
    assert any("whole numbers" in e.value for e in at.error)
    at.text_input(key="cnn.dense_text").set_value("64, 16").run()
    assert not at.error and at.session_state["cnn.run"].config.dense == (64, 16)


def test_shapes_dataset_from_the_url():
    at = load(dataset="shapes", filters="4,8", kernel="5,3", stride="1,1", padding="2,1",
              activation="relu,tanh", pool="max,avg", pool_size="2,2", batch_norm="True,False",
              dropout="0.0,0.2")
    assert not at.exception and not at.error
    run = at.session_state["cnn.run"]
    assert run.snapshot.visuals["input_shape"] == (1, 28, 28) and run.config.batch_norm == (True, False)
