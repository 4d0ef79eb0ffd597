"""CLI behaviour through subprocesses: one clear error line, no traceback, right exit codes."""

import json
import os

import numpy as np
import pytest
import torch
import yaml
from helpers import run_cli
from trtgen_export.cli import main
from trtgen_export.testing_models import LeNet, ResNetTiny, lenet
from trtgen_export.wts import read_wts

MODELS = "trtgen_export.testing_models"


def assert_one_line_error(p, code, *needles):
    assert p.returncode == code, (p.returncode, p.stderr)
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith("trtgen-export: error:")]
    assert len(errors) == 1, p.stderr
    assert "Traceback" not in p.stderr
    for n in needles:
        assert n in errors[0], (n, errors[0])
    return errors[0]


@pytest.fixture(scope="module")
def ckpts(tmp_path_factory):
    d = tmp_path_factory.mktemp("ckpt")
    torch.manual_seed(0)
    net = ResNetTiny()
    torch.save(net.state_dict(), str(d / "plain.pth"))
    torch.save({"model": net.state_dict(), "epoch": 7, "optimizer": {"lr": 0.1}}, str(d / "ckpt.pth"))
    torch.save({"model": net.state_dict(), "ema": net.state_dict()}, str(d / "two.pth"))
    torch.save(net, str(d / "whole.pth"))
    (d / "corrupt.pth").write_bytes(b"\x80\x02garbage that is not a pickle" * 4)
    (d / "text.pth").write_text("hello")
    torch.save(lenet().state_dict(), str(d / "lenet.pth"))
    return d, net


# ---- weights: successful paths (in-process, fast) ---------------------------------------------


def test_weights_plain_and_checkpoint_and_key(ckpts, capsys):
    d, net = ckpts
    assert main(["weights", str(d / "plain.pth"), "-o", str(d / "a.wts")]) == 0
    assert main(["weights", str(d / "ckpt.pth"), "-o", str(d / "b.wts")]) == 0
    assert main(["weights", str(d / "two.pth"), "--key", "ema", "-o", str(d / "c.wts")]) == 0
    a = (d / "a.wts").read_bytes()
    assert a == (d / "b.wts").read_bytes() == (d / "c.wts").read_bytes()
    err = capsys.readouterr().err
    assert "from key 'model'" in err and "num_batches_tracked" in err
    names = [n for n, _ in read_wts(str(d / "a.wts"))]
    assert names == [k for k, v in net.state_dict().items() if v.is_floating_point()]


def test_weights_default_output_name_and_typed_half(ckpts):
    d, _ = ckpts
    assert main(["weights", str(d / "lenet.pth"), "-q"]) == 0
    assert (d / "lenet.wts").exists()
    assert main(["weights", str(d / "lenet.pth"), "--typed", "--half", "-q", "-o", str(d / "h.wts")]) == 0
    first = (d / "h.wts").read_text().split("\n")[1].split()
    assert first[:3] == ["conv1.weight", "1", "150"] and all(len(t) == 4 for t in first[3:])


def test_weights_unsafe_pickle_whole_module(ckpts):
    d, _ = ckpts
    p = run_cli("weights", d / "whole.pth", "--unsafe-pickle", "--import", MODELS, "-o", d / "w.wts")
    assert p.returncode == 0, p.stderr
    assert "runs code from that file" in p.stderr
    assert (
        (d / "w.wts").read_bytes() == (d / "plain.pth").with_suffix(".wts").read_bytes()
        if (d / "plain.wts").exists()
        else True
    )
    assert [n for n, _ in read_wts(str(d / "w.wts"))][0] == "stem.0.weight"


# ---- weights: bad input ------------------------------------------------------------------------


def test_pickled_module_without_flag(ckpts):
    d, _ = ckpts
    p = run_cli("weights", d / "whole.pth", "-o", d / "x.wts")
    assert_one_line_error(p, 1, "whole.pth", "--unsafe-pickle", "ResNetTiny")
    assert not (d / "x.wts").exists()


def test_missing_corrupt_and_non_checkpoint_files(ckpts):
    d, _ = ckpts
    for name, needle in [
        ("nope.pth", "does not exist"),
        ("corrupt.pth", "corrupt"),
        ("text.pth", "not a PyTorch checkpoint"),
    ]:
        p = run_cli("weights", d / name, "-o", d / "x.wts")
        assert_one_line_error(p, 1, name, needle)
    assert not (d / "x.wts").exists()
    assert not [f for f in os.listdir(d) if f.endswith(".tmp")]


def test_ambiguous_and_wrong_keys(ckpts, capsys):
    d, _ = ckpts
    assert main(["weights", str(d / "two.pth"), "-o", str(d / "x.wts")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "model, ema" in err and "--key" in err
    assert main(["weights", str(d / "ckpt.pth"), "--key", "optimizer", "-o", str(d / "x.wts")]) == 1
    err = capsys.readouterr().err
    assert "'optimizer'" in err and "'model'" in err and "'epoch'" in err


def test_usage_errors_exit_2(ckpts):
    d, _ = ckpts
    p = run_cli("weights", d / "plain.pth", "--half")
    assert_one_line_error(p, 2, "--half requires --typed")
    p = run_cli("weights")
    assert p.returncode == 2 and "Traceback" not in p.stderr


# ---- spec ----------------------------------------------------------------------------------------


def test_spec_with_weights_writes_yaml(ckpts, capsys):
    d, _ = ckpts
    out = d / "lenet.yaml"
    assert (
        main(
            [
                "spec",
                "--model",
                MODELS + ":LeNet",
                "--weights",
                str(d / "lenet.pth"),
                "--input-shape",
                "1,1,32,32",
                "--name",
                "lenet",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text()
    assert text.startswith("# Code drafted by trtgen-export from %s:LeNet. Review before use.\n" % MODELS)
    spec = yaml.safe_load(text)
    assert spec["name"] == "lenet" and spec["layers"][0]["name"] == "conv1"


def test_factory_that_does_not_import(tmp_path):
    p = run_cli("spec", "--model", "no_such_pkg.nets:Net", "--input-shape", "1,3,8,8", "-o", tmp_path / "s.yaml")
    assert_one_line_error(p, 1, "no_such_pkg", "--import-path")
    (tmp_path / "badmod.py").write_text("import torch\nraise ImportError('needs timm')\n")
    p = run_cli(
        "spec",
        "--model",
        "badmod:Net",
        "--import-path",
        tmp_path,
        "--input-shape",
        "1,3,8,8",
        "-o",
        tmp_path / "s.yaml",
    )
    assert_one_line_error(p, 1, "badmod", "needs timm")
    p = run_cli("spec", "--model", MODELS + ":NoSuchNet", "--input-shape", "1,3,8,8", "-o", tmp_path / "s.yaml")
    assert_one_line_error(p, 1, "NoSuchNet", "LeNet")
    p = run_cli("spec", "--model", MODELS + ":broken_factory", "--input-shape", "1,3,8,8", "-o", tmp_path / "s")
    assert_one_line_error(p, 1, "broken_factory", "always fails")
    assert not (tmp_path / "s.yaml").exists()


def test_unsupported_op_becomes_custom_with_warning(tmp_path):
    out = tmp_path / "cumsum.yaml"
    p = run_cli("spec", "--model", MODELS + ":WithCumsum", "--input-shape", "1,3,8,8", "-o", out)
    assert p.returncode == 0, p.stderr
    warn = [l for l in p.stderr.splitlines() if "warning" in l]
    assert len(warn) == 1 and "torch.cumsum" in warn[0] and "custom" in warn[0]
    spec = yaml.safe_load(out.read_text())
    assert spec["layers"][0]["op"] == "custom"


def test_bad_input_shape(tmp_path):
    for bad in ["1,3,x,8", "1,0,8,8", ""]:
        p = run_cli("spec", "--model", MODELS + ":LeNet", "--input-shape", bad, "-o", tmp_path / "s.yaml")
        assert_one_line_error(p, 2, "--input-shape")
    p = run_cli("spec", "--model", MODELS + ":LeNet", "--input-shape", "1,3,32,32", "-o", tmp_path / "s.yaml")
    assert_one_line_error(p, 1, "--input-shape", "channels")
    assert not (tmp_path / "s.yaml").exists()


def test_weights_that_do_not_fit_the_factory(ckpts, capsys):
    d, _ = ckpts
    assert (
        main(
            [
                "spec",
                "--model",
                MODELS + ":LeNet",
                "--weights",
                str(d / "plain.pth"),
                "--input-shape",
                "1,1,32,32",
                "-o",
                str(d / "s.yaml"),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "do not fit" in err and "conv1.weight" in err


# ---- reference -----------------------------------------------------------------------------------


def test_reference_file_names_never_collide():
    """'a/b' and 'a_b' both become output_a_b.bin: the later one gets a suffix (reference.json names the file)."""
    from trtgen_export.reference import _file_name

    used = set()
    got = [_file_name("output", n, used) for n in ["a/b", "a_b", "a b", "c"]]
    assert got == ["output_a_b.bin", "output_a_b_2.bin", "output_a_b_3.bin", "output_c.bin"]
    assert _file_name("layer", "a_b", used) == "layer_a_b.bin"


def _load(d, entry):
    return np.fromfile(os.path.join(d, entry["file"]), dtype="<f4").reshape(entry["shape"])


def test_reference_single_output_matches_pytorch(ckpts, tmp_path):
    d, _ = ckpts
    out = tmp_path / "ref"
    assert (
        main(
            [
                "reference",
                "--model",
                MODELS + ":LeNet",
                "--weights",
                str(d / "lenet.pth"),
                "--input-shape",
                "1,1,32,32",
                "--seed",
                "5",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    meta = json.loads((out / "reference.json").read_text())
    assert meta["inputs"][0]["file"] == "input.bin" and meta["outputs"][0]["file"] == "output.bin"
    x = _load(out, meta["inputs"][0])
    model = LeNet()
    model.load_state_dict(torch.load(str(d / "lenet.pth")))
    model.eval()
    with torch.no_grad():
        y = model(torch.from_numpy(x.copy())).numpy()
    assert np.array_equal(_load(out, meta["outputs"][0]), y)
    assert (out / "input.bin").stat().st_size == 32 * 32 * 4
    # deterministic: same seed -> same bytes
    out2 = tmp_path / "ref2"
    assert (
        main(
            [
                "reference",
                "--model",
                MODELS + ":LeNet",
                "--weights",
                str(d / "lenet.pth"),
                "--input-shape",
                "1,1,32,32",
                "--seed",
                "5",
                "-o",
                str(out2),
            ]
        )
        == 0
    )
    assert (out / "input.bin").read_bytes() == (out2 / "input.bin").read_bytes()
    assert (out / "output.bin").read_bytes() == (out2 / "output.bin").read_bytes()


def test_reference_multi_output_and_per_layer(tmp_path):
    out = tmp_path / "ref"
    torch.manual_seed(0)
    assert (
        main(["reference", "--model", MODELS + ":TwoHeads", "--input-shape", "1,3,6,6", "--per-layer", "-o", str(out)])
        == 0
    )
    meta = json.loads((out / "reference.json").read_text())
    assert [o["file"] for o in meta["outputs"]] == ["output_relu.bin", "output_cls.bin"]
    assert [l["name"] for l in meta["layers"]] == ["conv", "relu", "mean", "cls"]
    assert meta["layers"][0]["shape"] == [1, 4, 6, 6]
    relu = _load(out, meta["layers"][1])
    assert np.array_equal(relu, _load(out, meta["outputs"][0]))
    assert (relu >= 0).all()
    conv = _load(out, meta["layers"][0])
    assert np.array_equal(np.maximum(conv, 0), relu) and (conv < 0).any()  # not clobbered by inplace ops


def test_reference_float64(ckpts, tmp_path):
    d, _ = ckpts
    out = tmp_path / "ref64"
    args = ["reference", "--model", MODELS + ":LeNet", "--weights", str(d / "lenet.pth"), "--input-shape", "1,1,32,32"]
    assert main(args + ["--float64", "-o", str(out)]) == 0
    assert main(args + ["-o", str(tmp_path / "ref32")]) == 0
    meta = json.loads((out / "reference.json").read_text())
    assert meta["computed_in"] == "float64" and meta["outputs"][0]["dtype"] == "float32"
    assert "converted_from" not in meta["outputs"][0]
    x = _load(out, meta["inputs"][0])
    assert (out / "input.bin").read_bytes() == (tmp_path / "ref32" / "input.bin").read_bytes()
    model = LeNet()
    model.load_state_dict(torch.load(str(d / "lenet.pth")))
    model.eval().double()
    with torch.no_grad():
        y64 = model(torch.from_numpy(x.copy()).double())
    # the float64 result rounded once to float32, not a float32 run
    assert np.array_equal(_load(out, meta["outputs"][0]), y64.float().numpy())
    meta32 = json.loads((tmp_path / "ref32" / "reference.json").read_text())
    assert meta32["computed_in"] == "float32"


def test_reference_float64_per_layer(tmp_path):
    out = tmp_path / "ref"
    torch.manual_seed(0)
    argv = ["reference", "--model", MODELS + ":TwoHeads", "--input-shape", "1,3,6,6", "--per-layer", "--float64"]
    assert main(argv + ["-o", str(out)]) == 0
    meta = json.loads((out / "reference.json").read_text())
    relu = _load(out, meta["layers"][1])
    conv = _load(out, meta["layers"][0])
    assert np.array_equal(np.maximum(conv, 0), relu)
    assert np.array_equal(relu, _load(out, meta["outputs"][0]))


def test_checkpoint_with_plain_python_data_loads_safely(tmp_path, capsys):
    # torch 1.13's weights_only unpickler rejects floats; the allowlist fallback must still load it
    sd = lenet().state_dict()
    torch.save(
        {"state_dict": sd, "best_acc": 0.93, "epoch": 3, "hparams": {"lr": 1e-3, "name": "x"}}, str(tmp_path / "c.pth")
    )
    assert main(["weights", str(tmp_path / "c.pth"), "-o", str(tmp_path / "c.wts")]) == 0
    assert len(read_wts(str(tmp_path / "c.wts"))) == len(sd)


def test_safe_fallback_still_refuses_code(tmp_path, capsys):
    import pickle

    from trtgen_export import safe_pickle

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    with pytest.raises(pickle.UnpicklingError, match="posix.system|os.system"):
        safe_pickle.loads(pickle.dumps(Evil()))


def test_torchscript_archive(tmp_path, capsys):
    model = lenet()
    torch.jit.save(torch.jit.script(model), str(tmp_path / "ts.pt"))
    torch.save(model.state_dict(), str(tmp_path / "sd.pth"))
    assert main(["weights", str(tmp_path / "ts.pt"), "-o", str(tmp_path / "a.wts")]) == 0
    assert "TorchScript" in capsys.readouterr().err
    assert main(["weights", str(tmp_path / "sd.pth"), "-o", str(tmp_path / "b.wts")]) == 0
    assert (tmp_path / "a.wts").read_bytes() == (tmp_path / "b.wts").read_bytes()
