// trtgen runtime: the engine builder program (see builder_main.h).
#include "builder_main.h"

#include <NvInfer.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "dynamic_shapes.h"
#include "engine_runner.h"
#include "int8_calibrator.h"
#include "json_report.h"
#include "logger.h"
#include "network_builder.h"
#include "trt_compat.h"
#include "weights.h"

namespace trtgen {
namespace {

// Where runBuilder writes: `out` for results, `err` for "<exe>: message" lines.
struct Output {
  std::FILE* out;
  std::FILE* err;
  const char* exe;

  // "<exe>: " and the printf-style message, on `err`.
  void error(const char* format, ...) const
#if defined(__GNUC__)
      __attribute__((format(printf, 2, 3)))
#endif
      ;
};

void Output::error(const char* format, ...) const {
  std::fprintf(err, "%s: ", exe);
  va_list args;
  va_start(args, format);
  std::vfprintf(err, format, args);
  va_end(args);
}

// Follows "usage: EXE".
constexpr const char* kUsage =
    " --wts FILE.wts --engine FILE.engine [--workspace MiB] [--fp16] [--tf32]\n"
    "           [--compute-capability LIST] [--opt-level N] [--verbose] [--allow-short-hex]\n"
    "           [--timing-cache FILE] [--dla-core N [--gpu-fallback]] [--no-build [--ignore-metadata]]\n"
    "           [--no-spec-defaults]\n"
    "           [--verify INPUT.bin EXPECTED.bin | --input NAME=FILE... --expect NAME=FILE...\n"
    "            [--atol X] [--rtol Y] [--scale-tol K]] [--bench N [--warmup N] [--profile FILE]]\n"
    "           [--shape NAME=AxBx...] [--layer-info FILE] [--int8 [--calib-dir DIR] [--calib-cache FILE]]\n"
    "  --wts FILE       weights exported from PyTorch (trtgen-export weights); optional for a\n"
    "                   network without weights\n"
    "  --allow-short-hex  read .wts values written with fewer than 8 (float32) / 4 (float16) hex\n"
    "                   digits, zero-extended on the left: hand-written files (a shorter value\n"
    "                   is otherwise an error: the file was cut inside its last value)\n"
    "  --engine FILE    where to write the serialized engine\n"
    "  --workspace MiB  builder workspace limit (default 1024)\n"
    "  --fp16           build an FP16 engine\n"
    "  --tf32           let FP32 layers use TF32 on Ampere and newer GPUs (faster, ~1e-3 relative\n"
    "                   error); by default TF32 is off, so FP32 engines compute in exact FP32\n"
    "  --compute-capability LIST\n"
    "                   TensorRT-RTX only: the GPU architectures to build for, as SM numbers,\n"
    "                   e.g. 75,86,89,120 (or 8.6; 'current' = this machine's GPU). Default:\n"
    "                   TensorRT-RTX's own (SM 8.0, 8.6, 8.9 and 12.x)\n"
    "  --opt-level N    builder optimization level 0-5 (TensorRT 8.6 and newer): lower builds\n"
    "                   faster, higher may find faster kernels; default TensorRT's (3)\n"
    "  --verbose        TensorRT's verbose log\n"
    "  --int8           build an INT8 engine by post-training calibration (TensorRT 8.x-10.x): the\n"
    "                   scale of each tensor comes from sample inputs; layers without INT8 kernels\n"
    "                   run in FP16. Needs --calib-dir or an existing --calib-cache\n"
    "  --calib-dir DIR  the calibration set of a one-input network: one file per sample, used in\n"
    "                   name order, raw float32 .bin (the input's size incl. the batch, as --verify)\n"
    "                   or float32 C-order .npy of the input's shape (docs/int8.md)\n"
    "  --calib-cache FILE\n"
    "                   the scales: read from FILE when it exists (nothing is calibrated; no\n"
    "                   --calib-dir needed), else written to FILE after calibrating\n"
    "  --timing-cache FILE\n"
    "                   read TensorRT's kernel timings from FILE if it exists and write them back\n"
    "                   after the build, so that the next build is faster (not TensorRT-RTX)\n"
    "  --dla-core N     build for DLA core N (Jetson Xavier/Orin; needs --fp16) and run there\n"
    "  --gpu-fallback   with --dla-core: layers DLA cannot run go to the GPU (else the build fails)\n"
    "  --no-build       load --engine FILE, built earlier by this program, instead of building;\n"
    "                   with --verify/--expect/--bench/--layer-info. Refused when the metadata\n"
    "                   beside it (FILE.json) is of another network or TensorRT release\n"
    "  --ignore-metadata  with --no-build: run the engine whatever its metadata says\n"
    "  --no-spec-defaults  leave out the defaults of the spec's build: section (listed below when\n"
    "                   it has any); otherwise they come first and the options given here win\n"
    "After writing the engine and its metadata (FILE.engine.json: trtgen version, spec hash,\n"
    "TensorRT version, precision, options, I/O tensors) it prints one line per input and output\n"
    "tensor,\n"
    "  io: <input|output> \"<name>\" <type> [<dims>]\n"
    "and optionally runs the engine on this machine's GPU:\n"
    "  --input NAME=FILE\n"
    "                   the file for input NAME (repeat per input; with files, every input needs one)\n"
    "  --expect NAME=FILE\n"
    "                   compare output NAME with FILE (repeatable): prints per output the max abs/rel\n"
    "                   error and how many values are outside the tolerance, then PASSED or FAILED\n"
    "  --verify INPUT.bin EXPECTED.bin\n"
    "                   shorthand for --input <the input>=INPUT.bin --expect <first output>=EXPECTED.bin\n"
    "                   (networks with one input)\n"
    "                   Files are raw little-endian values in C order, no header, exactly the\n"
    "                   tensor's size: float32 for float32 and float16 tensors (converted on the\n"
    "                   host), int32 for int32 tensors. A plain FILE will do for the only input\n"
    "                   or output\n"
    "  --atol X, --rtol Y, --scale-tol K\n"
    "                   a value passes when |a-b| <= atol + rtol*|b| + K*depth*2^-24*max|b|\n"
    "                   (depth: layers on the output's longest path; max|b| over the output;\n"
    "                   docs/numerics.md). atol and rtol default by precision: FP32 (TF32 off)\n"
    "                   1e-4, --tf32 1e-3, --fp16 1e-2, --int8 1e-1 (deep nets may need more); K defaults to "
    "64\n"
    "  --bench N        time N inferences with CUDA events; prints mean and p50/p90/p99 latency\n"
    "                   (inputs: the --input/--verify files, zeros otherwise)\n"
    "  --warmup N       untimed runs before --bench (default 10)\n"
    "  --profile FILE   with --bench: after the timed runs, N more with TensorRT's per-layer\n"
    "                   profiler; writes each engine layer's mean time and share as JSON to FILE\n"
    "                   and prints the 10 slowest\n"
    "  --layer-info FILE\n"
    "                   write TensorRT's engine inspector JSON (the engine's layers after fusion;\n"
    "                   built with detailed profiling verbosity, so with their parameters) to FILE\n"
    "  --shape NAME=AxBx...\n"
    "                   a dynamic input's shape for --verify/--expect/--bench (repeat per input),\n"
    "                   within optimization profile 0; default: the profile's opt shape\n"
    "exit codes: 0 ok, 1 build failed, 2 usage error, 3 weights file invalid, 4 cannot write the\n"
    "engine, 5 verification failed, 6 CUDA/runtime error while running the engine, 7 the engine's\n"
    "metadata does not match this program (--no-build)\n";

struct Args {
  std::string wts;
  bool allowShortHex = false;  // --allow-short-hex
  std::string engine;
  std::size_t workspaceMiB = 1024;
  bool fp16 = false;
  bool tf32 = false;
  std::vector<int32_t> computeCapabilities;  // empty: TensorRT-RTX's default
  int optLevel = -1;                         // --opt-level (-1: TensorRT's default)
  bool verbose = false;
  std::string verifyInput;  // --verify INPUT.bin EXPECTED.bin (empty: not given)
  std::string verifyExpected;
  std::vector<std::string> inputArgs;   // --input NAME=FILE
  std::vector<std::string> expectArgs;  // --expect NAME=FILE
  std::vector<std::string> shapeArgs;   // --shape NAME=AxBx... (dynamic inputs)
  double atol = 0.0;
  double rtol = 0.0;
  double scaleTol = kDefaultScaleTol;
  bool atolSet = false;
  bool rtolSet = false;
  bool scaleTolSet = false;
  int benchRuns = 0;  // 0: no --bench
  int warmupRuns = 10;
  bool warmupSet = false;
  std::string profile;      // --profile FILE
  std::string layerInfo;    // --layer-info FILE
  std::string timingCache;  // --timing-cache FILE
  int dlaCore = -1;         // --dla-core N
  bool gpuFallback = false;
  bool noBuild = false;
  bool ignoreMetadata = false;
  std::vector<std::string> buildOnly;  // the build options given (refused with --no-build)
  bool int8 = false;                   // --int8
  std::string calibDir;                // --calib-dir DIR
  std::string calibCache;              // --calib-cache FILE
};

// "int8", "fp16" or "fp32": the engine's precision (messages, metadata, default tolerances).
std::string precisionName(const Args& args) { return args.int8 ? "int8" : args.fp16 ? "fp16" : "fp32"; }

// --verify's default atol and rtol for INT8 engines: quantizing every layer's input to 8 bits
// leaves errors of a few percent of a tensor's range (docs/int8.md).
constexpr double kInt8Tolerance = 1e-1;

// Parses a non-negative finite number (tolerances).
bool parseTolerance(const std::string& option, const std::string& v, double* out, std::string* error) {
  char* end = nullptr;
  errno = 0;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || errno != 0 || !std::isfinite(x) || x < 0) {
    *error = option + " expects a non-negative number, got '" + v + "'";
    return false;
  }
  *out = x;
  return true;
}

// Parses a run count in [min, 1000000].
bool parseCount(const std::string& option, const std::string& v, int min, int* out, std::string* error) {
  char* end = nullptr;
  errno = 0;
  const long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || n < min || n > 1000000) {
    *error =
        option + " expects a whole number between " + std::to_string(min) + " and 1000000, got '" + v + "'";
    return false;
  }
  *out = static_cast<int>(n);
  return true;
}

// Parses "75,86,89,120" (SM numbers; "8.6" = 86) or "current".
bool parseComputeCapabilities(const std::string& v, std::vector<int32_t>* out, std::string* error) {
  out->clear();
  if (v == "current") {
    out->push_back(compat::kCurrentGpu);
    return true;
  }
  std::size_t start = 0;
  while (start <= v.size()) {
    const std::size_t comma = std::min(v.find(',', start), v.size());
    const std::string item = v.substr(start, comma - start);
    const std::size_t dot = item.find('.');
    char* end = nullptr;
    errno = 0;
    long sm = std::strtol(item.c_str(), &end, 10);
    bool ok = !item.empty() && item[0] >= '0' && item[0] <= '9' && errno == 0;
    if (ok && dot != std::string::npos) {  // "8.6": major.minor
      ok =
          end == item.c_str() + dot && dot + 2 == item.size() && item[dot + 1] >= '0' && item[dot + 1] <= '9';
      sm = sm * 10 + (item[dot + 1] - '0');
    } else {
      ok = ok && *end == '\0';
    }
    if (!ok || sm < 10 || sm > 999) {
      *error = "--compute-capability expects SM numbers such as 75,86,89,120 (or 8.6), or 'current'; got '" +
               item + "' in '" + v + "'";
      return false;
    }
    out->push_back(static_cast<int32_t>(sm));
    start = comma + 1;
  }
  return true;
}

// --int8, --calib-dir DIR, --calib-cache FILE (`value` reads an option's value). False with
// the message in *error: --int8 on TensorRT 11 / RTX, which removed implicit quantization.
template <typename Value>
bool parseInt8Arg(const std::string& a, Value& value, Args* args, std::string* error) {
  if (a == "--calib-dir") return value(&args->calibDir);
  if (a == "--calib-cache") return value(&args->calibCache);
  if (!compat::kInt8Calibration) {
    *error = "--int8: " + compat::versionString() +
             " has no INT8 calibration (implicit quantization and calibrators were removed). Use "
             "explicit quantization instead -- a network with quantize/dequantize (Q/DQ) layers from a "
             "quantized model, e.g. ONNX from NVIDIA's TensorRT Model Optimizer, which trtgen specs do not "
             "express -- or build with --fp16, or calibrate with TensorRT 8.x-10.x";
    return false;
  }
  args->int8 = true;
  return true;
}

// The combinations of --int8, --calib-dir and --calib-cache.
bool checkInt8Args(const Args& args, std::string* error) {
  if (!args.int8 && (!args.calibDir.empty() || !args.calibCache.empty())) {
    *error = "--calib-dir and --calib-cache only apply with --int8";
    return false;
  }
  if (args.int8 && args.calibDir.empty() && args.calibCache.empty()) {
    *error =
        "--int8 needs --calib-dir DIR (sample inputs to calibrate with) or --calib-cache FILE (the "
        "scales of an earlier calibration)";
    return false;
  }
  return true;
}

// 0: run, 1: help printed, 2: usage error (message in *error).
int parseArgs(int argc, char** argv, bool needsWeights, Args* args, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *error = a + " needs a value";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    if (a == "--help" || a == "-h") return 1;
    if (a == "--fp16" || a == "--tf32" || a == "--allow-short-hex" || a == "--wts" || a == "--workspace" ||
        a == "--compute-capability" || a == "--opt-level" || a == "--timing-cache" || a == "--gpu-fallback" ||
        a == "--int8" || a == "--calib-dir" || a == "--calib-cache") {
      args->buildOnly.push_back(a);
    }
    if (a == "--fp16") {
      args->fp16 = true;
    } else if (a == "--tf32") {
      args->tf32 = true;
    } else if (a == "--verbose") {
      args->verbose = true;
    } else if (a == "--allow-short-hex") {
      args->allowShortHex = true;
    } else if (a == "--wts") {
      if (!value(&args->wts)) return 2;
    } else if (a == "--engine") {
      if (!value(&args->engine)) return 2;
    } else if (a == "--workspace") {
      std::string v;
      if (!value(&v)) return 2;
      char* end = nullptr;
      errno = 0;
      const unsigned long long mib = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || errno != 0 || mib == 0 || mib > (1ULL << 24)) {
        *error = "--workspace expects a size in MiB between 1 and 16777216, got '" + v + "'";
        return 2;
      }
      args->workspaceMiB = static_cast<std::size_t>(mib);
    } else if (a == "--compute-capability") {
      std::string v;
      if (!value(&v)) return 2;
      if (!compat::kComputeCapabilities) {
        *error = "--compute-capability only applies to TensorRT-RTX; this builder is compiled against " +
                 compat::versionString() + ", which builds for the GPU it runs on";
        return 2;
      }
      if (!parseComputeCapabilities(v, &args->computeCapabilities, error)) return 2;
    } else if (a == "--opt-level") {
      std::string v;
      if (!value(&v)) return 2;
      if (!compat::kOptimizationLevel) {
        *error = "--opt-level needs TensorRT 8.6 or newer; this builder is compiled against " +
                 compat::versionString();
        return 2;
      }
      if (v.size() != 1 || v[0] < '0' || v[0] > '0' + compat::kMaxOptimizationLevel) {
        *error = "--opt-level expects a whole number between 0 and " +
                 std::to_string(compat::kMaxOptimizationLevel) + ", got '" + v + "'";
        return 2;
      }
      args->optLevel = v[0] - '0';
    } else if (a == "--timing-cache") {
      if (!value(&args->timingCache)) return 2;
      if (!compat::kTimingCache) {
        *error = "--timing-cache: " + compat::versionString() +
                 " has no timing cache (it does not time kernels while building); leave it out";
        return 2;
      }
    } else if (a == "--dla-core") {
      std::string v;
      if (!value(&v)) return 2;
      if (!compat::kDla) {
        *error = "--dla-core: " + compat::versionString() + " runs on GPUs only, it has no DLA support";
        return 2;
      }
      if (!parseCount(a, v, 0, &args->dlaCore, error)) return 2;
    } else if (a == "--int8" || a == "--calib-dir" || a == "--calib-cache") {
      if (!parseInt8Arg(a, value, args, error)) return 2;
    } else if (a == "--gpu-fallback") {
      args->gpuFallback = true;
    } else if (a == "--no-build") {
      args->noBuild = true;
    } else if (a == "--ignore-metadata") {
      args->ignoreMetadata = true;
    } else if (a == "--no-spec-defaults") {
      // handled by runBuilder (withSpecDefaults)
    } else if (a == "--profile" || a == "--layer-info") {
      if (!value(a == "--profile" ? &args->profile : &args->layerInfo)) return 2;
    } else if (a == "--verify") {
      if (i + 2 >= argc) {
        *error = "--verify needs two files: INPUT.bin EXPECTED.bin";
        return 2;
      }
      args->verifyInput = argv[++i];
      args->verifyExpected = argv[++i];
    } else if (a == "--shape") {
      std::string v;
      if (!value(&v)) return 2;
      args->shapeArgs.push_back(v);
    } else if (a == "--input" || a == "--expect") {
      std::string v;
      if (!value(&v)) return 2;
      (a == "--input" ? args->inputArgs : args->expectArgs).push_back(v);
    } else if (a == "--atol" || a == "--rtol") {
      std::string v;
      if (!value(&v) || !parseTolerance(a, v, a == "--atol" ? &args->atol : &args->rtol, error)) return 2;
      (a == "--atol" ? args->atolSet : args->rtolSet) = true;
    } else if (a == "--scale-tol") {
      std::string v;
      if (!value(&v) || !parseTolerance(a, v, &args->scaleTol, error)) return 2;
      args->scaleTolSet = true;
    } else if (a == "--bench") {
      std::string v;
      if (!value(&v) || !parseCount(a, v, 1, &args->benchRuns, error)) return 2;
    } else if (a == "--warmup") {
      std::string v;
      if (!value(&v) || !parseCount(a, v, 0, &args->warmupRuns, error)) return 2;
      args->warmupSet = true;
    } else {
      *error = "unknown argument '" + a + "'";
      return 2;
    }
  }
  if (args->noBuild && !args->buildOnly.empty()) {
    *error = args->buildOnly[0] + " only applies when building; --no-build runs an engine built earlier";
    return 2;
  }
  if (args->ignoreMetadata && !args->noBuild) {
    *error = "--ignore-metadata only applies with --no-build";
    return 2;
  }
  if (args->engine.empty() || (needsWeights && !args->noBuild && args->wts.empty())) {
    *error = needsWeights && !args->noBuild ? "--wts and --engine are required" : "--engine is required";
    return 2;
  }
  if (args->gpuFallback && args->dlaCore < 0) {
    *error = "--gpu-fallback only applies with --dla-core";
    return 2;
  }
  if (!checkInt8Args(*args, error)) return 2;
  if (args->dlaCore >= 0 && !args->noBuild && !args->fp16 && !args->int8) {
    *error = "--dla-core needs --fp16: DLA runs FP16 (and INT8) layers only";
    return 2;
  }
  const bool verifyShorthand = !args->verifyInput.empty();
  if (verifyShorthand && (!args->inputArgs.empty() || !args->expectArgs.empty())) {
    *error = "give either --verify INPUT.bin EXPECTED.bin or --input/--expect, not both";
    return 2;
  }
  const bool compares = verifyShorthand || !args->expectArgs.empty();
  if ((args->atolSet || args->rtolSet || args->scaleTolSet) && !compares) {
    *error = "--atol, --rtol and --scale-tol only apply with --verify or --expect";
    return 2;
  }
  if (!args->inputArgs.empty() && !compares && args->benchRuns == 0) {
    *error = "--input only applies with --expect or --bench";
    return 2;
  }
  if (!args->shapeArgs.empty() && !compares && args->benchRuns == 0) {
    *error = "--shape only applies with --verify, --expect or --bench";
    return 2;
  }
  if (args->warmupSet && args->benchRuns == 0) {
    *error = "--warmup only applies with --bench";
    return 2;
  }
  if (!args->profile.empty() && args->benchRuns == 0) {
    *error = "--profile only applies with --bench N (it profiles N more inferences)";
    return 2;
  }
  if (args->noBuild && !compares && args->benchRuns == 0 && args->layerInfo.empty()) {
    *error = "--no-build needs something to run: --verify, --expect, --bench or --layer-info";
    return 2;
  }
  return 0;
}

// Tolerances by precision (see the usage text); --atol/--rtol override.
void defaultTolerances(const std::string& precision, bool tf32, Args* args) {
  const double tolerance = precision == "int8"   ? kInt8Tolerance
                           : precision == "fp16" ? 1e-2
                           : tf32                ? 1e-3
                                                 : 1e-4;
  if (!args->atolSet) args->atol = tolerance;
  if (!args->rtolSet) args->rtol = tolerance;
}

// The files of --verify / --input / --expect, read (and size-checked) before the
// build so that a wrong file fails in a second rather than after a long build.
struct RunFiles {
  std::vector<TensorFile> inputs;    // every network input, in network order (or none)
  std::vector<TensorFile> expected;  // the outputs to compare, in network order
};

std::vector<std::string> tensorNames(const TensorInfo* tensors, std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < count; ++i) names.push_back(tensors[i].name);
  return names;
}

// Reads the files for `tensors`, in their order; false with a message (a usage error).
// Inputs are sized at the run shapes (dynamic ones); an output whose shape follows them
// (`outputs`) is read whole and its size checked after the run.
bool readFiles(const NetworkInfo& info, const TensorInfo* tensors, std::size_t count,
               const std::vector<InputShape>& runShapes, bool outputs, std::vector<TensorFile>* files,
               const char* what, std::string* error) {
  std::vector<TensorFile> ordered;
  for (std::size_t i = 0; i < count; ++i) {
    const TensorInfo& t = tensors[i];
    for (TensorFile& f : *files) {
      if (f.name != t.name) continue;
      std::size_t count = inputCount(t, runShapes);
      if (count == 0 && outputs && hasDynamicInputs(info)) count = kAnyCount;
      if (count == 0) {
        *error = std::string(what) + " '" + t.name + "': its shape is not static and non-empty";
        return false;
      }
      std::string why;
      if (!readTensorFile(f.path, count, &f, &why)) {
        *error = std::string(what) + " '" + t.name + "': " + why;
        return false;
      }
      ordered.push_back(std::move(f));
    }
  }
  *files = std::move(ordered);
  return true;
}

bool loadRunFiles(const NetworkInfo& info, const Args& args, const std::vector<InputShape>& runShapes,
                  RunFiles* files, std::string* error) {
  const std::vector<std::string> inputs = tensorNames(info.inputs, info.nbInputs);
  const std::vector<std::string> outputs = tensorNames(info.outputs, info.nbOutputs);
  std::vector<std::string> inputArgs = args.inputArgs;
  std::vector<std::string> expectArgs = args.expectArgs;
  if (!args.verifyInput.empty()) {
    if (inputs.size() != 1) {
      *error = "--verify INPUT.bin EXPECTED.bin is for networks with one input; " + std::string(info.name) +
               " has " + std::to_string(inputs.size()) + " (" + nameList(inputs) +
               "): give --input NAME=FILE for each and --expect NAME=FILE per output";
      return false;
    }
    inputArgs = {inputs[0] + "=" + args.verifyInput};
    expectArgs = {outputs[0] + "=" + args.verifyExpected};
  }
  if (!assignTensorFiles(inputs, inputArgs, "--input", "input", &files->inputs, error) ||
      !assignTensorFiles(outputs, expectArgs, "--expect", "output", &files->expected, error)) {
    return false;
  }
  if (!files->inputs.empty() || !files->expected.empty()) {
    const std::vector<std::string> missing = missingTensorFiles(inputs, files->inputs);
    if (!missing.empty()) {
      *error = "--input is missing a file for " + std::string(missing.size() == 1 ? "input " : "inputs ") +
               nameList(missing) + " (inputs: " + nameList(inputs) + ")";
      return false;
    }
  }
  const bool shorthand = !args.verifyInput.empty();
  return readFiles(info, info.inputs, info.nbInputs, runShapes, false, &files->inputs,
                   shorthand ? "--verify input" : "--input", error) &&
         readFiles(info, info.outputs, info.nbOutputs, runShapes, true, &files->expected,
                   shorthand ? "--verify expected output" : "--expect", error);
}

// The spec's depth of output `name` (TensorInfo::depth).
int32_t outputDepth(const NetworkInfo& info, const std::string& name) {
  for (std::size_t i = 0; i < info.nbOutputs; ++i) {
    if (name == info.outputs[i].name) return info.outputs[i].depth;
  }
  return 0;
}

// Collects TensorRT's per-layer times (--profile).
class LayerProfiler : public nvinfer1::IProfiler {
 public:
  void reportLayerTime(const char* layerName, float ms) noexcept override { times.add(layerName, ms); }
  LayerTimes times;
};

// The engine being run, for the profile file.
struct EngineFacts {
  std::string precision;  // precisionName() or the metadata's ("unknown" if it has none)
  bool tf32 = false;
};

bool writeAtomically(const std::string& path, const void* data, std::size_t size, std::string* error);

// --layer-info: IEngineInspector's JSON to the file. Returns the exit code (0, 4 or 6).
int writeLayerInfo(const Output& o, const Args& args, const EngineRunner& runner) {
  std::string json;
  std::string error;
  if (!runner.layerInformation(&json, &error)) {
    o.error("--layer-info: %s\n", error.c_str());
    return 6;
  }
  if (!writeAtomically(args.layerInfo, json.data(), json.size(), &error)) {
    o.error("--layer-info: %s\n", error.c_str());
    return 4;
  }
  std::fprintf(o.out, "wrote %s (engine layer information)\n", args.layerInfo.c_str());
  return 0;
}

// --profile: args.benchRuns inferences with a LayerProfiler, the JSON file and the top 10.
// Returns the exit code (0, 4 or 6).
int writeProfile(const Output& o, const NetworkInfo& info, const Args& args, const EngineFacts& facts,
                 EngineRunner& runner) {
  std::string error;
  LayerProfiler profiler;
  if (!runner.profile(args.benchRuns, profiler, &error)) {
    o.error("--profile: %s\n", error.c_str());
    return 6;
  }
  const std::vector<ProfileRow> rows = profileRows(profiler.times, args.benchRuns);
  ProfileInfo p;
  p.network = info.name;
  p.specHash = info.specHash;
  p.tensorrt = compat::versionString();
  p.precision = facts.precision;
  p.tf32 = facts.tf32;
  p.engine = args.engine;
  p.inferences = args.benchRuns;
  const std::string json = profileJson(p, rows);
  if (!writeAtomically(args.profile, json.data(), json.size(), &error)) {
    o.error("--profile: %s\n", error.c_str());
    return 4;
  }
  double total = 0.0;
  for (const ProfileRow& r : rows) total += r.meanMs;
  std::fprintf(o.out,
               "profile: %d runs with TensorRT's layer profiler: %zu engine layers, %.4f ms per inference "
               "in layers; the slowest:\n%s",
               args.benchRuns, rows.size(), total, topLayersText(rows, 10).c_str());
  std::fprintf(o.out, "wrote %s (per-layer profile)\n", args.profile.c_str());
  return 0;
}

// Runs the loaded engine at `runShapes`: --layer-info, the comparison with --verify/--expect,
// then --bench (and --profile). Returns the exit code (0, 4 cannot write a file, 5 verification
// failed, 6 CUDA/runtime error).
int runEngine(const Output& o, const NetworkInfo& info, const Args& args, const EngineFacts& facts,
              const RunFiles& files, const std::vector<InputShape>& runShapes, EngineRunner& runner) {
  if (!runShapes.empty()) std::fprintf(o.out, "run shapes: %s\n", runShapesString(runShapes).c_str());
  std::fflush(o.out);
  runner.setInputShapes(runShapes);
  std::string error;
  if (!args.layerInfo.empty()) {
    const int rc = writeLayerInfo(o, args, runner);
    if (rc != 0) return rc;
  }
  if (files.expected.empty() && args.benchRuns == 0) return 0;
  if (!runner.prepare(&error)) {
    o.error("cannot run the engine: %s\n", error.c_str());
    return 6;
  }
  for (const TensorFile& f : files.inputs) {
    if (!runner.setInput(f, &error)) {
      o.error("--input: %s\n", error.c_str());
      return 6;
    }
  }
  bool verified = true;
  if (!files.expected.empty()) {
    if (!runner.run(&error)) {
      o.error("verify: %s\n", error.c_str());
      return 6;
    }
    std::fprintf(o.out,
                 "verify: %zu output%s, atol %g, rtol %g, scale-tol %g (values outside |a-b| <= atol + "
                 "rtol*|b| + scale-tol*depth*2^-24*max|b| fail)\n",
                 files.expected.size(), files.expected.size() == 1 ? "" : "s", args.atol, args.rtol,
                 args.scaleTol);
    for (const TensorFile& f : files.expected) {
      Comparison c;
      Tolerance tolerance;
      tolerance.atol = args.atol;
      tolerance.rtol = args.rtol;
      tolerance.scaleTol = args.scaleTol;
      tolerance.depth = outputDepth(info, f.name);
      if (!runner.compareOutput(f, tolerance, &c, &error)) {
        o.error("verify: %s\n", error.c_str());
        return 6;
      }
      std::fprintf(o.out,
                   "verify: output %s vs %s: max abs error %.6g, max rel error %.6g, atol %.6g at depth %d, "
                   "%zu of %zu "
                   "values outside",
                   quoteName(f.name).c_str(), f.path.c_str(), c.maxAbs, c.maxRel, c.atol,
                   static_cast<int>(tolerance.depth), c.outside, c.count);
      if (c.outside > 0) {
        std::fprintf(o.out, " (largest error at index %zu: engine %.9g, expected %.9g)", c.worstIndex,
                     c.worstActual, c.worstExpected);
      }
      std::fprintf(o.out, "\n");
      verified = verified && c.outside == 0;
    }
    std::fprintf(o.out, "verify: %s\n", verified ? "PASSED" : "FAILED");
  }
  if (args.benchRuns > 0) {
    std::vector<double> ms;
    std::fprintf(o.out, "bench: %d warm-up runs, %d timed runs (inputs: %s)\n", args.warmupRuns,
                 args.benchRuns, files.inputs.empty() ? "zeros" : "the given files");
    if (!runner.bench(args.warmupRuns, args.benchRuns, &ms, &error)) {
      o.error("--bench: %s\n", error.c_str());
      return 6;
    }
    const LatencyStats s = latencyStats(ms);
    std::fprintf(o.out, "  latency ms: mean %.4f  p50 %.4f  p90 %.4f  p99 %.4f  (min %.4f, max %.4f)\n",
                 s.mean, s.p50, s.p90, s.p99, s.min, s.max);
    if (!args.profile.empty()) {
      const int rc = writeProfile(o, info, args, facts, runner);
      if (rc != 0) return rc;
    }
  }
  return verified ? 0 : 5;
}

// Writes to a temporary file beside `path`, then renames it into place, so a
// failed or interrupted build never leaves a truncated engine behind.
bool writeAtomically(const std::string& path, const void* data, std::size_t size, std::string* error) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    *error = "cannot create '" + tmp + "': " + std::strerror(errno);
    return false;
  }
  const bool written = std::fwrite(data, 1, size, f) == size;
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) {
    *error = "cannot write '" + tmp + "': " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = "cannot rename '" + tmp + "' to '" + path + "': " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

// "<engine>.json": the engine's metadata file.
std::string metadataPath(const std::string& engine) { return engine + ".json"; }

// The metadata of the engine just built (see json_report.h).
EngineMetadata buildMetadata(const NetworkInfo& info, const Args& args, const std::vector<IOTensorInfo>& io) {
  EngineMetadata m;
  m.trtgenVersion = info.trtgenVersion;
  m.network = info.name;
  m.specHash = info.specHash;
  m.tensorrt = compat::versionString();
  m.precision = precisionName(args);
  m.tf32 = args.tf32;
  m.workspaceMiB = args.workspaceMiB;
  m.optLevel = args.optLevel;
  m.dlaCore = args.dlaCore;
  m.gpuFallback = args.gpuFallback;
  m.computeCapabilities = args.computeCapabilities;
  m.detailedProfiling = !args.layerInfo.empty();
  m.timingCache = args.timingCache;
  for (const IOTensorInfo& t : io) m.io.push_back({t.name, t.isInput, dataTypeName(t.type), t.dims});
  return m;
}

// --no-build: reads the metadata beside the engine and checks that it is this program's
// network and TensorRT release. Returns 0 (with *summary filled when it could be read) or
// the exit code 7 with the message printed.
int checkMetadata(const Output& o, const NetworkInfo& info, const Args& args, MetadataSummary* summary) {
  const std::string path = metadataPath(args.engine);
  const char* overrideHint = "; pass --ignore-metadata to run it anyway";
  std::vector<unsigned char> bytes;
  std::string error;
  if (!readBytes(path, &bytes, &error)) {
    if (args.ignoreMetadata) return 0;
    o.error("%s: cannot read the engine's metadata (%s): was the engine built by this program?%s\n",
            args.engine.c_str(), error.c_str(), overrideHint);
    return 7;
  }
  if (!parseMetadata(std::string(bytes.begin(), bytes.end()), summary, &error)) {
    *summary = MetadataSummary();
    if (args.ignoreMetadata) return 0;
    o.error("%s: %s%s\n", path.c_str(), error.c_str(), overrideHint);
    return 7;
  }
  std::string mismatch;
  if (summary->specHash != info.specHash) {
    mismatch = "was built from another network (spec hash " + summary->specHash + ", this program's is " +
               info.specHash + "): regenerate and rebuild the program from its spec, or rebuild the engine";
  } else if (summary->tensorrt != compat::versionString()) {
    mismatch = "was built with " + summary->tensorrt + ", this program uses " + compat::versionString() +
               ": rebuild the engine with this program";
  }
  if (!mismatch.empty() && !args.ignoreMetadata) {
    o.error("%s %s (metadata %s)%s\n", args.engine.c_str(), mismatch.c_str(), path.c_str(), overrideHint);
    return 7;
  }
  if (!mismatch.empty()) std::fprintf(o.out, "note: the engine %s (--ignore-metadata)\n", mismatch.c_str());
  return 0;
}

// --no-build: loads the engine written earlier and runs it. Returns the exit code.
int runExisting(const Output& o, const NetworkInfo& info, Args& args, const RunFiles& files,
                const std::vector<InputShape>& runShapes, Logger& logger) {
  MetadataSummary metadata;
  const int rc = checkMetadata(o, info, args, &metadata);
  if (rc != 0) return rc;
  defaultTolerances(metadata.precision, metadata.tf32, &args);
  std::vector<unsigned char> engine;
  std::string error;
  if (!readBytes(args.engine, &engine, &error)) {
    o.error("%s\n", error.c_str());
    return 2;
  }
  if (!cudaDeviceAvailable()) {
    o.error("cannot run the engine: this machine has no CUDA GPU\n");
    return 6;
  }
  EngineRunner runner;
  runner.setDlaCore(args.dlaCore >= 0 ? args.dlaCore : metadata.dlaCore);
  if (!runner.deserialize(logger, engine.data(), engine.size(), &error)) {
    o.error("cannot load %s: %s\n", args.engine.c_str(), error.c_str());
    return 6;
  }
  for (const IOTensorInfo& t : runner.ioTensors()) std::fprintf(o.out, "%s\n", ioLine(t).c_str());
  EngineFacts facts;
  facts.precision = metadata.precision.empty() ? "unknown" : metadata.precision;
  facts.tf32 = metadata.tf32;
  return runEngine(o, info, args, facts, files, runShapes, runner);
}

// --timing-cache: the cache file's bytes (none if it does not exist yet) given to the builder.
// Returns the cache (owned by the caller, to outlive the build), or nullptr with the message
// in *error. `*error` stays empty when no cache was asked for.
std::unique_ptr<compat::TimingCache> loadTimingCache(const Args& args, nvinfer1::IBuilderConfig& config,
                                                     std::FILE* out, std::string* error) {
  if (args.timingCache.empty()) return nullptr;
  std::vector<unsigned char> bytes;
  std::FILE* probe = std::fopen(args.timingCache.c_str(), "rb");
  if (probe != nullptr) {
    std::fclose(probe);
    if (!readBytes(args.timingCache, &bytes, error)) return nullptr;
  }
  std::string why;
  std::unique_ptr<compat::TimingCache> cache{
      compat::loadTimingCache(config, bytes.data(), bytes.size(), &why)};
  if (!cache) {
    *error = "--timing-cache " + args.timingCache + ": " + why +
             " (a corrupt file, or one written by another TensorRT release or GPU); delete it and build "
             "again to write a new one";
    return nullptr;
  }
  std::fprintf(out, "timing cache: %s (%s)\n", args.timingCache.c_str(),
               probe != nullptr ? "read" : "new, written after the build");
  return cache;
}

// The arguments to parse: the program name, the spec's build: defaults -- unless the command
// line has --no-spec-defaults or --no-build (which takes no build options) -- then the command
// line's own, which override the defaults' values.
std::vector<char*> withSpecDefaults(int argc, char** argv, const NetworkInfo& info) {
  std::vector<char*> all(argv, argv + argc);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-spec-defaults") == 0 || std::strcmp(argv[i], "--no-build") == 0)
      return all;
  }
  all.insert(all.begin() + (argc > 0 ? 1 : 0), const_cast<char**>(info.specDefaults),
             const_cast<char**>(info.specDefaults) + info.nbSpecDefaults);
  return all;
}

// The usage text, with the spec's defaults when it has any.
std::string usage(const NetworkInfo& info) {
  std::string text = std::string("usage: ") + info.exe + kUsage;
  if (info.nbSpecDefaults > 0) {
    text += "defaults from the spec's build: section:";
    for (std::size_t i = 0; i < info.nbSpecDefaults; ++i) text += std::string(" ") + info.specDefaults[i];
    text += "\n";
  }
  return text;
}

// --int8: checks the calibration set (or reads the cache) for the network's one float32 input
// and attaches the calibrator to `config`. Returns it (it must outlive the build), or nullptr
// with the message in *error.
std::unique_ptr<EntropyCalibrator> setUpCalibration(const Args& args, const std::vector<IOTensorInfo>& io,
                                                    nvinfer1::IBuilderConfig& config, std::FILE* out,
                                                    std::string* error) {
  std::vector<std::string> inputNames;
  const IOTensorInfo* input = nullptr;
  for (const IOTensorInfo& t : io) {
    if (!t.isInput) continue;
    inputNames.push_back(t.name);
    input = &t;
  }
  if (inputNames.size() != 1 || input == nullptr) {
    *error = "--int8: the network has " + std::to_string(inputNames.size()) + " inputs (" +
             nameList(inputNames) + "); INT8 calibration sets are for networks with one input";
    return nullptr;
  }
  if (input->type != nvinfer1::DataType::kFLOAT) {
    *error = "--int8: input " + quoteName(input->name) + " is " + dataTypeName(input->type) +
             "; calibration feeds float32 inputs";
    return nullptr;
  }
  auto calibrator = std::make_unique<EntropyCalibrator>(input->name, input->dims, std::vector<std::string>(),
                                                        args.calibCache);
  bool cached = false;
  if (!calibrator->loadCache(&cached, error)) return nullptr;
  if (cached) {
    std::fprintf(out, "INT8 calibration: the scales from %s (nothing to calibrate%s)\n",
                 args.calibCache.c_str(), args.calibDir.empty() ? "" : "; --calib-dir is not read");
  } else {
    if (args.calibDir.empty()) {
      *error = "--calib-cache " + args.calibCache +
               " does not exist: give --calib-dir DIR too, to calibrate and then write it";
      return nullptr;
    }
    std::vector<std::string> files;
    if (!listCalibrationFiles(args.calibDir, &files, error)) return nullptr;
    for (const std::string& file : files) {
      if (!readCalibrationFile(file, input->dims, nullptr, error)) {
        *error = "--calib-dir: " + *error;
        return nullptr;
      }
    }
    std::fprintf(out, "INT8 calibration: %zu sample%s from %s for input %s %s\n", files.size(),
                 files.size() == 1 ? "" : "s", args.calibDir.c_str(), quoteName(input->name).c_str(),
                 shapeString(input->dims).c_str());
    calibrator =
        std::make_unique<EntropyCalibrator>(input->name, input->dims, std::move(files), args.calibCache);
  }
  compat::useInt8Calibration(config, calibrator.get());
  return calibrator;
}

// --calib-cache: writes the scales TensorRT calibrated (nothing when they came from the cache).
// Returns the exit code.
int writeCalibrationCache(const Output& o, const Args& args, const EntropyCalibrator& calibrator) {
  if (args.calibCache.empty() || calibrator.newCache().empty()) return 0;
  std::string error;
  const std::vector<unsigned char>& cache = calibrator.newCache();
  if (!writeAtomically(args.calibCache, cache.data(), cache.size(), &error)) {
    o.error("--calib-cache: %s\n", error.c_str());
    return 4;
  }
  std::fprintf(o.out, "wrote %s (INT8 calibration cache, %zu bytes)\n", args.calibCache.c_str(),
               cache.size());
  return 0;
}

}  // namespace

int runBuilder(int argc, char** argv, const NetworkInfo& info, std::FILE* out, std::FILE* err) {
  const Output o{out, err, info.exe};
  Args args;
  std::string error;
  std::vector<char*> arguments = withSpecDefaults(argc, argv, info);
  switch (parseArgs(static_cast<int>(arguments.size()), arguments.data(), info.needsWeights, &args, &error)) {
    case 1:
      std::fprintf(out, "%s", usage(info).c_str());
      return 0;
    case 2:
      o.error("%s\n%s", error.c_str(), usage(info).c_str());
      return 2;
    default:
      break;
  }

  std::vector<InputShape> runShapes;
  if (!resolveRunShapes(info, args.shapeArgs, &runShapes, &error)) {
    o.error("%s\n", error.c_str());
    return 2;
  }
  RunFiles runFiles;
  if (!loadRunFiles(info, args, runShapes, &runFiles, &error)) {
    o.error("%s\n", error.c_str());
    return 2;
  }

  Logger logger;
  logger.setOutput(err);
  logger.setVerbose(args.verbose);
  // A spec with TensorRT plugins: register the ones shipped with TensorRT (libnvinfer_plugin).
  if (info.initPlugins != nullptr && !info.initPlugins(logger)) {
    o.error("cannot initialize TensorRT's plugin library\n");
    return 1;
  }
  if (args.noBuild) return runExisting(o, info, args, runFiles, runShapes, logger);
  defaultTolerances(precisionName(args), args.tf32, &args);

  WeightsFile weights;  // empty unless --wts is given (a network without weights needs none)
  weights.setAllowShortHex(args.allowShortHex);
  if (!args.wts.empty() && !weights.load(args.wts, &error)) {
    o.error("%s\n", error.c_str());
    return 3;
  }

  if (!compat::kBuildsWithoutGpu && !cudaDeviceAvailable()) {
    o.error("no CUDA GPU found: %s builds engines on the GPU that will run them\n",
            compat::versionString().c_str());
    return 1;
  }
  // Declared first, so destroyed last: the builder configuration refers to it.
  std::unique_ptr<compat::TimingCache> timingCache;
  std::unique_ptr<nvinfer1::IBuilder> builder{nvinfer1::createInferBuilder(logger)};
  if (!builder) {
    o.error("cannot create the TensorRT builder (is the GPU driver working?)\n");
    return 1;
  }
  std::unique_ptr<nvinfer1::INetworkDefinition> network{builder->createNetworkV2(compat::kNetworkFlags)};
  std::unique_ptr<nvinfer1::IBuilderConfig> config{builder->createBuilderConfig()};
  if (!network || !config) {
    o.error("cannot create the network or builder configuration\n");
    return 1;
  }
  compat::setWorkspace(*config, args.workspaceMiB << 20);
  compat::setTf32(*config, args.tf32);
  if (!args.computeCapabilities.empty() &&
      !compat::setComputeCapabilities(*config, args.computeCapabilities, &error)) {
    o.error("--compute-capability: %s\n", error.c_str());
    return 2;
  }
  if (args.optLevel >= 0) compat::setOptimizationLevel(*config, args.optLevel);
  BuildOptions options;
  options.fp16 = args.fp16;
  if (args.fp16) compat::setFp16Flag(*config);
  if (args.dlaCore >= 0) {
    const int32_t cores = compat::nbDlaCores(*builder);
    if (args.dlaCore >= cores) {
      o.error("--dla-core %d: this machine has %d DLA core%s%s\n", args.dlaCore, static_cast<int>(cores),
              cores == 1 ? "" : "s", cores == 0 ? " (DLA is on Jetson Xavier and Orin boards)" : "");
      return 2;
    }
    compat::useDla(*config, args.dlaCore, args.gpuFallback);
  }
  // --layer-info: the inspector shows each layer's parameters only with detailed verbosity
  if (!args.layerInfo.empty()) config->setProfilingVerbosity(nvinfer1::ProfilingVerbosity::kDETAILED);
  timingCache = loadTimingCache(args, *config, out, &error);
  if (!error.empty()) {
    o.error("%s\n", error.c_str());
    return 1;
  }

  if (!info.buildNetwork(*network, weights, options, &error)) {
    o.error("cannot build the network:\n%s\n", error.c_str());
    return 1;
  }
  if (!addOptimizationProfiles(*builder, *config, info, &error)) {
    o.error("%s\n", error.c_str());
    return 1;
  }
  // The network's I/O tensors, collected before the network is freed: the `io:`
  // lines come from here when the engine cannot be loaded on this machine (below).
  const std::vector<IOTensorInfo> networkIO = networkIOTensors(*network);
  std::unique_ptr<EntropyCalibrator> calibrator;
  if (args.int8) {
    calibrator = setUpCalibration(args, networkIO, *config, o.out, &error);
    if (!calibrator) {
      o.error("%s\n", error.c_str());
      return 2;
    }
  }
  std::fprintf(o.out, "building the engine for %s (%s, TF32 %s, workspace %zu MiB, %s)...\n", info.name,
               precisionName(args).c_str(), args.tf32 ? "on" : "off", args.workspaceMiB,
               compat::versionString().c_str());
  const auto buildStart = std::chrono::steady_clock::now();
  std::unique_ptr<nvinfer1::IHostMemory> engine{builder->buildSerializedNetwork(*network, *config)};
  const std::chrono::duration<double> buildTime = std::chrono::steady_clock::now() - buildStart;
  // The engine holds its own copy of the weights: free the host copies and the
  // network definition right away (small boards run out of memory otherwise).
  network.reset();
  weights.release();
  if (calibrator && !calibrator->error().empty()) {
    o.error("INT8 calibration failed after %zu sample%s: %s\n", calibrator->batchesServed(),
            calibrator->batchesServed() == 1 ? "" : "s", calibrator->error().c_str());
    return 1;
  }
  if (!engine || engine->size() == 0) {
    o.error("TensorRT could not build the engine (see the log above)\n");
    return 1;
  }
  std::fprintf(o.out, "built the engine in %.2f s\n", buildTime.count());
  if (!writeAtomically(args.engine, engine->data(), engine->size(), &error)) {
    o.error("%s\n", error.c_str());
    return 4;
  }
  std::fprintf(o.out, "wrote %s (%zu bytes)\n", args.engine.c_str(),
               static_cast<std::size_t>(engine->size()));
  if (calibrator) {
    const int rc = writeCalibrationCache(o, args, *calibrator);
    if (rc != 0) return rc;
  }
  if (timingCache) {
    const std::unique_ptr<nvinfer1::IHostMemory> cache{compat::serializeTimingCache(*config)};
    if (!cache || !writeAtomically(args.timingCache, cache->data(), cache->size(), &error)) {
      o.error("--timing-cache: %s\n", cache ? error.c_str() : "TensorRT returned no timing cache to write");
      return 4;
    }
    std::fprintf(o.out, "wrote %s (timing cache, %zu bytes)\n", args.timingCache.c_str(),
                 static_cast<std::size_t>(cache->size()));
  }
  // The `io:` lines describe the ENGINE's I/O tensors: it is deserialized (IRuntime)
  // and asked, which also loads it for --verify/--bench. That needs a CUDA device:
  // TensorRT-RTX builds engines without a GPU, but cannot deserialize one without a
  // GPU (TensorRT-RTX 1.7 fails creating a CUDA stream, CUDA error 35, even with
  // deferred weight loading) nor on a GPU it was not built for. Then the lines come
  // from the network definition instead -- the same names, types and shapes, since
  // trtgen sets the I/O types itself and every shape is static -- and a note says so.
  EngineRunner runner;
  runner.setDlaCore(args.dlaCore);
  std::vector<IOTensorInfo> io = networkIO;
  std::string loadError;
  bool loaded = false;
  if (!cudaDeviceAvailable()) {
    loadError = "this machine has no CUDA GPU";
  } else if (runner.deserialize(logger, engine->data(), static_cast<std::size_t>(engine->size()),
                                &loadError)) {
    loaded = true;
    io = orderLike(runner.ioTensors(), networkIO);
  }
  if (!loaded) {
    std::fprintf(o.out, "I/O tensors from the network definition (the engine cannot be loaded here: %s):\n",
                 loadError.c_str());
  }
  const std::string metadata = metadataJson(buildMetadata(info, args, io));
  if (!writeAtomically(metadataPath(args.engine), metadata.data(), metadata.size(), &error)) {
    o.error("%s\n", error.c_str());
    return 4;
  }
  std::fprintf(o.out, "wrote %s (engine metadata)\n", metadataPath(args.engine).c_str());
  for (const IOTensorInfo& t : io) std::fprintf(o.out, "%s\n", ioLine(t).c_str());

  if (runFiles.expected.empty() && args.benchRuns == 0 && args.layerInfo.empty()) return 0;
  if (!loaded) {
    o.error("cannot run the engine: %s\n", loadError.c_str());
    return 6;
  }
  EngineFacts facts;
  facts.precision = precisionName(args);
  facts.tf32 = args.tf32;
  return runEngine(o, info, args, facts, runFiles, runShapes, runner);
}

}  // namespace trtgen
