"""A deep MLP for the gradient lab: 1–50 hidden layers of one width, any activation and
initialiser, optional batch/layer norm and residual connections, every layer named for probes."""
from __future__ import annotations

from torch import nn

from dl_engine.models.registry import ACTIVATIONS, INITIALISERS, build

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu")  # the lab's choices
INIT_NAMES = ("zeros", "small_random", "large_random", "xavier", "he", "lecun")
NORM_LAYERS = {"none": lambda n: nn.Identity(), "batch": nn.BatchNorm1d, "layer": nn.LayerNorm}
NORMS = tuple(NORM_LAYERS)
HEAD = "head"


class Block(nn.Module):
    """One hidden layer: h' = f(norm(W h + b)), plus h when residual (and the widths match)."""

    def __init__(self, n_in: int, n_out: int, activation: str, norm: str, residual: bool):
        super().__init__()
        self.linear = nn.Linear(n_in, n_out)
        self.norm = NORM_LAYERS[norm](n_out)
        self.act = build(ACTIVATIONS, activation)
        self.residual = residual and n_in == n_out

    def forward(self, h):
        """h: (B, n_in) → (B, n_out)."""
        out = self.act(self.norm(self.linear(h)))
        return h + out if self.residual else out


class DeepMLP(nn.Module):
    """`depth` hidden Blocks of `width` units and a linear head producing logits.

    The initialiser (a registry name) sets every Linear weight, the head's included; biases
    start at zero, so what the initialiser does is all that differs at step 0.
    """

    def __init__(self, n_in: int, n_out: int, depth: int, width: int, activation: str,
                 init: str, norm: str = "none", residual: bool = False):
        super().__init__()
        if norm not in NORMS:
            raise ValueError(f"Unknown norm '{norm}'; choose one of {list(NORMS)}.")
        self.blocks = nn.ModuleList(
            Block(n_in if i == 0 else width, width, activation, norm, residual) for i in range(depth))
        self.head = nn.Linear(width, n_out)
        for linear in self.linears().values():
            build(INITIALISERS, init, linear.weight.data)
            nn.init.zeros_(linear.bias)

    def linears(self) -> dict[str, nn.Linear]:
        """{module name: Linear} from the input layer to the head, e.g. "blocks.0.linear"."""
        out = {f"blocks.{i}.linear": block.linear for i, block in enumerate(self.blocks)}
        out[HEAD] = self.head
        return out

    def forward(self, x):
        """x: (B, n_in) → logits (B, n_out)."""
        for block in self.blocks:
            x = block(x)
        return self.head(x)


def layer_label(name: str) -> str:
    """A name for people: "blocks.2.linear" / "blocks.2" → "layer 3", "head" → "output"."""
    if name == HEAD:
        return "output"
    return f"layer {int(name.split('.')[1]) + 1}"
