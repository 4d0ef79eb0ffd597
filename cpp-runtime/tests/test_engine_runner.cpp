// Tests for cpp-runtime/engine_runner.{h,cpp} and trt_compat.h, compiled against
// the TEST-ONLY stubs in stub/ (no CUDA, no TensorRT): the pure helpers (compare,
// percentile, latencyStats, file reading, --input/--expect name matching, volume,
// cudaCheck, float->half, I/O tensor descriptions), DeviceBuffer, EngineRunner
// driven by a fake engine defined below, and the compat functions. Built three
// times by CMakeLists.txt: against the TensorRT 10 named I/O tensor API (the
// default); as engine_runner_tests_trt8, the pre-8.5 binding API; as
// engine_runner_tests_rtx, TensorRT-RTX (the TensorRT 11 API without plugins).
// The runner_* and compat_* cases run in all three.
//
//   engine_runner_tests [--case NAME | --list]
//
// Files written by the readFloatFile tests go to the current directory.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine_runner.h"
#include "fake_trt.h"
#include "harness.h"
#include "trt_compat.h"

using trtgen::Comparison;
using trtgen::LatencyStats;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

#define CHECK_NEAR(a, b, tol)                                                                            \
  do {                                                                                                   \
    const double cn_a_ = (a);                                                                            \
    const double cn_b_ = (b);                                                                            \
    if (!(std::fabs(cn_a_ - cn_b_) <= (tol)))                                                            \
      harness::fail(                                                                                     \
          __FILE__, __LINE__,                                                                            \
          std::string(#a " ~= " #b "  (") + harness::show(cn_a_) + " vs " + harness::show(cn_b_) + ")"); \
  } while (0)

Comparison cmp(const std::vector<float>& actual, const std::vector<float>& expected, double atol,
               double rtol) {
  return trtgen::compare(actual.data(), expected.data(), actual.size(), atol, rtol);
}

void writeFile(const std::string& path, const void* data, std::size_t bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    harness::fail(__FILE__, __LINE__, "cannot create " + path);
    return;
  }
  if (bytes > 0) std::fwrite(data, 1, bytes, f);
  std::fclose(f);
}

EngineSpec simpleSpec() {
  EngineSpec spec;
  spec.tensors.push_back({"x", true, {1, 2, 3}, nvinfer1::DataType::kFLOAT});
  spec.tensors.push_back({"y", false, {1, 6}, nvinfer1::DataType::kFLOAT});
  return spec;
}

trtgen::TensorFile fileOf(const std::string& name, const std::vector<float>& values) {
  trtgen::TensorFile f;
  f.name = name;
  f.path = name + ".bin";
  f.words.resize(values.size());
  std::memcpy(f.words.data(), values.data(), values.size() * sizeof(float));
  return f;
}

trtgen::TensorFile fileOf(const std::string& name, const std::vector<int32_t>& values) {
  trtgen::TensorFile f;
  f.name = name;
  f.path = name + ".bin";
  f.words.resize(values.size());
  std::memcpy(f.words.data(), values.data(), values.size() * sizeof(int32_t));
  return f;
}

}  // namespace

namespace nvinfer1 {
IRuntime* createInferRuntime(ILogger& /*logger*/) noexcept { return new FakeRuntime; }
}  // namespace nvinfer1

// ---- compare ---------------------------------------------------------------------------

TEST(compare_exact_match) {
  const std::vector<float> v = {0.0F, -1.5F, 3.25F, 1e30F, -0.0F};
  const Comparison c = cmp(v, v, 0.0, 0.0);
  CHECK_EQ(c.count, std::size_t(5));
  CHECK_EQ(c.outside, std::size_t(0));
  CHECK_EQ(c.maxAbs, 0.0);
  CHECK_EQ(c.maxRel, 0.0);
  CHECK_EQ(c.worstIndex, std::size_t(0));
}

TEST(compare_empty) {
  const Comparison c = trtgen::compare(static_cast<const float*>(nullptr), nullptr, 0, 1e-3, 1e-3);
  CHECK_EQ(c.count, std::size_t(0));
  CHECK_EQ(c.outside, std::size_t(0));
  CHECK_EQ(c.maxAbs, 0.0);
}

TEST(compare_within_tolerance) {
  // Values and differences exactly representable in float.
  const std::vector<float> expected = {1.0F, 2.0F, 100.0F, -8.0F};
  const std::vector<float> actual = {1.0F, 2.0F + 0.00048828125F, 100.5F, -8.0F};
  const Comparison c = cmp(actual, expected, 1e-3, 0.01);  // 100.5 only within thanks to rtol
  CHECK_EQ(c.outside, std::size_t(0));
  CHECK_EQ(c.maxAbs, 0.5);
  CHECK_EQ(c.worstIndex, std::size_t(2));
  CHECK_EQ(c.worstActual, 100.5);
  CHECK_EQ(c.worstExpected, 100.0);
  CHECK_EQ(c.maxRel, 0.005);
  // rtol = 0: the same 0.5 is outside an atol of 1e-3.
  CHECK_EQ(cmp(actual, expected, 1e-3, 0.0).outside, std::size_t(1));
}

TEST(compare_bound_is_inclusive) {
  // |1.5 - 1| = 0.5 == atol + rtol * |1| = 0.25 + 0.25
  CHECK_EQ(cmp({1.5F}, {1.0F}, 0.25, 0.25).outside, std::size_t(0));
  CHECK_EQ(cmp({1.5F}, {1.0F}, 0.25, 0.2).outside, std::size_t(1));
  CHECK_EQ(cmp({-1.5F}, {-1.0F}, 0.25, 0.25).outside, std::size_t(0));  // |expected| for negatives
}

TEST(compare_outside_counts_and_worst) {
  const std::vector<float> expected = {1.0F, 2.0F, 3.0F, 4.0F, 0.0F};
  const std::vector<float> actual = {1.0F, 2.5F, 3.0F, 0.0F, 0.75F};
  const Comparison c = cmp(actual, expected, 0.1, 0.0);
  CHECK_EQ(c.count, std::size_t(5));
  CHECK_EQ(c.outside, std::size_t(3));
  CHECK_EQ(c.maxAbs, 4.0);
  CHECK_EQ(c.worstIndex, std::size_t(3));
  CHECK_EQ(c.worstActual, 0.0);
  CHECK_EQ(c.worstExpected, 4.0);
  CHECK_EQ(c.maxRel, 1.0);  // |0 - 4| / 4; expected == 0 (index 4) is left out of maxRel
}

// The table shared with test/simulate/tolerance.test.ts: docs/numerics.md's rule, one case a line.
TEST(tolerance_shared_cases) {
  std::ifstream in(TRTGEN_TOLERANCE_CASES);
  CHECK(in.good());
  std::string line;
  int cases = 0;
  int defaults = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    if (line.rfind("default_scale_tol ", 0) == 0) {
      std::string key;
      double k = 0.0;
      fields >> key >> k;
      CHECK_EQ(k, trtgen::kDefaultScaleTol);
      ++defaults;
      continue;
    }
    trtgen::Tolerance t;
    double want = 0.0;
    std::size_t outside = 0;
    std::string bar;
    fields >> t.atol >> t.rtol >> t.scaleTol >> t.depth >> want >> outside >> bar;
    std::vector<float> values[2];
    for (std::vector<float>& v : values) {
      std::string word;
      while (fields >> word && word != "|") v.push_back(std::strtof(word.c_str(), nullptr));
    }
    const std::vector<float>& expected = values[0];
    const std::vector<float>& actual = values[1];
    CHECK_EQ(actual.size(), expected.size());
    const double atol = trtgen::scaledAtol(t, expected.data(), expected.size());
    CHECK_NEAR(atol, want, 1e-9 * want);
    CHECK_EQ(trtgen::compare(actual.data(), expected.data(), expected.size(), atol, t.rtol).outside, outside);
    ++cases;
  }
  CHECK(cases >= 8);
  CHECK_EQ(defaults, 1);
}

TEST(compare_max_rel_skips_zero_expected) {
  const Comparison c = cmp({0.5F, 2.5F}, {0.0F, 2.0F}, 1.0, 0.0);
  CHECK_EQ(c.outside, std::size_t(0));
  CHECK_EQ(c.maxAbs, 0.5);
  CHECK_EQ(c.worstIndex, std::size_t(0));  // first of the equal largest differences
  CHECK_EQ(c.maxRel, 0.25);
}

TEST(compare_nan_in_actual_is_outside) {
  const Comparison c = cmp({1.0F, kNaN, 3.0F}, {1.0F, 2.0F, 3.0F}, 1e9, 1e9);
  CHECK_EQ(c.outside, std::size_t(1));
  CHECK_EQ(c.worstIndex, std::size_t(1));
  CHECK(std::isnan(c.maxAbs));
  CHECK(std::isnan(c.maxRel));
  CHECK(std::isnan(c.worstActual));
  CHECK_EQ(c.worstExpected, 2.0);
}

TEST(compare_nan_in_expected_is_outside) {
  const Comparison c = cmp({1.0F, 2.0F}, {1.0F, kNaN}, 1e9, 1e9);
  CHECK_EQ(c.outside, std::size_t(1));
  CHECK_EQ(c.worstIndex, std::size_t(1));
  CHECK(std::isnan(c.maxAbs));
  CHECK(std::isnan(c.worstExpected));
  // NaN on both sides is a match: the engine reproduces PyTorch's NaN (sqrt(-1)).
  CHECK_EQ(cmp({kNaN}, {kNaN}, 0.0, 0.0).outside, std::size_t(0));
  CHECK_EQ(cmp({kNaN, 2.0F}, {kNaN, kNaN}, 1.0, 1.0).outside, std::size_t(1));
}

TEST(compare_first_nan_is_worst) {
  // A large finite error before the NaN, another after it, and a second NaN.
  const Comparison c = cmp({100.0F, 1.0F, kNaN, 50.0F, kNaN}, {0.0F, 1.0F, 1.0F, 0.0F, 1.0F}, 0.0, 0.0);
  CHECK_EQ(c.outside, std::size_t(4));
  CHECK_EQ(c.worstIndex, std::size_t(2));
  CHECK(std::isnan(c.maxAbs));
}

TEST(compare_infinities) {
  // Equal infinities match, even with zero tolerance.
  CHECK_EQ(cmp({kInf, -kInf}, {kInf, -kInf}, 0.0, 0.0).outside, std::size_t(0));
  // Opposite infinities, and infinity against a finite value, never do.
  const Comparison c = cmp({1.0F, kInf, -kInf, 3.0F}, {1.0F, 2.0F, kInf, kInf}, 1e30, 1e30);
  CHECK_EQ(c.outside, std::size_t(3));
  CHECK(std::isinf(c.maxAbs));
  CHECK_EQ(c.worstIndex, std::size_t(1));
  CHECK(std::isinf(c.worstActual));
  CHECK_EQ(c.worstExpected, 2.0);
}

TEST(compare_float_extremes_do_not_overflow) {
  const float big = std::numeric_limits<float>::max();
  const Comparison c = cmp({big}, {-big}, 0.0, 0.0);
  CHECK_EQ(c.outside, std::size_t(1));
  CHECK(std::isfinite(c.maxAbs));  // the difference is taken in double
  CHECK_EQ(c.maxAbs, 2.0 * static_cast<double>(big));
  CHECK_EQ(c.maxRel, 2.0);
}

// ---- percentile / latencyStats -------------------------------------------------------------

TEST(percentile_linear_interpolation) {
  const std::vector<double> v = {1.0, 2.0, 3.0, 4.0, 5.0};
  CHECK_NEAR(trtgen::percentile(v, 0.0), 1.0, 1e-12);
  CHECK_NEAR(trtgen::percentile(v, 50.0), 3.0, 1e-12);
  CHECK_NEAR(trtgen::percentile(v, 90.0), 4.6, 1e-12);
  CHECK_NEAR(trtgen::percentile(v, 99.0), 4.96, 1e-12);
  CHECK_NEAR(trtgen::percentile(v, 100.0), 5.0, 1e-12);
  CHECK_NEAR(trtgen::percentile(v, 25.0), 2.0, 1e-12);
  CHECK_NEAR(trtgen::percentile({10.0, 20.0}, 50.0), 15.0, 1e-12);
}

TEST(percentile_clamps_and_empty) {
  const std::vector<double> v = {1.0, 2.0, 3.0};
  CHECK_EQ(trtgen::percentile(v, -10.0), 1.0);
  CHECK_EQ(trtgen::percentile(v, 250.0), 3.0);
  CHECK_EQ(trtgen::percentile({}, 50.0), 0.0);
}

TEST(percentile_single_element) {
  for (const double p : {0.0, 50.0, 90.0, 99.0, 100.0}) CHECK_EQ(trtgen::percentile({7.5}, p), 7.5);
}

TEST(latency_stats_known_data) {
  // 1..100: numpy.percentile gives 50.5, 90.1, 99.01.
  std::vector<double> ms;
  for (int i = 1; i <= 100; ++i) ms.push_back(static_cast<double>(i));
  const LatencyStats s = trtgen::latencyStats(ms);
  CHECK_EQ(s.runs, std::size_t(100));
  CHECK_NEAR(s.mean, 50.5, 1e-12);
  CHECK_EQ(s.min, 1.0);
  CHECK_EQ(s.max, 100.0);
  CHECK_NEAR(s.p50, 50.5, 1e-9);
  CHECK_NEAR(s.p90, 90.1, 1e-9);
  CHECK_NEAR(s.p99, 99.01, 1e-9);
}

TEST(latency_stats_unsorted_input) {
  const LatencyStats s = trtgen::latencyStats({5.0, 1.0, 4.0, 2.0, 3.0});
  CHECK_EQ(s.runs, std::size_t(5));
  CHECK_NEAR(s.mean, 3.0, 1e-12);
  CHECK_EQ(s.min, 1.0);
  CHECK_EQ(s.max, 5.0);
  CHECK_NEAR(s.p50, 3.0, 1e-12);
  CHECK_NEAR(s.p90, 4.6, 1e-12);
  CHECK_NEAR(s.p99, 4.96, 1e-12);
}

TEST(latency_stats_single_and_empty) {
  const LatencyStats one = trtgen::latencyStats({2.25});
  CHECK_EQ(one.runs, std::size_t(1));
  CHECK_EQ(one.mean, 2.25);
  CHECK_EQ(one.min, 2.25);
  CHECK_EQ(one.max, 2.25);
  CHECK_EQ(one.p50, 2.25);
  CHECK_EQ(one.p90, 2.25);
  CHECK_EQ(one.p99, 2.25);
  const LatencyStats none = trtgen::latencyStats({});
  CHECK_EQ(none.runs, std::size_t(0));
  CHECK_EQ(none.mean, 0.0);
  CHECK_EQ(none.p99, 0.0);
}

// ---- readFloatFile -----------------------------------------------------------------------

TEST(read_float_file_exact_size) {
  const std::string path = "er_exact.f32";
  const float values[] = {1.5F, -0.0F, kInf, 3.0e-39F /* subnormal */};
  writeFile(path, values, sizeof values);
  std::vector<float> got;
  std::string error;
  REQUIRE(trtgen::readFloatFile(path, 4, &got, &error));
  CHECK_EQ(error, std::string());
  REQUIRE(got.size() == 4);
  CHECK(std::memcmp(got.data(), values, sizeof values) == 0);  // bit-exact
  // expectedCount 0 takes any whole number of values.
  got.clear();
  REQUIRE(trtgen::readFloatFile(path, 0, &got, &error));
  CHECK_EQ(got.size(), std::size_t(4));
}

TEST(read_float_file_large) {
  // More than the 64 KiB read chunk.
  std::vector<float> values(70000);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.5F;
  const std::string path = "er_large.f32";
  writeFile(path, values.data(), values.size() * sizeof(float));
  std::vector<float> got;
  std::string error;
  REQUIRE(trtgen::readFloatFile(path, values.size(), &got, &error));
  CHECK(got == values);
}

TEST(read_float_file_wrong_count) {
  const std::string path = "er_three.f32";
  const float values[] = {1.0F, 2.0F, 3.0F};
  writeFile(path, values, sizeof values);
  std::vector<float> got;
  std::string error;
  CHECK(!trtgen::readFloatFile(path, 4, &got, &error));
  CHECK_CONTAINS(error, path);
  CHECK_CONTAINS(error, "3 float32 values (12 bytes)");
  CHECK_CONTAINS(error, "expected 4 (16 bytes)");
  error.clear();
  CHECK(!trtgen::readFloatFile(path, 2, &got, &error));
  CHECK_CONTAINS(error, "expected 2 (8 bytes)");
}

TEST(read_float_file_partial_value) {
  const std::string path = "er_seven.bin";
  const unsigned char bytes[7] = {0, 0, 128, 63, 0, 0, 0};
  writeFile(path, bytes, sizeof bytes);
  std::vector<float> got;
  std::string error;
  CHECK(!trtgen::readFloatFile(path, 0, &got, &error));
  CHECK_CONTAINS(error, "'" + path + "' has 7 bytes");
  CHECK_CONTAINS(error, "not a whole number of float32 values");
}

TEST(read_float_file_missing) {
  const std::string path = "er_does_not_exist.f32";
  std::remove(path.c_str());
  std::vector<float> got;
  std::string error;
  CHECK(!trtgen::readFloatFile(path, 3, &got, &error));
  CHECK_CONTAINS(error, "cannot open '" + path + "'");
  CHECK_CONTAINS(error, std::strerror(ENOENT));
}

TEST(read_float_file_empty) {
  const std::string path = "er_empty.f32";
  writeFile(path, nullptr, 0);
  std::vector<float> got = {9.0F};
  std::string error;
  CHECK(!trtgen::readFloatFile(path, 2, &got, &error));
  CHECK_CONTAINS(error, path);
  CHECK_CONTAINS(error, "holds 0 float32 values (0 bytes); expected 2 (8 bytes)");
  // Without an expected count an empty file is zero values.
  error.clear();
  CHECK(trtgen::readFloatFile(path, 0, &got, &error));
  CHECK(got.empty());
}

TEST(read_float_file_directory) {
  std::vector<float> got;
  std::string error;
  CHECK(!trtgen::readFloatFile(".", 0, &got, &error));
#ifdef __linux__
  CHECK_CONTAINS(error, "cannot read '.'");  // fopen succeeds, fread fails (EISDIR)
#endif
}

// ---- volume -----------------------------------------------------------------------------

TEST(volume_of_dims) {
  const int64_t chw[] = {2, 3, 4};
  CHECK_EQ(trtgen::volume(chw, 3), std::size_t(24));
  CHECK_EQ(trtgen::volume(chw, 1), std::size_t(2));  // only the first nbDims
  CHECK_EQ(trtgen::volume(chw, 0), std::size_t(1));  // scalar
  CHECK_EQ(trtgen::volume(nullptr, 0), std::size_t(1));
  CHECK_EQ(trtgen::volume(nullptr, -1), std::size_t(0));
  const int64_t dynamic[] = {-1, 3, 224, 224};
  CHECK_EQ(trtgen::volume(dynamic, 4), std::size_t(0));
  const int64_t empty[] = {4, 0, 2};
  CHECK_EQ(trtgen::volume(empty, 3), std::size_t(0));
  const int64_t big[] = {1 << 20, 1 << 20};
  CHECK_EQ(trtgen::volume(big, 2), std::size_t(1) << 40);
}

// ---- cudaCheck / DeviceBuffer -------------------------------------------------------------

TEST(cuda_check_message) {
  std::string error = "untouched";
  CHECK(trtgen::cudaCheck(cudaSuccess, "cudaMemcpy", &error));
  CHECK_EQ(error, std::string("untouched"));
  CHECK(!trtgen::cudaCheck(cudaErrorMemoryAllocation, "cudaMalloc(16 bytes)", &error));
  CHECK_CONTAINS(error, "cudaMalloc(16 bytes)");
  CHECK_CONTAINS(error, cudaGetErrorString(cudaErrorMemoryAllocation));
  CHECK_EQ(error, std::string("cudaMalloc(16 bytes): out of memory (CUDA error 2)"));
  CHECK(!trtgen::cudaCheck(cudaErrorLaunchFailure, "inference failed", &error));
  CHECK_EQ(error, std::string("inference failed: unspecified launch failure (CUDA error 719)"));
}

TEST(device_buffer_allocate_move_reset) {
  {
    trtgen::DeviceBuffer a;
    std::string error;
    REQUIRE(a.allocate(64, &error));
    CHECK(a.data() != nullptr);
    CHECK_EQ(a.bytes(), std::size_t(64));
    CHECK_EQ(cudaStubState().liveAllocations, 1L);
    trtgen::DeviceBuffer b(std::move(a));
    CHECK(a.data() == nullptr);
    CHECK_EQ(b.bytes(), std::size_t(64));
    trtgen::DeviceBuffer c;
    REQUIRE(c.allocate(0, &error));  // zero bytes still gets a distinct pointer
    CHECK(c.data() != nullptr);
    c = std::move(b);
    CHECK_EQ(c.bytes(), std::size_t(64));
    CHECK_EQ(cudaStubState().liveAllocations, 1L);
    REQUIRE(c.allocate(8, &error));  // reallocation frees the old buffer
    CHECK_EQ(cudaStubState().liveAllocations, 1L);
    c.reset();
    CHECK(c.data() == nullptr);
    CHECK_EQ(c.bytes(), std::size_t(0));
  }
  CHECK(noLeaks());
}

TEST(device_buffer_allocation_failure) {
  trtgen::DeviceBuffer a;
  std::string error;
  cudaStubState().nextMallocError = cudaErrorMemoryAllocation;
  CHECK(!a.allocate(8, &error));
  CHECK_EQ(error, std::string("cudaMalloc(8 bytes): out of memory (CUDA error 2)"));
  CHECK(a.data() == nullptr);
  CHECK_EQ(a.bytes(), std::size_t(0));
  CHECK(noLeaks());
}

// ---- EngineRunner with the fake engine ------------------------------------------------------

TEST(runner_load_run_output) {
  const EngineSpec spec = simpleSpec();
  FakeLogger logger;
  {
    trtgen::EngineRunner runner;
    std::string error;
    REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
    REQUIRE(runner.tensors().size() == 2);
    const trtgen::EngineRunner::Tensor* x = runner.find("x");
    REQUIRE(x != nullptr);
    CHECK(x->isInput);
    CHECK_EQ(x->count, std::size_t(6));
    CHECK(x->dims == (std::vector<int64_t>{1, 2, 3}));
    CHECK_EQ(x->buffer.bytes(), 6 * sizeof(float));
    const trtgen::EngineRunner::Tensor* y = runner.find("y");
    REQUIRE(y != nullptr);
    CHECK(!y->isInput);
    CHECK(runner.find("z") == nullptr);

    std::vector<float> out;
    REQUIRE(runner.output("y", &out, &error));  // zeroed at load
    CHECK(out == std::vector<float>(6, 0.0F));

    const std::vector<float> in = {0.0F, 1.0F, 2.0F, 3.0F, -1.0F, 0.5F};
    REQUIRE(runner.setInput("x", in.data(), in.size(), &error));
    REQUIRE(runner.run(&error));
    CHECK_EQ(spec.enqueues, 1);
    REQUIRE(runner.output("y", &out, &error));
    CHECK(out == (std::vector<float>{1.0F, 3.0F, 5.0F, 7.0F, -1.0F, 2.0F}));
    REQUIRE(runner.output("x", &out, &error));  // inputs can be read back too
    CHECK(out == in);
  }
  CHECK(noLeaks());
}

TEST(runner_set_input_errors) {
  const EngineSpec spec = simpleSpec();
  FakeLogger logger;
  trtgen::EngineRunner runner;
  std::string error;
  REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
  const std::vector<float> five(5, 1.0F);
  CHECK(!runner.setInput("x", five.data(), five.size(), &error));
  CHECK_EQ(error, std::string("input 'x' has 6 values (shape [1, 2, 3]), got 5"));
  CHECK(!runner.setInput("y", five.data(), 6, &error));
  CHECK_EQ(error, std::string("the engine has no input named 'y'"));
  CHECK(!runner.setInput("nope", five.data(), 6, &error));
  CHECK_EQ(error, std::string("the engine has no input named 'nope'"));
  std::vector<float> out;
  CHECK(!runner.output("nope", &out, &error));
  CHECK_EQ(error, std::string("the engine has no tensor named 'nope'"));
}

TEST(runner_bench) {
  const EngineSpec spec = simpleSpec();
  FakeLogger logger;
  {
    trtgen::EngineRunner runner;
    std::string error;
    REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
    std::vector<double> ms = {42.0};
    REQUIRE(runner.bench(2, 5, &ms, &error));
    CHECK_EQ(ms.size(), std::size_t(5));
    for (const double m : ms) CHECK(m >= 0.0 && m < 10000.0);
    CHECK_EQ(spec.enqueues, 7);
    REQUIRE(runner.bench(0, 0, &ms, &error));
    CHECK(ms.empty());
  }
  CHECK(noLeaks());
}

TEST(runner_not_loaded) {
  trtgen::EngineRunner runner;
  std::string error;
  CHECK(!runner.run(&error));
  CHECK_EQ(error, std::string("no engine loaded"));
  std::vector<double> ms;
  error.clear();
  CHECK(!runner.bench(1, 1, &ms, &error));
  CHECK_EQ(error, std::string("no engine loaded"));
  CHECK(runner.tensors().empty());
}

TEST(runner_load_errors) {
  FakeLogger logger;
  std::string error;
  {
    const EngineSpec spec = simpleSpec();
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, 0, &error));
    CHECK_CONTAINS(error, "cannot deserialize");
  }
  {
    EngineSpec spec = simpleSpec();
    spec.failContext = true;
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_CONTAINS(error, "cannot create an execution context");
  }
  {
    EngineSpec spec = simpleSpec();
    spec.tensors.push_back({"mask", true, {1, 6}, nvinfer1::DataType::kINT8});
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_EQ(error, std::string("engine tensor 'mask' is int8; --verify and --bench need float32, float16 or "
                                "int32 inputs and outputs"));
  }
  {
    EngineSpec spec = simpleSpec();
    spec.tensors[1].type = nvinfer1::DataType::kUINT8;
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_CONTAINS(error, "engine tensor 'y' is uint8;");
  }
  {
    EngineSpec spec = simpleSpec();
    spec.tensors[0].dims = {-1, 3};
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_EQ(error,
             std::string(
                 "engine tensor 'x' has shape [-1, 3]; --verify and --bench need static, non-empty shapes"));
  }
  {
    EngineSpec spec = simpleSpec();
    trtgen::EngineRunner runner;
    cudaStubState().nextMallocError = cudaErrorMemoryAllocation;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_EQ(error,
             std::string(
                 "cannot allocate GPU memory for 'x': cudaMalloc(24 bytes): out of memory (CUDA error 2)"));
  }
  CHECK(noLeaks());
}

TEST(runner_enqueue_errors) {
  FakeLogger logger;
  std::string error;
  {
    EngineSpec spec = simpleSpec();
    spec.failEnqueue = true;
    trtgen::EngineRunner runner;
    REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
    CHECK(!runner.run(&error));
    CHECK_CONTAINS(error, "TensorRT could not enqueue the inference");
    std::vector<double> ms;
    CHECK(!runner.bench(0, 3, &ms, &error));
    CHECK_CONTAINS(error, "TensorRT could not enqueue the inference");
  }
  {
    EngineSpec spec = simpleSpec();
    spec.errorAfterEnqueue = cudaErrorLaunchFailure;
    trtgen::EngineRunner runner;
    REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
    CHECK(!runner.run(&error));
    CHECK_EQ(error, std::string("CUDA error after enqueue: unspecified launch failure (CUDA error 719)"));
    std::vector<double> ms;
    CHECK(!runner.bench(1, 3, &ms, &error));
    CHECK_CONTAINS(error, "CUDA error after enqueue");
  }
  CHECK(noLeaks());
}

// ---- float -> half ---------------------------------------------------------------------

namespace {

float floatOf(uint32_t x) {
  float f = 0.0F;
  std::memcpy(&f, &x, sizeof f);
  return f;
}

bool isHalfNan(uint16_t h) { return (h & 0x7c00u) == 0x7c00u && (h & 0x3ffu) != 0; }

// Independent reference: the nearest half by search over the (monotonic) positive
// halves 0x0000..0x7c00, ties to the even bit pattern; infinity counts as 2^16 (IEEE's
// "unbounded exponent" rule for overflow).
uint16_t referenceHalf(float f) {
  const uint16_t sign = std::signbit(f) ? 0x8000 : 0;
  const double a = std::fabs(static_cast<double>(f));
  auto value = [](uint32_t h) {
    return h == 0x7c00u ? 65536.0 : static_cast<double>(trtgen::halfToFloat(static_cast<uint16_t>(h)));
  };
  if (a >= 65536.0) return static_cast<uint16_t>(sign | 0x7c00u);
  uint32_t lo = 0, hi = 0x7c00u;  // value(lo) <= a < value(hi)
  while (hi - lo > 1) {
    const uint32_t mid = (lo + hi) / 2;
    (value(mid) <= a ? lo : hi) = mid;
  }
  const double dLo = a - value(lo), dHi = value(hi) - a;
  const uint32_t h = dLo < dHi ? lo : dHi < dLo ? hi : ((lo & 1u) == 0 ? lo : hi);
  return static_cast<uint16_t>(sign | h);
}

}  // namespace

TEST(half_round_trip_every_half) {
  int bad = 0;
  for (uint32_t h = 0; h <= 0xffffu; ++h) {
    const float f = trtgen::halfToFloat(static_cast<uint16_t>(h));
    const uint16_t back = trtgen::floatToHalf(f);
    if (isHalfNan(static_cast<uint16_t>(h))) {
      if (!isHalfNan(back) || (back & 0x8000u) != (h & 0x8000u)) ++bad;
    } else if (back != h) {
      ++bad;
    }
  }
  CHECK_EQ(bad, 0);
}

TEST(half_special_values) {
  using trtgen::floatToHalf;
  CHECK_EQ(floatToHalf(0.0F), uint16_t(0x0000));
  CHECK_EQ(floatToHalf(-0.0F), uint16_t(0x8000));
  CHECK_EQ(floatToHalf(1.0F), uint16_t(0x3c00));
  CHECK_EQ(floatToHalf(-2.0F), uint16_t(0xc000));
  CHECK_EQ(floatToHalf(65504.0F), uint16_t(0x7bff));  // largest half
  CHECK_EQ(floatToHalf(std::nextafter(65520.0F, 0.0F)), uint16_t(0x7bff));
  CHECK_EQ(floatToHalf(65520.0F), uint16_t(0x7c00));  // the tie rounds to even: infinity
  CHECK_EQ(floatToHalf(-1e10F), uint16_t(0xfc00));
  CHECK_EQ(floatToHalf(kInf), uint16_t(0x7c00));
  CHECK_EQ(floatToHalf(-kInf), uint16_t(0xfc00));
  CHECK(isHalfNan(floatToHalf(kNaN)));
  CHECK(isHalfNan(floatToHalf(floatOf(0x7f800001u))));             // signalling NaN with a low payload
  CHECK_EQ(floatToHalf(floatOf(0xffc00000u)), uint16_t(0xfe00));   // -NaN keeps its sign
  CHECK_EQ(floatToHalf(std::ldexp(1.0F, -14)), uint16_t(0x0400));  // smallest normal
  CHECK_EQ(floatToHalf(std::ldexp(1.0F, -24)), uint16_t(0x0001));  // smallest subnormal
  CHECK_EQ(floatToHalf(std::ldexp(1.0F, -25)), uint16_t(0x0000));  // tie: to even (zero)
  CHECK_EQ(floatToHalf(-std::ldexp(1.0F, -25)), uint16_t(0x8000));
  CHECK_EQ(floatToHalf(std::nextafter(std::ldexp(1.0F, -25), 1.0F)), uint16_t(0x0001));
  CHECK_EQ(floatToHalf(std::ldexp(3.0F, -25)), uint16_t(0x0002));         // 1.5 units: tie to even 2
  CHECK_EQ(floatToHalf(std::ldexp(5.0F, -25)), uint16_t(0x0002));         // 2.5 units: tie to even 2
  CHECK_EQ(floatToHalf(std::ldexp(2047.0F, -25)), uint16_t(0x0400));      // 1023.5 units: up into the normals
  CHECK_EQ(floatToHalf(1e-40F), uint16_t(0x0000));                        // float subnormal
  CHECK_EQ(floatToHalf(1.0F + std::ldexp(1.0F, -11)), uint16_t(0x3c00));  // tie, even stays
  CHECK_EQ(floatToHalf(1.0F + std::ldexp(3.0F, -11)), uint16_t(0x3c02));  // tie, odd rounds up
  CHECK_EQ(floatToHalf(std::nextafter(1.0F + std::ldexp(1.0F, -11), 2.0F)), uint16_t(0x3c01));
  CHECK_EQ(floatToHalf(2047.5F), uint16_t(0x6800));  // 2047.5 -> 2048 (ulp 1 above 1024, tie to even)
  CHECK_EQ(floatToHalf(0.1F), uint16_t(0x2e66));
  CHECK_EQ(trtgen::halfToFloat(0x2e66), 0.0999755859375F);
}

TEST(half_matches_reference_at_every_midpoint) {
  // For each pair of neighbouring positive halves: the midpoint (exact in float) and
  // the floats just around it, on both signs.
  int bad = 0;
  for (uint32_t h = 0; h < 0x7c00u; ++h) {
    const double lo = trtgen::halfToFloat(static_cast<uint16_t>(h));
    const double hi = h + 1 == 0x7c00u ? 65536.0 : trtgen::halfToFloat(static_cast<uint16_t>(h + 1));
    const float mid = static_cast<float>((lo + hi) / 2);
    for (const float f : {mid, std::nextafter(mid, 0.0F), std::nextafter(mid, kInf), -mid}) {
      if (trtgen::floatToHalf(f) != referenceHalf(f)) ++bad;
    }
  }
  CHECK_EQ(bad, 0);
}

TEST(half_matches_reference_on_random_floats) {
  std::mt19937 rng(12345);
  int bad = 0;
  for (int i = 0; i < 300000; ++i) {
    // Random bit patterns, and random floats in the half range (most of them).
    const uint32_t bits = static_cast<uint32_t>(rng());
    const float f =
        i % 2 == 0 ? floatOf(bits) : floatOf((bits & 0x80000000u) | (0x33000000u + bits % 0x14800000u));
    if (std::isnan(f)) continue;
    const uint16_t got = trtgen::floatToHalf(f);
    if (got != referenceHalf(f)) ++bad;
#ifdef __FLT16_MAX__
    // The compiler's own conversion (round to nearest even) where it has _Float16.
    const _Float16 native = static_cast<_Float16>(f);
    uint16_t nativeBits = 0;
    std::memcpy(&nativeBits, &native, sizeof nativeBits);
    if (got != nativeBits) ++bad;
#endif
  }
  CHECK_EQ(bad, 0);
}

// ---- describing I/O tensors ---------------------------------------------------------------

TEST(data_type_names) {
  using nvinfer1::DataType;
  CHECK_EQ(trtgen::dataTypeName(DataType::kFLOAT), std::string("float32"));
  CHECK_EQ(trtgen::dataTypeName(DataType::kHALF), std::string("float16"));
  CHECK_EQ(trtgen::dataTypeName(DataType::kINT8), std::string("int8"));
  CHECK_EQ(trtgen::dataTypeName(DataType::kINT32), std::string("int32"));
  CHECK_EQ(trtgen::dataTypeName(DataType::kBOOL), std::string("bool"));
  CHECK_EQ(trtgen::dataTypeName(DataType::kUINT8), std::string("uint8"));
  CHECK_EQ(trtgen::dataTypeName(static_cast<DataType>(6)), std::string("fp8"));
  CHECK_EQ(trtgen::dataTypeName(static_cast<DataType>(7)), std::string("bfloat16"));
  CHECK_EQ(trtgen::dataTypeName(static_cast<DataType>(8)), std::string("int64"));
  CHECK_EQ(trtgen::dataTypeName(static_cast<DataType>(9)), std::string("int4"));
  CHECK_EQ(trtgen::dataTypeName(static_cast<DataType>(10)), std::string("type<10>"));
  CHECK_EQ(trtgen::dataTypeName(static_cast<DataType>(-3)), std::string("type<-3>"));
}

TEST(quote_name_escapes) {
  CHECK_EQ(trtgen::quoteName("image"), std::string("\"image\""));
  CHECK_EQ(trtgen::quoteName(""), std::string("\"\""));
  CHECK_EQ(trtgen::quoteName("layer1.0 add"), std::string("\"layer1.0 add\""));
  CHECK_EQ(trtgen::quoteName("a\"b\\c"), std::string("\"a\\\"b\\\\c\""));
  CHECK_EQ(trtgen::quoteName("t\tn\nx\x7f"), std::string("\"t\\x09n\\x0ax\\x7f\""));
  CHECK_EQ(trtgen::quoteName("caf\xc3\xa9"), std::string("\"caf\\xc3\\xa9\""));  // UTF-8 bytes
}

TEST(io_line_format) {
  CHECK_EQ(trtgen::ioLine({"image", true, nvinfer1::DataType::kFLOAT, {1, 3, 128, 128}}),
           std::string("io: input \"image\" float32 [1, 3, 128, 128]"));
  CHECK_EQ(trtgen::ioLine({"head", false, nvinfer1::DataType::kHALF, {1, 10}}),
           std::string("io: output \"head\" float16 [1, 10]"));
  CHECK_EQ(trtgen::ioLine({"s", false, nvinfer1::DataType::kINT32, {}}),
           std::string("io: output \"s\" int32 []"));
  CHECK_EQ(trtgen::ioLine({"q\"", true, static_cast<nvinfer1::DataType>(42), {-1, 4}}),
           std::string("io: input \"q\\\"\" type<42> [-1, 4]"));
  CHECK_EQ(trtgen::shapeString({7}), std::string("[7]"));
}

TEST(compat_network_io_tensors) {
  FakeNetTensor image("image", nvinfer1::DataType::kHALF, {1, 3, 8, 8});
  FakeNetTensor mask("mask", nvinfer1::DataType::kINT32, {1, 8});
  FakeNetTensor head("head", nvinfer1::DataType::kFLOAT, {1, 10});
  FakeNetTensor aux("aux", nvinfer1::DataType::kFLOAT, {1, 2, 4, 4});
  FakeNetwork network;
  network.inputs = {&image, &mask};
  network.outputs = {&head, &aux};
  const std::vector<trtgen::IOTensorInfo> io = trtgen::networkIOTensors(network);
  REQUIRE(io.size() == 4);
  CHECK_EQ(trtgen::ioLine(io[0]), std::string("io: input \"image\" float16 [1, 3, 8, 8]"));
  CHECK_EQ(trtgen::ioLine(io[1]), std::string("io: input \"mask\" int32 [1, 8]"));
  CHECK_EQ(trtgen::ioLine(io[2]), std::string("io: output \"head\" float32 [1, 10]"));
  CHECK_EQ(trtgen::ioLine(io[3]), std::string("io: output \"aux\" float32 [1, 2, 4, 4]"));

  // An engine that lists them in another order is printed in the network's order.
  std::vector<trtgen::IOTensorInfo> engineOrder = {io[3], io[1], io[2], io[0]};
  engineOrder.push_back({"extra", false, nvinfer1::DataType::kFLOAT, {1}});
  const std::vector<trtgen::IOTensorInfo> sorted = trtgen::orderLike(engineOrder, io);
  REQUIRE(sorted.size() == 5);
  CHECK_EQ(sorted[0].name, std::string("image"));
  CHECK_EQ(sorted[1].name, std::string("mask"));
  CHECK_EQ(sorted[2].name, std::string("head"));
  CHECK_EQ(sorted[3].name, std::string("aux"));
  CHECK_EQ(sorted[4].name, std::string("extra"));
}

// ---- --input / --expect files ------------------------------------------------------------

TEST(read_tensor_file) {
  const std::string path = "er_tensor.bin";
  const int32_t values[] = {1, -2, 2147483647, 0};
  writeFile(path, values, sizeof values);
  trtgen::TensorFile f;
  f.name = "m";
  std::string error;
  REQUIRE(trtgen::readTensorFile(path, 4, &f, &error));
  CHECK_EQ(f.path, path);
  CHECK(f.asInt32() == (std::vector<int32_t>{1, -2, 2147483647, 0}));
  const std::vector<float> asFloat = f.asFloat();
  REQUIRE(asFloat.size() == 4);
  CHECK(std::memcmp(asFloat.data(), values, sizeof values) == 0);  // the same bits
  CHECK(!trtgen::readTensorFile(path, 3, &f, &error));
  CHECK_EQ(error, "'" + path +
                      "' has 16 bytes; expected 12 (3 values of 4 bytes: raw little-endian float32, "
                      "or int32 for int32 tensors, no header)");
  CHECK(!trtgen::readTensorFile("er_no_such_tensor.bin", 3, &f, &error));
  CHECK_CONTAINS(error, "cannot open 'er_no_such_tensor.bin'");
}

TEST(assign_tensor_files) {
  const std::vector<std::string> names = {"image", "image=2", "mask"};
  std::vector<trtgen::TensorFile> files;
  std::string error;
  REQUIRE(trtgen::assignTensorFiles(names, {"mask=m.bin", "image=a=b.bin", "image=2=c.bin"}, "--input",
                                    "input", &files, &error));
  REQUIRE(files.size() == 3);
  CHECK_EQ(files[0].name, std::string("mask"));
  CHECK_EQ(files[0].path, std::string("m.bin"));
  CHECK_EQ(files[1].name, std::string("image"));  // '=' in the path
  CHECK_EQ(files[1].path, std::string("a=b.bin"));
  CHECK_EQ(files[2].name, std::string("image=2"));  // the longest name wins
  CHECK_EQ(files[2].path, std::string("c.bin"));
  CHECK(trtgen::missingTensorFiles(names, files).empty());
  CHECK(trtgen::missingTensorFiles(names, {files[1]}) == (std::vector<std::string>{"image=2", "mask"}));

  files.clear();
  CHECK(!trtgen::assignTensorFiles(names, {"x.bin"}, "--input", "input", &files, &error));
  CHECK_EQ(error, std::string("--input 'x.bin': give NAME=FILE (inputs: 'image', 'image=2', 'mask')"));
  CHECK(!trtgen::assignTensorFiles(names, {"label=x.bin"}, "--input", "input", &files, &error));
  CHECK_EQ(error,
           std::string("--input 'label=x.bin': no input named 'label' (inputs: 'image', 'image=2', 'mask')"));
  files.clear();
  CHECK(!trtgen::assignTensorFiles(names, {"mask=a", "mask=b"}, "--input", "input", &files, &error));
  CHECK_EQ(error, std::string("--input gives two files for input 'mask'"));
  files.clear();
  CHECK(!trtgen::assignTensorFiles(names, {"mask="}, "--input", "input", &files, &error));
  CHECK_EQ(error, std::string("--input 'mask=': no file after '='"));

  // One tensor: a plain file is enough; NAME=FILE still works.
  files.clear();
  REQUIRE(trtgen::assignTensorFiles({"head"}, {"ref/out.bin"}, "--expect", "output", &files, &error));
  CHECK_EQ(files[0].name, std::string("head"));
  CHECK_EQ(files[0].path, std::string("ref/out.bin"));
  files.clear();
  CHECK(!trtgen::assignTensorFiles({"head"}, {"tail=x.bin"}, "--expect", "output", &files, &error));
  CHECK_EQ(error, std::string("--expect 'tail=x.bin': no output named 'tail' (outputs: 'head')"));
  CHECK_EQ(trtgen::nameList({}), std::string("none"));
}

TEST(compare_int32) {
  const std::vector<int32_t> expected = {0, 5, -7, 2147483647};
  const std::vector<int32_t> actual = {0, 6, -7, -2147483647 - 1};
  const Comparison c = trtgen::compare(actual.data(), expected.data(), actual.size(), 0.0, 0.0);
  CHECK_EQ(c.outside, std::size_t(2));
  CHECK_EQ(c.maxAbs, 4294967295.0);  // exact in double
  CHECK_EQ(c.worstIndex, std::size_t(3));
  CHECK_EQ(trtgen::compare(actual.data(), expected.data(), 2, 1.0, 0.0).outside, std::size_t(0));
}

// ---- CUDA device ------------------------------------------------------------------------------

TEST(cuda_device_available) {
  CHECK(trtgen::cudaDeviceAvailable());
  cudaStubState().deviceCount = 0;
  CHECK(!trtgen::cudaDeviceAvailable());
  cudaStubState().deviceCount = 1;
  cudaStubState().deviceCountError = cudaErrorInsufficientDriver;  // as on a machine without a GPU driver
  CHECK(!trtgen::cudaDeviceAvailable());
  CHECK_EQ(cudaGetLastError(), cudaSuccess);  // the sticky error was cleared
  cudaStubState().deviceCountError = cudaSuccess;
}

// ---- EngineRunner: types and several inputs/outputs ------------------------------------------------

TEST(runner_fp16_io) {
  EngineSpec spec;
  spec.tensors.push_back({"x", true, {1, 4}, nvinfer1::DataType::kHALF});
  spec.tensors.push_back({"y", false, {1, 4}, nvinfer1::DataType::kHALF});
  FakeLogger logger;
  {
    trtgen::EngineRunner runner;
    std::string error;
    REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
    CHECK_EQ(runner.find("x")->buffer.bytes(), std::size_t(8));  // 2 bytes per value on the GPU
    // 0.1 is not a half: it is rounded (to 0.0999755859375) on the way in.
    const std::vector<float> in = {0.5F, -1.0F, 0.1F, 70000.0F};
    REQUIRE(runner.setInput("x", in.data(), in.size(), &error));
    REQUIRE(runner.run(&error));
    std::vector<float> out;
    REQUIRE(runner.output("y", &out, &error));
    REQUIRE(out.size() == 4);
    CHECK_EQ(out[0], 2.0F);
    CHECK_EQ(out[1], -1.0F);
    CHECK_EQ(out[2], trtgen::halfToFloat(trtgen::floatToHalf(2.0F * 0.0999755859375F + 1.0F)));
    CHECK(std::isinf(out[3]));  // 70000 overflows half
    // Int32 values are refused for float16 tensors.
    const std::vector<int32_t> ints(4, 1);
    CHECK(!runner.setInput("x", ints.data(), ints.size(), &error));
    CHECK_EQ(error, std::string("input 'x' is float16, not int32"));
    std::vector<int32_t> intsOut;
    CHECK(!runner.output("y", &intsOut, &error));
    CHECK_EQ(error, std::string("tensor 'y' is float16, not int32"));
    // Comparing with a float32 reference file.
    trtgen::Comparison c;
    REQUIRE(runner.compareOutput(fileOf("y", std::vector<float>{2.0F, -1.0F, 1.2F, 3.0F}), {1e-2, 0.0}, &c,
                                 &error));
    CHECK_EQ(c.count, std::size_t(4));
    CHECK_EQ(c.outside, std::size_t(1));  // the infinity
    CHECK_EQ(c.worstIndex, std::size_t(3));
  }
  CHECK(noLeaks());
}

TEST(runner_int32_io) {
  EngineSpec spec;
  spec.tensors.push_back({"ids", true, {3}, nvinfer1::DataType::kINT32});
  spec.tensors.push_back({"scores", false, {3}, nvinfer1::DataType::kFLOAT});
  spec.tensors.push_back({"labels", false, {3}, nvinfer1::DataType::kINT32});
  FakeLogger logger;
  {
    trtgen::EngineRunner runner;
    std::string error;
    REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
    REQUIRE(runner.setInput(fileOf("ids", std::vector<int32_t>{1, -4, 100000000}), &error));
    REQUIRE(runner.run(&error));
    std::vector<int32_t> labels;
    REQUIRE(runner.output("labels", &labels, &error));
    CHECK(labels == (std::vector<int32_t>{3, -7, 200000001}));  // exact beyond float's 24 bits
    std::vector<float> scores;
    REQUIRE(runner.output("scores", &scores, &error));
    CHECK(scores == (std::vector<float>{3.0F, -7.0F, 200000000.0F}));
    trtgen::Comparison c;
    REQUIRE(runner.compareOutput(fileOf("labels", std::vector<int32_t>{3, -7, 200000001}), {0.0, 0.0}, &c,
                                 &error));
    CHECK_EQ(c.outside, std::size_t(0));
    REQUIRE(runner.compareOutput(fileOf("labels", std::vector<int32_t>{3, -7, 200000000}), {0.0, 0.0}, &c,
                                 &error));
    CHECK_EQ(c.outside, std::size_t(1));
    CHECK_EQ(c.maxAbs, 1.0);
    const std::vector<float> floats(3, 1.0F);
    CHECK(!runner.setInput("ids", floats.data(), floats.size(), &error));
    CHECK_EQ(error, std::string("input 'ids' is int32, not float32 or float16"));
  }
  CHECK(noLeaks());
}

TEST(runner_multi_io_verify) {
  EngineSpec spec;
  spec.tensors.push_back({"a", true, {2}, nvinfer1::DataType::kFLOAT});
  spec.tensors.push_back({"b", true, {1, 3}, nvinfer1::DataType::kHALF});
  spec.tensors.push_back({"ya", false, {2}, nvinfer1::DataType::kFLOAT});    // 2a + 1
  spec.tensors.push_back({"yb", false, {3}, nvinfer1::DataType::kFLOAT});    // 2b + 1
  spec.tensors.push_back({"yc", false, {2, 2}, nvinfer1::DataType::kHALF});  // 2a + 1, repeated
  FakeLogger logger;
  {
    trtgen::EngineRunner runner;
    std::string error;
    REQUIRE(runner.load(logger, &spec, sizeof spec, &error));
    const std::vector<trtgen::IOTensorInfo> io = runner.ioTensors();
    REQUIRE(io.size() == 5);
    CHECK_EQ(trtgen::ioLine(io[1]), std::string("io: input \"b\" float16 [1, 3]"));
    CHECK_EQ(trtgen::ioLine(io[4]), std::string("io: output \"yc\" float16 [2, 2]"));
    REQUIRE(runner.setInput(fileOf("a", std::vector<float>{1.0F, 2.0F}), &error));
    REQUIRE(runner.setInput(fileOf("b", std::vector<float>{0.0F, 0.25F, -3.0F}), &error));
    REQUIRE(runner.run(&error));
    trtgen::Comparison c;
    REQUIRE(runner.compareOutput(fileOf("ya", std::vector<float>{3.0F, 5.0F}), {0.0, 0.0}, &c, &error));
    CHECK_EQ(c.outside, std::size_t(0));
    REQUIRE(
        runner.compareOutput(fileOf("yb", std::vector<float>{1.0F, 1.5F, -5.0F}), {0.0, 0.0}, &c, &error));
    CHECK_EQ(c.outside, std::size_t(0));
    REQUIRE(runner.compareOutput(fileOf("yc", std::vector<float>{3.0F, 5.0F, 3.0F, 5.5F}), {0.1, 0.0}, &c,
                                 &error));
    CHECK_EQ(c.outside, std::size_t(1));
    CHECK_EQ(c.worstIndex, std::size_t(3));
    CHECK_EQ(c.maxAbs, 0.5);
    // A reference of the wrong size, and names that are not outputs.
    CHECK(!runner.compareOutput(fileOf("ya", std::vector<float>{3.0F}), {0.0, 0.0}, &c, &error));
    CHECK_EQ(error, std::string("the engine's output 'ya' has shape [2] (2 values), but 'ya.bin' holds 1"));
    CHECK(!runner.compareOutput(fileOf("a", std::vector<float>{1.0F, 2.0F}), {0.0, 0.0}, &c, &error));
    CHECK_EQ(error, std::string("the engine has no output named 'a'"));
    CHECK(!runner.setInput(fileOf("ya", std::vector<float>{1.0F, 2.0F}), &error));
    CHECK_EQ(error, std::string("the engine has no input named 'ya'"));
  }
  CHECK(noLeaks());
}

TEST(runner_deserialize_then_prepare) {
  const EngineSpec spec = simpleSpec();
  FakeLogger logger;
  {
    trtgen::EngineRunner runner;
    std::string error;
    REQUIRE(runner.deserialize(logger, &spec, sizeof spec, &error));
    CHECK_EQ(runner.ioTensors().size(), std::size_t(2));
    CHECK_EQ(cudaStubState().liveAllocations, 0L);  // nothing allocated yet
    const std::vector<float> in(6, 1.0F);
    CHECK(!runner.setInput("x", in.data(), in.size(), &error));
    CHECK_CONTAINS(error, "not allocated");
    CHECK(!runner.run(&error));
    REQUIRE(runner.prepare(&error));
    REQUIRE(runner.setInput("x", in.data(), in.size(), &error));
    REQUIRE(runner.run(&error));
  }
  {
    trtgen::EngineRunner runner;
    std::string error;
    CHECK(!runner.prepare(&error));
    CHECK_EQ(error, std::string("no engine loaded"));
  }
  CHECK(noLeaks());
}

// ---- trt_compat.h ------------------------------------------------------------------------------

TEST(compat_version_macros) {
#if defined(TRT_MAJOR_RTX)
  CHECK_EQ(TRTGEN_TRT_RTX, 1);
  CHECK_EQ(TRTGEN_TRT_MAJOR, 11);  // the TensorRT 11 API family
  CHECK_EQ(NV_TENSORRT_MAJOR, 1);  // RTX's own version
  CHECK(trtgen::compat::kStronglyTyped);
  CHECK(trtgen::compat::kTensorAddressApi);
  CHECK(!trtgen::compat::kPluginLayers);
  CHECK(trtgen::compat::kComputeCapabilities);
  CHECK(trtgen::compat::kBuildsWithoutGpu);
  CHECK_EQ(trtgen::compat::kNetworkFlags, 0U);
  CHECK_EQ(trtgen::compat::versionString(), std::string("TensorRT-RTX 1.7.1"));
#elif NV_TENSORRT_MAJOR == 8
  CHECK_EQ(TRTGEN_TRT_RTX, 0);
  CHECK_EQ(TRTGEN_TRT_MAJOR, 8);
  CHECK_EQ(TRTGEN_TRT_MINOR, 2);
  CHECK(!trtgen::compat::kStronglyTyped);
  CHECK(!trtgen::compat::kTensorAddressApi);
  CHECK(trtgen::compat::kPluginLayers);
  CHECK(!trtgen::compat::kComputeCapabilities);
  CHECK(!trtgen::compat::kBuildsWithoutGpu);
  CHECK_EQ(trtgen::compat::kNetworkFlags, 1U);
  CHECK_EQ(trtgen::compat::versionString(), std::string("TensorRT 8.2.0"));
#else
  CHECK_EQ(TRTGEN_TRT_RTX, 0);
  CHECK_EQ(TRTGEN_TRT_MAJOR, 10);
  CHECK(!trtgen::compat::kStronglyTyped);
  CHECK(trtgen::compat::kTensorAddressApi);
  CHECK(trtgen::compat::kPluginLayers);
  CHECK(!trtgen::compat::kComputeCapabilities);
  CHECK_EQ(trtgen::compat::versionString(), std::string("TensorRT 10.0.0"));
#endif
  CHECK(TRTGEN_TRT_AT_LEAST(8, 2));
  CHECK(!TRTGEN_TRT_AT_LEAST(12, 0));
}

TEST(compat_builder_config) {
  FakeConfig config;
  trtgen::compat::setTf32(config, false);
  trtgen::compat::setTf32(config, true);
  trtgen::compat::setWorkspace(config, 1024);
  const bool fp16Flag = trtgen::compat::setFp16Flag(config);
  const int tf32 = static_cast<int>(nvinfer1::BuilderFlag::kTF32);
  REQUIRE(config.calls.size() >= 3);
  CHECK_EQ(config.calls[0], "clearFlag " + std::to_string(tf32));
  CHECK_EQ(config.calls[1], "setFlag " + std::to_string(tf32));
  CHECK_EQ(config.calls[2],
           std::string(TRTGEN_TRT_AT_LEAST(8, 4) ? "setMemoryPoolLimit 1024" : "setMaxWorkspaceSize 1024"));
  CHECK_EQ(fp16Flag, !trtgen::compat::kStronglyTyped);
  CHECK_EQ(config.calls.size(), std::size_t(fp16Flag ? 4 : 3));
}

TEST(compat_compute_capabilities) {
  FakeConfig config;
  std::string error;
#if defined(TRT_MAJOR_RTX)
  REQUIRE(trtgen::compat::setComputeCapabilities(config, {75, 86, 120}, &error));
  CHECK(config.calls ==
        (std::vector<std::string>{"setNbComputeCapabilities 3", "setComputeCapability 75 0",
                                  "setComputeCapability 86 1", "setComputeCapability 120 2"}));
  CHECK(!trtgen::compat::setComputeCapabilities(config, {86, 900}, &error));
  CHECK_EQ(error, std::string("TensorRT-RTX does not know compute capability 900 (SM 90.0)"));
  config.maxComputeCapability = 80;
  CHECK(!trtgen::compat::setComputeCapabilities(config, {86}, &error));
  CHECK_EQ(error, std::string("TensorRT-RTX does not know compute capability 86 (SM 8.6)"));
  REQUIRE(trtgen::compat::setComputeCapabilities(config, {trtgen::compat::kCurrentGpu}, &error));
  CHECK_EQ(config.calls.back(), std::string("setComputeCapability 1 0"));
#else
  CHECK(!trtgen::compat::setComputeCapabilities(config, {86}, &error));
  CHECK_EQ(error, std::string("compute capabilities can only be chosen with TensorRT-RTX"));
  CHECK(config.calls.empty());
#endif
}

TEST(compat_engine_validity) {
  FakeLogger logger;
  EngineSpec spec = simpleSpec();
  spec.validity = 2;  // what TensorRT-RTX says of an engine built for other GPUs
  spec.diagnostics = 1ULL << 1;
  trtgen::EngineRunner runner;
  std::string error;
#if defined(TRT_MAJOR_RTX)
  CHECK(!runner.deserialize(logger, &spec, sizeof spec, &error));
  CHECK_EQ(error,
           std::string("TensorRT-RTX cannot run this engine on this GPU (diagnostics 0x2, not built for "
                       "this GPU's compute capability (see --compute-capability))"));
  CHECK_EQ(spec.validityChecks, 1);
  spec.validity = 1;  // suboptimal: loads
  CHECK(runner.deserialize(logger, &spec, sizeof spec, &error));
#else
  CHECK(runner.deserialize(logger, &spec, sizeof spec, &error));  // nothing to check before 11/RTX
  CHECK_EQ(spec.validityChecks, 0);
#endif
}

TEST(compat_no_plugin_layers_on_rtx) {
#if defined(TRT_MAJOR_RTX)
  // The stub's INetworkDefinition has no addPluginV2/V3 for RTX: this compiles only
  // because compat::addPlugin does not use them there; it adds nothing.
  FakeNetwork network;
  nvinfer1::PluginFieldCollection fields{0, nullptr};
  CHECK(trtgen::compat::addPlugin(network, nullptr, 0, "LReLU_TRT", "1", "", fields) == nullptr);
#else
  CHECK(trtgen::compat::kPluginLayers);
#endif
}

int main(int argc, char** argv) {
  std::printf("TensorRT API (stub): %d.%d\n", NV_TENSORRT_MAJOR, NV_TENSORRT_MINOR);
  return harness::main(argc, argv);
}
