"""Attention functions written out vs PyTorch's fused references, and the invariants of α."""
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dl_engine.models.attention import (Attention, MultiHeadAttention, additive_scores, attend, causal_mask,
                                        entropy, general_scores, masked_softmax, padding_mask,
                                        scaled_dot_product_attention)

torch.manual_seed(0)


def qkv(b=2, h=3, tq=5, tk=5, d=4):
    return torch.randn(b, h, tq, d), torch.randn(b, h, tk, d), torch.randn(b, h, tk, d)


@pytest.mark.parametrize("mask_kind", ["none", "causal", "padding"])
def test_scaled_dot_product_equals_torch(mask_kind):
    q, k, v = qkv()
    mask = {"none": None, "causal": causal_mask(5),
            "padding": padding_mask(torch.tensor([5, 3]), 5).unsqueeze(1)}[mask_kind]
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 3, 5))


def test_multi_head_equals_torch_multihead_attention_with_copied_weights():
    d, heads = 8, 2
    reference = nn.MultiheadAttention(d, heads, batch_first=True)
    mine = MultiHeadAttention(d, heads).load_from_torch(reference)
    x, memory = torch.randn(3, 4, d), torch.randn(3, 6, d)
    lengths = torch.tensor([6, 2, 4])
    keep = padding_mask(lengths, 6).unsqueeze(1)                       # (B, 1, 1, Tk), True = keep
    out, weights = mine(x, memory, mask=keep)
    ref_out, ref_weights = reference(x, memory, memory, key_padding_mask=~keep[:, 0, 0],
                                     average_attn_weights=False)
    torch.testing.assert_close(out, ref_out, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(weights, ref_weights, rtol=1e-5, atol=1e-6)


def test_multi_head_causal_self_attention_equals_torch():
    d, heads, t = 12, 3, 5
    reference = nn.MultiheadAttention(d, heads, batch_first=True)
    mine = MultiHeadAttention(d, heads).load_from_torch(reference)
    x = torch.randn(2, t, d)
    out, weights = mine(x, mask=causal_mask(t))
    ref_out, ref_weights = reference(x, x, x, attn_mask=~causal_mask(t), average_attn_weights=False)
    torch.testing.assert_close(out, ref_out, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(weights, ref_weights, rtol=1e-5, atol=1e-6)


def test_fast_path_matches_explicit_path():
    mha = MultiHeadAttention(8, 4)
    x = torch.randn(2, 5, 8)
    slow, weights = mha(x, mask=causal_mask(5))
    mha.fast = True
    fast, none = mha(x, mask=causal_mask(5))
    assert none is None and weights.shape == (2, 4, 5, 5)
    torch.testing.assert_close(slow, fast, rtol=1e-5, atol=1e-6)


def test_split_then_merge_heads_is_the_identity_and_heads_own_column_blocks():
    mha = MultiHeadAttention(6, 3)
    x = torch.arange(2 * 4 * 6, dtype=torch.float32).view(2, 4, 6)
    heads = mha.split_heads(x)
    assert heads.shape == (2, 3, 4, 2)
    torch.testing.assert_close(heads[:, 1], x[..., 2:4])
    torch.testing.assert_close(mha.merge_heads(heads), x)


def test_head_mask_removes_exactly_that_heads_block_of_the_concat():
    mha = MultiHeadAttention(6, 3)
    x = torch.randn(1, 4, 6)
    full, _ = mha(x)
    ablated, _ = mha(x, head_mask=torch.tensor([1.0, 0.0, 1.0]))
    # W_o is linear: the difference is W_o's columns for head 2 applied to that head's output
    q, k, v = (mha.split_heads(w(x)) for w in (mha.w_q, mha.w_k, mha.w_v))
    head_out, _ = scaled_dot_product_attention(q, k, v)
    contribution = head_out[:, 1] @ mha.w_o.weight[:, 2:4].T
    torch.testing.assert_close(full - ablated, contribution, rtol=1e-5, atol=1e-6)


def test_causal_mask_zeros_the_future_and_rows_sum_to_one():
    scores = torch.randn(6, 6)
    weights = masked_softmax(scores, causal_mask(6))
    assert torch.all(weights.triu(1) == 0)
    assert torch.all(weights[causal_mask(6)] > 0)
    torch.testing.assert_close(weights.sum(-1), torch.ones(6))
    assert weights[0, 0] == 1.0  # the first token can only look at itself


def test_padding_mask_gives_padding_keys_zero_weight_and_fully_masked_rows_zeros():
    keep = padding_mask(torch.tensor([3, 0]), 4)                       # (2, 1, 4)
    weights = masked_softmax(torch.randn(2, 2, 4), keep)
    assert torch.all(weights[0, :, 3] == 0)
    torch.testing.assert_close(weights[0].sum(-1), torch.ones(2))
    assert torch.all(weights[1] == 0) and not torch.isnan(weights).any()


def test_additive_and_general_scores_match_their_definitions_entry_by_entry():
    q, k = torch.randn(3, 4), torch.randn(5, 6)
    w1, w2, v, wa = torch.randn(7, 4), torch.randn(7, 6), torch.randn(7), torch.randn(4, 6)
    add, gen = additive_scores(q, k, w1, w2, v), general_scores(q, k, wa)
    for t in range(3):
        for j in range(5):
            torch.testing.assert_close(add[t, j], v @ torch.tanh(w1 @ q[t] + w2 @ k[j]))
            torch.testing.assert_close(gen[t, j], q[t] @ wa @ k[j])


@pytest.mark.parametrize("score", ["dot", "scaled_dot", "general", "additive"])
def test_attention_module_context_is_the_alpha_weighted_sum_of_keys(score):
    att = Attention(score, 5, 5)
    query, keys = torch.randn(2, 5), torch.randn(2, 7, 5)
    mask = padding_mask(torch.tensor([7, 4]), 7)[:, 0]
    context, alpha = att(query, keys, mask)
    torch.testing.assert_close(alpha.sum(-1), torch.ones(2))
    assert torch.all(alpha[1, 4:] == 0)
    torch.testing.assert_close(context, torch.einsum("bt,btd->bd", alpha, keys))


def test_attend_returns_weights_times_values():
    scores, v = torch.randn(3, 4), torch.randn(4, 2)
    out, weights = attend(scores, v)
    torch.testing.assert_close(out, torch.softmax(scores, -1) @ v)


def test_entropy_is_zero_for_one_hot_and_log_t_for_uniform():
    rows = torch.stack([torch.tensor([1.0, 0, 0, 0]), torch.full((4,), 0.25)])
    torch.testing.assert_close(entropy(rows), torch.tensor([0.0, math.log(4)]))


def test_multi_head_rejects_indivisible_sizes_with_a_clear_message():
    with pytest.raises(ValueError, match="divisible"):
        MultiHeadAttention(10, 3)
