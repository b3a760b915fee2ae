"""The loss and activation bench's presets: each one reproduces a claim of the notes (003: the
sigmoid is "prone to gradient vanishing", ELU has "no problem of Dead ReLU", initialisation
"prevents dead neurons") or of the lecture (cross-entropy learns where MSE stalls), in one click
or a link (?preset=<slug>). `steps` is how many the claim needs (tests/unit checks each at seed 0)."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.training.activation_bench_experiment import BenchConfig


@dataclass(frozen=True)
class BenchPreset:
    title: str
    config: BenchConfig
    lesson: str
    steps: int = 300


PRESETS = {
    "saturated-start": BenchPreset(
        "Saturated wrong: cross-entropy learns, MSE stalls", BenchConfig(),
        "Both copies start at ‖w‖ = 4 pointing the wrong way: σ(z) ≈ 1 on class 0 and ≈ 0 on class 1. "
        "Cross-entropy's gradient at z is σ − y ≈ ±1 and it is right within a few dozen steps; MSE's is "
        "2(σ − y)·σ(1 − σ), and σ′ ≈ 10⁻³ here: after 300 steps it is still wrong on almost every point."),
    "unsaturated-start": BenchPreset(
        "Started at w = 0: both learn", BenchConfig(start_scale=0.0),
        "From σ(z) = ½ everywhere, σ′ = ¼ is at its largest: MSE's gradient is only 2·¼ = ½ of "
        "cross-entropy's and both copies separate the blobs."),
    "relu-dies": BenchPreset(
        "Too large a learning rate kills ReLU units", BenchConfig(net_lr=10.0),
        "η = 10 throws many hidden units' pre-activations below 0 on every input in the first steps. A "
        "dead unit passes no gradient (ReLU′ = 0 there), so it never comes back: most of the layer is "
        "dead and the net fits the circle worse."),
    "leaky-survives": BenchPreset(
        "A large step with leaky ReLU: no dead units", BenchConfig(net_lr=8.0, activation="leaky_relu"),
        "η = 8, a step at which ReLU still loses about half of its units. Leaky ReLU's slope 0.01 below 0 "
        "keeps a gradient flowing and its output is never exactly 0: no unit dies, and the circle is fitted "
        "(ELU, which the notes say has no dead-ReLU problem, does the same). At η = 10 the leaky net's own "
        "steps overshoot instead and its loss diverges on some machines: every unit passes its gradient, so "
        "the same η moves it further."),
    "small-lr-alive": BenchPreset(
        "ReLU with a small learning rate stays alive", BenchConfig(net_lr=1.0),
        "With η = 1 every unit stays active on some inputs and the circle is fitted."),
    "negative-bias": BenchPreset(
        "A negative bias start: units dead from step 0", BenchConfig(bias_init=-6.0),
        "Every hidden bias starts at −6: the units whose weights cannot lift w·x above 6 anywhere in the "
        "data are dead before the first step, and training never revives them; the share stays put."),
}
