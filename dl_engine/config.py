"""Frozen, bounded config dataclasses: one validator, one round-trip to URL query params.

Declare bounds with `bounded(default, lo, hi)` or choices with `choice(default, options)`;
tuples of ints/strings (e.g. hidden layer sizes) are written to URLs as "4,2". Rules across fields
(per-layer lists of one length, counts that must divide) go in an optional `check(self)` method of
the dataclass, which `validate` calls after the per-field bounds; it raises ConfigError naming the
fields involved, so `from_query` can drop just those from a link.
"""
from __future__ import annotations

import dataclasses
import typing
from typing import Any, Mapping, TypeVar

C = TypeVar("C")


class ConfigError(ValueError):
    """A config value is out of bounds or malformed; the message says which and what to do.

    `fields` names the fields involved (empty: unknown), so a link can fall back on just those.
    """

    def __init__(self, message: str, fields: tuple[str, ...] = ()):
        super().__init__(message)
        self.fields = tuple(fields)


MAX_SHOWN = 60  # characters of a link's value repeated in a message


def shown(value) -> str:
    """`value` as a message quotes it: text as typed (cut to MAX_SHOWN characters), numbers plainly."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


def bounded(default, lo, hi, **kw):
    """A numeric field clamped to [lo, hi]."""
    return dataclasses.field(default=default, metadata={"lo": lo, "hi": hi, **kw})


def choice(default, options, **kw):
    """A field whose value must be one of `options`."""
    return dataclasses.field(default=default, metadata={"options": tuple(options), **kw})


def items(default: tuple, lo=None, hi=None, options=None, max_len=None):
    """A tuple field; each item bounded by lo/hi or restricted to options."""
    meta = {"lo": lo, "hi": hi, "options": tuple(options) if options else None, "max_len": max_len}
    return dataclasses.field(default=default, metadata={k: v for k, v in meta.items() if v is not None} | {"tuple": True})


def _check(name: str, value, meta: Mapping) -> None:
    options = meta.get("options")
    if options is not None and value not in options:
        raise ConfigError(f"{name} must be one of {list(options)}, not '{shown(value)}'.", (name,))
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and not (lo <= value <= hi):
        raise ConfigError(f"{name} must be between {lo} and {hi}, not {shown(value)}.", (name,))


def validate(config) -> None:
    """Raise ConfigError naming the first field that breaks its bounds, then the config's own
    cross-field rules (its `check()` method, if it has one)."""
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.metadata.get("tuple"):
            max_len = f.metadata.get("max_len")
            if max_len is not None and len(value) > max_len:
                raise ConfigError(f"{f.name} may hold at most {max_len} items, not {len(value)}.", (f.name,))
            for item in value:
                _check(f.name, item, f.metadata)
        else:
            _check(f.name, value, f.metadata)
    check = getattr(config, "check", None)
    if callable(check):
        check()


def to_query(config) -> dict[str, str]:
    """Config → flat {field: text} for st.query_params (tuples joined by commas)."""
    out = {}
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        out[f.name] = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return out


def _parse(text: str, kind) -> Any:
    """One value of a link, or ConfigError saying in words what was expected."""
    if kind is bool:
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise ConfigError(f"'{shown(text)}' is not true or false.")
    try:
        return kind(text)
    except ValueError:   # int("2.5"), float("abc"), int("9" * 5000) (past Python's digit limit)
        digits = text.strip().lstrip("+-")
        if kind is int and digits.isascii() and digits.isdigit():
            raise ConfigError(f"{shown(text)} is far too large.") from None
        what = {int: "a whole number", float: "a number"}.get(kind, "a valid value")
        raise ConfigError(f"'{shown(text)}' is not {what}.") from None


def from_query(cls: type[C], params: Mapping[str, str]) -> tuple[C, list[str]]:
    """Build `cls` from query params; unknown keys are ignored, bad values fall back to defaults.

    A combination that breaks a cross-field rule (`check`) drops the link's values of the fields
    the rule names (or, failing that, all of them). Never raises; the result always validates.
    Returns the config and a list of human-readable problems (empty when all was well).
    """
    hints = typing.get_type_hints(cls)
    values, problems = {}, []
    for f in dataclasses.fields(cls):
        if f.name not in params:
            continue
        kind = hints[f.name]
        text = params[f.name]
        try:
            if typing.get_origin(kind) is tuple:
                item_kind = typing.get_args(kind)[0]
                value = tuple(_parse(t.strip(), item_kind) for t in text.split(",") if t.strip() != "")
                for item in value:
                    _check(f.name, item, f.metadata)
            else:
                value = _parse(text, kind)
                _check(f.name, value, f.metadata)
            values[f.name] = value
        except (ValueError, ConfigError) as err:
            problems.append(f"Ignored '{f.name}={shown(text)}' from the link: {err}")
    for _ in range(len(values) + 1):
        config = cls(**values)
        try:
            validate(config)
            return config, problems
        except ConfigError as err:
            involved = [name for name in err.fields if name in values] or list(values)
            if not involved:
                break
            listed = ", ".join(f"'{name}={shown(params[name])}'" for name in involved)
            problems.append(f"Ignored {listed} from the link: {err}")
            for name in involved:
                del values[name]
    return cls(), problems
