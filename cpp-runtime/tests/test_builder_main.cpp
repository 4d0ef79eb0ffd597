// Tests for cpp-runtime/builder_main.{h,cpp}, the engine builder program every
// generated network shares, compiled against the TEST-ONLY stubs in stub/ with
// the fakes of fake_trt.h: a fake builder "builds" the EngineSpec below, which
// the fake runtime then loads, so --verify/--expect/--bench run end to end
// (each output value is 2 * input + 1). Covers argument parsing and its usage
// errors, exit codes, options reaching the builder configuration, and the
// output lines (`io:`, `built the engine in`) that trtgen build and
// test/realtrt/run.py parse.
//
//   builder_main_tests [--case NAME | --list]
//
// Files (engines, .bin, .wts) go to the current directory.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "builder_main.h"
#include "fake_trt.h"
#include "harness.h"

namespace {

// What the fakes record and how they misbehave; reset by run().
struct BuilderState {
  EngineSpec engine;  // the "serialized engine" the fake builder returns
  bool failBuilder = false;
  bool emptyEngine = false;
  bool failNetwork = false;  // buildNetwork reports an error
  bool pluginsOk = true;
  int builds = 0;           // buildNetwork calls
  int pluginInits = 0;      // initPlugins calls
  std::size_t weights = 0;  // tensors in the WeightsFile buildNetwork got
  bool fp16 = false;        // BuildOptions::fp16 buildNetwork got
  std::vector<std::string> configCalls;
  int dlaCores = 0;  // IBuilder::getNbDLACores
  // INT8: the first value of each calibration batch the fake builder got, whether the calibrator
  // gave it a cache, and a calibration file to cut short when the build starts (after the check)
  std::vector<float> calibrated;
  bool calibrationCacheRead = false;
  std::string cutDuringBuild;
};

BuilderState& state() {
  static BuilderState s;
  return s;
}

class RecordingConfig : public FakeConfig {
 public:
  ~RecordingConfig() override { state().configCalls = calls; }
};

class FakeHostMemory : public nvinfer1::IHostMemory {
 public:
  void* data() const noexcept override { return &state().engine; }
  std::size_t size() const noexcept override { return state().emptyEngine ? 0 : sizeof(EngineSpec); }
};

class FakeBuilder : public nvinfer1::IBuilder {
 public:
  nvinfer1::INetworkDefinition* createNetworkV2(nvinfer1::NetworkDefinitionCreationFlags) noexcept override {
    return new FakeNetwork;
  }
  nvinfer1::IBuilderConfig* createBuilderConfig() noexcept override { return new RecordingConfig; }
  int32_t getNbDLACores() const noexcept override { return state().dlaCores; }
  // TensorRT's builder owns its profiles
  nvinfer1::IOptimizationProfile* createOptimizationProfile() noexcept override {
    profiles_.emplace_back(new FakeProfile);
    return profiles_.back().get();
  }
  nvinfer1::IHostMemory* buildSerializedNetwork(nvinfer1::INetworkDefinition&,
                                                nvinfer1::IBuilderConfig& config) noexcept override {
    calibrate(static_cast<FakeConfig&>(config));
    return new FakeHostMemory;
  }

 private:
  std::vector<std::unique_ptr<FakeProfile>> profiles_;

  // As TensorRT does with a calibrator: the cache if it has one, else every batch, then the
  // cache written ("scales").
  static void calibrate(FakeConfig& config) {
#if !TRTGEN_STUB_AT_LEAST(11, 0)
    if (config.int8Calibrator == nullptr) return;
    if (!state().cutDuringBuild.empty()) {
      std::FILE* f = std::fopen(state().cutDuringBuild.c_str(), "wb");
      if (f != nullptr) std::fclose(f);
    }
    std::size_t length = 0;
    if (config.int8Calibrator->readCalibrationCache(length) != nullptr && length > 0) {
      state().calibrationCacheRead = true;
      return;
    }
    void* bindings[1] = {nullptr};
    const char* names[1] = {"x"};
    while (config.int8Calibrator->getBatch(bindings, names, 1)) {
      state().calibrated.push_back(static_cast<const float*>(bindings[0])[0]);
    }
    config.int8Calibrator->writeCalibrationCache("scales", 6);
#else
    (void)config;
#endif
  }
};

// The network: input "x" [1, 2, 3] -> output "y" [1, 6].
const trtgen::TensorInfo kInputs[] = {{"x", 3, {1, 2, 3}}};
const trtgen::TensorInfo kOutputs[] = {{"y", 2, {1, 6}, 3}};  // depth 3

bool buildDemo(nvinfer1::INetworkDefinition& network, trtgen::WeightsFile& weights,
               const trtgen::BuildOptions& options, std::string* error) {
  static FakeNetTensor x("x", nvinfer1::DataType::kFLOAT, {1, 2, 3});
  static FakeNetTensor y("y", nvinfer1::DataType::kFLOAT, {1, 6});
  BuilderState& s = state();
  ++s.builds;
  s.weights = weights.size();
  s.fp16 = options.fp16;
  if (s.failNetwork) {
    *error = "layer 'conv': weight 'w' is missing";
    return false;
  }
  auto& fake = static_cast<FakeNetwork&>(network);
  fake.inputs = {&x};
  fake.outputs = {&y};
  return true;
}

bool initPlugins(nvinfer1::ILogger&) {
  ++state().pluginInits;
  return state().pluginsOk;
}

trtgen::NetworkInfo demo(bool needsWeights = false) {
  trtgen::NetworkInfo info;
  info.name = "demo";
  info.exe = "demo_builder";
  info.inputs = kInputs;
  info.nbInputs = 1;
  info.outputs = kOutputs;
  info.nbOutputs = 1;
  info.needsWeights = needsWeights;
  info.buildNetwork = &buildDemo;
  info.specHash = "sha256:demo";
  info.trtgenVersion = "9.9.9";
  return info;
}

struct Result {
  int rc = -1;
  std::string out;
  std::string err;
};

std::string readBack(std::FILE* f) {
  std::string text;
  std::rewind(f);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) text.append(buf, n);
  std::fclose(f);
  return text;
}

// Runs the builder with fresh fakes, changed by `setup`; `args` excludes the program name.
Result run(const trtgen::NetworkInfo& info, const std::vector<std::string>& args, void (*setup)() = nullptr) {
  state() = BuilderState();
  state().engine.tensors.push_back({"x", true, {1, 2, 3}, nvinfer1::DataType::kFLOAT});
  state().engine.tensors.push_back({"y", false, {1, 6}, nvinfer1::DataType::kFLOAT});
  cudaStubState().deviceCount = 1;
  if (setup != nullptr) setup();
  std::vector<std::string> storage = {info.exe};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(&a[0]);
  argv.push_back(nullptr);
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  Result r;
  if (out == nullptr || err == nullptr) {
    harness::fail(__FILE__, __LINE__, "tmpfile failed");
    return r;
  }
  r.rc = trtgen::runBuilder(static_cast<int>(storage.size()), argv.data(), info, out, err);
  r.out = readBack(out);
  r.err = readBack(err);
  return r;
}

void writeFloats(const std::string& path, const std::vector<float>& values) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  std::fwrite(values.data(), sizeof(float), values.size(), f);
  std::fclose(f);
}

void writeText(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

bool exists(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  std::fclose(f);
  return true;
}

// A usage error: exit code 2, "<exe>: <message>" then the usage text, nothing built.
void checkUsageError(const trtgen::NetworkInfo& info, const std::vector<std::string>& args,
                     const std::string& message) {
  const Result r = run(info, args);
  CHECK_EQ(r.rc, 2);
  CHECK_CONTAINS(r.err, std::string("demo_builder: ") + message + "\nusage: demo_builder --wts FILE.wts");
  CHECK_EQ(r.out, std::string());
  CHECK_EQ(state().builds, 0);
}

}  // namespace

namespace nvinfer1 {
IRuntime* createInferRuntime(ILogger& /*logger*/) noexcept { return new FakeRuntime; }
IBuilder* createInferBuilder(ILogger& /*logger*/) noexcept {
  return state().failBuilder ? nullptr : new FakeBuilder;
}
}  // namespace nvinfer1

// ---- arguments -------------------------------------------------------------------------

TEST(help_prints_usage_to_stdout) {
  for (const char* flag : {"--help", "-h"}) {
    const Result r = run(demo(true), {"--engine", "e.engine", flag});
    CHECK_EQ(r.rc, 0);
    CHECK_EQ(r.out.rfind("usage: demo_builder --wts FILE.wts --engine FILE.engine [--workspace MiB]", 0), 0U);
    CHECK_CONTAINS(r.out, "exit codes: 0 ok, 1 build failed, 2 usage error");
    CHECK_EQ(r.err, std::string());
    CHECK_EQ(state().builds, 0);
  }
}

TEST(required_arguments) {
  checkUsageError(demo(true), {}, "--wts and --engine are required");
  checkUsageError(demo(true), {"--engine", "e.engine"}, "--wts and --engine are required");
  checkUsageError(demo(false), {"--fp16"}, "--engine is required");
}

TEST(wts_is_optional_without_weights) {
  std::remove("noweights.engine");
  const Result r = run(demo(false), {"--engine", "noweights.engine"});
  CHECK_EQ(r.rc, 0);
  CHECK_EQ(state().builds, 1);
  CHECK_EQ(state().weights, 0U);
  CHECK(exists("noweights.engine"));
}

TEST(unknown_and_incomplete_arguments) {
  checkUsageError(demo(), {"--engine", "e.engine", "--bogus"}, "unknown argument '--bogus'");
  checkUsageError(demo(), {"--engine"}, "--engine needs a value");
  checkUsageError(demo(), {"--engine", "e.engine", "--wts"}, "--wts needs a value");
}

TEST(workspace_values) {
  for (const char* bad : {"0", "abc", "-1", "16777217", ""}) {
    checkUsageError(
        demo(), {"--engine", "e.engine", "--workspace", bad},
        std::string("--workspace expects a size in MiB between 1 and 16777216, got '") + bad + "'");
  }
}

TEST(defaults_reach_the_config) {
  const Result r = run(demo(), {"--engine", "defaults.engine"});
  CHECK_EQ(r.rc, 0);
  const std::vector<std::string> expected = {"setMemoryPoolLimit 1073741824", "clearFlag 6"};
  CHECK(state().configCalls == expected);
  CHECK(!state().fp16);
  CHECK_CONTAINS(r.out,
                 "building the engine for demo (fp32, TF32 off, workspace 1024 MiB, TensorRT 10.0.0)...");
}

TEST(fp16_tf32_workspace_reach_the_config) {
  const Result r = run(demo(), {"--engine", "opts.engine", "--fp16", "--tf32", "--workspace", "256"});
  CHECK_EQ(r.rc, 0);
  const std::vector<std::string> expected = {"setMemoryPoolLimit 268435456", "setFlag 6", "setFlag 0"};
  CHECK(state().configCalls == expected);
  CHECK(state().fp16);
  CHECK_CONTAINS(r.out, "building the engine for demo (fp16, TF32 on, workspace 256 MiB, ");
}

TEST(opt_level_reaches_the_config) {
  const Result r = run(demo(), {"--engine", "opt.engine", "--opt-level", "0"});
  CHECK_EQ(r.rc, 0);
  const std::vector<std::string> expected = {"setMemoryPoolLimit 1073741824", "clearFlag 6",
                                             "setBuilderOptimizationLevel 0"};
  CHECK(state().configCalls == expected);
  checkUsageError(demo(), {"--engine", "e.engine", "--opt-level", "6"},
                  "--opt-level expects a whole number between 0 and 5, got '6'");
  checkUsageError(demo(), {"--engine", "e.engine", "--opt-level", "-1"},
                  "--opt-level expects a whole number between 0 and 5, got '-1'");
  checkUsageError(demo(), {"--engine", "e.engine", "--opt-level"}, "--opt-level needs a value");
}

TEST(compute_capability_needs_rtx) {
  checkUsageError(
      demo(), {"--engine", "e.engine", "--compute-capability", "86"},
      "--compute-capability only applies to TensorRT-RTX; this builder is compiled against TensorRT "
      "10.0.0, which builds for the GPU it runs on");
}

// ---- build and output -------------------------------------------------------------------

TEST(build_prints_io_lines_and_writes_the_engine) {
  std::remove("built.engine");
  const Result r = run(demo(), {"--engine", "built.engine"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "built the engine in ");
  CHECK_CONTAINS(r.out, "wrote built.engine (" + std::to_string(sizeof(EngineSpec)) + " bytes)\n");
  CHECK_CONTAINS(r.out, "io: input \"x\" float32 [1, 2, 3]\nio: output \"y\" float32 [1, 6]\n");
  CHECK(!harness::contains(r.out, "I/O tensors from the network definition"));
  CHECK(exists("built.engine"));
  CHECK(!exists("built.engine.tmp"));
  CHECK_EQ(r.err, std::string());
}

TEST(weights_are_loaded_or_exit_3) {
  writeText("demo.wts", "2\nw 2 3f800000 40000000\nb 1 3f800000\n");
  const Result ok = run(demo(true), {"--wts", "demo.wts", "--engine", "w.engine"});
  CHECK_EQ(ok.rc, 0);
  CHECK_EQ(state().weights, 2U);
  const Result missing = run(demo(true), {"--wts", "no-such-file.wts", "--engine", "w.engine"});
  CHECK_EQ(missing.rc, 3);
  CHECK_CONTAINS(missing.err, "demo_builder: ");
  CHECK_CONTAINS(missing.err, "no-such-file.wts");
  CHECK_EQ(state().builds, 0);
}

TEST(allow_short_hex_reads_hand_written_weights) {
  writeText("short.wts", "2\nw 2 3f800000 4\nb 1 0\n");
  const Result strict = run(demo(true), {"--wts", "short.wts", "--engine", "s.engine"});
  CHECK_EQ(strict.rc, 3);
  CHECK_CONTAINS(strict.err,
                 "short.wts:2: tensor 'w': bad hex token '4' (value 2 of 2, fewer than 8 hex digits");
  CHECK_EQ(state().builds, 0);
  const Result lenient = run(demo(true), {"--wts", "short.wts", "--allow-short-hex", "--engine", "s.engine"});
  CHECK_EQ(lenient.rc, 0);
  CHECK_EQ(state().weights, 2U);
}

TEST(build_failures_exit_1) {
  Result r = run(demo(), {"--engine", "f.engine"}, [] { cudaStubState().deviceCount = 0; });
  CHECK_EQ(r.rc, 1);
  CHECK_CONTAINS(
      r.err, "demo_builder: no CUDA GPU found: TensorRT 10.0.0 builds engines on the GPU that will run them");
  CHECK_EQ(state().builds, 0);

  r = run(demo(), {"--engine", "f.engine"}, [] { state().failBuilder = true; });
  CHECK_EQ(r.rc, 1);
  CHECK_CONTAINS(r.err, "demo_builder: cannot create the TensorRT builder (is the GPU driver working?)");

  r = run(demo(), {"--engine", "f.engine"}, [] { state().failNetwork = true; });
  CHECK_EQ(r.rc, 1);
  CHECK_CONTAINS(r.err, "demo_builder: cannot build the network:\nlayer 'conv': weight 'w' is missing\n");

  std::remove("f.engine");
  r = run(demo(), {"--engine", "f.engine"}, [] { state().emptyEngine = true; });
  CHECK_EQ(r.rc, 1);
  CHECK_CONTAINS(r.err, "demo_builder: TensorRT could not build the engine (see the log above)");
  CHECK(!exists("f.engine"));
}

TEST(plugins_are_initialized_first) {
  trtgen::NetworkInfo info = demo();
  info.initPlugins = &initPlugins;
  Result r = run(info, {"--engine", "p.engine"});
  CHECK_EQ(r.rc, 0);
  CHECK_EQ(state().pluginInits, 1);
  r = run(info, {"--engine", "p.engine"}, [] { state().pluginsOk = false; });
  CHECK_EQ(r.rc, 1);
  CHECK_CONTAINS(r.err, "demo_builder: cannot initialize TensorRT's plugin library\n");
  CHECK_EQ(state().builds, 0);
  r = run(demo(), {"--engine", "p.engine"});
  CHECK_EQ(state().pluginInits, 0);
}

TEST(unwritable_engine_exits_4) {
  const Result r = run(demo(), {"--engine", "no-such-dir/e.engine"});
  CHECK_EQ(r.rc, 4);
  CHECK_CONTAINS(r.err, "demo_builder: cannot create 'no-such-dir/e.engine.tmp': ");
}

// ---- --verify / --input / --expect ----------------------------------------------------------

TEST(verify_argument_errors) {
  const trtgen::NetworkInfo n = demo();
  checkUsageError(n, {"--engine", "e.engine", "--verify", "in.bin"},
                  "--verify needs two files: INPUT.bin EXPECTED.bin");
  checkUsageError(n, {"--engine", "e.engine", "--verify", "in.bin", "out.bin", "--input", "x=in.bin"},
                  "give either --verify INPUT.bin EXPECTED.bin or --input/--expect, not both");
  checkUsageError(n, {"--engine", "e.engine", "--atol", "0.1"},
                  "--atol, --rtol and --scale-tol only apply with --verify or --expect");
  checkUsageError(n, {"--engine", "e.engine", "--scale-tol", "2"},
                  "--atol, --rtol and --scale-tol only apply with --verify or --expect");
  checkUsageError(n, {"--engine", "e.engine", "--expect", "y=o.bin", "--scale-tol", "-1"},
                  "--scale-tol expects a non-negative number, got '-1'");
  checkUsageError(n, {"--engine", "e.engine", "--expect", "y=o.bin", "--rtol", "-1"},
                  "--rtol expects a non-negative number, got '-1'");
  checkUsageError(n, {"--engine", "e.engine", "--expect", "y=o.bin", "--atol", "nan"},
                  "--atol expects a non-negative number, got 'nan'");
  checkUsageError(n, {"--engine", "e.engine", "--input", "x=in.bin"},
                  "--input only applies with --expect or --bench");
  // names are checked against the network's tensors (no usage text: the arguments are well-formed)
  Result r = run(n, {"--engine", "e.engine", "--expect", "z=o.bin"});
  CHECK_EQ(r.rc, 2);
  CHECK_EQ(r.err, std::string("demo_builder: --expect 'z=o.bin': no output named 'z' (outputs: 'y')\n"));
  r = run(n, {"--engine", "e.engine", "--input", "q=i.bin", "--bench", "1"});
  CHECK_EQ(r.rc, 2);
  CHECK_EQ(r.err, std::string("demo_builder: --input 'q=i.bin': no input named 'q' (inputs: 'x')\n"));
  CHECK_EQ(state().builds, 0);
}

TEST(verify_files_are_checked_before_the_build) {
  writeFloats("short.bin", {1, 2, 3});
  writeFloats("expected6.bin", {1, 2, 3, 4, 5, 6});
  const Result r = run(demo(), {"--engine", "e.engine", "--verify", "short.bin", "expected6.bin"});
  CHECK_EQ(r.rc, 2);
  CHECK_CONTAINS(r.err, "demo_builder: --verify input 'x': ");
  CHECK_CONTAINS(r.err, "short.bin");
  CHECK_EQ(state().builds, 0);
  const Result missing = run(demo(), {"--engine", "e.engine", "--verify", "expected6.bin", "no-such.bin"});
  CHECK_EQ(missing.rc, 2);
  CHECK_CONTAINS(missing.err, "demo_builder: --verify expected output 'y': ");
  CHECK_EQ(state().builds, 0);
}

TEST(verify_passes_and_fails) {
  writeFloats("in6.bin", {0, 1, 2, 3, 4, 5});
  writeFloats("good.bin", {1, 3, 5, 7, 9, 11});  // 2x + 1
  writeFloats("bad.bin", {1, 3, 5, 7, 9, 12});
  Result r = run(demo(), {"--engine", "v.engine", "--verify", "in6.bin", "good.bin"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "verify: 1 output, atol 0.0001, rtol 0.0001, scale-tol 64");
  // docs/numerics.md: atol 1e-4 + 64 * depth 3 * 2^-24 * max|expected| 11
  CHECK_CONTAINS(
      r.out,
      "verify: output \"y\" vs good.bin: max abs error 0, max rel error 0, atol 0.000225885 at depth 3, 0 "
      "of 6 values outside\n");
  CHECK_CONTAINS(r.out, "verify: PASSED\n");
  r = run(demo(), {"--engine", "v.engine", "--input", "x=in6.bin", "--expect", "y=bad.bin", "--atol", "0.5",
                   "--rtol", "0"});
  CHECK_EQ(r.rc, 5);
  CHECK_CONTAINS(r.out, "verify: 1 output, atol 0.5, rtol 0");
  CHECK_CONTAINS(r.out, "1 of 6 values outside (largest error at index 5: engine 11, expected 12)");
  CHECK_CONTAINS(r.out, "verify: FAILED\n");
  // with a looser tolerance the same files pass
  r = run(demo(), {"--engine", "v.engine", "--input", "x=in6.bin", "--expect", "y=bad.bin", "--atol", "1"});
  CHECK_EQ(r.rc, 0);
  // ... or with a scaled term that covers the error: 500000 * 3 * 2^-24 * 12 = 1.07
  r = run(demo(), {"--engine", "v.engine", "--input", "x=in6.bin", "--expect", "y=bad.bin", "--atol", "0",
                   "--rtol", "0", "--scale-tol", "500000"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "atol 1.07288 at depth 3, 0 of 6 values outside");
  r = run(demo(), {"--engine", "v.engine", "--input", "x=in6.bin", "--expect", "y=bad.bin", "--atol", "0",
                   "--rtol", "0", "--scale-tol", "400000"});
  CHECK_EQ(r.rc, 5);
  CHECK(noLeaks());
}

TEST(precision_sets_default_tolerance) {
  writeFloats("in6.bin", {0, 1, 2, 3, 4, 5});
  writeFloats("good.bin", {1, 3, 5, 7, 9, 11});
  Result r = run(demo(), {"--engine", "v.engine", "--verify", "in6.bin", "good.bin", "--tf32"});
  CHECK_CONTAINS(r.out, "atol 0.001, rtol 0.001");
  r = run(demo(), {"--engine", "v.engine", "--verify", "in6.bin", "good.bin", "--fp16"});
  CHECK_CONTAINS(r.out, "atol 0.01, rtol 0.01");
}

// ---- --bench ------------------------------------------------------------------------------

TEST(bench_argument_errors) {
  const trtgen::NetworkInfo n = demo();
  for (const char* bad : {"0", "-3", "1000001", "x", "2.5"}) {
    checkUsageError(n, {"--engine", "e.engine", "--bench", bad},
                    std::string("--bench expects a whole number between 1 and 1000000, got '") + bad + "'");
  }
  checkUsageError(n, {"--engine", "e.engine", "--bench", "3", "--warmup", "-1"},
                  "--warmup expects a whole number between 0 and 1000000, got '-1'");
  checkUsageError(n, {"--engine", "e.engine", "--warmup", "3"}, "--warmup only applies with --bench");
  checkUsageError(n, {"--engine", "e.engine", "--bench"}, "--bench needs a value");
}

TEST(bench_runs) {
  Result r = run(demo(), {"--engine", "b.engine", "--bench", "5", "--warmup", "2"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "bench: 2 warm-up runs, 5 timed runs (inputs: zeros)\n");
  CHECK_CONTAINS(r.out, "  latency ms: mean ");
  CHECK_EQ(state().engine.enqueues, 7);
  writeFloats("in6.bin", {0, 1, 2, 3, 4, 5});
  r = run(demo(), {"--engine", "b.engine", "--bench", "1", "--input", "x=in6.bin"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "bench: 10 warm-up runs, 1 timed runs (inputs: the given files)\n");
  CHECK(noLeaks());
}

TEST(engine_errors_exit_6) {
  const Result r =
      run(demo(), {"--engine", "x.engine", "--bench", "2"}, [] { state().engine.failEnqueue = true; });
  CHECK_EQ(r.rc, 6);
  CHECK_CONTAINS(r.err, "demo_builder: --bench: ");
  CHECK(noLeaks());
}

// ---- --profile, --layer-info -------------------------------------------------------------

std::string readText(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return "<missing>";
  return readBack(f);
}

// The fake engine reports three layers per inference to the attached profiler.
void threeLayers() {
  state().engine.layerTimes = {{"x_cast", 0.25f}, {"conv + relu", 1.5f}, {"head", 0.25f}};
}

TEST(profile_argument_errors) {
  checkUsageError(demo(), {"--engine", "e.engine", "--profile", "p.json"},
                  "--profile only applies with --bench N (it profiles N more inferences)");
  checkUsageError(demo(), {"--engine", "e.engine", "--bench", "2", "--profile"}, "--profile needs a value");
  checkUsageError(demo(), {"--engine", "e.engine", "--layer-info"}, "--layer-info needs a value");
}

TEST(profile_writes_json_and_prints_the_slowest) {
  std::remove("p.json");
  const Result r = run(
      demo(), {"--engine", "p.engine", "--bench", "4", "--warmup", "1", "--profile", "p.json"}, threeLayers);
  CHECK_EQ(r.rc, 0);
  // 1 warm-up + 4 timed runs without the profiler, then 4 profiled ones
  CHECK_EQ(state().engine.enqueues, 9);
  CHECK_CONTAINS(
      r.out,
      "profile: 4 runs with TensorRT's layer profiler: 3 engine layers, 2.0000 ms per inference in "
      "layers; the slowest:\n"
      "profile:   1.5000 ms  75.0%  \"conv + relu\"\n"
      "profile:   0.2500 ms  12.5%  \"x_cast\"\n"
      "profile:   0.2500 ms  12.5%  \"head\"\n"
      "wrote p.json (per-layer profile)\n");
  const std::string json = readText("p.json");
  CHECK_CONTAINS(json,
                 "\"format\": \"trtgen-profile\",\n  \"version\": 1,\n  \"network\": \"demo\",\n"
                 "  \"specHash\": \"sha256:demo\",\n  \"tensorrt\": \"TensorRT 10.0.0\",\n"
                 "  \"precision\": \"fp32\",\n  \"tf32\": false,\n  \"engine\": \"p.engine\",\n"
                 "  \"iterations\": 4,\n  \"totalMs\": 2,\n");
  CHECK_CONTAINS(json, "{\"name\": \"conv + relu\", \"meanMs\": 1.5, \"share\": 0.75},\n");
  CHECK(noLeaks());
  // an unwritable profile file: exit 4
  const Result bad =
      run(demo(), {"--engine", "p.engine", "--bench", "1", "--profile", "no-such-dir/p.json"}, threeLayers);
  CHECK_EQ(bad.rc, 4);
  CHECK_CONTAINS(bad.err, "demo_builder: --profile: cannot create 'no-such-dir/p.json.tmp': ");
}

TEST(layer_info_builds_detailed_and_writes_the_inspector_json) {
  std::remove("li.json");
  Result r = run(demo(), {"--engine", "li.engine", "--layer-info", "li.json"},
                 [] { state().engine.layerInfo = "{\"Layers\": [\"conv + relu\"]}"; });
  CHECK_EQ(r.rc, 0);
  const std::vector<std::string> expected = {"setMemoryPoolLimit 1073741824", "clearFlag 6",
                                             "setProfilingVerbosity 2"};
  CHECK(state().configCalls == expected);
  CHECK_CONTAINS(r.out, "wrote li.json (engine layer information)\n");
  CHECK_EQ(readText("li.json"), std::string("{\"Layers\": [\"conv + relu\"]}"));
  CHECK_CONTAINS(readText("li.engine.json"), "\"profilingVerbosity\": \"detailed\"");
  // TensorRT returns nothing: exit 6
  r = run(demo(), {"--engine", "li.engine", "--layer-info", "li.json"});
  CHECK_EQ(r.rc, 6);
  CHECK_CONTAINS(r.err,
                 "demo_builder: --layer-info: TensorRT's engine inspector returned no layer information\n");
  CHECK(noLeaks());
}

// ---- --timing-cache ----------------------------------------------------------------------

TEST(timing_cache_is_created_read_and_written_back) {
  std::remove("tc.bin");
  Result r = run(demo(), {"--engine", "tc.engine", "--timing-cache", "tc.bin"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "timing cache: tc.bin (new, written after the build)\n");
  CHECK_CONTAINS(r.out, "wrote tc.bin (timing cache, 6 bytes)\n");
  CHECK_EQ(readText("tc.bin"), std::string("+build"));
  const std::vector<std::string> expected = {"setMemoryPoolLimit 1073741824", "clearFlag 6",
                                             "setTimingCache ignoreMismatch=0"};
  CHECK(state().configCalls == expected);
  r = run(demo(), {"--engine", "tc.engine", "--timing-cache", "tc.bin"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "timing cache: tc.bin (read)\n");
  CHECK_EQ(readText("tc.bin"), std::string("+build+build"));
  CHECK_CONTAINS(readText("tc.engine.json"), "\"timingCache\": \"tc.bin\"}");
}

TEST(timing_cache_refused_by_tensorrt_exits_1) {
  writeText("bad.cache", "bad bytes");
  Result r = run(demo(), {"--engine", "tc.engine", "--timing-cache", "bad.cache"});
  CHECK_EQ(r.rc, 1);
  CHECK_EQ(r.err,
           std::string("demo_builder: --timing-cache bad.cache: TensorRT refused its contents (a corrupt "
                       "file, or one written by another TensorRT release or GPU); delete it and build "
                       "again to write a new one\n"));
  CHECK_EQ(state().builds, 0);
  CHECK_EQ(readText("bad.cache"), std::string("bad bytes"));  // left as it was
  writeText("other.cache", "other-gpu");
  r = run(demo(), {"--engine", "tc.engine", "--timing-cache", "other.cache"});
  CHECK_EQ(r.rc, 1);
  CHECK_CONTAINS(r.err,
                 "--timing-cache other.cache: TensorRT refused it for this GPU and release (a corrupt");
  checkUsageError(demo(), {"--engine", "e.engine", "--timing-cache"}, "--timing-cache needs a value");
}

// ---- --dla-core --------------------------------------------------------------------------

TEST(dla_argument_errors) {
  checkUsageError(demo(), {"--engine", "e.engine", "--dla-core", "0"},
                  "--dla-core needs --fp16: DLA runs FP16 (and INT8) layers only");
  checkUsageError(demo(), {"--engine", "e.engine", "--fp16", "--gpu-fallback"},
                  "--gpu-fallback only applies with --dla-core");
  checkUsageError(demo(), {"--engine", "e.engine", "--fp16", "--dla-core", "x"},
                  "--dla-core expects a whole number between 0 and 1000000, got 'x'");
  // a machine without DLA cores (a PC)
  const Result r = run(demo(), {"--engine", "e.engine", "--fp16", "--dla-core", "0"});
  CHECK_EQ(r.rc, 2);
  CHECK_EQ(r.err,
           std::string("demo_builder: --dla-core 0: this machine has 0 DLA cores (DLA is on Jetson Xavier "
                       "and Orin boards)\n"));
  CHECK_EQ(state().builds, 0);
}

TEST(dla_reaches_the_config_and_the_runtime) {
  lastRuntimeDlaCore() = -1;
  Result r = run(demo(), {"--engine", "dla.engine", "--fp16", "--dla-core", "1", "--gpu-fallback"},
                 [] { state().dlaCores = 2; });
  CHECK_EQ(r.rc, 0);
  const std::vector<std::string> expected = {"setMemoryPoolLimit 1073741824", "clearFlag 6",  "setFlag 0",
                                             "setDefaultDeviceType 1",        "setDLACore 1", "setFlag 3"};
  CHECK(state().configCalls == expected);
  CHECK_EQ(lastRuntimeDlaCore(), 1);
  CHECK_CONTAINS(readText("dla.engine.json"), "\"dlaCore\": 1, \"gpuFallback\": true");
  r = run(demo(), {"--engine", "dla.engine", "--fp16", "--dla-core", "2"}, [] { state().dlaCores = 2; });
  CHECK_EQ(r.rc, 2);
  CHECK_CONTAINS(r.err, "--dla-core 2: this machine has 2 DLA cores\n");
}

// ---- engine metadata and --no-build ----------------------------------------------------------

// The engine file of this run's fake engine (as the fake builder writes it).
void writeEngine() {
  std::FILE* f = std::fopen("m.engine", "wb");
  REQUIRE(f != nullptr);
  std::fwrite(&state().engine, 1, sizeof(EngineSpec), f);
  std::fclose(f);
}

TEST(build_writes_metadata_beside_the_engine) {
  std::remove("m.engine.json");
  const Result r = run(demo(), {"--engine", "m.engine", "--fp16", "--workspace", "64"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "wrote m.engine.json (engine metadata)\nio: input");
  CHECK_EQ(
      readText("m.engine.json"),
      std::string("{\n"
                  "  \"format\": \"trtgen-engine-metadata\",\n"
                  "  \"version\": 1,\n"
                  "  \"trtgen\": \"9.9.9\",\n"
                  "  \"network\": \"demo\",\n"
                  "  \"specHash\": \"sha256:demo\",\n"
                  "  \"tensorrt\": \"TensorRT 10.0.0\",\n"
                  "  \"precision\": \"fp16\",\n"
                  "  \"options\": {\"tf32\": false, \"workspaceMiB\": 64, \"optLevel\": null, \"dlaCore\": "
                  "null, \"gpuFallback\": false, \"computeCapabilities\": [], \"profilingVerbosity\": "
                  "\"layer_names_only\", \"timingCache\": null},\n"
                  "  \"io\": [\n"
                  "    {\"name\": \"x\", \"mode\": \"input\", \"type\": \"float32\", \"shape\": [1, 2, 3]},\n"
                  "    {\"name\": \"y\", \"mode\": \"output\", \"type\": \"float32\", \"shape\": [1, 6]}\n"
                  "  ]\n"
                  "}\n"));
}

TEST(no_build_argument_errors) {
  checkUsageError(demo(true), {"--engine", "m.engine", "--no-build", "--fp16", "--bench", "1"},
                  "--fp16 only applies when building; --no-build runs an engine built earlier");
  checkUsageError(demo(true), {"--engine", "m.engine", "--no-build", "--bench", "1", "--wts", "w.wts"},
                  "--wts only applies when building; --no-build runs an engine built earlier");
  checkUsageError(demo(), {"--engine", "m.engine", "--no-build"},
                  "--no-build needs something to run: --verify, --expect, --bench or --layer-info");
  checkUsageError(demo(), {"--engine", "m.engine", "--ignore-metadata", "--bench", "1"},
                  "--ignore-metadata only applies with --no-build");
  checkUsageError(demo(true), {"--no-build", "--bench", "1"}, "--engine is required");
}

TEST(no_build_runs_a_matching_engine) {
  REQUIRE(run(demo(), {"--engine", "m.engine", "--fp16"}).rc == 0);
  writeFloats("in6.bin", {0, 1, 2, 3, 4, 5});
  writeFloats("good.bin", {1, 3, 5, 7, 9, 11});
  // --wts is not needed; the FP16 engine's metadata sets FP16 tolerances
  const Result r = run(
      demo(true), {"--engine", "m.engine", "--no-build", "--verify", "in6.bin", "good.bin", "--bench", "2"},
      writeEngine);
  CHECK_EQ(r.rc, 0);
  CHECK_EQ(state().builds, 0);
  CHECK(!harness::contains(r.out, "building the engine"));
  CHECK_CONTAINS(r.out, "io: input \"x\" float32 [1, 2, 3]\nio: output \"y\" float32 [1, 6]\n");
  CHECK_CONTAINS(r.out, "verify: 1 output, atol 0.01, rtol 0.01");
  CHECK_CONTAINS(r.out, "verify: PASSED\n");
  CHECK_CONTAINS(r.out, "bench: 10 warm-up runs, 2 timed runs");
  CHECK_EQ(r.err, std::string());
  CHECK(noLeaks());
}

TEST(no_build_refuses_an_engine_of_another_spec_or_release) {
  REQUIRE(run(demo(), {"--engine", "m.engine"}).rc == 0);
  trtgen::NetworkInfo other = demo();
  other.specHash = "sha256:other";
  Result r = run(other, {"--engine", "m.engine", "--no-build", "--bench", "1"}, writeEngine);
  CHECK_EQ(r.rc, 7);
  CHECK_EQ(r.err,
           std::string("demo_builder: m.engine was built from another network (spec hash sha256:demo, this "
                       "program's is sha256:other): regenerate and rebuild the program from its spec, or "
                       "rebuild the engine (metadata m.engine.json); pass --ignore-metadata to run it "
                       "anyway\n"));
  CHECK_EQ(state().engine.enqueues, 0);
  r = run(other, {"--engine", "m.engine", "--no-build", "--bench", "1", "--ignore-metadata"}, writeEngine);
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "note: the engine was built from another network (spec hash sha256:demo");
  // another TensorRT release
  writeText("m.engine.json",
            "{\"format\": \"trtgen-engine-metadata\", \"version\": 1, \"specHash\": "
            "\"sha256:demo\", \"tensorrt\": \"TensorRT 8.6.1\", \"precision\": \"fp32\", "
            "\"options\": {\"tf32\": false, \"dlaCore\": null}}");
  r = run(demo(), {"--engine", "m.engine", "--no-build", "--bench", "1"}, writeEngine);
  CHECK_EQ(r.rc, 7);
  CHECK_CONTAINS(r.err,
                 "demo_builder: m.engine was built with TensorRT 8.6.1, this program uses TensorRT 10.0.0: "
                 "rebuild the engine with this program (metadata m.engine.json)");
  // unreadable or missing metadata
  writeText("m.engine.json", "{\"format\": ");
  r = run(demo(), {"--engine", "m.engine", "--no-build", "--bench", "1"}, writeEngine);
  CHECK_EQ(r.rc, 7);
  CHECK_CONTAINS(r.err,
                 "demo_builder: m.engine.json: at byte 11: unexpected end of the text; pass "
                 "--ignore-metadata to run it anyway\n");
  std::remove("m.engine.json");
  r = run(demo(), {"--engine", "m.engine", "--no-build", "--bench", "1"}, writeEngine);
  CHECK_EQ(r.rc, 7);
  CHECK_CONTAINS(r.err,
                 "demo_builder: m.engine: cannot read the engine's metadata (cannot open 'm.engine.json': ");
  CHECK_CONTAINS(r.err, "was the engine built by this program?; pass --ignore-metadata to run it anyway\n");
  r = run(demo(), {"--engine", "m.engine", "--no-build", "--bench", "1", "--ignore-metadata"}, writeEngine);
  CHECK_EQ(r.rc, 0);
  CHECK(noLeaks());
}

// ---- the spec's build: section ------------------------------------------------------------

const char* const kDefaults[] = {"--fp16", "--workspace", "512", "--timing-cache", "d.cache"};

trtgen::NetworkInfo withDefaults() {
  trtgen::NetworkInfo info = demo();
  info.specDefaults = kDefaults;
  info.nbSpecDefaults = 5;
  return info;
}

TEST(spec_defaults_come_first_and_the_command_line_wins) {
  std::remove("d.cache");
  Result r = run(withDefaults(), {"--engine", "d.engine"});
  CHECK_EQ(r.rc, 0);
  CHECK(state().fp16);
  CHECK_CONTAINS(r.out, "building the engine for demo (fp16, TF32 off, workspace 512 MiB, ");
  CHECK_CONTAINS(r.out, "timing cache: d.cache (new, written after the build)\n");
  r = run(withDefaults(), {"--engine", "d.engine", "--workspace", "64"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "(fp16, TF32 off, workspace 64 MiB, ");
  r = run(withDefaults(), {"--engine", "d.engine", "--no-spec-defaults"});
  CHECK_EQ(r.rc, 0);
  CHECK(!state().fp16);
  CHECK_CONTAINS(r.out, "(fp32, TF32 off, workspace 1024 MiB, ");
  CHECK(!harness::contains(r.out, "timing cache"));
}

TEST(spec_defaults_are_listed_and_left_out_with_no_build) {
  Result r = run(withDefaults(), {"--help"});
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out,
                 "defaults from the spec's build: section: --fp16 --workspace 512 --timing-cache d.cache\n");
  CHECK(!harness::contains(run(demo(), {"--help"}).out, "defaults from the spec"));
  // --no-build takes no build options: the defaults do not apply
  REQUIRE(run(withDefaults(), {"--engine", "m.engine"}).rc == 0);
  r = run(withDefaults(), {"--engine", "m.engine", "--no-build", "--bench", "1"}, writeEngine);
  CHECK_EQ(r.rc, 0);
  CHECK_EQ(state().builds, 0);
  // a usage error shows them too
  r = run(withDefaults(), {"--engine", "d.engine", "--bogus"});
  CHECK_EQ(r.rc, 2);
  CHECK_CONTAINS(r.err, "unknown argument '--bogus'\nusage: demo_builder");
  CHECK_CONTAINS(r.err, "defaults from the spec's build: section: --fp16");
}

// ---- TensorRT-RTX (builder_main_tests_rtx) ---------------------------------------------------
#if TRTGEN_TRT_RTX
TEST(rtx_refuses_timing_cache_dla_and_int8) {
  checkUsageError(demo(), {"--engine", "e.engine", "--timing-cache", "t.bin"},
                  "--timing-cache: TensorRT-RTX 1.7.1 has no timing cache (it does not time kernels while "
                  "building); leave it out");
  checkUsageError(demo(), {"--engine", "e.engine", "--fp16", "--dla-core", "0"},
                  "--dla-core: TensorRT-RTX 1.7.1 runs on GPUs only, it has no DLA support");
  checkUsageError(demo(), {"--engine", "e.engine", "--int8", "--calib-dir", "set"},
                  "--int8: TensorRT-RTX 1.7.1 has no INT8 calibration (implicit quantization and calibrators "
                  "were removed). Use explicit quantization instead -- a network with quantize/dequantize "
                  "(Q/DQ) layers from a quantized model, e.g. ONNX from NVIDIA's TensorRT Model Optimizer, "
                  "which trtgen specs do not express -- or build with --fp16, or calibrate with TensorRT "
                  "8.x-10.x");
}

TEST(rtx_profiles_and_inspects) {
  std::remove("p.json");
  const Result r = run(
      demo(), {"--engine", "r.engine", "--bench", "2", "--profile", "p.json", "--layer-info", "l.json"}, [] {
        threeLayers();
        state().engine.layerInfo = "{}";
      });
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(readText("p.json"), "\"tensorrt\": \"TensorRT-RTX 1.7.1\",\n");
  CHECK_EQ(readText("l.json"), std::string("{}"));
  CHECK_CONTAINS(readText("r.engine.json"), "\"tensorrt\": \"TensorRT-RTX 1.7.1\",\n");
  CHECK(noLeaks());
}
#endif

// ---- dynamic shapes -----------------------------------------------------------------------

// The demo network with a dynamic batch: input "x" [-1, 2, 3] -> output "y" [-1, 6], two
// profiles (batch 1..4 opt 2, and batch 8 only).
const trtgen::TensorInfo kDynInputs[] = {{"x", 3, {-1, 2, 3}}};
const trtgen::TensorInfo kDynOutputs[] = {{"y", 2, {-1, 6}, 3}};
const trtgen::ProfileRange kDynProfiles[] = {{0, "x", 3, {1, 2, 3}, {2, 2, 3}, {4, 2, 3}},
                                             {1, "x", 3, {8, 2, 3}, {8, 2, 3}, {8, 2, 3}}};

trtgen::NetworkInfo dynamicDemo() {
  trtgen::NetworkInfo info = demo();
  info.inputs = kDynInputs;
  info.outputs = kDynOutputs;
  info.profileRanges = kDynProfiles;
  info.nbProfileRanges = 2;
  return info;
}

void dynamicEngine() {
  state().engine.tensors = {{"x", true, {-1, 2, 3}, nvinfer1::DataType::kFLOAT},
                            {"y", false, {-1, 6}, nvinfer1::DataType::kFLOAT}};
}

TEST(dynamic_profiles_reach_the_configuration) {
  const Result r = run(dynamicDemo(), {"--engine", "d.engine"}, dynamicEngine);
  CHECK_EQ(r.rc, 0);
  const std::vector<std::string>& c = state().configCalls;
  const std::vector<std::string> want = {"addOptimizationProfile",  "setDimensions x 0 1x2x3",
                                         "setDimensions x 1 2x2x3", "setDimensions x 2 4x2x3",
                                         "addOptimizationProfile",  "setDimensions x 0 8x2x3",
                                         "setDimensions x 1 8x2x3", "setDimensions x 2 8x2x3"};
  std::vector<std::string> got;
  for (const std::string& call : c) {
    if (call.rfind("addOptimizationProfile", 0) == 0 || call.rfind("setDimensions", 0) == 0)
      got.push_back(call);
  }
  CHECK(got == want);
  CHECK_CONTAINS(r.out, "io: input \"x\" float32 [-1, 2, 3]\n");
  // a static network adds none
  run(demo(), {"--engine", "s.engine"});
  for (const std::string& call : state().configCalls) CHECK(call.rfind("addOptimizationProfile", 0) != 0);
}

TEST(dynamic_verify_runs_at_the_given_shape) {
  // batch 3: 18 input values; the output's size follows the run (2 * x + 1)
  writeFloats("dyn_in.bin", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
  std::vector<float> expected;
  for (int i = 0; i < 18; ++i) expected.push_back(2.0f * static_cast<float>(i) + 1.0f);
  writeFloats("dyn_out.bin", expected);
  Result r = run(dynamicDemo(),
                 {"--engine", "d.engine", "--shape", "x=3x2x3", "--verify", "dyn_in.bin", "dyn_out.bin"},
                 dynamicEngine);
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "run shapes: \"x\" [3, 2, 3]\n");
  CHECK_CONTAINS(r.out, "0 of 18 values outside");
  CHECK_CONTAINS(r.out, "verify: PASSED\n");
  // without --shape: profile 0's opt (batch 2), where the files hold batch 3
  r = run(dynamicDemo(), {"--engine", "d.engine", "--verify", "dyn_in.bin", "dyn_out.bin"}, dynamicEngine);
  CHECK_EQ(r.rc, 2);
  CHECK_CONTAINS(r.err, "has 72 bytes; expected 48");
  // --bench at the largest shape
  r = run(dynamicDemo(), {"--engine", "d.engine", "--shape", "x=4x2x3", "--bench", "2"}, dynamicEngine);
  CHECK_EQ(r.rc, 0);
  CHECK_CONTAINS(r.out, "run shapes: \"x\" [4, 2, 3]\n");
  CHECK(noLeaks());
}

// A --shape that does not fit: exit code 2 with the message, nothing built.
void checkShapeError(const trtgen::NetworkInfo& info, const std::vector<std::string>& args,
                     const std::string& message) {
  const Result r = run(info, args);
  CHECK_EQ(r.rc, 2);
  CHECK_CONTAINS(r.err, std::string("demo_builder: ") + message);
  CHECK_EQ(state().builds, 0);
}

TEST(dynamic_shape_argument_errors) {
  const trtgen::NetworkInfo n = dynamicDemo();
  const std::vector<std::string> bench = {"--engine", "e.engine", "--bench", "1"};
  auto with = [&](std::initializer_list<std::string> extra) {
    std::vector<std::string> a = bench;
    a.insert(a.end(), extra);
    return a;
  };
  checkShapeError(
      n, with({"--shape", "x=9x2x3"}),
      "--shape \"x\" [9, 2, 3] is outside optimization profile 0 (min [1, 2, 3], max [4, 2, 3]; the "
      "spec's shape [-1, 2, 3])");
  checkShapeError(n, with({"--shape", "x=2x5x3"}),
                  "--shape \"x\" [2, 5, 3] is outside optimization profile 0");
  checkShapeError(n, with({"--shape", "x=2x2"}), "--shape \"x\" [2, 2] is outside optimization profile 0");
  checkShapeError(n, with({"--shape", "x=2xax3"}),
                  "--shape x=2xax3: expected positive whole numbers separated by 'x', e.g. x=2x...");
  checkShapeError(n, with({"--shape", "z=2x2x3"}),
                  "--shape 'z=2x2x3': expected NAME=AxBx... for a dynamic input ('x')");
  checkShapeError(n, with({"--shape", "x=2x2x3", "--shape", "x=3x2x3"}), "--shape gives input \"x\" twice");
  checkUsageError(n, {"--engine", "e.engine", "--shape", "x=2x2x3"},
                  "--shape only applies with --verify, --expect or --bench");
  checkShapeError(
      demo(), with({"--shape", "x=1x2x3"}),
      "--shape only applies to a network with dynamic inputs; every input of demo has a static shape");
}

// ---- --int8 -------------------------------------------------------------------------------

// A calibration set of `count` .bin samples for input x [1, 2, 3], sample k holding 10k..10k+5.
void writeCalibrationSet(const std::string& dir, int count) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (int k = 0; k < count; ++k) {
    std::vector<float> v;
    for (int i = 0; i < 6; ++i) v.push_back(static_cast<float>(10 * k + i));
    writeFloats(dir + "/sample" + std::to_string(k) + ".bin", v);
  }
}

TEST(int8_argument_errors) {
  checkUsageError(demo(), {"--engine", "e.engine", "--int8"},
                  "--int8 needs --calib-dir DIR (sample inputs to calibrate with) or --calib-cache FILE (the "
                  "scales of an earlier calibration)");
  checkUsageError(demo(), {"--engine", "e.engine", "--calib-dir", "set"},
                  "--calib-dir and --calib-cache only apply with --int8");
  checkUsageError(demo(), {"--engine", "e.engine", "--calib-cache", "c.cache"},
                  "--calib-dir and --calib-cache only apply with --int8");
  checkUsageError(demo(), {"--engine", "e.engine", "--int8", "--calib-dir"}, "--calib-dir needs a value");
  checkUsageError(demo(),
                  {"--engine", "e.engine", "--no-build", "--int8", "--calib-dir", "d", "--bench", "1"},
                  "--int8 only applies when building; --no-build runs an engine built earlier");
}

TEST(int8_calibrates_from_a_folder_and_writes_the_cache) {
  writeCalibrationSet("set", 3);
  std::remove("c.cache");
  const Result r =
      run(demo(), {"--engine", "i8.engine", "--int8", "--calib-dir", "set", "--calib-cache", "c.cache"});
  CHECK_EQ(r.rc, 0);
  CHECK_EQ(r.err, std::string());
  const std::vector<std::string> expected = {"setMemoryPoolLimit 1073741824", "clearFlag 6", "setFlag 1",
                                             "setFlag 0", "setInt8Calibrator set"};
  CHECK(state().configCalls == expected);
  CHECK(state().calibrated == std::vector<float>({0, 10, 20}));  // every sample, in name order
  CHECK_CONTAINS(r.out, "INT8 calibration: 3 samples from set for input \"x\" [1, 2, 3]\n");
  CHECK_CONTAINS(r.out, "building the engine for demo (int8, TF32 off, ");
  CHECK_CONTAINS(r.out, "wrote c.cache (INT8 calibration cache, 6 bytes)\n");
  CHECK_EQ(readText("c.cache"), std::string("scales"));
  CHECK_CONTAINS(readText("i8.engine.json"), "\"precision\": \"int8\"");
  CHECK(noLeaks());

  // the next build reads the cache: no calibration, no folder needed
  const Result again = run(demo(), {"--engine", "i8.engine", "--int8", "--calib-cache", "c.cache"});
  CHECK_EQ(again.rc, 0);
  CHECK(state().calibrationCacheRead);
  CHECK(state().calibrated.empty());
  CHECK_CONTAINS(again.out, "INT8 calibration: the scales from c.cache (nothing to calibrate)\n");
  CHECK(!harness::contains(again.out, "wrote c.cache"));
}

TEST(int8_refuses_bad_calibration_sets_before_the_build) {
  std::filesystem::remove_all("none");
  std::filesystem::create_directories("none");
  Result r = run(demo(), {"--engine", "e.engine", "--int8", "--calib-dir", "none"});
  CHECK_EQ(r.rc, 2);
  CHECK_EQ(r.err,
           std::string("demo_builder: --calib-dir none: no .bin or .npy files in it (one float32 file per "
                       "sample input; trtgen-export calib writes them)\n"));
  CHECK(state().calibrated.empty());

  writeCalibrationSet("wrong", 2);
  writeFloats("wrong/sample1.bin", {1, 2, 3});
  r = run(demo(), {"--engine", "e.engine", "--int8", "--calib-dir", "wrong"});
  CHECK_EQ(r.rc, 2);
  CHECK_EQ(r.err, std::string("demo_builder: --calib-dir: wrong/sample1.bin: 12 bytes, expected 24 (float32 "
                              "[1, 2, 3], the input's shape including the batch)\n"));

  std::remove("missing.cache");
  r = run(demo(), {"--engine", "e.engine", "--int8", "--calib-cache", "missing.cache"});
  CHECK_EQ(r.rc, 2);
  CHECK_EQ(r.err,
           std::string("demo_builder: --calib-cache missing.cache does not exist: give --calib-dir DIR "
                       "too, to calibrate and then write it\n"));
  CHECK(state().calibrated.empty());
}

TEST(int8_calibration_failing_during_the_build_exits_1) {
  writeCalibrationSet("cut", 2);
  std::remove("cut.engine");
  const Result r = run(demo(), {"--engine", "cut.engine", "--int8", "--calib-dir", "cut"},
                       [] { state().cutDuringBuild = "cut/sample1.bin"; });
  CHECK_EQ(r.rc, 1);
  CHECK_EQ(r.err,
           std::string("demo_builder: INT8 calibration failed after 1 sample: cut/sample1.bin: 0 bytes, "
                       "expected 24 (float32 [1, 2, 3], the input's shape including the batch)\n"));
  CHECK(!exists("cut.engine"));
}

int main(int argc, char** argv) { return harness::main(argc, argv); }
