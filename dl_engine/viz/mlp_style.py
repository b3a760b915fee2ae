"""Shared colours of the MLP figures: TensorFlow Playground's orange/blue."""
from __future__ import annotations

ORANGE, BLUE = "#f59322", "#0877bd"
# P(class 1) or a neuron's normalised output: orange (−1 / class 0) → white (0) → blue (+1 / class 1)
DIVERGING = [[0.0, ORANGE], [0.5, "#f7f7f7"], [1.0, BLUE]]
CLASS_COLOURS = [ORANGE, BLUE, "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf"]
