"""nn.MultiheadAttention -> multi_head_attention: drafted and run by the test interpreter against
PyTorch for each layout, projection layout and input count; what trtgen does not cover is a custom
layer with the reason; a small torchvision ViT drafts with no custom layer."""

import pytest
import torch
import torch.nn as nn
from helpers import check_model, draft
from torchvision.models.vision_transformer import VisionTransformer


def _randomize(model, seed=0):
    """Random parameters everywhere (PyTorch zero-initialises the MHA biases and ViT's head)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.3)
    return model


class Attn(nn.Module):
    """Calls ``mha`` on the forward inputs: ``pick`` gives the indices of query, key and value."""

    def __init__(self, mha, pick=(0, 0, 0), twice=False, **kw):
        super().__init__()
        self.mha, self.pick, self.twice, self.kw = mha, pick, twice, kw

    def forward(self, x0, x1=None, x2=None):
        q, k, v = ((x0, x1, x2)[i] for i in self.pick)
        y = self.mha(q, k, v, **self.kw)[0]
        return self.mha(y, y, y, need_weights=False)[0] if self.twice else y


def _layer(spec):
    layers = [l for l in spec["layers"] if l["op"] == "multi_head_attention"]
    assert layers, spec
    return layers[0]


def test_self_attention_sequence_first_is_one_input():
    spec = check_model(_randomize(Attn(nn.MultiheadAttention(16, 4))), (5, 2, 16), ops=("multi_head_attention",))
    layer = _layer(spec)
    assert layer["input"] == "x0" and "inputs" not in layer, layer
    assert (layer["embed_dim"], layer["num_heads"]) == (16, 4) and "batch_first" not in layer


def test_batch_first_without_bias_need_weights_false():
    # 3 heads: torch 1.13's own eval fast path (even heads) fails without biases
    mha = nn.MultiheadAttention(15, 3, bias=False, batch_first=True)
    spec = check_model(_randomize(Attn(mha, need_weights=False)), (2, 5, 15), ops=("multi_head_attention",))
    layer = _layer(spec)
    assert layer["batch_first"] is True and layer["bias"] is False


def test_unbatched_input():
    check_model(_randomize(Attn(nn.MultiheadAttention(12, 3))), (6, 12), ops=("multi_head_attention",))


def test_cross_attention_key_is_value_two_inputs():
    mha = nn.MultiheadAttention(16, 4, batch_first=True)
    spec = check_model(_randomize(Attn(mha, pick=(0, 1, 1))), (2, 5, 16), (2, 7, 16), ops=("multi_head_attention",))
    assert len(_layer(spec)["inputs"]) == 2


def test_three_inputs_with_separate_projection_weights():
    mha = nn.MultiheadAttention(16, 2, kdim=12, vdim=10)
    spec = check_model(
        _randomize(Attn(mha, pick=(0, 1, 2))), (5, 2, 16), (7, 2, 12), (7, 2, 10), ops=("multi_head_attention",)
    )
    layer = _layer(spec)
    assert (layer["kdim"], layer["vdim"], layer["use_separate_proj_weight"]) == (12, 10, True)
    assert len(layer["inputs"]) == 3


def test_module_used_twice_reads_the_first_use_weights():
    spec = check_model(
        _randomize(Attn(nn.MultiheadAttention(8, 2, batch_first=True), twice=True)),
        (1, 4, 8),
        ops=("multi_head_attention",),
    )
    second = [l for l in spec["layers"] if l["op"] == "multi_head_attention"][1]
    assert second["weights"]["in_proj_weight"] == "mha.in_proj_weight"
    assert second["weights"]["out_proj.bias"] == "mha.out_proj.bias"


def test_small_vision_transformer_drafts_without_custom_layers():
    vit = VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=4, hidden_dim=32, mlp_dim=64)
    spec = check_model(_randomize(vit), (1, 3, 32, 32), ops=("multi_head_attention", "concat", "select"), atol=1e-4)
    assert sum(l["op"] == "multi_head_attention" for l in spec["layers"]) == 2


class Masked(nn.Module):
    def __init__(self, mode, **kw):
        super().__init__()
        self.mode = mode
        self.mha = nn.MultiheadAttention(8, 2, **kw)
        self.register_buffer("mask", torch.zeros(4, 4))

    def forward(self, x):
        mode = self.mode
        if mode == "attn_mask":
            return self.mha(x, x, x, attn_mask=self.mask)[0]
        if mode == "key_padding_mask":
            return self.mha(x, x, x, key_padding_mask=x[:, :, 0].t() > 0)[0]
        if mode == "weights":
            return self.mha(x, x, x)[1]
        return self.mha(x, x, x)[0]


@pytest.mark.parametrize(
    "kw,mode,reason",
    [
        ({}, "attn_mask", "attn_mask given"),
        ({}, "key_padding_mask", "key_padding_mask given"),
        ({"add_bias_kv": True}, "out", "add_bias_kv=True"),
        ({"add_zero_attn": True}, "out", "add_zero_attn=True"),
        ({}, "weights", "output 1 of torch.nn.modules.activation.MultiheadAttention"),
    ],
)
def test_unsupported_configurations_are_custom_layers_with_the_reason(kw, mode, reason):
    _, text, warnings = draft(Masked(mode, **kw), (4, 1, 8))
    assert "op: custom" in text, text
    assert any(reason in w for w in warnings), warnings
