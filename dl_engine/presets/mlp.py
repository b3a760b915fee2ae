"""Named MLP experiments a lecturer loads in one click (and links to with ?preset=<name>)."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.models.mlp_config import MLPConfig


@dataclass(frozen=True)
class Preset:
    title: str
    lesson: str
    config: MLPConfig
    epochs: int  # about how long it takes to make its point (tests train this long)


PRESETS: dict[str, Preset] = {
    "playground-default": Preset(
        "TensorFlow Playground's start: circle, 4-2 tanh",
        "The page's defaults, as TensorFlow Playground opens: two tanh layers (4 and 2 neurons) learn the circle "
        "with plain SGD and the MSE loss; press Train and watch each neuron's picture take a side. (Its weights "
        "start Xavier-uniform, biases at 0; TensorFlow Playground's start U(−0.5, 0.5), biases 0.1.)",
        MLPConfig(), 300),
    "xor-hidden-layer": Preset(
        "XOR needs a hidden layer",
        "No single line separates XOR; a hidden layer of 4 tanh neurons bends the boundary around the quadrants.",
        MLPConfig(dataset="xor", hidden=(4,), activations=("tanh",), lr=0.03, optimizer="adam",
                  loss="binary_cross_entropy", batch_size=10), 60),
    "circle-hidden-layer": Preset(
        "A hidden layer draws the circle",
        "Four tanh neurons each draw a line; the output combines them into a closed boundary around the centre.",
        MLPConfig(dataset="circle", hidden=(4,), activations=("tanh",), optimizer="adam", lr=0.03,
                  loss="binary_cross_entropy"), 60),
    "no-hidden-layer-fails-on-circle": Preset(
        "No hidden layer fails on the circle",
        "Without hidden layers the network is a linear classifier: accuracy stays near 50 % on the circle.",
        MLPConfig(dataset="circle", hidden=(), activations=(), loss="binary_cross_entropy", optimizer="adam",
                  lr=0.03), 40),
    "features-replace-depth": Preset(
        "Features replace depth",
        "Give the same linear model x1² and x2²: the circle becomes separable with no hidden layer at all.",
        MLPConfig(dataset="circle", features=("x1", "x2", "x1^2", "x2^2"), hidden=(), activations=(),
                  loss="binary_cross_entropy", optimizer="adam", lr=0.03), 40),
    "spiral-needs-depth-or-features": Preset(
        "Spiral needs depth or features",
        "Two spiral arms: a deep ReLU network (or richer inputs such as sin x1, sin x2) is needed to follow them.",
        MLPConfig(dataset="spiral", n_points=600, train_ratio=0.7,
                  features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2"),
                  hidden=(16, 16, 16), activations=("relu", "relu", "relu"), optimizer="adam", lr=0.01,
                  loss="binary_cross_entropy", batch_size=16, init="he"), 60),
    "zero-init-symmetry": Preset(
        "Zero initialisation cannot break symmetry",
        "All weights start at 0: every hidden neuron computes the same thing and receives the same gradient.",
        MLPConfig(dataset="circle", hidden=(4, 2), init="zeros", loss="binary_cross_entropy", lr=0.1), 30),
    "learning-rate-too-high": Preset(
        "A learning rate that is too high",
        "Learning rate 10 with plain SGD: the loss jumps around or the run diverges.",
        MLPConfig(dataset="gauss", hidden=(8, 8), activations=("relu", "relu"), init="he", lr=10.0,
                  loss="binary_cross_entropy"), 10),
    "overfitting-and-regularisation": Preset(
        "Overfitting, then L2 and dropout",
        "Few noisy points and a big network overfit (test loss rises); raise L2 or dropout to pull it back.",
        MLPConfig(dataset="gauss", n_points=100, noise=0.5, train_ratio=0.3, hidden=(16, 16),
                  activations=("relu", "relu"), init="he", optimizer="adam", lr=0.01, loss="binary_cross_entropy",
                  regularization="l2", reg_rate=0.0), 200),
}
