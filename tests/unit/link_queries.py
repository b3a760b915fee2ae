"""Hypothesis strategies for links: any subset of a config's query keys (plus the seed and unknown
keys) with text a user or a mangled link could bring: values at and just past the bounds, every
option and its capitals, comma lists of any length, unicode digits, empty strings, 'nan', 'inf',
'-0', numbers with thousands of digits. Shared by tests/unit and tests/app."""
import dataclasses
import math
import re

from hypothesis import strategies as st

REPR = re.compile(r"object at 0x|<class |<function |<built-in|Traceback|Error\(")
ODD = ("", " ", "nan", "NaN", "inf", "-inf", "1e999", "-1e999", "-0", "+0", "0.0", "-0.0", "1e-400",
       "9" * 5000, "-" + "9" * 40, "0x10", "1_000", " 3 ", "²", "٣", "½", "∞", "true", "True", "no", "None",
       "null", "[]", "()", "{}", "'", '"', "%00", "\x00", "é", "🧠", "a,b", ",", ",,", "1,,2", "<script>")


def number_texts(value) -> list[str]:
    """Ways a link can write a number near `value`."""
    out = [str(value), repr(value), f"{value:g}", f"{value:.17g}", f"{value:e}"]
    if isinstance(value, int) and not isinstance(value, bool):
        out += [str(value - 1), str(value + 1), f"{value}.0", f"{value}.5"]
    else:
        out += [repr(value * (1 + 1e-12)), repr(value * (1 - 1e-12)), repr(value + 1e-9), repr(value - 1e-9),
                repr(math.nextafter(value, math.inf)), repr(math.nextafter(value, -math.inf))]
    return out


def valid_texts(f: dataclasses.Field) -> st.SearchStrategy[str]:
    """Text of a value field `f` accepts on its own: an option, or a number within (or at) its bounds."""
    meta, parts = f.metadata, []
    if meta.get("options"):
        parts.append(st.sampled_from([str(o) for o in meta["options"]]))
    if "lo" in meta:
        lo, hi = meta["lo"], meta["hi"]
        if isinstance(lo, int) and isinstance(hi, int):
            parts.append(st.one_of(st.sampled_from([lo, hi]), st.integers(lo, hi)).map(str))
        else:
            parts.append(st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi)).map(repr))
    if f.type in (bool, "bool"):          # plain bool fields (no options listed)
        parts.append(st.sampled_from(["true", "false", "True", "False", "1", "0", "yes", "no"]))
    return st.one_of(*parts) if parts else st.text(max_size=30)


def item_texts(f: dataclasses.Field) -> st.SearchStrategy[str]:
    """Text for one value (or one item of a list) of field `f`: valid, near its bounds, or odd."""
    meta, choices = f.metadata, []
    if "lo" in meta:
        lo, hi = meta["lo"], meta["hi"]
        for v in (lo, hi, (lo + hi) / 2, 0):
            choices += number_texts(type(lo)(v) if isinstance(lo, int) and isinstance(v, float) and v.is_integer() else v)
    if meta.get("options"):
        choices += [str(o) for o in meta["options"]] + [str(o).upper() for o in meta["options"]]
    return st.one_of(valid_texts(f), st.sampled_from(choices + list(ODD)), st.text(max_size=12),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr),
                     st.integers(-10**30, 10**30).map(str))


def value_texts(f: dataclasses.Field) -> st.SearchStrategy[str]:
    one = item_texts(f)
    if f.metadata.get("tuple"):
        max_len = f.metadata.get("max_len", 8)
        return st.one_of(st.lists(valid_texts(f), max_size=max_len + 1).map(",".join), one,
                         st.lists(one, max_size=max_len + 2).map(",".join))
    return st.one_of(valid_texts(f), one, st.lists(one, min_size=2, max_size=3).map(",".join))


def query(cls) -> st.SearchStrategy[dict[str, str]]:
    """Any subset of cls's fields (plus the seed and an unknown key) with arbitrary text."""
    fields = {f.name: value_texts(f) for f in dataclasses.fields(cls)}
    fields |= {"seed": st.one_of(st.sampled_from(ODD), st.text(max_size=6), st.integers(-1, 2**32).map(str)),
               "utm_source": st.text(max_size=6)}
    return st.fixed_dictionaries({}, optional=fields)


def valid_query(cls) -> st.SearchStrategy[dict[str, str]]:
    """Any subset of cls's fields, each with a value it accepts on its own (lists of any length):
    the combinations are what cross-field rules and the pages must cope with."""
    def text_of(f):
        if f.metadata.get("tuple"):
            return st.lists(valid_texts(f), max_size=f.metadata.get("max_len", 8)).map(",".join)
        return valid_texts(f)
    return st.fixed_dictionaries({}, optional={f.name: text_of(f) for f in dataclasses.fields(cls)})
