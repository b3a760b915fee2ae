"""The architecture builder: its table matches the real model, and impossible shapes are refused first."""
import dataclasses

import pytest
import torch

from dl_engine.config import ConfigError, from_query, to_query
from dl_engine.models.cnn_arch import (ArchitectureError, CNNConfig, build_model, check_config,
                                       layer_table, table_records, with_blocks)

CONFIGS = [
    CNNConfig(),
    with_blocks(CNNConfig(), [dict(filters=4, kernel=5, stride=1, padding=2, activation="tanh", pool="avg",
                                   pool_size=2, batch_norm=True, dropout=0.2)]),
    with_blocks(CNNConfig(dense=()), [dict(filters=6, kernel=3, stride=2, padding=0, activation="elu",
                                           pool="none", pool_size=2, batch_norm=False, dropout=0.0)] * 2),
]


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("in_shape", [(1, 8, 8), (3, 28, 28)])
def test_table_shapes_and_params_match_the_built_model(config, in_shape):
    rows = layer_table(config, in_shape, 10)
    model = build_model(config, in_shape, 10).eval()
    assert sum(r.params for r in rows) == sum(p.numel() for p in model.parameters())
    shapes = {}
    x = torch.zeros(2, *in_shape)
    for name, module in model.named_children():
        x = module(x)
        shapes[name] = tuple(x.shape[1:])
    for row in rows[1:]:
        assert shapes[row.name] == row.shape, row.name
        assert sum(p.numel() for p in getattr(model, row.name).parameters()) == row.params
    assert [r["layer"] for r in table_records(rows)][0] == "input"


@pytest.mark.parametrize("blocks,message", [
    ([dict(kernel=7, padding=0, pool="none")] * 2, "Block 2: a 7×7 kernel does not fit its 2×2 input"),
    ([dict(kernel=3, padding=1, pool="max", pool_size=2)] * 4, "Block 4: the 2×2 max-pooling window"),
])
def test_impossible_shapes_are_refused_with_the_block_named(blocks, message):
    base = CNNConfig().blocks()[0]
    config = with_blocks(CNNConfig(), [base | b for b in blocks])
    with pytest.raises(ArchitectureError, match=message):
        layer_table(config, (1, 8, 8), 10)
    with pytest.raises(ArchitectureError):
        build_model(config, (1, 8, 8), 10)


def test_huge_networks_are_refused():
    config = with_blocks(CNNConfig(dense=(512,)), [CNNConfig().blocks()[0] | dict(filters=64, pool="none")])
    with pytest.raises(ArchitectureError, match="parameters"):
        layer_table(config, (1, 28, 28), 6)


def test_config_checks_and_url_round_trip():
    config = CONFIGS[1]
    again, problems = from_query(CNNConfig, to_query(config))
    assert again == config and problems == []
    with pytest.raises(ConfigError, match="1 to 4"):
        check_config(dataclasses.replace(config, **{f: () for f in ("filters", "kernel", "stride", "padding",
                                                                     "activation", "pool", "pool_size",
                                                                     "batch_norm", "dropout")}))
    with pytest.raises(ConfigError, match="'kernel' value"):
        check_config(dataclasses.replace(config, kernel=(3, 3)))
    with pytest.raises(ConfigError, match="dataset"):
        check_config(dataclasses.replace(config, dataset="imagenet"))
