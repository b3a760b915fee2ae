"""Toy translation tasks generated in code, and a short built-in text for next-character prediction.

A task turns a NumPy generator into (source tokens, target tokens) pairs: copy, reverse and
sort digits, "21 Nov 2026" → "2026-11-21", "three hundred five" → "305". Nothing is downloaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

PAD, SOS, EOS = 0, 1, 2
SPECIALS = ("·", "▶", "■")  # padding, start / separator, end — single characters so plots stay narrow
DIGITS = tuple("0123456789")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


class Vocab:
    """Token ↔ id table; ids 0, 1, 2 are padding, start/separator and end."""

    def __init__(self, symbols):
        self.tokens = list(SPECIALS) + sorted(set(symbols) - set(SPECIALS), key=str)
        self.index = {t: i for i, t in enumerate(self.tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, tokens) -> list[int]:
        return [self.index[t] for t in tokens]

    def decode(self, ids) -> list[str]:
        """Tokens up to (not including) the first end token; padding dropped."""
        out = []
        for i in ids:
            if i == EOS:
                break
            if i != PAD:
                out.append(self.tokens[i])
        return out


def number_words(n: int) -> list[str]:
    """English words for 0 ≤ n < 1,000,000, e.g. 321 → ['three', 'hundred', 'twenty', 'one']."""
    if n == 0:
        return ["zero"]
    words = []
    if n >= 1000:
        words += number_words(n // 1000) + ["thousand"]
        n %= 1000
    if n >= 100:
        words += [ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(TENS[n // 10])
        n %= 10
    if n:
        words.append(ONES[n])
    return words


def _digits(rng, length, symbols, how: Callable) -> tuple[list[str], list[str]]:
    src = [symbols[i] for i in rng.integers(0, len(symbols), length)]
    return src, how(src)


def _date(rng, _length, _symbols):
    day, month, year = int(rng.integers(1, 29)), int(rng.integers(1, 13)), int(rng.integers(1950, 2050))
    return list(f"{day} {MONTHS[month - 1]} {year}"), list(f"{year}-{month:02d}-{day:02d}")


def _number(rng, length, _symbols):
    digits = int(rng.integers(1, min(length, 6) + 1))
    n = int(rng.integers(0 if digits == 1 else 10 ** (digits - 1), 10 ** digits))
    return number_words(n), list(str(n))


@dataclass(frozen=True)
class Task:
    """A generated translation task: `generate(rng, length, symbols)` → (source, target) tokens."""
    label: str
    source_symbols: tuple
    target_symbols: tuple
    generate: Callable
    length_meaning: str
    example: str


TASKS: dict[str, Task] = {
    "copy": Task("copy", DIGITS, DIGITS, lambda r, n, s: _digits(r, n, s, list), "digits",
                 "3 1 4 → 3 1 4"),
    "reverse": Task("reverse", DIGITS, DIGITS, lambda r, n, s: _digits(r, n, s, lambda x: x[::-1]),
                    "digits", "3 1 4 → 4 1 3"),
    "sort": Task("sort digits", DIGITS, DIGITS, lambda r, n, s: _digits(r, n, s, sorted), "digits",
                 "3 1 4 → 1 3 4"),
    "date": Task("date format", tuple("0123456789 ") + tuple("".join(MONTHS)), tuple("0123456789-"),
                 _date, "ignored (dates have 10–11 characters)", "21 Nov 2026 → 2026-11-21"),
    "number": Task("number words → digits", ONES + TENS[2:] + ("hundred", "thousand"), DIGITS,
                   _number, "most digits in the number (≤ 6)", "three hundred five → 305"),
}


def make_pairs(task: str, rng: np.random.Generator, n: int, max_len: int, min_len: int = 2,
               n_symbols: int = 10) -> list[tuple[list[str], list[str]]]:
    """n (source, target) token lists; digit tasks draw lengths uniformly in [min_len, max_len]
    from the first `n_symbols` digits."""
    spec = TASKS[task]
    symbols = spec.source_symbols[:n_symbols] if spec.source_symbols is DIGITS else spec.source_symbols
    lengths = rng.integers(min_len, max_len + 1, n)
    return [spec.generate(rng, int(length), symbols) for length in lengths]


@dataclass
class PairBatch:
    """Padded ids for a seq2seq model. src: (B, S), src_len: (B,), tgt_in: (B, T) starting with
    the start token, tgt_out: (B, T) ending with the end token (padding = 0, ignored by the loss)."""
    src: torch.Tensor
    src_len: torch.Tensor
    tgt_in: torch.Tensor
    tgt_out: torch.Tensor


def encode_pairs(pairs, src_vocab: Vocab, tgt_vocab: Vocab, device=None) -> PairBatch:
    """Token pairs → a padded PairBatch on `device`."""
    b = len(pairs)
    s = max(len(p[0]) for p in pairs)
    t = max(len(p[1]) for p in pairs) + 1
    src = torch.full((b, s), PAD, dtype=torch.long)
    tgt_in = torch.full((b, t), PAD, dtype=torch.long)
    tgt_out = torch.full((b, t), PAD, dtype=torch.long)
    for i, (x, y) in enumerate(pairs):
        src[i, :len(x)] = torch.tensor(src_vocab.encode(x))
        ids = tgt_vocab.encode(y)
        tgt_in[i, :len(ids) + 1] = torch.tensor([SOS] + ids)
        tgt_out[i, :len(ids) + 1] = torch.tensor(ids + [EOS])
    lengths = torch.tensor([len(p[0]) for p in pairs])
    return PairBatch(src.to(device), lengths.to(device), tgt_in.to(device), tgt_out.to(device))


_TEXT = """
the cat sat on the mat. the dog sat on the log. the cat saw the dog and the dog saw the cat.
when the cat sat on the mat, the dog sat on the log. a model that reads this text sees the same
words again and again: the cat, the dog, the mat, the log. to guess the next letter of a word it
has seen before, a head can look back for the last time the current letter appeared and copy the
letter that came after it. this is an induction head. attention lets every letter look at every
earlier letter. the query asks, the keys answer, and the values carry what is copied. the cat sat
on the mat. the dog sat on the log. the cat sat on the mat. the dog sat on the log.
"""
TEXT = " ".join(_TEXT.split())  # one line: every character is a visible token


def text_vocab(text: str = TEXT) -> Vocab:
    """Character vocabulary of `text` (after the three special tokens)."""
    return Vocab(set(text))


def text_windows(rng: np.random.Generator, ids: torch.Tensor, n: int, length: int) -> torch.Tensor:
    """n random windows of length+1 ids from the encoded text `ids` (T,) → (n, length + 1):
    inputs are [:, :-1], next-character targets [:, 1:]."""
    starts = torch.as_tensor(rng.integers(0, len(ids) - length - 1, n))
    return ids[starts[:, None] + torch.arange(length + 1)]
