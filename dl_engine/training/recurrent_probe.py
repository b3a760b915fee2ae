"""The recurrent page's live payload: gates per step, what-if clamps, PCA of h_t; sampled text.

All arrays leave as NumPy (float32) so a Snapshot holds no tensors and no graph.
"""
from __future__ import annotations

import numpy as np
import torch

SHOWN_SEQUENCES = 3   # probe sequences the page can pick from
PROBE_ROWS = 32       # rows of the probe batch behind what-if metrics and gradient through time
MAX_UNITS = 32        # hidden units drawn in a heatmap (the first ones)
TEMPERATURES = (0.5, 1.0, 1.5)
TEMPERATURE_LATEX = r"p_i = \frac{e^{z_i/\tau}}{\sum_j e^{z_j/\tau}}"
CLAMPS = {
    "rnn": {},
    "lstm": {"forget gate f = 1 (never forget)": {"f": 1.0},
             "forget gate f = 0 (forget at every step)": {"f": 0.0},
             "input gate i = 0 (never write)": {"i": 0.0}},
    "gru": {"update gate z = 0 (never update)": {"z": 0.0},
            "update gate z = 1 (no carry-over)": {"z": 1.0},
            "reset gate r = 0 (ignore the past in h̃)": {"r": 0.0}},
}
NO_CLAMP = "none (as trained)"


def what_if_clamps(cell: str) -> dict[str, dict[str, float] | None]:
    """The what-if choices for a cell type: label → clamp ({gate: value}) or None."""
    return {NO_CLAMP: None, **CLAMPS[cell]}


def pca_2d(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project hidden states (P, T, H) onto their first two principal components.

    Returns (P, T, 2) coordinates and the (2,) fraction of variance each component explains.
    """
    P, T, H = h.shape
    flat = h.reshape(-1, H) - h.reshape(-1, H).mean(0)
    _, s, vt = np.linalg.svd(flat, full_matrices=False)
    basis = np.zeros((H, 2))
    basis[:, :min(2, H)] = vt[:2].T
    var = s ** 2
    explained = np.zeros(2)
    explained[:min(2, H)] = (var[:2] / var.sum()) if var.sum() > 0 else 0
    return (flat @ basis).reshape(P, T, 2).astype(np.float32), explained


@torch.no_grad()
def sample_chars(model, corpus, prompt: str, length: int, temperatures=TEMPERATURES, seed: int = 0
                 ) -> dict[float, str]:
    """Generate `length` characters after `prompt` at each temperature τ (one batch row each).

    At every step the next character is drawn from softmax(logits / τ); a fixed seed means the
    text changes between snapshots only because the weights did.
    """
    gen = torch.Generator(device="cpu").manual_seed(seed)
    V, device = len(corpus.vocab), next(model.parameters()).device
    eye = torch.eye(V, device=device)
    tau = torch.tensor(temperatures, device=device)[:, None]
    ids = torch.as_tensor(corpus.encode(prompt), device=device)
    x = eye[ids][None].expand(len(temperatures), -1, -1)  # (K, len(prompt), V)
    state, out = None, [[] for _ in temperatures]
    for _ in range(length):
        run = model.rnn.unroll(x, state)
        state = run.state
        probs = torch.softmax(model.head(run.outputs[:, -1]) / tau, dim=-1).cpu()
        nxt = torch.multinomial(probs, 1, generator=gen)[:, 0]
        for row, i in enumerate(nxt.tolist()):
            out[row].append(i)
        x = eye[nxt.to(device)][:, None]  # (K, 1, V)
    return {t: prompt + corpus.decode(o) for t, o in zip(temperatures, out)}


def _variant(exp, x, y, clamp) -> dict:
    """Gates, states, PCA of h, metrics and predictions with an optional clamp (shown sequences)."""
    task, top = exp.task, exp.config.num_layers - 1
    with torch.no_grad():
        logits, run = exp.model(x, clamp=clamp)
        out = {"loss": float(task.loss(logits, y)), "acc": task.accuracy(logits, y)}
        shown = logits[:SHOWN_SEQUENCES].float().cpu().numpy()
    prefix = f"l{top}."
    out["trace"] = {k[len(prefix):]: v[:SHOWN_SEQUENCES, :, :MAX_UNITS].float().cpu().numpy()
                    for k, v in run.trace.items() if k.startswith(prefix)}  # "f", "rev.f", …
    out["pca"], out["pca_explained"] = pca_2d(run.trace[prefix + "h"][:SHOWN_SEQUENCES].float().cpu().numpy())
    y_shown = y[:SHOWN_SEQUENCES].cpu().numpy()
    if task.many_to_one:
        out["described"] = task.describe(shown, y_shown)
    elif task.classify:
        vocab = task.corpus.vocab
        out["predicted"] = [[vocab[i] for i in row.argmax(-1)] for row in shown]
        out["truth"] = [[vocab[i] for i in row] for row in y_shown]
    else:
        out["predicted"], out["truth"] = shown[..., 0], y_shown[..., 0]
    return out


def probe_visuals(exp, x: torch.Tensor, y: torch.Tensor) -> dict:
    """The whole payload for one snapshot of a RecurrentExperiment on (the first rows of) a probe batch."""
    task = exp.task
    x_np = x[:SHOWN_SEQUENCES].cpu().numpy()
    x, y = x[:PROBE_ROWS], y[:PROBE_ROWS]
    variants = {label: _variant(exp, x, y, clamp) for label, clamp in what_if_clamps(exp.config.cell).items()}
    grads = exp.gradient_through_time(x, y)
    payload = {
        "labels": [task.labels(row) for row in x_np], "variants": variants,
        "dh": grads["dh"], "dw": grads["dw"],
        "hidden_size": exp.config.hidden_size, "many_to_one": task.many_to_one,
        "inputs": x_np[..., 0] if not task.classify and not task.many_to_one else None,
    }
    return payload
