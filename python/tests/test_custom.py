import torch
import torch.nn as nn
import torch.nn.functional as F
from helpers import draft, layer
from models import Wrap
from trtgen_export.testing_models import WithCumsum


def test_unsupported_function_becomes_custom_with_comment_and_warning():
    spec, text, warnings = draft(WithCumsum(), (1, 3, 8, 8))
    cumsum = layer(spec, "cumsum")
    assert cumsum["op"] == "custom" and cumsum["inputs"] == ["x"] and cumsum["output_shape"] == [1, 3, 8, 8]
    assert cumsum["snippet"] == "// TODO: implement torch.cumsum"
    comment = [l for l in text.splitlines() if "TODO unsupported" in l][0]
    assert comment.startswith("  # TODO unsupported by trtgen: torch.cumsum(x[1, 3, 8, 8], 1")
    assert comment.endswith(") -> [1, 3, 8, 8]")
    assert len(warnings) == 1 and "cumsum" in warnings[0]
    assert layer(spec, "conv")["input"] == "cumsum"  # graph continues after the custom layer


def test_unsupported_module_keeps_state_dict_name():
    m = Wrap(lambda s, x: s.norm(x), norm=nn.LayerNorm(4))
    spec, text, warnings = draft(m, (2, 4))
    assert layer(spec, "norm")["op"] == "custom" and "LayerNorm" in text and warnings


def test_parameter_used_as_data_becomes_custom_constant():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = nn.Parameter(torch.ones(1, 3, 1, 1))

        def forward(self, x):
            return x * self.scale

    spec, text, warnings = draft(M(), (1, 3, 2, 2))
    const = spec["layers"][0]
    assert const["op"] == "custom" and const["inputs"] == ["x"] and const["output_shape"] == [1, 3, 1, 1]
    assert spec["layers"][1] == {"name": "mul", "op": "mul", "inputs": ["x", const["name"]]}


def test_multi_output_custom_op():
    spec, text, warnings = draft(Wrap(lambda s, x: torch.max(x, dim=1)[0]), (1, 3, 2))
    assert spec["layers"][0]["op"] == "custom" and warnings


def test_never_silent_every_node_accounted_for():
    m = Wrap(lambda s, x: F.relu(F.pad(x, (1, 1))).cumsum(1))
    spec, text, warnings = draft(m, (1, 2, 3))
    assert [l["op"] for l in spec["layers"]] == ["pad", "relu", "custom"]
    assert len(warnings) == 1
