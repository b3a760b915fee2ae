"""The seq2seq page as a plain PyTorch script: its toy translation task regenerated with the same NumPy
calls, the encoder-decoder with and without attention written out and trained side by side on the
same batches (one summed loss, element-wise clipping), and their held-out greedy accuracy."""
from __future__ import annotations

import inspect

from dl_engine.data import translation
from dl_engine.export.scripts import embed
from dl_engine.export.scripts.torch_parts import constants, imports, optimizer, read_steps, tolerance_text
from dl_engine.models.seq2seq import Seq2Seq
from dl_engine.training import seq2seq_experiment as sx

CHECKED_STEPS = 5   # the steps tests/unit/test_export_script_seq2seq.py compares
EMBED = inspect.signature(Seq2Seq).parameters["embed"].default   # the page keeps the model's default
_DIGIT_TASKS = {"copy": "list(src)", "reverse": "src[::-1]", "sort": "sorted(src)"}
_DIGITS = '''
def generate(rng, length):
    """One (source, target) pair of `length` random digits."""
    src = [SYMBOLS[i] for i in rng.integers(0, len(SYMBOLS), length)]
    return src, {target}
'''
_DATE = '''
def generate(rng, length):
    """One pair "21 Nov 2026" → "2026-11-21", as characters (the length is ignored)."""
    day, month, year = int(rng.integers(1, 29)), int(rng.integers(1, 13)), int(rng.integers(1950, 2050))
    return list(f"{day} {MONTHS[month - 1]} {year}"), list(f"{year}-{month:02d}-{day:02d}")
'''
_NUMBER = '''
def generate(rng, length):
    """One pair "three hundred five" → "305": words in, digits out, at most min(length, 6) digits."""
    digits = int(rng.integers(1, min(length, 6) + 1))
    n = int(rng.integers(0 if digits == 1 else 10 ** (digits - 1), 10 ** digits))
    return number_words(n), list(str(n))
'''
_PAIRS = '''
def make_pairs(rng, n, max_len, min_len=2):
    """n (source, target) token lists, their lengths drawn uniformly in [min_len, max_len]."""
    lengths = rng.integers(min_len, max_len + 1, n)
    return [generate(rng, int(length)) for length in lengths]


def encode_pairs(pairs):
    """Token pairs → padded ids: src (B, S), src_len (B,), tgt_in (B, T) from the start token,
    tgt_out (B, T) up to the end token (padding 0, which the loss ignores)."""
    src_index = {t: i for i, t in enumerate(SRC_TOKENS)}
    tgt_index = {t: i for i, t in enumerate(TGT_TOKENS)}
    b = len(pairs)
    s = max(len(p[0]) for p in pairs)
    t = max(len(p[1]) for p in pairs) + 1
    src = torch.full((b, s), PAD, dtype=torch.long)
    tgt_in = torch.full((b, t), PAD, dtype=torch.long)
    tgt_out = torch.full((b, t), PAD, dtype=torch.long)
    for i, (x, y) in enumerate(pairs):
        src[i, :len(x)] = torch.tensor([src_index[c] for c in x])
        ids = [tgt_index[c] for c in y]
        tgt_in[i, :len(ids) + 1] = torch.tensor([SOS] + ids)
        tgt_out[i, :len(ids) + 1] = torch.tensor(ids + [EOS])
    return src, torch.tensor([len(p[0]) for p in pairs]), tgt_in, tgt_out
'''
_SCORES = {   # e (B, 1, S) from the decoder state q (B, 1, H) and the encoder states k (B, S, H)
    "dot": ("e_j = s·h_j", "", "e = q @ k.transpose(-2, -1)"),
    "scaled_dot": ("e_j = s·h_j / sqrt(d)", "", "e = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])"),
    "general": ("e_j = s W h_j (Luong)",
                "self.w = nn.Parameter(torch.empty(HIDDEN, HIDDEN))\n        nn.init.xavier_uniform_(self.w)",
                "e = q @ self.w @ k.transpose(-2, -1)"),
    "additive": ("e_j = v · tanh(W1 s + W2 h_j) (Bahdanau)",
                 "self.w1 = nn.Linear(HIDDEN, HIDDEN, bias=False)\n"
                 "        self.w2 = nn.Linear(HIDDEN, HIDDEN, bias=False)\n"
                 "        self.v = nn.Parameter(torch.empty(HIDDEN).uniform_(-0.1, 0.1))",
                 "hidden = torch.tanh((q @ self.w1.weight.T).unsqueeze(-2) + (k @ self.w2.weight.T).unsqueeze(-3))\n"
                 "        e = hidden @ self.v   # (B, 1, S, H) @ (H,) → (B, 1, S)"),
}
_ATTENTION = '''
class Attention(nn.Module):
    """Score {formula}, α = softmax(e) over the real (unpadded) source steps, context c = Σ_j α_j h_j."""

    def __init__(self):
        super().__init__(){init}

    def forward(self, query, keys, mask):
        """query (B, H), keys (B, S, H), mask (B, S) True on real tokens → (context (B, H), α (B, S))."""
        q, k = query.unsqueeze(1), keys
        {score}
        e = e.masked_fill(~mask.unsqueeze(1), float("-inf"))
        alpha = torch.nan_to_num(torch.softmax(e, dim=-1), nan=0.0)
        return (alpha @ keys).squeeze(1), alpha.squeeze(1)
'''
_CELLS = {   # encoder's final state, the decoder state s_t, per cell
    "gru": ("nn.GRU", "nn.GRUCell", "out, h_n = self.encoder(packed)\n        final = h_n[0]   # (B, H)",
            "state"),
    "lstm": ("nn.LSTM", "nn.LSTMCell", "out, (h_n, c_n) = self.encoder(packed)\n        final = (h_n[0], c_n[0])   # (B, H) each",
             "state[0]"),
}
_MODEL = '''
class Seq2Seq(nn.Module):
    """Encoder {encoder} over the source; decoder {decoder} one output token at a time, fed
    [embed(y_(t-1)), context_(t-1)]; read-out W[s_t, context_t]. attention=False: the context is
    always the encoder's last state h_T; attention=True: the attention-weighted sum of all its states."""

    def __init__(self, attention):
        super().__init__()
        self.src_embed = nn.Embedding(len(SRC_TOKENS), EMBED, padding_idx=PAD)
        self.tgt_embed = nn.Embedding(len(TGT_TOKENS), EMBED, padding_idx=PAD)
        self.encoder = {encoder}(EMBED, HIDDEN, batch_first=True)
        self.decoder = {decoder}(EMBED + HIDDEN, HIDDEN)
        self.attention = Attention() if attention else None
        self.out = nn.Linear(2 * HIDDEN, len(TGT_TOKENS))

    def encode(self, src, src_len):
        """src (B, S), src_len (B,) → states (B, S, H) (zero on padding), the state after each true last step."""
        packed = pack_padded_sequence(self.src_embed(src), src_len, batch_first=True, enforce_sorted=False)
        {final}
        states, _ = pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        return states, final

    def forward(self, src, src_len, tgt_in=None, steps=None):
        """Teacher forcing with tgt_in (B, T), else greedy decoding for `steps` → logits (B, T, V)."""
        states, state = self.encode(src, src_len)
        mask = src != PAD
        h_last = {s_of_state}
        context = h_last
        steps = tgt_in.shape[1] if tgt_in is not None else steps
        y = torch.full((src.shape[0],), SOS, dtype=torch.long)
        logits = []
        for t in range(steps):
            y_prev = tgt_in[:, t] if tgt_in is not None else y
            state = self.decoder(torch.cat([self.tgt_embed(y_prev), context], dim=-1), state)
            s = {s_of_state}
            if self.attention is not None:
                context, _ = self.attention(s, states, mask)
            logits.append(self.out(torch.cat([s, context], dim=-1)))
            y = logits[-1].argmax(-1)
        return torch.stack(logits, 1)
'''
_TRAIN = '''
@torch.no_grad()
def evaluate(model, batch):
    """Teacher-forced loss, greedy token accuracy and whole-answer accuracy on the held-out batch."""
    src, src_len, tgt_in, tgt_out = batch
    model.eval()
    loss = F.cross_entropy(model(src, src_len, tgt_in).flatten(0, 1), tgt_out.flatten(), ignore_index=PAD)
    greedy = model(src, src_len, steps=tgt_out.shape[1])
    model.train()
    counted = tgt_out != PAD
    right = (greedy.argmax(-1) == tgt_out) & counted
    return {{"test_loss": float(loss), "acc": float(right.sum() / counted.sum()),
            "seq_acc": float((right.sum(1) == counted.sum(1)).float().mean())}}


def main():
{read_steps}
    torch.manual_seed(SEED)   # the page seeds torch first: both models draw their initial weights from it
    rng = np.random.default_rng(SEED)   # the training pairs
    model = nn.ModuleDict({{"attention": Seq2Seq(attention=True), "plain": Seq2Seq(attention=False)}})
    optimizer = {optimizer}
    held_out = np.random.default_rng(SEED + 10_007)   # PER_LENGTH pairs of every input length 2…MAX_LEN
    test = encode_pairs([p for n in range(2, MAX_LEN + 1) for p in make_pairs(held_out, PER_LENGTH, n, min_len=n)])
    model.train()
    for step in range(1, steps + 1):
        src, src_len, tgt_in, tgt_out = encode_pairs(make_pairs(rng, BATCH_SIZE, MAX_LEN))
        optimizer.zero_grad(set_to_none=True)
        # the two models' parameters are disjoint: their summed loss trains each as if alone
        loss = 0.0
        for net in model.values():
            logits = net(src, src_len, tgt_in)
            loss = loss + F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD)
        loss.backward()
        nn.utils.clip_grad_value_(model.parameters(), CLIP_VALUE)   # element-wise: never rescales the other model
        optimizer.step()
        print(f"step {{step}} loss {{loss.item():.9g}}")
    for name, net in model.items():
        print(name, " ".join(f"{{k}} {{v:.4f}}" for k, v in evaluate(net, test).items()))


if __name__ == "__main__":
    main()
'''


def _task_code(task: str) -> tuple[dict, str]:
    """(constants, code defining generate(rng, length)) of one translation task."""
    if task in _DIGIT_TASKS:
        return {"SYMBOLS": translation.DIGITS}, _DIGITS.format(target=_DIGIT_TASKS[task])
    if task == "date":
        return {"MONTHS": translation.MONTHS}, _DATE
    return ({"ONES": translation.ONES, "TENS": translation.TENS},
            embed.source(translation.number_words) + "\n\n" + _NUMBER)


def write_script(config: sx.Seq2SeqConfig, seed: int) -> str:
    spec = translation.TASKS[config.task]
    task_constants, task_code = _task_code(config.task)
    encoder, decoder, final, s_of_state = _CELLS[config.cell]
    formula, init, score = _SCORES[config.score]
    title = "Seq2seq & attention (/seq2seq), exported from the deep-learning playground as plain PyTorch."
    notes = ("The page's weights file loads into the ModuleDict of the two models: "
             "model.load_state_dict(safetensors.torch.load_file(path)).",)
    settings = dict(SEED=seed, LR=config.lr, BATCH_SIZE=config.batch_size, MAX_LEN=config.max_len,
                    HIDDEN=config.hidden, EMBED=EMBED, CLIP_VALUE=sx.Seq2SeqExperiment.clip_value,
                    PER_LENGTH=sx.PER_LENGTH, PAD=translation.PAD, SOS=translation.SOS, EOS=translation.EOS,
                    SRC_TOKENS=tuple(translation.Vocab(spec.source_symbols).tokens),
                    TGT_TOKENS=tuple(translation.Vocab(spec.target_symbols).tokens), **task_constants)
    return "\n\n\n".join([
        embed.header(title, config, seed, tolerance_text(CHECKED_STEPS), notes)
        + imports(*(("math",) if config.score == "scaled_dot" else ())).rstrip() + "\nfrom torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence",
        constants(**settings).rstrip(),
        task_code.strip(),
        _PAIRS.strip(),
        _ATTENTION.format(formula=formula, init=init and "\n        " + init, score=score).strip(),
        _MODEL.format(encoder=encoder, decoder=decoder, final=final, s_of_state=s_of_state).strip(),
        _TRAIN.format(read_steps=read_steps(20 * sx.Seq2SeqExperiment.steps_per_epoch).rstrip("\n"),
                      optimizer=optimizer(config.optimizer)).strip(),
    ]) + "\n"
