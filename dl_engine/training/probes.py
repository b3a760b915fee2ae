"""Probes: per-layer activations, output gradients, gradient norms and update ratios.

Hooks live only inside `record_layers(...)`: registered in `try`, removed in `finally`, so a
probe costs nothing between snapshots and no hook outlives a step, even a failing one.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
import torch
from torch import nn


@dataclass
class ProbeRecord:
    """What one probed step saw, per layer name (all arrays on the CPU, detached copies).

    activations[layer]: the layer's output, shape (B, ...); activation_grads[layer]: ∂L/∂output,
    same shape; grad_norms[layer]: ‖∂L/∂θ_layer‖₂; update_ratios[layer]: ‖Δθ‖ / ‖θ‖ for the step.
    """
    activations: dict[str, np.ndarray] = field(default_factory=dict)
    activation_grads: dict[str, np.ndarray] = field(default_factory=dict)
    grad_norms: dict[str, float] = field(default_factory=dict)
    update_ratios: dict[str, float] = field(default_factory=dict)


def parameter_layers(model: nn.Module) -> dict[str, list[nn.Parameter]]:
    """Layers that own parameters directly, in registration order: {name: [params]}."""
    layers = {}
    for name, module in model.named_modules():
        params = [p for p in module.parameters(recurse=False) if p.requires_grad]
        if params:
            layers[name or "model"] = params
    return layers


def layer_grad_norms(layers: dict[str, list[nn.Parameter]]) -> dict[str, float]:
    """‖∂L/∂θ‖₂ per layer after backward(); one device sync for all layers."""
    names, norms = [], []
    for name, params in layers.items():
        grads = [p.grad for p in params if p.grad is not None]
        if grads:
            names.append(name)
            norms.append(torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads))))
    if not norms:
        return {}
    values = torch.stack(norms).cpu().tolist()
    return dict(zip(names, values))


def first_nonfinite_layer(grad_norms: dict[str, float]) -> str | None:
    """The layer nearest the output whose gradient is NaN/Inf (backprop reaches it first)."""
    for name in reversed(list(grad_norms)):
        if not math.isfinite(grad_norms[name]):
            return name
    return None


def snapshot_params(layers: dict[str, list[nn.Parameter]]) -> dict[str, list[torch.Tensor]]:
    """Detached copies of every layer's parameters (to measure the step's update)."""
    return {name: [p.detach().clone() for p in params] for name, params in layers.items()}


def update_ratios(before: dict[str, list[torch.Tensor]],
                  layers: dict[str, list[nn.Parameter]]) -> dict[str, float]:
    """‖θ_after − θ_before‖ / ‖θ_before‖ per layer (≈1e-3 is the usual healthy rate)."""
    out = {}
    for name, params in layers.items():
        delta = torch.sqrt(sum(((p.detach() - b) ** 2).sum() for p, b in zip(params, before[name])))
        size = torch.sqrt(sum((b ** 2).sum() for b in before[name]))
        out[name] = float(delta / size) if float(size) > 0 else float("inf") if float(delta) > 0 else 0.0
    return out


@contextmanager
def record_layers(modules: dict[str, nn.Module], record: ProbeRecord,
                  max_rows: int = 256) -> Iterator[ProbeRecord]:
    """Record each module's output and ∂L/∂output (first `max_rows` rows) into `record`."""
    handles = []

    def on_forward(name):
        def hook(module, inputs, output):
            if not isinstance(output, torch.Tensor):
                return
            record.activations[name] = output.detach()[:max_rows].float().cpu().numpy().copy()
            if output.requires_grad:
                def on_grad(grad, name=name):
                    record.activation_grads[name] = grad.detach()[:max_rows].float().cpu().numpy().copy()
                output.register_hook(on_grad)
        return hook

    try:
        for name, module in modules.items():
            handles.append(module.register_forward_hook(on_forward(name)))
        yield record
    finally:
        for handle in handles:
            handle.remove()


def hook_count(model: nn.Module) -> int:
    """Number of forward/backward hooks still attached anywhere in `model` (tests: 0)."""
    return sum(len(m._forward_hooks) + len(m._backward_hooks) + len(m._forward_pre_hooks)
               for m in model.modules())
