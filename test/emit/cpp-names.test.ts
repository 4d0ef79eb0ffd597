// Identifiers made from spec names never collide with keywords, macros, global
// names or the names of the generated code itself: specs whose network, input,
// layer and snippet input names are all such names are emitted and compiled with
// g++ (-fsyntax-only) under -std=c++17 and -std=gnu++17 (CMake's default, which
// defines `linux` and `unix`) against every real TensorRT found in trtgen's cache
// (scripts/fetch-tensorrt.sh), and every macro those headers define is reserved.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../src/emit/emit.js";
import { CppNamer, fileStem, networkNamespace, sanitize } from "../../src/emit/namer.js";
import { isReservedName } from "../../src/emit/reserved.js";

const run = promisify(execFile);
const STDS = ["c++17", "gnu++17"] as const;

const cache = process.env.TRTGEN_CACHE ?? join(homedir(), ".cache/trtgen");
const flavors = ["rtx", "10.6", "8.6"]
  .map((f) => ({ flavor: f, include: join(cache, `tensorrt-${f}`, "include") }))
  .filter((f) => existsSync(join(f.include, "NvInfer.h")));

/** The issue's cases, then more from the C and C++ standards' reserved names, POSIX, CUDA and the generated code. */
const HOSTILE = [
  ...["EINVAL", "INT32_MAX", "BUFSIZ", "EXIT_FAILURE", "linux", "unix", "printf", "int32_t", "size_t", "FILE", "exit", "memcpy", "uint8_t"],
  // the generated code's own names and what a snippet is given
  ...["inputs", "output", "network", "builder", "weights", "options", "error", "b", "main", "std", "nvinfer1", "trtgen", "posix"],
  ...["kWeights", "kInputs", "kOutputs", "buildNetwork", "initPlugins", "info", "argc", "argv"],
  // keywords and alternative tokens
  ...[
    "class",
    "int",
    "new",
    "delete",
    "and",
    "or",
    "not",
    "xor",
    "compl",
    "this",
    "true",
    "auto",
    "register",
    "asm",
    "co_await",
    "requires",
    "concept",
    "final",
    "import",
  ],
  // macros: <errno.h>, <limits.h>, <stdint.h>, <inttypes.h>, <stdio.h>, <stdlib.h>, <signal.h>, <locale.h>, <float.h>, <math.h>
  ...["errno", "ERANGE", "EDOM", "EILSEQ", "ENOMEM", "EAGAIN", "EOF", "NULL", "EXIT_SUCCESS", "RAND_MAX", "CHAR_BIT", "INT_MAX"],
  ...["UINT64_MAX", "SIZE_MAX", "PTRDIFF_MAX", "INT8_C", "UINT64_C", "PRId32", "PRIu64", "SCNd32", "SEEK_SET", "TMP_MAX", "FOPEN_MAX"],
  ...["FILENAME_MAX", "L_tmpnam", "P_tmpdir", "SIGINT", "SIGSEGV", "SIG_DFL", "LC_ALL", "FLT_MAX", "DBL_EPSILON", "HUGE_VAL", "INFINITY"],
  ...["NAN", "FP_NAN", "MB_LEN_MAX", "CLOCKS_PER_SEC", "assert", "offsetof", "va_start", "va_arg", "setjmp", "stdin", "stdout", "stderr"],
  // glibc, GNU predefined, Windows and CUDA/TensorRT macros
  ...["alloca", "major", "minor", "makedev", "i386", "sun", "htobe16", "be32toh", "pthread_cleanup_push", "sched_priority", "min", "max"],
  ...["TRUE", "FALSE", "CUDART_VERSION", "NV_TENSORRT_MAJOR", "cudaStreamAttrValue", "cudaStreamDefault"],
  // global types and functions
  ...["ptrdiff_t", "int64_t", "uint32_t", "intptr_t", "intmax_t", "max_align_t", "nullptr_t", "div_t", "time_t", "fpos_t", "jmp_buf"],
  ...["va_list", "tm", "ssize_t", "off_t", "pid_t", "cudaStream_t", "dim3", "float4", "abort", "malloc", "free", "strlen", "sqrt", "exp"],
  ...["abs", "floor", "round", "time", "clock", "signal", "raise", "isalpha", "tolower", "getenv", "system", "random", "index", "read"],
  ...["stat", "select", "sleep", "div"],
  // names that sanitize into the above, and the forms the namer makes from them
  ...["__linux__", "EINVAL_", "inputs_", "EINVAL_2", "E-INVAL", "printf.1"],
];

/** Network names: one spec each, with its namespace at global scope. `main` first: its builder keeps `main()`. */
const NETWORKS = [
  ...["main", "EINVAL", "INT32_MAX", "BUFSIZ", "EXIT_FAILURE", "linux", "unix", "i386", "printf", "int32_t", "size_t", "FILE", "exit"],
  ...["memcpy", "uint8_t", "std", "nvinfer1", "trtgen", "posix", "network", "b", "errno", "assert", "stdin", "NULL", "EOF", "random"],
  ...["index", "stat", "time", "signal", "div", "abs", "dim3", "float4", "cudaStream_t", "class", "kInputs", "buildNetwork", "NV_TENSORRT_MAJOR"],
];

const SHAPE = [1, 3, 4, 4];

/** A custom snippet that reads the names a layer variable must not hide. */
const SNIPPET = `const size_t n = sizeof(inputs) / sizeof(inputs[0]);
const int32_t last = static_cast<int32_t>(n) - 1;
const uint8_t tag = static_cast<uint8_t>(INT32_MAX & 0xFF);
FILE* const sink = stdout;
(void)tag;
(void)sink;
(void)errno;
(void)EINVAL;
(void)BUFSIZ;
(void)EXIT_FAILURE;
(void)&printf;
(void)&exit;
(void)weights;
(void)options;
(void)error;
auto* sum = network.addElementWise(*inputs[0], *inputs[last], nvinfer1::ElementWiseOperation::kSUM);
if (sum != nullptr) output = sum->getOutput(0);
`;

const INPUTS = ["inputs", "INT32_MAX", "linux"];

/** Every hostile name as an input, as a layer (with and without weights) and as a snippet input. */
function layersSpec(): object {
  const inputs = INPUTS.map((name) => ({ name, shape: SHAPE }));
  const layers: object[] = [];
  let prev = "inputs";
  HOSTILE.filter((name) => !INPUTS.includes(name)).forEach((name, i) => {
    layers.push(i % 5 === 0 ? { name, op: "conv2d", input: prev, out_channels: 3, kernel_size: 1 } : { name, op: "relu", input: prev });
    prev = name;
  });
  layers.push({
    name: "snippet",
    op: "custom",
    inputs: ["inputs", "output", "network", "b", "int32_t", "EINVAL", "linux", "INT32_MAX", prev],
    output_shape: SHAPE,
    snippet: SNIPPET,
  });
  return { name: "hostile_layers", inputs, layers, outputs: ["snippet"] };
}

function networkSpec(name: string): object {
  const layer = `${name}/relu`;
  return { name, inputs: [{ name, shape: SHAPE }], layers: [{ name: layer, op: "relu", input: name }], outputs: [layer] };
}

const tmp = mkdtempSync(join(tmpdir(), "trtgen-cpp-names-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Emits every spec into its own folder (the runtime once, at the top) and writes
 * all.cpp, one translation unit with every network and builder source (renaming
 * each builder's `main` but the first, so they can share it).
 */
async function emitAll(): Promise<{ all: string; header: string }> {
  const specs = [layersSpec(), ...NETWORKS.map(networkSpec)];
  const units = ["#include <NvInferPlugin.h>"]; // as a builder.cpp of a network with plugins starts
  let header = "";
  for (const [k, spec] of specs.entries()) {
    const { diags, files } = await generate({ spec: writeSpec(`spec${k}.yaml`, spec) });
    expect(diags.items.filter((d) => d.severity === "error")).toEqual([]);
    for (const [rel, text] of files!) {
      if (rel.startsWith("runtime/") && k > 0) continue; // the same runtime for every network, found through -I
      const path = rel.startsWith("runtime/") ? join(tmp, rel) : join(tmp, `n${k}`, rel);
      mkdirSync(dirname(path), { recursive: true });
      if (rel.endsWith("_builder.cpp") && !rel.startsWith("runtime/") && k !== 1) {
        expect(text).toContain("int main(int argc, char** argv)");
        writeFileSync(path, text.replace("int main(int argc, char** argv)", `int builder_main_${k}(int argc, char** argv)`));
      } else writeFileSync(path, text);
      if (/\.cpp$/.test(rel) && !rel.startsWith("runtime/")) units.push(`#include "n${k}/${rel}"`);
      if (k === 0 && rel.endsWith("_network.h")) header = `n${k}/${rel}`;
    }
  }
  const all = join(tmp, "all.cpp");
  writeFileSync(all, units.join("\n") + "\n");
  return { all, header };
}

async function compile(std: string, include: string, source: string): Promise<{ ok: boolean; err: string }> {
  const args = [`-std=${std}`, "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-Wno-deprecated-declarations", "-isystem", include, "-I", tmp, source];
  try {
    await run("g++", args, { maxBuffer: 64 << 20 });
    return { ok: true, err: "" };
  } catch (e) {
    return { ok: false, err: String((e as { stderr?: string }).stderr ?? e).slice(0, 4000) };
  }
}

describe("C++ names made from spec names", () => {
  it("cases are distinct", () => {
    expect(new Set(HOSTILE).size).toBe(HOSTILE.length);
    expect(new Set(NETWORKS).size).toBe(NETWORKS.length);
  });

  it("get a trailing `_` when reserved, and stay readable and unique", () => {
    const n = new CppNamer();
    expect(["EINVAL", "EINVAL", "linux", "inputs", "inputs", "int32_t", "printf", "conv1", "FC"].map((s) => n.name(s))).toEqual([
      "EINVAL_",
      "EINVAL_2_",
      "linux_",
      "inputs_",
      "inputs_2",
      "int32_t_",
      "printf_",
      "conv1",
      "FC_",
    ]);
    // the cases are reserved; every reserved name gets a trailing `_`
    for (const name of HOSTILE.slice(0, 13)) expect(isReservedName(name), name).toBe(true);
    for (const name of [...HOSTILE, ...NETWORKS]) {
      const id = sanitize(name);
      expect(new CppNamer().name(name), name).toBe(isReservedName(id) ? `${id}_` : id);
    }
    expect(networkNamespace("lenet")).toBe("lenet_network");
    expect(networkNamespace("printf")).toBe("printf_network");
    expect(networkNamespace("EINVAL")).toBe("EINVAL_network");
    expect(networkNamespace("cudaStream_t")).toBe("cudaStream_t_network_");
    // the runtime's CMake target trtgen_builder is not a network's builder
    expect(fileStem("trtgen")).toBe("trtgen_net");
    expect(fileStem("trtgen-x")).toBe("trtgen-x");
  });

  it("a snippet input named `inputs` is not the snippet's own inputs[]", async () => {
    const { files } = await generate({ spec: writeSpec("self.yaml", layersSpec()) });
    const cpp = files!.get("hostile_layers_network.cpp")!;
    const decl = /nvinfer1::ITensor\* const inputs\[\] = \{([^}]*)\};/.exec(cpp);
    expect(decl).not.toBeNull();
    const inputs = decl![1]!.split(",").map((s) => s.trim());
    expect(inputs).toEqual(["inputs_", "output_out", "network_out", "b_out", "int32_t_out", "EINVAL_out", "linux_", "INT32_MAX_", "printf_1_out"]);
  });

  describe.skipIf(flavors.length === 0)(`compile with g++ against TensorRT headers in ${cache}`, () => {
    let emitted: Promise<{ all: string; header: string }> | undefined;
    const emittedOnce = () => (emitted ??= emitAll());

    for (const { flavor, include } of flavors) {
      for (const std of STDS) {
        it(`TensorRT ${flavor}, -std=${std}: every hostile network, input, layer and snippet input name compiles`, async () => {
          const { all } = await emittedOnce();
          const r = await compile(std, include, all);
          expect(r.err).toBe("");
          expect(r.ok).toBe(true);
        }, 180_000);
      }

      // once: the names are taken in these headers, so a collision would fail the compile
      if (flavor === flavors[0]!.flavor)
        it(`TensorRT ${flavor}: the check can fail (these headers take the names)`, async () => {
          const { header } = await emittedOnce();
          const probe = (name: string, code: string) => {
            const p = join(tmp, `${name}.cpp`);
            writeFileSync(p, `#include "${header}"\n${code}\n`);
            return p;
          };
          const taken = await compile("c++17", include, probe("probe_taken", "namespace printf {}\nint EINVAL = 0;"));
          expect(taken.ok).toBe(false);
          expect(taken.err).toMatch(/printf/);
          expect(taken.err).toMatch(/EINVAL|expected unqualified-id/);
          const gnu = probe("probe_gnu", "int linux = 0;");
          expect((await compile("c++17", include, gnu)).ok).toBe(true);
          expect((await compile("gnu++17", include, gnu)).ok).toBe(false);
        }, 180_000);

      it(`TensorRT ${flavor}: every macro the headers define is a reserved name`, async () => {
        const { all } = await emittedOnce();
        const unreserved = new Set<string>();
        for (const std of STDS) {
          const { stdout } = await run("g++", [`-std=${std}`, "-dM", "-E", "-isystem", include, "-I", tmp, all], { maxBuffer: 64 << 20 });
          for (const m of stdout.matchAll(/^#define ([A-Za-z][A-Za-z0-9_]*)/gm)) if (!isReservedName(m[1]!)) unreserved.add(m[1]!);
        }
        expect([...unreserved].sort()).toEqual([]);
      }, 180_000);
    }
  });
});

function writeSpec(name: string, spec: object): string {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(spec)); // YAML is a superset of JSON
  return p;
}
