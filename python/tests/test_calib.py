"""trtgen-export calib: INT8 calibration sets from images or a dataset factory."""

import numpy as np
import pytest
import torch
from helpers import run_cli
from PIL import Image
from torchvision import transforms
from trtgen_export.cli import main

SPEC = "name: n\ninputs:\n  - name: image\n    shape: [2, 3, 8, 8]\nlayers:\n  - { name: r, op: relu }\n"


def images(folder, count, size=(12, 10)):
    folder.mkdir()
    rng = np.random.default_rng(0)
    for k in range(count):
        pixels = rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8)
        Image.fromarray(pixels).save(str(folder / ("img%02d.png" % k)))
    (folder / "notes.txt").write_text("not an image")
    return folder


def read_bin(path, shape):
    data = np.fromfile(str(path), dtype="<f4")
    assert data.size == int(np.prod(shape))
    return data.reshape(shape)


def test_images_become_normalized_batches_in_name_order(tmp_path):
    src = images(tmp_path / "imgs", 5)
    (tmp_path / "spec.yaml").write_text(SPEC)
    out = tmp_path / "calib"
    assert main(["calib", "--images", str(src), "--spec", str(tmp_path / "spec.yaml"), "-o", str(out)]) == 0
    # 5 images, batch 2: two full batches, the fifth image left over
    assert sorted(p.name for p in out.iterdir()) == ["calib_00000.bin", "calib_00001.bin"]
    # torchvision's ImageNet evaluation transform, resize = round(8 / 0.875) = 9
    expected = transforms.Compose(
        [
            transforms.Resize(9),
            transforms.CenterCrop((8, 8)),
            transforms.ToTensor(),
            transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
        ]
    )
    for k, name in enumerate(["calib_00000.bin", "calib_00001.bin"]):
        got = read_bin(out / name, (2, 3, 8, 8))
        for j in range(2):
            with Image.open(str(src / ("img%02d.png" % (2 * k + j)))) as img:
                want = expected(img.convert("RGB")).numpy()
            np.testing.assert_array_equal(got[j], want)


def test_image_options_resize_mean_std_and_count(tmp_path):
    src = images(tmp_path / "imgs", 3)
    out = tmp_path / "calib"
    args = ["calib", "--images", str(src), "--input-shape", "1,3,6,6", "-o", str(out), "--count", "2"]
    assert main(args + ["--resize", "10", "--mean", "0,0,0", "--std", "1,1,1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["calib_00000.bin", "calib_00001.bin"]
    got = read_bin(out / "calib_00001.bin", (1, 3, 6, 6))
    with Image.open(str(src / "img01.png")) as img:
        want = transforms.Compose([transforms.Resize(10), transforms.CenterCrop((6, 6)), transforms.ToTensor()])(img)
    np.testing.assert_array_equal(got[0], want.numpy())
    assert 0.0 <= got.min() and got.max() <= 1.0


#: the --dataset module of the tests below: items() gives (input, label) pairs of one batch item each
CALIBDATA = """\
import numpy as np
import torch
def items():
    g = torch.Generator().manual_seed(1)
    return [(torch.randn(3, 4, 4, generator=g), k) for k in range(5)]
WHOLE = [np.full((1, 3, 4, 4), k, dtype=np.float64) for k in range(4)]
def broken():
    raise RuntimeError('no data here')
SHAPES = [np.zeros((3, 5, 5), dtype=np.float32)]
NAN = [np.full((3, 4, 4), np.nan, dtype=np.float32)]
"""


def test_dataset_factory_items_and_whole_batches(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "calibdata.py").write_text(CALIBDATA)
    namespace = {}
    exec(CALIBDATA, namespace)
    out = tmp_path / "a"
    assert main(["calib", "--dataset", "calibdata:items", "--input-shape", "2,3,4,4", "-o", str(out)]) == 0
    files = sorted(out.iterdir())
    assert len(files) == 2  # five items, batch 2
    items = namespace["items"]()
    np.testing.assert_array_equal(read_bin(files[1], (2, 3, 4, 4)), torch.stack([items[2][0], items[3][0]]).numpy())

    out = tmp_path / "b"
    assert (
        main(["calib", "--dataset", "calibdata:WHOLE", "--input-shape", "1,3,4,4", "-o", str(out), "--count", "3"]) == 0
    )
    files = sorted(out.iterdir())
    assert [read_bin(f, (1, 3, 4, 4))[0, 0, 0, 0] for f in files] == [0.0, 1.0, 2.0]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--dataset", "calibdata:broken"], "--dataset calibdata:broken raised RuntimeError: no data here"),
        (
            ["--dataset", "calibdata:SHAPES"],
            "--dataset calibdata:SHAPES sample 0 has shape (3, 5, 5); expected the input's (1, 3, 4, 4) or one batch "
            "item (3, 4, 4)",
        ),
        (["--dataset", "calibdata:NAN"], "--dataset calibdata:NAN sample 0: holds NaN or infinite values"),
        (["--dataset", "calibdata:nothing"], "module 'calibdata' has no attribute 'nothing' (from --dataset"),
        (["--dataset", "nosuchmodule_xyz:items"], "cannot import module 'nosuchmodule_xyz' from --dataset"),
    ],
)
def test_dataset_errors_are_one_line(tmp_path, args, message):
    (tmp_path / "calibdata.py").write_text(CALIBDATA)
    p = run_cli("calib", *args, "--input-shape", "1,3,4,4", "-o", tmp_path / "out", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert "Traceback" not in p.stderr
    assert p.stderr.startswith("trtgen-export: error: ") and p.stderr.count("\n") == 1, p.stderr
    assert message in p.stderr, p.stderr


def test_image_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.txt").write_text("x")
    p = run_cli("calib", "--images", empty, "--input-shape", "1,3,4,4", "-o", tmp_path / "o")
    assert p.returncode == 1 and "empty: no images in it (.jpg, .jpeg" in p.stderr, p.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.png").write_bytes(b"not a png")
    p = run_cli("calib", "--images", bad, "--input-shape", "1,3,4,4", "-o", tmp_path / "o")
    assert p.returncode == 1 and "x.png: cannot read the image" in p.stderr and "Traceback" not in p.stderr
    src = images(tmp_path / "imgs", 1)
    p = run_cli("calib", "--images", src, "--input-shape", "1,3,4,4", "--mean", "0,0", "-o", tmp_path / "o")
    assert p.returncode == 2 and "--mean has 2 value(s), the input has 3 channel(s)" in p.stderr
    p = run_cli("calib", "--images", src, "--input-shape", "1,3,4,4", "--resize", "3", "-o", tmp_path / "o")
    assert p.returncode == 2 and "--resize 3 is smaller than the crop 4x4" in p.stderr
    p = run_cli("calib", "--images", src, "--input-shape", "1,4,4,4", "-o", tmp_path / "o")
    assert p.returncode == 1 and "images need an input of shape N,C,H,W with C = 1 or 3" in p.stderr
    p = run_cli("calib", "--images", src, "--input-shape", "2,3,4,4", "-o", tmp_path / "o")
    assert p.returncode == 1 and "did not fill one batch of 2" in p.stderr


def test_refuses_an_existing_set_and_multi_input_specs(tmp_path):
    src = images(tmp_path / "imgs", 1)
    out = tmp_path / "calib"
    out.mkdir()
    (out / "old.bin").write_bytes(b"")
    p = run_cli("calib", "--images", src, "--input-shape", "1,3,4,4", "-o", out)
    assert p.returncode == 1 and "already holds .bin/.npy files" in p.stderr
    spec = tmp_path / "two.yaml"
    spec.write_text("name: n\ninputs:\n  - {name: a, shape: [1, 3]}\n  - {name: b, shape: [1, 3]}\nlayers: []\n")
    p = run_cli("calib", "--images", src, "--spec", spec, "-o", tmp_path / "o2")
    assert (
        p.returncode == 1
        and "the network has 2 inputs; INT8 calibration sets are for networks with one input" in p.stderr
    )
    p = run_cli("calib", "--dataset", "m:x", "--input-shape", "1,3,4,4", "--mean", "0,0,0", "-o", tmp_path / "o3")
    assert p.returncode == 2 and "--mean only applies with --images" in p.stderr
