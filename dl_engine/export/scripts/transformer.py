"""The tiny-transformer page as a plain PyTorch script: its examples regenerated with the same NumPy
and torch calls, the pre-norm decoder-only transformer with its multi-head attention written out (the
page does not use nn.MultiheadAttention), the same initial weights, optimiser and norm clipping."""
from __future__ import annotations

from dl_engine.data import translation
from dl_engine.export.scripts import embed
from dl_engine.export.scripts.torch_parts import constants, imports, optimizer, read_steps, tolerance_text
from dl_engine.models.transformer import sinusoidal_encoding
from dl_engine.training import transformer_experiment as tx

CHECKED_STEPS = 10   # the steps tests/unit/test_export_script_transformer.py compares
EVAL_SIZE = 256      # TransformerExperiment's held-out examples
_ANSWERS = {"copy": "x", "reverse": "x.flip(1)", "sort": "x.sort(1).values"}
_DIGITS = '''
def examples(rng, n):
    """Inputs (n, 2k) "x_1…x_k ▶ y_1…y_(k-1)" and next-token targets (n, 2k), IGNORE on the question:
    only the answer y = {task} of x is scored."""
    k = SEQ_LEN
    x = torch.as_tensor(rng.integers(0, N_SYMBOLS, (n, k))) + 3   # digit ids follow the 3 special tokens
    y = {answer}
    seq = torch.cat([x, torch.full((n, 1), SOS), y], 1)   # (n, 2k + 1)
    targets = seq[:, 1:].clone()
    targets[:, :k] = IGNORE
    return seq[:, :-1], targets
'''
_TEXT = '''
TEXT_IDS = torch.tensor([TOKENS.index(ch) for ch in TEXT])


def examples(rng, n):
    """n random windows of the text: inputs (n, LENGTH) and the next character at every position."""
    starts = torch.as_tensor(rng.integers(0, len(TEXT_IDS) - LENGTH - 1, n))
    seq = TEXT_IDS[starts[:, None] + torch.arange(LENGTH + 1)]
    return seq[:, :-1], seq[:, 1:]
'''
_MODEL = '''
class MultiHeadAttention(nn.Module):
    """Self-attention with N_HEADS heads of D_MODEL / N_HEADS dimensions, the split and concat written out."""

    def __init__(self):
        super().__init__()
        self.d_head = D_MODEL // N_HEADS
        self.w_q = nn.Linear(D_MODEL, D_MODEL)
        self.w_k = nn.Linear(D_MODEL, D_MODEL)
        self.w_v = nn.Linear(D_MODEL, D_MODEL)
        self.w_o = nn.Linear(D_MODEL, D_MODEL)

    def split_heads(self, x):
        """(B, T, d) → (B, H, T, d/H): head h owns columns h·d_head … (h+1)·d_head − 1."""
        b, t, _ = x.shape
        return x.view(b, t, N_HEADS, self.d_head).transpose(1, 2)

    def forward(self, x, mask):
        """x (B, T, d), mask (T, T) True where query t may see key j, or None → (B, T, d)."""
        q, k, v = self.split_heads(self.w_q(x)), self.split_heads(self.w_k(x)), self.split_heads(self.w_v(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])   # (B, H, T, T)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        out = weights @ v                                            # (B, H, T, d/H)
        b, h, t, dh = out.shape
        return self.w_o(out.transpose(1, 2).reshape(b, t, h * dh))   # the heads side by side


class Block(nn.Module):
    """Pre-norm layer: x + MHA(LN(x)), then x + FFN(LN(x)) with FFN(x) = max(0, x W1 + b1) W2 + b2."""

    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D_MODEL)
        self.attn = MultiHeadAttention()
        self.ln2 = nn.LayerNorm(D_MODEL)
        self.ffn = nn.Sequential(nn.Linear(D_MODEL, D_FF), nn.ReLU(), nn.Linear(D_FF, D_MODEL))

    def forward(self, x, mask):
        x = x + self.attn(self.ln1(x), mask)
        return x + self.ffn(self.ln2(x))


class TinyTransformer(nn.Module):
    """Token + {positions} position embeddings, N_LAYERS blocks, a final LayerNorm, a linear read-out."""

    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(len(TOKENS), D_MODEL)
        {position_init}
        self.blocks = nn.ModuleList(Block() for _ in range(N_LAYERS))
        self.ln_f = nn.LayerNorm(D_MODEL)
        self.head = nn.Linear(D_MODEL, len(TOKENS))

    def forward(self, idx):
        """idx (B, T) token ids → logits (B, T, len(TOKENS))."""
        t = idx.shape[1]
        x = self.tok(idx) + {position}[:t]   # (B, T, d)
        mask = {mask}
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.ln_f(x))
'''
_TRAIN = '''
def loss_fn(logits, targets):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=IGNORE)


@torch.no_grad()
def evaluate(model, x, y):
    """Held-out loss and the accuracy on the scored tokens."""
    model.eval()
    logits = model(x)
    model.train()
    asked = y != IGNORE
    right = (logits.argmax(-1) == y) & asked
    return float(loss_fn(logits, y)), float(right.sum() / asked.sum())


def main():
{read_steps}
    rng = np.random.default_rng(SEED)   # the training examples, fresh every step
    torch.manual_seed(SEED)   # the page seeds torch first: the layers draw their initial weights from it
    model = TinyTransformer()
    optimizer = {optimizer}
    test_x, test_y = examples(np.random.default_rng(SEED + 10_007), EVAL_SIZE)
    model.train()
    for step in range(1, steps + 1):
        x, y = examples(rng, BATCH_SIZE)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
        optimizer.step()
        print(f"step {{step}} loss {{loss.item():.9g}}")
    test_loss, token_acc = evaluate(model, test_x, test_y)
    print(f"test_loss {{test_loss:.6f}} token_acc {{token_acc:.4f}}")


if __name__ == "__main__":
    main()
'''


def write_script(config: tx.TransformerConfig, seed: int) -> str:
    config.check()
    text = config.task == "text"
    vocab = translation.text_vocab() if text else translation.Vocab(translation.DIGITS[:config.n_symbols])
    settings = dict(SEED=seed, LR=config.lr, BATCH_SIZE=config.batch_size, SEQ_LEN=config.seq_len,
                    LENGTH=2 * config.seq_len, N_LAYERS=config.n_layers, N_HEADS=config.n_heads,
                    D_MODEL=config.d_model, D_FF=4 * config.d_model, CLIP_NORM=tx.TransformerExperiment.clip_norm,
                    EVAL_SIZE=EVAL_SIZE, IGNORE=tx.IGNORE, SOS=translation.SOS, TOKENS=tuple(vocab.tokens))
    if text:
        settings["TEXT"] = translation.TEXT
        data = _TEXT
    else:
        settings["N_SYMBOLS"] = config.n_symbols
        data = _DIGITS.format(task=config.task, answer=_ANSWERS[config.task])
    learned = config.positions == "learned"
    model = _MODEL.format(
        positions="learned" if learned else "sinusoidal",
        position_init=("self.pos = nn.Embedding(LENGTH, D_MODEL)" if learned else
                       'self.register_buffer("pe", sinusoidal_encoding(LENGTH, D_MODEL), persistent=False)'),
        position="self.pos.weight" if learned else "self.pe",
        mask=("torch.ones(t, t, dtype=torch.bool).tril()   # causal: no position sees a later one"
              if config.causal else "None   # every position sees every other"))
    title = "Tiny transformer (/transformer), exported from the deep-learning playground as plain PyTorch."
    notes = ("The page's weights file loads into TinyTransformer: model.load_state_dict(safetensors.torch.load_file(path)).",
             "Heads ablated on the page are what-ifs of its pictures and not part of this script.")
    parts = [embed.header(title, config, seed, tolerance_text(CHECKED_STEPS), notes) + imports("math").rstrip(),
             constants(**settings).rstrip(), data.strip()]
    if not learned:
        parts.append(embed.source(sinusoidal_encoding).strip())
    parts += [model.strip(), _TRAIN.format(read_steps=read_steps(20 * tx.TransformerExperiment.steps_per_epoch).rstrip("\n"),
                                           optimizer=optimizer(config.optimizer)).strip()]
    return "\n\n\n".join(parts) + "\n"
