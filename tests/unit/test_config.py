"""Bounded configs: validation and the round trip through URL query params."""
from dataclasses import dataclass

import pytest

from dl_engine.config import ConfigError, bounded, choice, from_query, items, to_query, validate


@dataclass(frozen=True)
class Demo:
    lr: float = bounded(0.03, 1e-5, 10.0)
    batch: int = bounded(10, 1, 500)
    optimizer: str = choice("sgd", ["sgd", "adam"])
    hidden: tuple[int, ...] = items((4, 2), lo=1, hi=32, max_len=8)
    features: tuple[str, ...] = items(("x1", "x2"), options=["x1", "x2", "x1sq"])
    shuffle: bool = True


def test_round_trip_through_query_params():
    cfg = Demo(lr=0.1, batch=25, optimizer="adam", hidden=(8, 8, 3), features=("x1sq",), shuffle=False)
    params = to_query(cfg)
    assert params["hidden"] == "8,8,3"
    back, problems = from_query(Demo, params)
    assert back == cfg and problems == []


def test_empty_tuple_round_trips():
    back, _ = from_query(Demo, to_query(Demo(hidden=())))
    assert back.hidden == ()


@pytest.mark.parametrize("field, text", [("lr", "100"), ("lr", "abc"), ("optimizer", "lbfgs"),
                                         ("hidden", "4,99"), ("batch", "2.5"), ("shuffle", "maybe")])
def test_bad_link_values_fall_back_to_defaults_with_a_reason(field, text):
    cfg, problems = from_query(Demo, {field: text, "batch": "20"} if field != "batch" else {field: text})
    assert getattr(cfg, field) == getattr(Demo(), field)
    assert len(problems) == 1 and field in problems[0]


def test_unknown_params_are_ignored():
    cfg, problems = from_query(Demo, {"seed": "3", "utm": "x"})
    assert cfg == Demo() and problems == []


@pytest.mark.parametrize("kwargs, match", [({"lr": 11.0}, "lr must be between"),
                                           ({"optimizer": "x"}, "optimizer must be one of"),
                                           ({"hidden": (1,) * 9}, "at most 8"),
                                           ({"hidden": (0,)}, "hidden must be between")])
def test_validate_names_the_offending_field(kwargs, match):
    with pytest.raises(ConfigError, match=match):
        validate(Demo(**kwargs))
    validate(Demo())
