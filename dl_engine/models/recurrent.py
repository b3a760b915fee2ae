"""Own RNN, LSTM and GRU cells computing the notes' equations, keeping every gate per time step.

Cells: `step(x_proj_t, state) -> (state, intermediates)` on one time step; `Recurrent` unrolls a
cell over (B, T, I) inputs, stacks layers, optionally reads both directions, and returns a trace
of every gate and state as (B, T, H) tensors. `copy_from_torch` proves them equal to torch.nn.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import nn

State = tuple[torch.Tensor, ...]  # (h,) for RNN and GRU, (h, c) for LSTM; each (B, H)

# What the pages show, written once beside the code that computes it (the notes' notation).
EQUATIONS = {
    "rnn": [r"h_t = f(W_x x_t + W_h h_{t-1} + b_h),\quad f\in\{\tanh,\mathrm{ReLU}\}",
            r"\hat y_t = g(W_y h_t + b_y)"],
    "lstm": [r"f_t = \sigma(W_f\cdot[h_{t-1}, x_t] + b_f)",
             r"i_t = \sigma(W_i\cdot[h_{t-1}, x_t] + b_i)",
             r"\tilde C_t = \tanh(W_c\cdot[h_{t-1}, x_t] + b_c)",
             r"C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t",
             r"o_t = \sigma(W_o\cdot[h_{t-1}, x_t] + b_o)",
             r"h_t = o_t \odot \tanh(C_t)"],
    "gru": [r"z_t = \sigma(W_z\cdot[h_{t-1}, x_t] + b_z)",
            r"r_t = \sigma(W_r\cdot[h_{t-1}, x_t] + b_r)",
            r"\tilde h_t = \tanh(W\cdot[r_t \odot h_{t-1}, x_t] + b_h)",
            r"h_t = (1-z_t)\odot h_{t-1} + z_t \odot \tilde h_t"],
}
# PyTorch writes the GRU with the update gate the other way round; our z is PyTorch's 1 − z.
GRU_TORCH_NOTE = (r"The notes (002) write the GRU without biases; ours has $b_z, b_r, b_h$, as the LSTM and "
                  r"PyTorch do. "
                  r"PyTorch's nn.GRU writes $h_t = (1-z_t)\odot n_t + z_t\odot h_{t-1}$: its $z$ is our "
                  r"$1-z$ (so its update-gate weights are ours negated), and it applies the reset gate "
                  r"after the matrix product, $n_t=\tanh(W_{in}x_t + r_t\odot(W_{hn}h_{t-1}+b_{hn}))$ "
                  r"(our `reset_after=True`).")


class _Cell(nn.Module):
    """Shared parameters in PyTorch's layout: weight_ih (k·H, I), weight_hh (k·H, H), two biases."""
    chunks = 1
    gates: tuple[str, ...] = ("h",)
    clampable: tuple[str, ...] = ()

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        k, H = self.chunks, hidden_size
        self.weight_ih = nn.Parameter(torch.empty(k * H, input_size))
        self.weight_hh = nn.Parameter(torch.empty(k * H, H))
        self.bias_ih = nn.Parameter(torch.empty(k * H))
        self.bias_hh = nn.Parameter(torch.empty(k * H))
        bound = 1.0 / math.sqrt(H)  # torch.nn's default initialisation, so the two start alike
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def project_input(self, x: torch.Tensor) -> torch.Tensor:
        """W_ih x + b_ih for every time step at once: (B, T, I) → (B, T, k·H)."""
        return x @ self.weight_ih.T + self.bias_ih

    def initial_state(self, batch: int, like: torch.Tensor) -> State:
        return (like.new_zeros(batch, self.hidden_size),)

    def step(self, xp: torch.Tensor, state: State, clamp: dict[str, float] | None = None,
             weight_hh: torch.Tensor | None = None) -> tuple[State, dict[str, torch.Tensor]]:
        """One time step from the projected input xp (B, k·H) and state; weight_hh overrides W_hh."""
        raise NotImplementedError

    def forward(self, x_t: torch.Tensor, state: State | None = None,
                clamp: dict[str, float] | None = None) -> tuple[State, dict[str, torch.Tensor]]:
        """x_t (B, I), state → (new state, {gate name: (B, H)})."""
        state = self.initial_state(x_t.shape[0], x_t) if state is None else state
        return self.step(self.project_input(x_t), state, clamp)


def _clamped(name: str, value: torch.Tensor, clamp: dict[str, float] | None) -> torch.Tensor:
    """A gate forced to a constant (the page's what-if), else the gate itself."""
    if clamp and name in clamp:
        return torch.full_like(value, float(clamp[name]))
    return value


class RNNCell(_Cell):
    """h_t = f(W_x x_t + W_h h_{t-1} + b_h) with f = tanh or ReLU."""

    def __init__(self, input_size: int, hidden_size: int, nonlinearity: str = "tanh"):
        super().__init__(input_size, hidden_size)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"nonlinearity must be 'tanh' or 'relu', not {nonlinearity!r}.")
        self.nonlinearity = nonlinearity

    def step(self, xp, state, clamp=None, weight_hh=None):
        (h,) = state
        w = self.weight_hh if weight_hh is None else weight_hh
        a = xp + h @ w.T + self.bias_hh
        h = torch.tanh(a) if self.nonlinearity == "tanh" else torch.relu(a)
        return (h,), {"h": h}


class LSTMCell(_Cell):
    """The notes' LSTM: forget f, input i, candidate C̃, output o, cell C, hidden h.

    Weight rows are stacked (i, f, C̃, o) as in torch.nn.LSTM, so weights copy across unchanged.
    """
    chunks = 4
    gates = ("f", "i", "c_tilde", "o", "c", "h")
    clampable = ("f", "i", "o")

    def __init__(self, input_size: int, hidden_size: int, forget_bias: float = 0.0):
        super().__init__(input_size, hidden_size)
        with torch.no_grad():  # b_f > 0 starts the cell remembering (Keras' unit_forget_bias uses 1)
            self.bias_ih[hidden_size:2 * hidden_size] += forget_bias

    def initial_state(self, batch, like):
        zeros = like.new_zeros(batch, self.hidden_size)
        return (zeros, zeros)

    def step(self, xp, state, clamp=None, weight_hh=None):
        h, c = state
        w = self.weight_hh if weight_hh is None else weight_hh
        a_i, a_f, a_g, a_o = (xp + h @ w.T + self.bias_hh).chunk(4, dim=-1)  # each (B, H)
        f = _clamped("f", torch.sigmoid(a_f), clamp)
        i = _clamped("i", torch.sigmoid(a_i), clamp)
        c_tilde = torch.tanh(a_g)
        o = _clamped("o", torch.sigmoid(a_o), clamp)
        c = f * c + i * c_tilde
        h = o * torch.tanh(c)
        return (h, c), {"f": f, "i": i, "c_tilde": c_tilde, "o": o, "c": c, "h": h}


class GRUCell(_Cell):
    """The notes' GRU: update z (weight of the new candidate), reset r, candidate h̃, hidden h.

    Rows stacked (r, z, h̃) as in torch.nn.GRU. reset_after=False is the notes' h̃ = tanh(W·[r⊙h, x]);
    reset_after=True applies r after the product, as PyTorch/cuDNN do (see GRU_TORCH_NOTE).
    """
    chunks = 3
    gates = ("z", "r", "h_tilde", "h")
    clampable = ("z", "r")

    def __init__(self, input_size: int, hidden_size: int, reset_after: bool = False):
        super().__init__(input_size, hidden_size)
        self.reset_after = reset_after

    def step(self, xp, state, clamp=None, weight_hh=None):
        (h,) = state
        H = self.hidden_size
        w = self.weight_hh if weight_hh is None else weight_hh
        x_r, x_z, x_n = xp.chunk(3, dim=-1)
        b_r, b_z, b_n = self.bias_hh.chunk(3)
        h_rz = h @ w[:2 * H].T  # (B, 2H)
        r = _clamped("r", torch.sigmoid(x_r + h_rz[:, :H] + b_r), clamp)
        z = _clamped("z", torch.sigmoid(x_z + h_rz[:, H:] + b_z), clamp)
        if self.reset_after:
            h_tilde = torch.tanh(x_n + r * (h @ w[2 * H:].T + b_n))
        else:
            h_tilde = torch.tanh(x_n + (r * h) @ w[2 * H:].T + b_n)
        h = (1 - z) * h + z * h_tilde
        return (h,), {"z": z, "r": r, "h_tilde": h_tilde, "h": h}


CELLS: dict[str, type[_Cell]] = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}


def trace_key(gate: str, layer: int = 0, reverse: bool = False) -> str:
    """Name of one gate's (B, T, H) tensor in a trace, e.g. "l0.f" or "l1.rev.h"."""
    return f"l{layer}.{'rev.' if reverse else ''}{gate}"


@dataclass
class Unrolled:
    """Everything one unrolled forward pass produced.

    outputs (B, T, H·dirs): top layer's h_t (both directions concatenated); state: final states,
    each (layers·dirs, B, H) ordered as torch.nn (layer-major, direction inner); trace: {trace_key:
    (B, T, H)}; hidden_steps / weight_steps: {direction key "l0" | "l0.rev": T tensors} — each h_t
    (B, H) and each step's alias of W_hh as used in the graph, for BPTT probes (record=True only).
    """
    outputs: torch.Tensor
    state: State
    trace: dict[str, torch.Tensor]
    hidden_steps: dict[str, list[torch.Tensor]] = field(default_factory=dict)
    weight_steps: dict[str, list[torch.Tensor]] = field(default_factory=dict)


class Recurrent(nn.Module):
    """A stack of own cells over a sequence, optionally bidirectional (like torch.nn.RNN/LSTM/GRU).

    cell: "rnn" | "lstm" | "gru"; cell_options go to the cell (nonlinearity=, reset_after=).
    Cells live in `self.cells` under "l0", "l0_rev", "l1", … (layer-major, direction inner).
    """

    def __init__(self, cell: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bidirectional: bool = False, **cell_options):
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"Unknown cell '{cell}'; choose one of {sorted(CELLS)}.")
        self.kind, self.hidden_size, self.num_layers = cell, hidden_size, num_layers
        self.directions = 2 if bidirectional else 1
        self.gates = CELLS[cell].gates
        cells = {}
        for layer in range(num_layers):
            size = input_size if layer == 0 else hidden_size * self.directions
            for reverse in range(self.directions):
                cells[f"l{layer}{'_rev' if reverse else ''}"] = CELLS[cell](size, hidden_size, **cell_options)
        self.cells = nn.ModuleDict(cells)

    def forward(self, x: torch.Tensor, state: State | None = None,
                clamp: dict[str, float] | None = None) -> tuple[torch.Tensor, State, dict[str, torch.Tensor]]:
        """x (B, T, I) → (outputs (B, T, H·dirs), final state, trace {trace_key: (B, T, H)})."""
        run = self.unroll(x, state, clamp)
        return run.outputs, run.state, run.trace

    def unroll(self, x: torch.Tensor, state: State | None = None, clamp: dict[str, float] | None = None,
               truncate: int | None = None, record: bool = False) -> Unrolled:
        """The forward pass with its by-products.

        state: as returned in Unrolled.state (None: zeros). clamp: {gate: value} forces a gate
        (what-if). truncate: truncated BPTT, the state is detached every `truncate` steps.
        record: keep per-step h_t and per-step W_hh aliases for BPTT probes.
        """
        B, T, _ = x.shape
        finals: list[State] = []
        trace: dict[str, torch.Tensor] = {}
        hidden_steps: dict[str, list[torch.Tensor]] = {}
        weight_steps: dict[str, list[torch.Tensor]] = {}
        layer_input = x
        for layer in range(self.num_layers):
            outs = []
            for reverse in range(self.directions):
                key = f"l{layer}{'_rev' if reverse else ''}"
                cell = self.cells[key]
                s = cell.initial_state(B, x) if state is None else tuple(
                    part[layer * self.directions + reverse] for part in state)
                xp = cell.project_input(layer_input)  # (B, T, k·H)
                order = range(T - 1, -1, -1) if reverse else range(T)
                steps: dict[str, list[torch.Tensor]] = {g: [] for g in cell.gates}
                hs, ws = [], []
                for n, t in enumerate(order):
                    if truncate and n and n % truncate == 0:
                        s = tuple(part.detach() for part in s)
                    w = cell.weight_hh * 1.0 if record else None  # a per-step node: ∂L/∂W_hh at step t
                    s, inter = cell.step(xp[:, t], s, clamp, weight_hh=w)
                    for g in cell.gates:
                        steps[g].append(inter[g])
                    if record:
                        hs.append(s[0])
                        ws.append(w)
                if reverse:
                    for g in steps:
                        steps[g].reverse()
                    hs.reverse()
                    ws.reverse()
                for g, values in steps.items():
                    trace[trace_key(g, layer, bool(reverse))] = torch.stack(values, dim=1)
                if record:
                    name = f"l{layer}{'.rev' if reverse else ''}"
                    hidden_steps[name], weight_steps[name] = hs, ws
                outs.append(trace[trace_key("h", layer, bool(reverse))])
                finals.append(s)
            layer_input = torch.cat(outs, dim=-1)  # (B, T, H·dirs)
        state = tuple(torch.stack([f[k] for f in finals]) for k in range(len(finals[0])))
        return Unrolled(layer_input, state, trace, hidden_steps, weight_steps)

    def top_final_hidden(self, state: State) -> torch.Tensor:
        """The top layer's final h of each direction, concatenated: (B, H·dirs) (many-to-one heads)."""
        h = state[0]  # (layers·dirs, B, H)
        return torch.cat(list(h[-self.directions:]), dim=-1)


def _torch_names(layer: int, reverse: bool) -> dict[str, str]:
    suffix = f"_l{layer}{'_reverse' if reverse else ''}"
    return {p: p + suffix for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}


@torch.no_grad()
def copy_from_torch(own: Recurrent, reference: nn.RNNBase) -> None:
    """Copy torch.nn.RNN/LSTM/GRU weights into `own` (same sizes), negating the GRU's z rows."""
    for layer in range(own.num_layers):
        for reverse in range(own.directions):
            cell = own.cells[f"l{layer}{'_rev' if reverse else ''}"]
            for mine, theirs in _torch_names(layer, bool(reverse)).items():
                value = getattr(reference, theirs).detach().clone()
                if own.kind == "gru":
                    H = own.hidden_size
                    value[H:2 * H] = -value[H:2 * H]  # our z = σ(a) is PyTorch's 1 − z = σ(−a)
                getattr(cell, mine).copy_(value)
