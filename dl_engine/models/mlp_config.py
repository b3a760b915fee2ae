"""The MLP playground's settings: one frozen, bounded dataclass that round-trips through the URL."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.config import ConfigError, bounded, choice, items
from dl_engine.data.features import FEATURES
from dl_engine.data.toy2d import DATASETS
from dl_engine.models.mlp_init import INIT_NAMES
from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_losses import HEAD_LOSSES, HEADS, check_head_loss
from dl_engine.models.mlp_optim import OPTIMIZERS, REGULARISERS

MAX_HIDDEN_LAYERS, MAX_NEURONS = 8, 32
LOSS_NAMES = tuple(dict.fromkeys(l for ls in HEAD_LOSSES.values() for l in ls))


@dataclass(frozen=True)
class MLPConfig:
    """Defaults are TensorFlow Playground's: circle, x1 and x2, hidden 4 and 2 with tanh, lr 0.03, batch 10.

    dataset "csv" trains on an uploaded file, remembered under the key `upload` (see point_store).
    """
    dataset: str = choice("circle", (*DATASETS, "csv"))
    upload: str = ""
    n_points: int = bounded(500, 20, 2000)
    noise: float = bounded(0.0, 0.0, 0.5)
    train_ratio: float = bounded(0.5, 0.1, 0.9)
    features: tuple[str, ...] = items(("x1", "x2"), options=tuple(FEATURES), max_len=len(FEATURES))
    hidden: tuple[int, ...] = items((4, 2), lo=1, hi=MAX_NEURONS, max_len=MAX_HIDDEN_LAYERS)
    activations: tuple[str, ...] = items(("tanh", "tanh"), options=tuple(ACTIVATIONS), max_len=MAX_HIDDEN_LAYERS)
    output: str = choice("sigmoid", HEADS)
    loss: str = choice("mse", LOSS_NAMES)
    lr: float = bounded(0.03, 1e-5, 10.0)
    batch_size: int = bounded(10, 1, 1000)
    optimizer: str = choice("sgd", tuple(OPTIMIZERS))
    init: str = choice("xavier", INIT_NAMES)
    regularization: str = choice("none", tuple(REGULARISERS))
    reg_rate: float = bounded(0.0, 0.0, 1.0)
    dropout: float = bounded(0.0, 0.0, 0.9)

    def check(self) -> None:
        """Cross-field rules (`validate` calls this): at least one input feature, and a loss the
        output head trains with. Activations are lenient by design: fewer than the hidden layers
        repeat the last one (a link may say `activations=relu` for all), extra ones are unused."""
        if not self.features:
            raise ConfigError("Pick at least one input feature.", ("features",))
        try:
            check_head_loss(self.output, self.loss)
        except ValueError as err:
            raise ConfigError(str(err), ("loss",)) from None

    def layer_activations(self) -> tuple[str, ...]:
        """One activation per hidden layer: missing entries repeat the last one (tanh if none)."""
        names = self.activations or ("tanh",)
        return tuple(names[min(i, len(names) - 1)] for i in range(len(self.hidden)))
