"""The CNN architecture builder: a config of conv blocks and dense layers, its shape/parameter table,
and the nn.Sequential it describes. Impossible shapes are refused, with advice, before training.
"""
from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass

from torch import nn

from dl_engine.config import ConfigError, bounded, choice, items, validate
from dl_engine.models.conv_arith import output_size
from dl_engine.models.registry import ACTIVATIONS, OPTIMIZERS

BLOCK_ACTIVATIONS = ("relu", "leaky_relu", "elu", "tanh", "sigmoid", "linear")
POOL_TYPES = ("max", "avg", "none")
BUILTIN_DATASETS = ("digits", "shapes")
MAX_PARAMS = 2_000_000
BLOCK_FIELDS = ("filters", "kernel", "stride", "padding", "activation", "pool", "pool_size",
                "batch_norm", "dropout")


@dataclass(frozen=True)
class CNNConfig:
    """A CNN and how it trains. Per-block settings are tuples with one item per conv block."""
    dataset: str = "digits"          # "digits", "shapes" or an uploaded set's key "upload:<digest>"
    filters: tuple[int, ...] = items((8, 16), lo=1, hi=64, max_len=4)
    kernel: tuple[int, ...] = items((3, 3), lo=1, hi=7, max_len=4)
    stride: tuple[int, ...] = items((1, 1), lo=1, hi=3, max_len=4)
    padding: tuple[int, ...] = items((1, 1), lo=0, hi=3, max_len=4)
    activation: tuple[str, ...] = items(("relu", "relu"), options=BLOCK_ACTIVATIONS, max_len=4)
    pool: tuple[str, ...] = items(("max", "max"), options=POOL_TYPES, max_len=4)
    pool_size: tuple[int, ...] = items((2, 2), lo=2, hi=4, max_len=4)
    batch_norm: tuple[bool, ...] = items((False, False), options=(True, False), max_len=4)
    dropout: tuple[float, ...] = items((0.0, 0.0), lo=0.0, hi=0.8, max_len=4)
    dense: tuple[int, ...] = items((32,), lo=1, hi=512, max_len=3)
    optimizer: str = choice("adam", tuple(OPTIMIZERS))
    lr: float = bounded(0.01, 1e-5, 1.0)
    batch_size: int = bounded(64, 8, 512)
    epochs: int = bounded(15, 1, 200)

    @property
    def n_blocks(self) -> int:
        return len(self.filters)

    def check(self) -> None:
        """Cross-field rules (`validate` calls this): 1–4 blocks, a value of every per-block setting
        for each block, and a known dataset; else ConfigError naming the fields."""
        if not 1 <= self.n_blocks <= 4:
            raise ConfigError(f"Use 1 to 4 conv blocks, not {self.n_blocks}.", BLOCK_FIELDS)
        for f in BLOCK_FIELDS:
            if len(getattr(self, f)) != self.n_blocks:
                raise ConfigError(f"Every conv block needs a '{f}' value ({self.n_blocks} blocks, "
                                  f"{len(getattr(self, f))} values).", BLOCK_FIELDS)
        if self.dataset not in BUILTIN_DATASETS and not self.dataset.startswith("upload:"):
            raise ConfigError(f"dataset must be one of {list(BUILTIN_DATASETS)} or an uploaded zip.", ("dataset",))

    def blocks(self) -> list[dict]:
        """One dict of BLOCK_FIELDS per conv block (rows of the builder table)."""
        return [{f: getattr(self, f)[i] for f in BLOCK_FIELDS} for i in range(self.n_blocks)]


def with_blocks(config: CNNConfig, rows: list[dict]) -> CNNConfig:
    """`config` with its conv blocks replaced by `rows` (dicts of BLOCK_FIELDS)."""
    return dataclasses.replace(config, **{f: tuple(row[f] for row in rows) for f in BLOCK_FIELDS})


def blocks_from_records(records: list[dict]) -> list[dict]:
    """Rows from an edited table → clean block dicts; empty cells take the first default block's value."""
    default = CNNConfig().blocks()[0]
    kinds = {f: type(v) for f, v in default.items()}
    rows = []
    for record in records:
        row = {}
        for f in BLOCK_FIELDS:
            value = record.get(f)
            missing = value is None or (isinstance(value, float) and value != value)
            row[f] = default[f] if missing else kinds[f](value)
        rows.append(row)
    return rows


def parse_units(text: str) -> tuple[int, ...]:
    """'64, 32' → (64, 32): dense layer widths; ConfigError saying what to type otherwise."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    try:
        units = tuple(int(p) for p in parts)
    except ValueError:
        raise ConfigError(f"Dense layers: write whole numbers separated by commas, e.g. '64, 32', not '{text}'.")
    return units


def check_config(config: CNNConfig) -> None:
    """Bounds and CNNConfig.check's rules; else ConfigError."""
    validate(config)


class ArchitectureError(ConfigError):
    """The layers do not fit together for this input; the message names the block and the fix."""


@dataclass(frozen=True)
class LayerRow:
    """One row of the shape table: layer name, what it is, its output shape (C, H, W) or (N,), params."""
    name: str
    kind: str
    shape: tuple[int, ...]
    params: int


def _fmt(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape))


def layer_table(config: CNNConfig, in_shape: tuple[int, int, int], n_classes: int) -> list[LayerRow]:
    """Every layer's output shape and parameter count for input (C, H, W); ArchitectureError if impossible."""
    c, h, w = in_shape
    rows = [LayerRow("input", "image", (c, h, w), 0)]
    for i, b in enumerate(config.blocks(), start=1):
        k, s, p = b["kernel"], b["stride"], b["padding"]
        ho, wo = output_size(h, k, p, s), output_size(w, k, p, s)
        if ho < 1 or wo < 1:
            raise ArchitectureError(
                f"Block {i}: a {k}×{k} kernel does not fit its {h}×{w} input with padding {p} "
                f"(output would be {ho}×{wo}). Use padding ≥ {max(0, (k - min(h, w) + 1) // 2)}, a smaller "
                "kernel, or less pooling/stride in the blocks before it.")
        rows.append(LayerRow(f"conv{i}", f"conv {k}×{k}, stride {s}, padding {p}",
                             (b["filters"], ho, wo), b["filters"] * (c * k * k + 1)))
        c, h, w = b["filters"], ho, wo
        if b["batch_norm"]:
            rows.append(LayerRow(f"bn{i}", "batch norm", (c, h, w), 2 * c))
        rows.append(LayerRow(f"act{i}", b["activation"], (c, h, w), 0))
        if b["pool"] != "none":
            q = b["pool_size"]
            if h < q or w < q:
                raise ArchitectureError(
                    f"Block {i}: the {q}×{q} {b['pool']}-pooling window does not fit its {h}×{w} "
                    f"feature map. Set pooling to 'none' in block {i}, use a smaller pool, or use "
                    "padding / stride 1 in the blocks before it.")
            h, w = h // q, w // q
            rows.append(LayerRow(f"pool{i}", f"{b['pool']} pool {q}×{q}", (c, h, w), 0))
        if b["dropout"] > 0:
            rows.append(LayerRow(f"drop{i}", f"dropout p={b['dropout']:g}", (c, h, w), 0))
    n = c * h * w
    rows.append(LayerRow("flatten", "flatten", (n,), 0))
    for j, units in enumerate(config.dense, start=1):
        rows.append(LayerRow(f"fc{j}", "dense + ReLU", (units,), n * units + units))
        n = units
    rows.append(LayerRow("out", "dense → softmax", (n_classes,), n * n_classes + n_classes))
    total = sum(r.params for r in rows)
    if total > MAX_PARAMS:
        big = max(rows, key=lambda r: r.params)
        raise ArchitectureError(
            f"This network has {total:,} parameters ({big.name} alone {big.params:,}); the limit for a "
            f"live demo is {MAX_PARAMS:,}. Add pooling, fewer filters or smaller dense layers.")
    return rows


def table_records(rows: list[LayerRow]) -> list[dict]:
    """Rows as plain records for a table: layer, type, output shape, parameters."""
    return [{"layer": r.name, "type": r.kind, "output shape": _fmt(r.shape), "parameters": r.params}
            for r in rows]


def build_model(config: CNNConfig, in_shape: tuple[int, int, int], n_classes: int) -> nn.Sequential:
    """The nn.Sequential for `config`; its module names match `layer_table` (conv1, act1, pool1, …, out).

    Input (B, C, H, W) → logits (B, n_classes).
    """
    table = layer_table(config, in_shape, n_classes)   # refuses impossible shapes first
    layers: OrderedDict[str, nn.Module] = OrderedDict()
    c = in_shape[0]
    for i, b in enumerate(config.blocks(), start=1):
        layers[f"conv{i}"] = nn.Conv2d(c, b["filters"], b["kernel"], b["stride"], b["padding"])
        c = b["filters"]
        if b["batch_norm"]:
            layers[f"bn{i}"] = nn.BatchNorm2d(c)
        layers[f"act{i}"] = ACTIVATIONS[b["activation"]].build()
        if b["pool"] != "none":
            pool = nn.MaxPool2d if b["pool"] == "max" else nn.AvgPool2d
            layers[f"pool{i}"] = pool(b["pool_size"])
        if b["dropout"] > 0:
            layers[f"drop{i}"] = nn.Dropout(b["dropout"])
    layers["flatten"] = nn.Flatten()
    n = next(r.shape[0] for r in table if r.name == "flatten")
    for j, units in enumerate(config.dense, start=1):
        layers[f"fc{j}"] = nn.Linear(n, units)
        layers[f"fc{j}_act"] = nn.ReLU()
        n = units
    layers["out"] = nn.Linear(n, n_classes)
    return nn.Sequential(layers)
