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
    m = Wrap(lambda s, x: s.norm(x), norm=nn.InstanceNorm2d(3, affine=True))
    spec, text, warnings = draft(m, (1, 3, 4, 4))
    assert layer(spec, "norm")["op"] == "custom" and "InstanceNorm2d" in text and warnings


def test_multi_output_custom_op():
    spec, text, warnings = draft(Wrap(lambda s, x: torch.max(x, dim=1)[0]), (1, 3, 2))
    assert spec["layers"][0]["op"] == "custom" and warnings


def test_never_silent_every_node_accounted_for():
    m = Wrap(lambda s, x: F.relu(F.pad(x, (1, 1))).cumsum(1))
    spec, text, warnings = draft(m, (1, 2, 3))
    assert [l["op"] for l in spec["layers"]] == ["pad", "relu", "custom"]
    assert len(warnings) == 1
