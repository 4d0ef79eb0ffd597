"""Drafting specialised to the declared input shape (shape queries fold while tracing), eval-time
folding (parameter-only subgraphs become ``constant`` layers whose tensors go into the .wts) and
the source line in every warning about a custom layer."""

import inspect
import os

import pytest
import torch
import torch.nn as nn
from helpers import check_model, draft, draft_with_constants, layer, ops_of, randomize_bn
from models import Wrap
from spec_runner import run_spec
from trtgen_export.cli import main
from trtgen_export.errors import UserError
from trtgen_export.testing_models import ClassToken
from trtgen_export.trace import make_inputs
from trtgen_export.weights import export_weights
from trtgen_export.wts import read_wts

HERE = os.path.abspath(__file__)


def _line_of(fn, text):
    """'<this file>:<line>' of the line of ``fn``'s source that contains ``text``."""
    lines, first = inspect.getsourcelines(fn)
    return "%s:%d" % (HERE, first + next(i for i, l in enumerate(lines) if text in l))


# ---- shape queries -------------------------------------------------------------------------------


class Unpack(nn.Module):
    def forward(self, x):
        n, c, h, w = x.shape
        torch._assert(h == w, "square inputs only")
        return x.view(n, -1).relu()


def test_shape_unpacking_and_view_draft():
    spec = check_model(Unpack(), (2, 3, 4, 4))
    assert ops_of(spec) == ["reshape", "relu"] and layer(spec, "view")["shape"] == [2, 48]


def test_size_arithmetic_dim_and_len_fold():
    def f(s, x):
        half = x.size(1) // 2
        assert x.dim() == 4 and len(x) == 1
        a = x.narrow(1, 0, half)
        b = x[:, half:]
        return torch.cat([b, a * x.shape[-1]], dim=x.ndim - 3)

    spec, text, warnings = draft(Wrap(f), (1, 6, 2, 3))
    assert not warnings and ops_of(spec) == ["slice", "slice", "mul", "concat"], text
    assert layer(spec, "narrow")["end"] == 3 and layer(spec, "getitem")["start"] == 3
    assert layer(spec, "mul")["other"] == 3 and layer(spec, "cat")["dim"] == 1
    check_model(Wrap(f), (1, 6, 2, 3))


def test_tuple_unpacking_of_chunk_and_iterating_a_tensor():
    def f(s, x):
        a, b = x.chunk(2, dim=1)
        rows = [r * 2.0 for r in x]  # iterating over dim 0 (size 2)
        return a + b, rows[1]

    check_model(Wrap(f), (2, 4, 3))


class DataDependent(nn.Module):
    def forward(self, x):
        if x.mean() > 0:
            return x.relu()
        return x


def test_data_dependent_control_flow_is_one_clear_message():
    with pytest.raises(UserError) as e:
        draft(DataDependent(), (1, 3))
    msg = str(e.value)
    assert _line_of(DataDependent.forward, "if x.mean() > 0") in msg
    assert "`if x.mean() > 0:`" in msg and "used as a Python bool" in msg


def test_data_dependent_size_names_the_line():
    def f(s, x):
        k = int(x.argmax())
        return x[:, :k]

    with pytest.raises(UserError) as e:
        draft(Wrap(f), (1, 5))
    assert _line_of(f, "int(x.argmax())") in str(e.value) and "used as a Python int" in str(e.value)


def test_failure_on_the_declared_shape_names_the_line_and_input_shape():
    with pytest.raises(UserError) as e:
        draft(Wrap(lambda s, x: s.fc(x), fc=nn.Linear(4, 2)), (1, 5))
    assert "test_draft_specialize.py:" in str(e.value) and "1x5" in str(e.value)
    assert "check --input-shape" in str(e.value)


# ---- custom layers name their call and source line -------------------------------------------------


def test_custom_warning_names_call_and_source_line():
    def f(s, x):
        return torch.cumprod(x, 2).cumsum(2)

    spec, text, warnings = draft(Wrap(f), (1, 2, 3))
    assert ops_of(spec) == ["custom", "custom"] and len(warnings) == 2
    where = _line_of(f, "torch.cumprod(")
    assert "torch.cumprod at %s" % where in warnings[0]
    assert "Tensor.cumsum at %s" % where in warnings[1]


def test_module_custom_warning_names_the_calling_line():
    def f(s, x):
        return s.norm(x)

    spec, text, warnings = draft(Wrap(f, norm=nn.LocalResponseNorm(2)), (1, 4, 3, 3))
    assert "LocalResponseNorm (module norm) at %s" % _line_of(f, "s.norm(x)") in warnings[0]


# ---- parameter-only subgraphs become constants -------------------------------------------------------


def test_parameters_used_as_data_become_constants():
    spec, text, warnings, constants = draft_with_constants(ClassToken(), (2, 3, 4))
    assert not warnings and "custom" not in ops_of(spec), text
    # a parameter read as it is: the .wts tensor of its state_dict name
    assert layer(spec, "gamma") == {"name": "gamma", "op": "constant", "shape": [4], "weights": {"value": "gamma"}}
    # computed from parameters and shapes: computed now, stored as <layer>.value
    assert layer(spec, "expand") == {"name": "expand", "op": "constant", "shape": [2, 1, 4]}
    assert layer(spec, "getitem") == {"name": "getitem", "op": "constant", "shape": [1, 4, 4]}
    assert sorted(constants) == ["expand.value", "getitem.value"]
    check_model(ClassToken(), (2, 3, 4))  # the spec computes what the model computes, from the .wts


def test_expanded_class_token_values():
    m = ClassToken()
    _, _, _, constants = draft_with_constants(m, (2, 3, 4))
    assert torch.equal(constants["expand.value"], m.cls.detach().expand(2, -1, -1))


def test_mask_from_shapes_is_a_constant():
    def f(s, x):
        n = x.size(-1)
        mask = x.new_ones(n, n).triu(1) * -100.0
        return (x + mask).softmax(-1)

    spec = check_model(Wrap(f), (1, 3, 3))
    assert ops_of(spec) == ["constant", "add", "softmax"]
    assert layer(spec, "mul")["shape"] == [3, 3]


def test_non_float_tensor_used_as_data_is_custom_with_warning():
    m = Wrap(lambda s, x: x + s.idx)
    m.register_buffer("idx", torch.arange(3))
    spec, text, warnings = draft(m, (1, 3))
    assert ops_of(spec) == ["custom", "add"] and "int64 tensor" in warnings[0]


def test_spec_wts_adds_the_constants(tmp_path, capsys):
    args = ["spec", "--model", "trtgen_export.testing_models:ClassToken", "--input-shape", "2,3,4"]
    args += ["--weights", str(tmp_path / "net.pth"), "-o", str(tmp_path / "net.yaml")]
    net = ClassToken()
    torch.save(net.state_dict(), str(tmp_path / "net.pth"))
    assert main(args) == 0
    assert "pass --wts MODEL.wts to add them" in capsys.readouterr().err
    export_weights(net.state_dict(), str(tmp_path / "net.wts"))
    for _ in range(2):  # a second run replaces the tensors
        assert main(args + ["--wts", str(tmp_path / "net.wts")]) == 0
    assert "added 2 constant tensor(s) to %s (2 replaced)" % (tmp_path / "net.wts") in capsys.readouterr().err
    wts = dict(read_wts(str(tmp_path / "net.wts")))
    assert sorted(wts) == ["cls", "expand.value", "gamma", "getitem.value", "pos"]
    assert wts["expand.value"].tolist() == net.cls.detach().expand(2, -1, -1).reshape(-1).tolist()
    assert main(args + ["--wts", str(tmp_path / "missing.wts")]) == 1
    assert "missing.wts does not exist: export the model's weights first" in capsys.readouterr().err


# ---- torchvision models ------------------------------------------------------------------------------


def _draft_zoo_model(factory, shape):
    """Draft a torchvision model; assert no custom layers, no identity layers, no warnings, and that the
    spec computes what the model computes (weights from the state_dict directly: a .wts round trip of
    millions of values would dominate the test's time)."""
    tv = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    model = randomize_bn(getattr(tv.models, factory)().eval())
    spec, text, warnings, constants = draft_with_constants(model, shape)
    assert not warnings and "custom" not in ops_of(spec) and "identity" not in ops_of(spec), warnings
    x = make_inputs([list(shape)], seed=3)[0]
    got = run_spec(spec, {**model.state_dict(), **constants}, {spec["inputs"][0]["name"]: x})[spec["outputs"][0]]
    with torch.no_grad():
        assert torch.allclose(got, model(x), atol=1e-4, rtol=1e-4)
    return spec


def test_efficientnet_b0_drafts_without_custom_layers():
    """StochasticDepth and Dropout vanish."""
    assert "silu" in ops_of(_draft_zoo_model("efficientnet_b0", (1, 3, 64, 64)))


def test_shufflenet_v2_drafts_without_custom_layers():
    """`batchsize, num_channels, height, width = x.size()` in channel_shuffle folds."""
    spec = _draft_zoo_model("shufflenet_v2_x0_5", (1, 3, 64, 64))
    assert "reshape" in ops_of(spec) and "concat" in ops_of(spec)


def test_other_tracing_failures_name_the_line():
    def f(s, x):
        return x.relu() if x.is_floating_point() else x, len(x.shape.foo)

    with pytest.raises(UserError) as e:
        draft(Wrap(f), (1, 3))
    assert "torch.fx could not trace" in str(e.value) and _line_of(f, "len(x.shape.foo)") in str(e.value)


def test_assignment_into_an_input_tensor_warns():
    def f(s, x):
        y = x.relu()
        y[:, 0] = 1.0
        return y

    spec, text, warnings = draft(Wrap(f), (1, 3))
    assert len(warnings) == 1 and "operator.setitem at %s" % _line_of(f, "y[:, 0] = 1.0") in warnings[0]


def test_assignment_into_a_folded_mask():
    def f(s, x):
        m = x.new_zeros(3, 3)
        early = x + m
        m[0, 1:] = 5.0
        return early * (x + m)

    spec = check_model(Wrap(f), (1, 3, 3))
    consts = [l for l in spec["layers"] if l["op"] == "constant"]
    assert len(consts) == 2 and consts[0]["name"] == "new_zeros" and consts[1]["name"] == "new_zeros_1"


def _wrapped_scale(x, k):
    return x * k + x.shape[-1]


def _wrapped_untraceable(x):
    return x.relu() if x.sum() > 0 else x


torch.fx.wrap("_wrapped_scale")
torch.fx.wrap("_wrapped_untraceable")


def test_fx_wrapped_functions_are_traced_through_or_kept_whole():
    spec = check_model(Wrap(lambda s, x: _wrapped_scale(x, 2.0)), (1, 3))
    assert ops_of(spec) == ["mul", "add"] and layer(spec, "add")["other"] == 3
    spec, text, warnings = draft(Wrap(lambda s, x: _wrapped_untraceable(x) * 2.0), (1, 3))
    assert ops_of(spec) == ["custom", "mul"] and "_wrapped_untraceable" in warnings[0]
    # tracing through left torch.fx's registry of wrapped functions as it was: later drafts work
    assert ops_of(draft(Wrap(lambda s, x: torch.cat([x, x], 1) + 1.0), (1, 3))[0]) == ["concat", "add"]


def _wrapped_cat(x):
    return torch.cat([x, x], 1)


torch.fx.wrap("_wrapped_cat")


def test_traced_through_call_returning_a_torch_function_leaves_fx_as_it_was():
    assert ops_of(draft(Wrap(lambda s, x: _wrapped_cat(x)), (1, 3))[0]) == ["concat"]
    assert ops_of(draft(Wrap(lambda s, x: torch.cat([x, x], 1)), (1, 3))[0]) == ["concat"]


# ---- in-place changes of folded tensors; weights computed from parameters ----------------------------


class ZeroedBias(nn.Module):
    """A linear layer whose bias is a parameter with a part zeroed in place on a copy (swin v2's qkv bias)."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(6, 4))
        self.b = nn.Parameter(torch.randn(6) + 2.0)

    def forward(self, x):
        b = self.b.clone()
        early = x[:, :1] + b  # reads the copy before the change
        b[2:4].zero_()
        b.mul_(0.5)
        return torch.nn.functional.linear(x, self.w, b) + early


def test_in_place_changes_of_a_folded_tensor_reach_its_later_readers():
    m = ZeroedBias()
    spec, text, warnings, constants = draft_with_constants(m, (2, 4))
    assert not warnings and ops_of(spec) == ["slice", "constant", "add", "linear", "add"], text
    assert layer(spec, "linear")["weights"] == {"weight": "w", "bias": "linear.bias"}
    want = m.b.detach().clone()
    want[2:4] = 0
    assert torch.equal(constants["linear.bias"], want * 0.5)
    assert torch.equal(constants["clone.value"], m.b.detach())
    check_model(ZeroedBias(), (2, 4), ops=("linear",))


def test_swin_v2_attention_drafts_normalize_and_a_computed_qkv_bias():
    """Cosine attention (F.normalize), the clamped exp of logit_scale and the qkv bias whose key
    part is zeroed on a copy; a non-zero key bias in the parameter checks that the copy is used."""
    tv = pytest.importorskip("torchvision")
    torch.manual_seed(0)
    m = tv.models.swin_transformer.ShiftedWindowAttentionV2(16, [4, 4], [2, 2], 2).eval()
    with torch.no_grad():
        m.qkv.bias.normal_()
        m.logit_scale.fill_(5.0)  # above log(100): the clamp matters
    spec = check_model(m, (1, 8, 8, 16), ops=("normalize", "linear"), atol=1e-4)
    assert "custom" not in ops_of(spec)
