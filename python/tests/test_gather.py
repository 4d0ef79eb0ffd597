import torch
import torch.nn as nn
from helpers import draft, ops_of
from spec_runner import run_spec


def test_getitem_and_index_select_by_a_buffer():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("index", torch.tensor([3, 0, 3, 1, 2]))

        def forward(self, x):
            return (
                x[self.index].sum(0)
                + torch.index_select(x, 1, self.index).sum(1)
                + x.index_select(-1, self.index).sum(1)
            )

    m = M().eval()
    spec, text, warnings = draft(m, (4, 4))
    assert not warnings, warnings
    gathers = [l for l in spec["layers"] if l["op"] == "gather"]
    assert [(l["dim"], l["num_indices"], l["weights"]) for l in gathers] == [
        (0, 5, {"index": "index"}),
        (1, 5, {"index": "index"}),
        (1, 5, {"index": "index"}),
    ]
    x = torch.randn(4, 4)
    got = run_spec(spec, {"index": m.index.float()}, {spec["inputs"][0]["name"]: x})
    assert torch.allclose(got[spec["outputs"][0]], m(x), atol=1e-5)


def test_computed_or_negative_indices_are_custom():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("index", torch.tensor([-1, 0]))

        def forward(self, x):
            return x[self.index]

    spec, text, warnings = draft(M(), (3, 2))
    assert "gather" not in ops_of(spec) and "negative indices" in text
