import yaml
from trtgen_export.yamlout import dump_spec, fmt_float, quote, scalar


def test_quoting_of_ambiguous_names():
    assert quote("features.0") == "features.0"
    for s in ["0", "yes", "No", "null", "1.5", "a b", "x:y", "#c", "", "-a", "on", "é"]:
        q = quote(s)
        assert q.startswith('"') and yaml.safe_load("k: " + q)["k"] == s


def test_floats_parse_as_floats_in_yaml_1_1():
    for v in [1e-5, 2.0, 0.1, 1e20, -3.5e-12, 123456789.0]:
        assert yaml.safe_load("k: " + fmt_float(v))["k"] == v
    assert scalar(float("inf")) == ".inf" and scalar(True) == "true" and scalar(None) == "null"


def test_dump_is_valid_and_deterministic():
    layers = [
        (["comment: with # and 'quotes'\nnewline"], {"name": "0", "op": "relu", "input": "x"}),
        (
            [],
            {"name": "c", "op": "custom", "inputs": ["0"], "output_shape": [1, 2], "snippet": '// TODO: implement "x"'},
        ),
    ]
    text = dump_spec(["hdr"], "n", [{"name": "x", "shape": [1, 2], "dtype": "float32"}], layers, ["c"])
    assert text == dump_spec(["hdr"], "n", [{"name": "x", "shape": [1, 2], "dtype": "float32"}], layers, ["c"])
    d = yaml.safe_load(text)
    assert d["layers"][0]["name"] == "0" and d["layers"][1]["snippet"] == '// TODO: implement "x"'
    assert d["outputs"] == ["c"]
