"""The GAN page's presets: each shows one behaviour of the game, in one click or a link
(?preset=<slug>). tests/unit/test_gan.py checks that the collapse preset collapses and the digits
preset learns."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.training.gan_experiment import GANConfig


@dataclass(frozen=True)
class GANPreset:
    title: str
    config: GANConfig
    lesson: str


PRESETS = {
    "ring": GANPreset(
        "Ring of 8 Gaussians", GANConfig(),
        "Adam, both learning rates 0.001, one D step per G step, the non-saturating loss. G first covers a few "
        "modes, D pushes its samples off them (the arrows), and in about 3,000 steps G's samples sit on seven "
        "or eight of the eight modes."),
    "mode-collapse": GANPreset(
        "Mode collapse: G outruns D", GANConfig(lr_g=0.01, lr_d=0.001),
        "G's learning rate is ten times D's. G jumps onto whichever spot D currently rates as real, all its "
        "samples together; D then rejects that spot and G jumps to the next: its samples cover one mode at a "
        "time and the JS divergence stays high. Raise D steps per G step or lower G's rate to cure it."),
    "minimax": GANPreset(
        "The minimax generator loss", GANConfig(g_loss="minimax"),
        "G minimises the game's own E[log(1 − D(G(z)))]. Its gradient is small where D rejects G's samples "
        "(D ≈ 0, its flat end): compare the arrows' lengths with the non-saturating preset, and try 'only D' "
        "for a few hundred steps before training both."),
    "moons": GANPreset(
        "Two moons", GANConfig(data="moons"),
        "Two curved arms: G has to bend its input square into both; the warped grid shows the fold between them."),
    "line": GANPreset(
        "A line", GANConfig(data="line"),
        "A thin segment: G squeezes its 2-D input square onto a nearly 1-D set (the grid lines bunch together)."),
    "digits": GANPreset(
        "8×8 digits", GANConfig(data="digits", noise="gaussian", g_width=128, d_width=128, batch=64),
        "G turns 16 Gaussian numbers into 64 pixels, D reads 64 pixels; both are MLPs of 128 units, Adam at "
        "0.001. The 25 z's drawn are fixed, so each tile is the same z at every step: first grey blobs, then "
        "dark backgrounds with bright strokes, and after a minute or two (several thousand steps) strokes "
        "that read as digits, several classes among the 25. Some tiles still switch from one digit to another "
        "as D catches up: the see-saw of the ring's modes, in 64-D."),
}
