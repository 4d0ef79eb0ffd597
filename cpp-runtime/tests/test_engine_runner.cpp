// Tests for cpp-runtime/engine_runner.{h,cpp}, compiled against the TEST-ONLY
// stubs in stub/ (no CUDA, no TensorRT): the pure helpers (compare, percentile,
// latencyStats, readFloatFile, volume, cudaCheck), DeviceBuffer, and
// EngineRunner driven by a fake engine defined below. Built twice by
// CMakeLists.txt: against the TensorRT 10 named I/O tensor API (the default)
// and, as engine_runner_tests_trt8, the pre-8.5 binding API of trt_compat.h.
//
//   engine_runner_tests [--case NAME | --list]
//
// Files written by the readFloatFile tests go to the current directory.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "engine_runner.h"
#include "harness.h"

using trtgen::Comparison;
using trtgen::LatencyStats;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

#define CHECK_CONTAINS(s, part)                                                                   \
  do {                                                                                            \
    const std::string cc_s_ = (s);                                                                \
    const std::string cc_p_ = (part);                                                             \
    if (!contains(cc_s_, cc_p_))                                                                  \
      harness::fail(__FILE__, __LINE__, "'" + cc_s_ + "' does not contain '" + cc_p_ + "'");      \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                                     \
  do {                                                                                            \
    const double cn_a_ = (a);                                                                     \
    const double cn_b_ = (b);                                                                     \
    if (!(std::fabs(cn_a_ - cn_b_) <= (tol)))                                                     \
      harness::fail(__FILE__, __LINE__,                                                           \
                    std::string(#a " ~= " #b "  (") + harness::show(cn_a_) + " vs " +             \
                        harness::show(cn_b_) + ")");                                              \
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

// ---- fake TensorRT engine ------------------------------------------------------------
// The "serialized engine" handed to EngineRunner::load is a pointer to an
// EngineSpec; size 0 makes deserialization fail. Each enqueue writes
// 2 * input + 1 (first input, repeated) into every output.

struct FakeTensor {
  std::string name;
  bool isInput;
  std::vector<int64_t> dims;
  nvinfer1::DataType type = nvinfer1::DataType::kFLOAT;
};

struct EngineSpec {
  std::vector<FakeTensor> tensors;
  bool failEnqueue = false;
  cudaError_t errorAfterEnqueue = cudaSuccess;
  bool failContext = false;
  mutable int enqueues = 0;
};

class FakeLogger : public nvinfer1::ILogger {
 public:
  void log(Severity, const char*) noexcept override {}
};

std::size_t countOf(const FakeTensor& t) {
  return trtgen::volume(t.dims.data(), static_cast<int32_t>(t.dims.size()));
}

class FakeContext : public nvinfer1::IExecutionContext {
 public:
  explicit FakeContext(const EngineSpec& spec) : spec_(spec), addresses_(spec.tensors.size(), nullptr) {}

#if TRTGEN_STUB_AT_LEAST(8, 5)
  bool setTensorAddress(const char* name, void* data) noexcept override {
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) {
      if (spec_.tensors[i].name == name) {
        addresses_[i] = data;
        return true;
      }
    }
    return false;
  }
  bool enqueueV3(cudaStream_t stream) noexcept override { return execute(stream); }
#else
  bool enqueueV2(void* const* bindings, cudaStream_t stream, cudaEvent_t* inputConsumed) noexcept override {
    if (inputConsumed != nullptr) return false;
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) addresses_[i] = bindings[i];
    return execute(stream);
  }
#endif

 private:
  bool execute(cudaStream_t stream) {
    ++spec_.enqueues;
    if (spec_.failEnqueue || stream == nullptr) return false;
    const float* in = nullptr;
    std::size_t inCount = 0;
    for (std::size_t i = 0; i < spec_.tensors.size() && in == nullptr; ++i) {
      if (!spec_.tensors[i].isInput) continue;
      if (addresses_[i] == nullptr) return false;
      in = static_cast<const float*>(addresses_[i]);
      inCount = countOf(spec_.tensors[i]);
    }
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) {
      if (spec_.tensors[i].isInput) continue;
      if (addresses_[i] == nullptr || in == nullptr) return false;
      float* out = static_cast<float*>(addresses_[i]);
      for (std::size_t k = 0; k < countOf(spec_.tensors[i]); ++k) out[k] = 2.0F * in[k % inCount] + 1.0F;
    }
    cudaStubState().lastError = spec_.errorAfterEnqueue;
    return true;
  }

  const EngineSpec& spec_;
  std::vector<void*> addresses_;
};

class FakeEngine : public nvinfer1::ICudaEngine {
 public:
  explicit FakeEngine(const EngineSpec& spec) : spec_(spec) {}

  nvinfer1::IExecutionContext* createExecutionContext() noexcept override {
    return spec_.failContext ? nullptr : new FakeContext(spec_);
  }

#if TRTGEN_STUB_AT_LEAST(8, 5)
  int32_t getNbIOTensors() const noexcept override { return static_cast<int32_t>(spec_.tensors.size()); }
  const char* getIOTensorName(int32_t index) const noexcept override {
    return valid(index) ? spec_.tensors[static_cast<std::size_t>(index)].name.c_str() : nullptr;
  }
  nvinfer1::TensorIOMode getTensorIOMode(const char* name) const noexcept override {
    const FakeTensor* t = byName(name);
    if (t == nullptr) return nvinfer1::TensorIOMode::kNONE;
    return t->isInput ? nvinfer1::TensorIOMode::kINPUT : nvinfer1::TensorIOMode::kOUTPUT;
  }
  nvinfer1::Dims getTensorShape(const char* name) const noexcept override { return dimsOf(byName(name)); }
  nvinfer1::DataType getTensorDataType(const char* name) const noexcept override {
    const FakeTensor* t = byName(name);
    return t != nullptr ? t->type : nvinfer1::DataType::kFLOAT;
  }
#else
  int32_t getNbBindings() const noexcept override { return static_cast<int32_t>(spec_.tensors.size()); }
  const char* getBindingName(int32_t index) const noexcept override {
    return valid(index) ? spec_.tensors[static_cast<std::size_t>(index)].name.c_str() : nullptr;
  }
  int32_t getBindingIndex(const char* name) const noexcept override {
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) {
      if (spec_.tensors[i].name == name) return static_cast<int32_t>(i);
    }
    return -1;
  }
  bool bindingIsInput(int32_t index) const noexcept override {
    return valid(index) && spec_.tensors[static_cast<std::size_t>(index)].isInput;
  }
  nvinfer1::Dims getBindingDimensions(int32_t index) const noexcept override {
    return dimsOf(valid(index) ? &spec_.tensors[static_cast<std::size_t>(index)] : nullptr);
  }
  nvinfer1::DataType getBindingDataType(int32_t index) const noexcept override {
    return valid(index) ? spec_.tensors[static_cast<std::size_t>(index)].type : nvinfer1::DataType::kFLOAT;
  }
#endif

 private:
  bool valid(int32_t index) const {
    return index >= 0 && static_cast<std::size_t>(index) < spec_.tensors.size();
  }
  const FakeTensor* byName(const char* name) const {
    if (name == nullptr) return nullptr;
    for (const FakeTensor& t : spec_.tensors) {
      if (t.name == name) return &t;
    }
    return nullptr;
  }
  static nvinfer1::Dims dimsOf(const FakeTensor* t) {
    nvinfer1::Dims d{};
    d.nbDims = -1;
    if (t == nullptr) return d;
    d.nbDims = static_cast<int32_t>(t->dims.size());
    for (std::size_t i = 0; i < t->dims.size(); ++i) d.d[i] = static_cast<decltype(d.d[0] + 0)>(t->dims[i]);
    return d;
  }

  const EngineSpec& spec_;
};

class FakeRuntime : public nvinfer1::IRuntime {
 public:
  nvinfer1::ICudaEngine* deserializeCudaEngine(const void* blob, std::size_t size) noexcept override {
    if (blob == nullptr || size == 0) return nullptr;
    return new FakeEngine(*static_cast<const EngineSpec*>(blob));
  }
};

EngineSpec simpleSpec() {
  EngineSpec spec;
  spec.tensors.push_back({"x", true, {1, 2, 3}, nvinfer1::DataType::kFLOAT});
  spec.tensors.push_back({"y", false, {1, 6}, nvinfer1::DataType::kFLOAT});
  return spec;
}

bool noLeaks() {
  const CudaStubState& s = cudaStubState();
  return s.liveAllocations == 0 && s.liveStreams == 0 && s.liveEvents == 0;
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
  const Comparison c = trtgen::compare(nullptr, nullptr, 0, 1e-3, 1e-3);
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
  // NaN on both sides is not a match either.
  CHECK_EQ(cmp({kNaN}, {kNaN}, 1.0, 1.0).outside, std::size_t(1));
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
    spec.tensors.push_back({"mask", true, {1, 6}, nvinfer1::DataType::kINT32});
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_EQ(error, std::string("engine tensor 'mask' is int32; --verify and --bench need float32 inputs and outputs"));
  }
  {
    EngineSpec spec = simpleSpec();
    spec.tensors[1].type = nvinfer1::DataType::kUINT8;
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_CONTAINS(error, "engine tensor 'y' is a non-float32 type");
  }
  {
    EngineSpec spec = simpleSpec();
    spec.tensors[0].dims = {-1, 3};
    trtgen::EngineRunner runner;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_EQ(error, std::string("engine tensor 'x' has shape [-1, 3]; --verify and --bench need static, non-empty shapes"));
  }
  {
    EngineSpec spec = simpleSpec();
    trtgen::EngineRunner runner;
    cudaStubState().nextMallocError = cudaErrorMemoryAllocation;
    CHECK(!runner.load(logger, &spec, sizeof spec, &error));
    CHECK_EQ(error, std::string("cannot allocate GPU memory for 'x': cudaMalloc(24 bytes): out of memory (CUDA error 2)"));
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

int main(int argc, char** argv) {
  std::string only_case;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--case" && i + 1 < argc) {
      only_case = argv[++i];
    } else if (a == "--list") {
      list = true;
    } else {
      std::fprintf(stderr, "usage: %s [--case NAME | --list]\n", argv[0]);
      return 2;
    }
  }
  if (list) {
    for (const auto& c : harness::registry()) std::printf("%s\n", c.name);
    return 0;
  }
  std::printf("TensorRT API (stub): %d.%d\n", NV_TENSORRT_MAJOR, NV_TENSORRT_MINOR);
  int ran = 0;
  for (const auto& c : harness::registry()) {
    if (!only_case.empty() && only_case != c.name) continue;
    const int before = harness::failures();
    c.fn();
    ++ran;
    std::printf("[%s] %s\n", harness::failures() == before ? " OK " : "FAIL", c.name);
  }
  if (ran == 0) {
    std::fprintf(stderr, "no test matched\n");
    return 1;
  }
  std::printf("%d run, %d check failure(s)\n", ran, harness::failures());
  return harness::failures() == 0 ? 0 : 1;
}
