"""The recurrent page's PyTorch script trains like the page: the first losses of the default LSTM
language model, of compare mode (RNN, LSTM and GRU side by side, truncated BPTT, value clipping)
and of a two-layer bidirectional GRU on sentiment with norm clipping."""
import numpy as np
import pytest

from dl_engine.export.scripts import pytorch_script
from dl_engine.training import recurrent_experiment as rx
from tests.unit.torch_script_checks import check_script, script_namespace


def test_default_lstm_language_model(tmp_path):
    out = check_script("RecurrentExperiment", rx.build_recurrent_experiment, rx.RecurrentConfig(), 0, tmp_path)
    assert "lstm test_loss" in out and "test_acc" in out


def test_compare_mode_trains_the_three_cells_on_the_same_batches(tmp_path):
    config = rx.RecurrentConfig(compare=True, task="forecast", nonlinearity="relu", seq_len=10, truncate=4,
                                clip="value", clip_threshold=0.5, optimizer="momentum", batch_size=8)
    out = check_script("CompareExperiment", rx.build_recurrent_experiment, config, 2, tmp_path)
    assert all(f"{cell} test_loss" in out for cell in ("rnn", "lstm", "gru"))


def test_bidirectional_two_layer_gru_on_sentiment(tmp_path):
    config = rx.RecurrentConfig(task="sentiment", cell="gru", num_layers=2, bidirectional=True, hidden_size=8,
                                clip="norm", optimizer="rmsprop", batch_size=8)
    check_script("RecurrentExperiment", rx.build_recurrent_experiment, config, 1, tmp_path)


@pytest.mark.parametrize("task", rx.TASKS)
def test_every_task_regenerates_the_pages_batches_and_held_out_sets(task):
    config = rx.RecurrentConfig(task=task, corpus="custom", custom_text="a short text of mine", seq_len=7)
    script = script_namespace(pytorch_script("RecurrentExperiment", config, 4))
    engine = rx.make_task(config)
    for got, want in zip(script["batch"](np.random.default_rng(5), 6), engine.batch(np.random.default_rng(5), 6)):
        np.testing.assert_array_equal(got, want)
    got, want = script["eval_sets"](4), engine.eval_sets(4)
    assert got.keys() == want.keys()
    for split in want:
        for a, b in zip(got[split], want[split]):
            np.testing.assert_array_equal(a, b)


def test_a_config_the_page_refuses_is_refused():
    with pytest.raises(rx.ConfigError, match="bidirectional"):
        pytorch_script("RecurrentExperiment", rx.RecurrentConfig(bidirectional=True), 0)
