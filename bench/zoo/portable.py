"""Portable zoo weights: values any numpy reproduces bit for bit, and .wts files rebuilt from a
small recipe (docs/workflow.md, "The model zoo on a GPU").

The zoo's weights (bench/zoo/zoo.py) are tens of GB of .wts text, too much to carry to a GPU
machine; torch's random generator differs between releases, so they cannot be recreated there
with torch either. Instead every large parameter is drawn from :func:`values`, defined here in
numpy integer arithmetic only, and a model's .wts file is described by a recipe: its tensors in
file order, each either *generated* (name, count, scale) or *literal* (name, count, offset into
a blob of little-endian float32 values: BatchNorm statistics, small and constant tensors, the
constants ``trtgen-export spec --wts`` computes). :func:`write_wts` turns recipe + blob back into
the .wts file, byte for byte as ``trtgen-export weights`` writes it (the same writer).

The generator. For tensor ``name``, ``seed`` and index ``i`` (0-based)::

    h     = first 8 bytes of SHA-256(UTF-8 name), as a little-endian uint64
    key   = mix(h ^ mix(seed + GAMMA))
    z_i   = mix(key + (i + 1) * GAMMA)                     (all arithmetic modulo 2**64)
    value = float32((z_i >> 40) - 2**23) / 2**23 * float32(scale)

with GAMMA = 0x9E3779B97F4A7C15 and mix the SplitMix64 finaliser
(z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31).
``(z >> 40) - 2**23`` is a 24-bit integer k in [-2**23, 2**23), so k / 2**23 is uniform on
[-1, 1) and exact in float32; the product with the float32 scale is one IEEE rounding. Nothing
depends on numpy's random module, on the platform or on the Python version.

Numpy only (no torch): it runs on the GPU machine, whose torch differs from this one's.
Command line: ``python3 bench/zoo/portable.py RECIPE.json -o MODEL.wts`` (the literal blob is
the recipe's ``literals`` file, relative to the recipe).
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "python"))

from trtgen_export.errors import UserError  # noqa: E402
from trtgen_export.wts import write_wts as _write_items  # noqa: E402  (the exporter's writer: same bytes)

FORMAT = "trtgen-zoo-recipe/1"
GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
#: values generated per step (bounds the uint64 temporaries to a few tens of MB)
CHUNK = 1 << 21


def _mix(z):
    """SplitMix64's finaliser on a uint64 array, in place where numpy allows."""
    z ^= z >> np.uint64(30)
    z *= _M1
    z ^= z >> np.uint64(27)
    z *= _M2
    z ^= z >> np.uint64(31)
    return z


def _key(name, seed):
    h = np.frombuffer(hashlib.sha256(name.encode("utf-8")).digest()[:8], dtype="<u8").copy()
    s = np.array([int(seed) % (1 << 64)], dtype=np.uint64)
    with np.errstate(over="ignore"):
        return _mix(h ^ _mix(s + GAMMA))[0]


def values(name, count, scale, seed=0):
    """``count`` float32 values uniform on [-scale, scale) for tensor ``name`` (module docstring)."""
    count = int(count)
    scale = np.float32(scale)
    key = _key(name, seed)
    out = np.empty(count, dtype=np.float32)
    with np.errstate(over="ignore"):
        for start in range(0, count, CHUNK):
            n = min(CHUNK, count - start)
            z = np.arange(start + 1, start + n + 1, dtype=np.uint64)
            z *= GAMMA
            z += key
            _mix(z)
            z >>= np.uint64(40)
            k = z.astype(np.int64) - (1 << 23)
            v = k.astype(np.float32)  # exact: |k| <= 2**23
            v *= np.float32(1.0 / (1 << 23))  # exact: a power of two
            v *= scale
            out[start : start + n] = v
    return out


def uniform_scale(std):
    """The float32 scale of :func:`values` whose uniform distribution has standard deviation ``std``."""
    return float(np.float32(np.float32(std) * np.float32(np.sqrt(3.0))))


# ---- recipes -----------------------------------------------------------------------------------


class RecipeError(Exception):
    """A recipe that does not describe a .wts file (bad field, blob too short)."""


def make_recipe(entries, generated, seed, literals_file="literals.bin"):
    """The recipe of a .wts file and its literal blob.

    ``entries``: the file's [(name, float32 array)] in file order; ``generated``: {name: scale}
    for tensors drawn from :func:`values` (each is checked: a tensor whose values differ, e.g.
    because the model changed it after drawing, becomes literal). Returns (recipe dict, blob bytes).
    """
    tensors, blob, offset = [], [], 0
    for name, arr in entries:
        flat = np.asarray(arr, dtype=np.float32).reshape(-1)
        scale = generated.get(name)
        if scale is not None and np.array_equal(
            flat.view(np.uint32), values(name, flat.size, scale, seed).view(np.uint32)
        ):
            tensors.append({"name": name, "count": int(flat.size), "scale": float(scale)})
            continue
        data = flat.astype("<f4").tobytes()
        tensors.append({"name": name, "count": int(flat.size), "offset": offset})
        blob.append(data)
        offset += len(data)
    recipe = {"format": FORMAT, "seed": int(seed), "literals": literals_file, "tensors": tensors}
    return recipe, b"".join(blob)


def read_own_wts(path):
    """[(name, float32 array)] of an untyped .wts file as ``trtgen-export weights`` writes it
    (8-digit hex values), fast and without validation: use ``trtgen_export.wts.read_wts`` for
    files from elsewhere. A file this misreads yields a recipe whose .wts differs, which
    :func:`check_recipe` reports."""
    out = []
    with open(path, "rb") as f:
        f.readline()  # the tensor count
        for line in f:
            head, _, rest = line.partition(b" ")
            count, _, rest = rest.lstrip(b" ").partition(b" ")
            raw = bytes.fromhex(rest.decode("ascii"))
            out.append((head.decode("utf-8", "surrogateescape"), np.frombuffer(raw, dtype=">f4").astype(np.float32)))
            if out[-1][1].size != int(count):
                raise RecipeError(
                    "%s: tensor %s declares %s values, has %d" % (path, out[-1][0], count, out[-1][1].size)
                )
    return out


def first_difference(a, b, chunk=1 << 24):
    """The first byte offset where files ``a`` and ``b`` differ (the shorter one's length when
    one is a prefix of the other), or None when they are equal."""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        offset = 0
        while True:
            x, y = fa.read(chunk), fb.read(chunk)
            if x != y:
                n = min(len(x), len(y))
                diff = np.flatnonzero(np.frombuffer(x[:n], np.uint8) != np.frombuffer(y[:n], np.uint8))
                return offset + (int(diff[0]) if diff.size else n)
            if not x:
                return None
            offset += len(x)


class Tensors:
    """The recipe's (name, array) pairs in .wts order, each made only when it is reached (the .wts
    writer; bench/gpu/torch_ref.py)."""

    def __init__(self, recipe, blob):
        self.recipe, self.blob = recipe, blob

    def __len__(self):
        return len(self.recipe["tensors"])

    def __iter__(self):
        seed = self.recipe["seed"]
        for t in self.recipe["tensors"]:
            name, count = t["name"], int(t["count"])
            if "scale" in t:
                yield name, values(name, count, t["scale"], seed)
                continue
            start, end = int(t["offset"]), int(t["offset"]) + 4 * count
            if start < 0 or end > len(self.blob):
                raise RecipeError(
                    "tensor %s: literal values %d..%d lie outside the %d-byte blob" % (name, start, end, len(self.blob))
                )
            yield name, np.frombuffer(self.blob, dtype="<f4", count=count, offset=start)


def load_recipe(path):
    """(recipe dict, literal blob) from a recipe file written by :func:`save_recipe`."""
    try:
        with open(path, encoding="utf-8") as f:
            recipe = json.load(f)
    except (OSError, ValueError) as e:
        raise RecipeError("cannot read recipe %s: %s" % (path, e))
    if recipe.get("format") != FORMAT:
        raise RecipeError("%s: not a %s recipe (format %r)" % (path, FORMAT, recipe.get("format")))
    blob_path = os.path.join(os.path.dirname(os.path.abspath(path)), recipe["literals"])
    try:
        with open(blob_path, "rb") as f:
            blob = f.read()
    except OSError as e:
        raise RecipeError("cannot read the literal values %s: %s" % (blob_path, e.strerror or e))
    return recipe, blob


def save_recipe(path, recipe, blob):
    """Writes ``recipe`` to ``path`` and its blob beside it (the recipe's ``literals`` name)."""
    with open(os.path.join(os.path.dirname(os.path.abspath(path)), recipe["literals"]), "wb") as f:
        f.write(blob)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(recipe, f, indent=0)
        f.write("\n")


def write_wts(recipe, blob, out_path):
    """Writes the .wts file the recipe describes to ``out_path``."""
    _write_items(out_path, Tensors(recipe, blob))


def save_checked_recipe(wts_path, generated, seed, recipe_path, scratch_wts):
    """Writes the recipe of ``wts_path`` to ``recipe_path`` (:func:`make_recipe`, :func:`save_recipe`),
    regenerates the .wts from the saved recipe into ``scratch_wts`` (removed again) and returns
    (blob, the byte offset of the first difference from ``wts_path`` or None when identical)."""
    recipe, blob = make_recipe(read_own_wts(wts_path), generated, seed)
    save_recipe(recipe_path, recipe, blob)
    write_wts(*load_recipe(recipe_path), scratch_wts)
    try:
        return blob, first_difference(wts_path, scratch_wts)
    finally:
        os.remove(scratch_wts)


def main(argv=None):
    p = argparse.ArgumentParser(description="Writes the .wts file a zoo weight recipe describes.")
    p.add_argument("recipe", help="recipe JSON (bench/zoo/run.py writes build/zoo-gpu/<model>/recipe.json)")
    p.add_argument("-o", "--output", required=True, help="the .wts file to write")
    a = p.parse_args(argv)
    try:
        recipe, blob = load_recipe(a.recipe)
        write_wts(recipe, blob, a.output)
    except (RecipeError, UserError) as e:
        sys.exit("portable.py: %s" % e)


if __name__ == "__main__":
    main()
