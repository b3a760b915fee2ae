"""Character corpora (the notes' "hello", short texts we wrote, pasted text) and a tiny sentiment set.

Corpora become one-hot windows for next-character prediction; sentences become one-hot word
sequences for many-to-one sentiment. Everything is written here: nothing is downloaded.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dl_engine.data.csv_points import DataError

CORPORA = {
    "hello": "hello",
    "counting": "one two three four five six seven eight nine ten. " * 2,
    "weather": ("the sun is warm and the sky is blue. the rain is cold and the sky is grey. "
                "the wind is fast and the sea is loud. the snow is soft and the night is still. "),
    "loops": "a recurrent net reads a sequence one step at a time and keeps a state. "
             "the state is its memory. gates decide what the memory keeps and what it forgets. ",
}
MIN_CHARS, MAX_CHARS, MAX_VOCAB = 5, 3000, 60


@dataclass(frozen=True)
class CharCorpus:
    """A text and its vocabulary in order of first appearance ("hello" → [h, e, l, o], as in the notes)."""
    text: str
    vocab: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "CharCorpus":
        return cls(text, tuple(dict.fromkeys(text)))

    def encode(self, text: str) -> np.ndarray:
        """Characters → indices (len,)."""
        index = {ch: i for i, ch in enumerate(self.vocab)}
        return np.array([index[ch] for ch in text], dtype=np.int64)

    def decode(self, indices) -> str:
        return "".join(self.vocab[int(i)] for i in indices)


def clean_text(text: str) -> str:
    """Validate pasted text: printable characters, whitespace collapsed, within the size limits.

    Raises DataError saying what to change (also for a value that is not text at all).
    """
    if not isinstance(text, str):  # a link or a cleared box can bring None
        text = ""
    text = " ".join(text.split())
    text = "".join(ch for ch in text if ch.isprintable())
    if len(text) < MIN_CHARS:
        raise DataError(f"Paste at least {MIN_CHARS} characters of text (got {len(text)}).")
    if len(text) > MAX_CHARS:
        raise DataError(f"Paste at most {MAX_CHARS} characters: a tiny network learns a short text "
                        f"(got {len(text)}). Cut it down, or pick a built-in corpus.")
    vocab = set(text)
    if len(vocab) > MAX_VOCAB:
        raise DataError(f"The text uses {len(vocab)} different characters; at most {MAX_VOCAB} fit. "
                        "Try lower-case letters and fewer symbols.")
    return text


def char_windows(rng: np.random.Generator, corpus: CharCorpus, batch: int, length: int,
                 starts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Random windows for next-character prediction (many-to-many).

    length is capped at len(text) − 1. x (B, T, V): one-hot characters; y (B, T): the index of
    the next character at each step. `starts` fixes the windows' first positions.
    """
    ids = corpus.encode(corpus.text)
    T = min(length, len(ids) - 1)
    if starts is None:
        starts = rng.integers(0, len(ids) - T, size=batch)
    rows = starts[:, None] + np.arange(T + 1)[None, :]
    seq = ids[rows]
    return np.eye(len(corpus.vocab), dtype=np.float32)[seq[:, :-1]], seq[:, 1:]


# Short sentences we wrote, labelled 1 (positive) or 0 (negative). Negation ("not good") needs
# memory of an earlier word, which is what makes it a sequence task and not a bag of words.
SENTIMENT = [
    ("i loved this film", 1), ("what a great story", 1), ("the acting was good", 1),
    ("a happy and funny movie", 1), ("i really liked it", 1), ("the music was lovely", 1),
    ("not bad at all", 1), ("this was not boring", 1), ("a good and kind film", 1),
    ("i enjoyed every minute", 1), ("the story was great fun", 1), ("really good acting", 1),
    ("i liked the music", 1), ("a lovely happy ending", 1), ("not a bad film", 1),
    ("it was fun and good", 1), ("great film i loved it", 1), ("the ending was not sad", 1),
    ("i hated this film", 0), ("what a boring story", 0), ("the acting was bad", 0),
    ("a sad and dull movie", 0), ("i really disliked it", 0), ("the music was awful", 0),
    ("not good at all", 0), ("this was not fun", 0), ("a bad and slow film", 0),
    ("i wasted every minute", 0), ("the story was dull", 0), ("really bad acting", 0),
    ("i hated the music", 0), ("an awful sad ending", 0), ("not a good film", 0),
    ("it was slow and boring", 0), ("bad film i hated it", 0), ("the ending was not happy", 0),
]
TEST_SENTIMENT = [
    ("i liked this movie", 1), ("the film was not dull", 1), ("a really fun story", 1),
    ("good music and acting", 1), ("i disliked this movie", 0), ("the film was not good", 0),
    ("a really dull story", 0), ("bad music and acting", 0),
]


@dataclass(frozen=True)
class SentimentSet:
    """Tokenised sentences: one-hot (N, T, V) word sequences, zero-padded at the front, and labels."""
    words: tuple[str, ...]
    x: np.ndarray
    y: np.ndarray
    sentences: tuple[tuple[str, ...], ...]


def sentiment_sets() -> tuple[SentimentSet, SentimentSet]:
    """Train and test sets over one vocabulary (index 0 is the padding "·")."""
    sentences = [s.split() for s, _ in SENTIMENT + TEST_SENTIMENT]
    words = ("·",) + tuple(dict.fromkeys(w for s in sentences for w in s))
    T = max(len(s) for s in sentences)
    index = {w: i for i, w in enumerate(words)}

    def build(pairs) -> SentimentSet:
        toks = [s.split() for s, _ in pairs]
        ids = np.array([[0] * (T - len(s)) + [index[w] for w in s] for s in toks])  # padding first, so the
        onehot = np.eye(len(words), dtype=np.float32)[ids]                          # last step is the last word
        onehot[ids == 0] = 0
        padded = tuple(tuple(["·"] * (T - len(s)) + s) for s in toks)
        return SentimentSet(words, onehot, np.array([y for _, y in pairs], dtype=np.int64), padded)

    return build(SENTIMENT), build(TEST_SENTIMENT)
