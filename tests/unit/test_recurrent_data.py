"""Sequence and text data for the recurrent page: shapes, targets that are right, clear errors."""
import numpy as np
import pytest

from dl_engine.config import from_query, to_query, validate
from dl_engine.data import sequences, text
from dl_engine.data.csv_points import DataError
from dl_engine.training.recurrent_experiment import RecurrentConfig, config_problem
from dl_engine.training.recurrent_probe import pca_2d


def test_sine_targets_are_the_next_clean_value():
    x, y = sequences.sine_batch(np.random.default_rng(0), 5, 12, noise=0.0)
    assert x.shape == y.shape == (5, 12, 1)
    np.testing.assert_allclose(x[:, 1:], y[:, :-1], atol=1e-6)  # without noise, x_{t+1} is y_t


def test_adding_problem_marks_one_value_in_each_half_and_sums_them():
    x, y = sequences.adding_batch(np.random.default_rng(1), 50, 10)
    marks = x[..., 1]
    assert np.all(marks[:, :5].sum(1) == 1) and np.all(marks[:, 5:].sum(1) == 1)
    np.testing.assert_allclose(y[:, 0], (x[..., 0] * marks).sum(1), rtol=1e-6)


def test_remember_first_answer_is_the_first_symbol_and_the_rest_are_distractors():
    x, y = sequences.remember_first_batch(np.random.default_rng(2), 40, 7, symbols=4, distractors=2)
    assert x.shape == (40, 7, 6)
    np.testing.assert_array_equal(x[:, 0].argmax(-1), y)
    assert np.all(x[:, 1:].argmax(-1) >= 4)
    assert sequences.symbol_names(x[0])[1] in ("x", "y")


def test_hello_windows_predict_the_next_character():
    corpus = text.CharCorpus.of("hello")
    x, y = text.char_windows(np.random.default_rng(0), corpus, 3, 10)
    assert x.shape == (3, 4, 4)  # the window is capped at len − 1
    assert corpus.decode(x[0].argmax(-1)) == "hell" and corpus.decode(y[0]) == "ello"


@pytest.mark.parametrize("raw,message", [("hi", "at least"), ("x" * 5000, "at most"),
                                         ("".join(chr(0x4e00 + i) for i in range(80)), "different characters")])
def test_pasted_text_is_validated_with_a_message(raw, message):
    with pytest.raises(DataError, match=message):
        text.clean_text(raw)


def test_pasted_text_whitespace_is_collapsed():
    assert text.clean_text("  to be\n\n or   not ") == "to be or not"


def test_sentiment_sets_share_a_vocabulary_and_end_on_the_last_word():
    train, test = text.sentiment_sets()
    assert train.words == test.words and set(train.y) == {0, 1} and set(test.y) == {0, 1}
    assert train.x.shape[1:] == test.x.shape[1:] == (train.x.shape[1], len(train.words))
    first = train.sentences[0]
    assert first[-1] == text.SENTIMENT[0][0].split()[-1]
    assert np.all(train.x[0][np.array(first) == "·"] == 0)  # padding steps carry no input


def test_config_round_trips_through_the_url_and_flags_impossible_settings():
    config = RecurrentConfig(task="sentiment", cell="gru", bidirectional=True, lr=0.003, custom_text="a, b")
    validate(config)
    back, problems = from_query(RecurrentConfig, to_query(config))
    assert back == config and not problems
    assert config_problem(config) is None
    assert "reads the future" in config_problem(RecurrentConfig(task="forecast", bidirectional=True))
    assert "at least" in config_problem(RecurrentConfig(corpus="custom", custom_text="abc"))


def test_pca_projects_a_line_onto_its_first_component():
    t = np.linspace(-1, 1, 10)
    h = np.stack([t, 2 * t, np.zeros_like(t)], -1)[None]  # (1, 10, 3): all variance on one direction
    coords, explained = pca_2d(h)
    assert coords.shape == (1, 10, 2)
    assert explained[0] == pytest.approx(1.0) and abs(coords[0, :, 1]).max() < 1e-6
    np.testing.assert_allclose(np.abs(coords[0, :, 0]), np.abs(t) * np.sqrt(5), rtol=1e-5)
