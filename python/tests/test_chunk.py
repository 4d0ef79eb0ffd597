import torch
from helpers import check_model, ops_of
from models import Wrap


def test_chunk_one_layer_per_used_piece():
    def f(s, x):
        qkv = x.chunk(3, dim=-1)  # indexed: PyTorch 1.13's fx cannot trace unpacking on Python 3.11
        return qkv[0] * qkv[1] + qkv[2]

    spec = check_model(Wrap(f), (1, 4, 9), ops=["chunk"])
    pieces = [l for l in spec["layers"] if l["op"] == "chunk"]
    assert [(l["chunks"], l["dim"], l["index"]) for l in pieces] == [(3, 2, 0), (3, 2, 1), (3, 2, 2)]


def test_chunk_uneven_and_unused_pieces():
    spec = check_model(Wrap(lambda s, x: torch.chunk(x, 3, 1)[2]), (1, 7, 2))
    assert ops_of(spec) == ["chunk"] and spec["layers"][0]["index"] == 2
