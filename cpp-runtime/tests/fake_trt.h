// TEST-ONLY fakes of the TensorRT objects the runtime drives, for the tests
// compiled against stub/NvInfer.h (test_engine_runner.cpp, test_builder_main.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine_runner.h"
#include "trt_compat.h"
#include "weights.h"

namespace {

// ---- fake TensorRT engine ------------------------------------------------------------
// The "serialized engine" handed to EngineRunner::load is a pointer to an
// EngineSpec; size 0 makes deserialization fail. Each enqueue writes
// 2 * x + 1 into every output, x being the values (repeated) of input
// j % (number of inputs) for the j-th output, read and written in each
// tensor's type (float32, float16 or int32).

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
  int validity = 0;          // TensorRT-RTX getEngineValidity: 0 valid, 2 invalid
  uint64_t diagnostics = 0;  // ... and its diagnostics
  mutable int enqueues = 0;
  mutable int validityChecks = 0;
  // What the fake profiler callback reports per inference (IProfiler::reportLayerTime), in
  // order; and the engine inspector's JSON (nullptr: the inspector returns none).
  std::vector<std::pair<std::string, float>> layerTimes;
  const char* layerInfo = nullptr;
};

// The DLA core the last FakeRuntime was given (IRuntime::setDLACore), -1 if none.
inline int& lastRuntimeDlaCore() {
  static int core = -1;
  return core;
}

// Bytes handed out as TensorRT's IHostMemory (a serialized timing cache).
class FakeBytes : public nvinfer1::IHostMemory {
 public:
  explicit FakeBytes(std::string bytes) : bytes_(std::move(bytes)) {}
  void* data() const noexcept override { return const_cast<char*>(bytes_.data()); }
  std::size_t size() const noexcept override { return bytes_.size(); }

 private:
  std::string bytes_;
};

// A timing cache holding the bytes it was created from; serialize() appends "+build".
class FakeTimingCache : public nvinfer1::ITimingCache {
 public:
  explicit FakeTimingCache(std::string bytes) : bytes_(std::move(bytes)) {}
  nvinfer1::IHostMemory* serialize() const noexcept override { return new FakeBytes(bytes_ + "+build"); }

 private:
  std::string bytes_;
};

class FakeInspector : public nvinfer1::IEngineInspector {
 public:
  explicit FakeInspector(const char* json) : json_(json) {}
  const char* getEngineInformation(nvinfer1::LayerInformationFormat format) const noexcept override {
    return format == nvinfer1::LayerInformationFormat::kJSON ? json_ : nullptr;
  }

 private:
  const char* json_;
};

class FakeLogger : public nvinfer1::ILogger {
 public:
  void log(Severity, const char*) noexcept override {}
};

inline double readValue(const void* data, nvinfer1::DataType type, std::size_t i) {
  if (type == nvinfer1::DataType::kHALF) return trtgen::halfToFloat(static_cast<const uint16_t*>(data)[i]);
  if (type == nvinfer1::DataType::kINT32) return static_cast<const int32_t*>(data)[i];
  return static_cast<const float*>(data)[i];
}

inline void writeValue(void* data, nvinfer1::DataType type, std::size_t i, double v) {
  if (type == nvinfer1::DataType::kHALF) {
    static_cast<uint16_t*>(data)[i] = trtgen::floatToHalf(static_cast<float>(v));
  } else if (type == nvinfer1::DataType::kINT32) {
    static_cast<int32_t*>(data)[i] = static_cast<int32_t>(v);
  } else {
    static_cast<float*>(data)[i] = static_cast<float>(v);
  }
}

// Dynamic shapes: an input's run shape replaces its -1 dimensions; an output's -1
// dimensions take those of the input it copies (the first input's, for these fakes).
class FakeContext : public nvinfer1::IExecutionContext {
 public:
  explicit FakeContext(const EngineSpec& spec)
      : spec_(spec), addresses_(spec.tensors.size(), nullptr), shapes_(spec.tensors.size()) {
    for (std::size_t i = 0; i < spec.tensors.size(); ++i) shapes_[i] = spec.tensors[i].dims;
  }

  void setProfiler(nvinfer1::IProfiler* profiler) noexcept override { profiler_ = profiler; }

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
  bool setInputShape(const char* name, const nvinfer1::Dims& dims) noexcept override {
    return setShape(indexOf(name), dims);
  }
  nvinfer1::Dims getTensorShape(const char* name) const noexcept override { return shapeOf(indexOf(name)); }
#else
  bool setBindingDimensions(int32_t index, nvinfer1::Dims dims) noexcept override {
    return setShape(index, dims);
  }
  nvinfer1::Dims getBindingDimensions(int32_t index) const noexcept override { return shapeOf(index); }
  bool enqueueV2(void* const* bindings, cudaStream_t stream, cudaEvent_t* inputConsumed) noexcept override {
    if (inputConsumed != nullptr) return false;
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) addresses_[i] = bindings[i];
    return execute(stream);
  }
#endif

 private:
  int32_t indexOf(const char* name) const {
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) {
      if (spec_.tensors[i].name == name) return static_cast<int32_t>(i);
    }
    return -1;
  }
  // Accepts a shape of the input's rank that keeps its static dimensions.
  bool setShape(int32_t index, const nvinfer1::Dims& dims) {
    if (index < 0 || !spec_.tensors[static_cast<std::size_t>(index)].isInput) return false;
    const std::vector<int64_t>& declared = spec_.tensors[static_cast<std::size_t>(index)].dims;
    if (dims.nbDims != static_cast<int32_t>(declared.size())) return false;
    std::vector<int64_t> shape;
    for (int32_t i = 0; i < dims.nbDims; ++i) {
      if (declared[static_cast<std::size_t>(i)] >= 0 && declared[static_cast<std::size_t>(i)] != dims.d[i])
        return false;
      shape.push_back(dims.d[i]);
    }
    shapes_[static_cast<std::size_t>(index)] = shape;
    for (std::size_t o = 0; o < spec_.tensors.size(); ++o) {
      if (spec_.tensors[o].isInput || index != firstInput()) continue;
      shapes_[o] = spec_.tensors[o].dims;
      for (std::size_t i = 0; i < shapes_[o].size() && i < shape.size(); ++i) {
        if (shapes_[o][i] < 0) shapes_[o][i] = shape[i];
      }
    }
    return true;
  }
  int32_t firstInput() const {
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) {
      if (spec_.tensors[i].isInput) return static_cast<int32_t>(i);
    }
    return -1;
  }
  // Values of tensor `index` at the run's shapes.
  std::size_t runCount(std::size_t index) const {
    return trtgen::volume(shapes_[index].data(), static_cast<int32_t>(shapes_[index].size()));
  }
  nvinfer1::Dims shapeOf(int32_t index) const {
    nvinfer1::Dims d{};
    d.nbDims = -1;
    if (index < 0 || static_cast<std::size_t>(index) >= shapes_.size()) return d;
    const std::vector<int64_t>& s = shapes_[static_cast<std::size_t>(index)];
    d.nbDims = static_cast<int32_t>(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) d.d[i] = static_cast<decltype(d.d[0] + 0)>(s[i]);
    return d;
  }

  bool execute(cudaStream_t stream) {
    ++spec_.enqueues;
    if (spec_.failEnqueue || stream == nullptr) return false;
    std::vector<std::size_t> inputs;
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) {
      if (!spec_.tensors[i].isInput) continue;
      if (addresses_[i] == nullptr) return false;
      inputs.push_back(i);
    }
    std::size_t j = 0;
    for (std::size_t i = 0; i < spec_.tensors.size(); ++i) {
      const FakeTensor& out = spec_.tensors[i];
      if (out.isInput) continue;
      if (addresses_[i] == nullptr || inputs.empty()) return false;
      const std::size_t src = inputs[j++ % inputs.size()];
      const FakeTensor& in = spec_.tensors[src];
      const std::size_t outCount = runCount(i);
      const std::size_t inCount = runCount(src);
      for (std::size_t k = 0; k < outCount; ++k) {
        writeValue(addresses_[i], out.type, k, 2.0 * readValue(addresses_[src], in.type, k % inCount) + 1.0);
      }
    }
    cudaStubState().lastError = spec_.errorAfterEnqueue;
    if (profiler_ != nullptr) {
      for (const auto& layer : spec_.layerTimes)
        profiler_->reportLayerTime(layer.first.c_str(), layer.second);
    }
    return true;
  }

  const EngineSpec& spec_;
  std::vector<void*> addresses_;
  nvinfer1::IProfiler* profiler_ = nullptr;
  std::vector<std::vector<int64_t>> shapes_;
};

class FakeEngine : public nvinfer1::ICudaEngine {
 public:
  explicit FakeEngine(const EngineSpec& spec) : spec_(spec) {}

  nvinfer1::IExecutionContext* createExecutionContext() noexcept override {
    return spec_.failContext ? nullptr : new FakeContext(spec_);
  }
  nvinfer1::IEngineInspector* createEngineInspector() const noexcept override {
    return new FakeInspector(spec_.layerInfo);
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
  int32_t getNbOptimizationProfiles() const noexcept override { return 1; }
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
  void setDLACore(int32_t core) noexcept override { lastRuntimeDlaCore() = core; }
#ifdef TRT_MAJOR_RTX
  nvinfer1::EngineValidity getEngineValidity(const void* blob, int64_t blobSize,
                                             uint64_t* diagnostics) const noexcept override {
    if (blob == nullptr || blobSize == 0) return nvinfer1::EngineValidity::kVALID;  // deserialize says why
    const EngineSpec& spec = *static_cast<const EngineSpec*>(blob);
    ++spec.validityChecks;
    *diagnostics = spec.diagnostics;
    return static_cast<nvinfer1::EngineValidity>(spec.validity);
  }
#endif
};

// ---- fake network and builder configuration (trt_compat.h, networkIOTensors) ------------

class FakeNetTensor : public nvinfer1::ITensor {
 public:
  FakeNetTensor(std::string name, nvinfer1::DataType type, std::vector<int64_t> dims)
      : name_(std::move(name)), type_(type), dims_(std::move(dims)) {}
  const char* getName() const noexcept override { return name_.c_str(); }
  nvinfer1::DataType getType() const noexcept override { return type_; }
  nvinfer1::Dims getDimensions() const noexcept override {
    nvinfer1::Dims d{};
    d.nbDims = static_cast<int32_t>(dims_.size());
    for (std::size_t i = 0; i < dims_.size(); ++i) d.d[i] = static_cast<decltype(d.d[0] + 0)>(dims_[i]);
    return d;
  }

 private:
  std::string name_;
  nvinfer1::DataType type_;
  std::vector<int64_t> dims_;
};

class FakeNetwork : public nvinfer1::INetworkDefinition {
 public:
  std::vector<FakeNetTensor*> inputs;
  std::vector<FakeNetTensor*> outputs;

#if TRTGEN_STUB_AT_LEAST(8, 6)
  nvinfer1::ICastLayer* addCast(nvinfer1::ITensor&, nvinfer1::DataType) noexcept override { return nullptr; }
#else
  nvinfer1::IIdentityLayer* addIdentity(nvinfer1::ITensor&) noexcept override { return nullptr; }
#endif
  nvinfer1::IActivationLayer* addActivation(nvinfer1::ITensor&, nvinfer1::ActivationType) noexcept override {
    return nullptr;
  }
#if TRTGEN_STUB_AT_LEAST(10, 15)
  nvinfer1::INormalizationLayer* addNormalizationV2(nvinfer1::ITensor&, nvinfer1::ITensor&,
                                                    nvinfer1::ITensor&, uint32_t) noexcept override {
    return nullptr;
  }
#elif TRTGEN_STUB_AT_LEAST(8, 6)
  nvinfer1::INormalizationLayer* addNormalization(nvinfer1::ITensor&, nvinfer1::ITensor&, nvinfer1::ITensor&,
                                                  uint32_t) noexcept override {
    return nullptr;
  }
#endif
#if TRTGEN_STUB_AT_LEAST(10, 14)
  nvinfer1::ITopKLayer* addTopK(nvinfer1::ITensor&, nvinfer1::TopKOperation, int32_t, uint32_t,
                                nvinfer1::DataType) noexcept override {
    return nullptr;
  }
#else
  nvinfer1::ITopKLayer* addTopK(nvinfer1::ITensor&, nvinfer1::TopKOperation, int32_t,
                                uint32_t) noexcept override {
    return nullptr;
  }
#endif
#ifndef TRT_MAJOR_RTX
  nvinfer1::IPluginV2Layer* addPluginV2(nvinfer1::ITensor* const*, int32_t,
                                        nvinfer1::IPluginV2&) noexcept override {
    return nullptr;
  }
#if TRTGEN_STUB_AT_LEAST(10, 0)
  nvinfer1::IPluginV3Layer* addPluginV3(nvinfer1::ITensor* const*, int32_t, nvinfer1::ITensor* const*,
                                        int32_t, nvinfer1::IPluginV3&) noexcept override {
    return nullptr;
  }
#endif
#endif
  int32_t getNbInputs() const noexcept override { return static_cast<int32_t>(inputs.size()); }
  nvinfer1::ITensor* getInput(int32_t i) const noexcept override {
    return inputs[static_cast<std::size_t>(i)];
  }
  int32_t getNbOutputs() const noexcept override { return static_cast<int32_t>(outputs.size()); }
  nvinfer1::ITensor* getOutput(int32_t i) const noexcept override {
    return outputs[static_cast<std::size_t>(i)];
  }
};

// Records setDimensions as "setDimensions NAME SELECTOR d0xd1x...".
class FakeProfile : public nvinfer1::IOptimizationProfile {
 public:
  std::vector<std::string> calls;
  bool setDimensions(const char* name, nvinfer1::OptProfileSelector select,
                     const nvinfer1::Dims& dims) noexcept override {
    std::string s =
        "setDimensions " + std::string(name) + " " + std::to_string(static_cast<int>(select)) + " ";
    for (int32_t i = 0; i < dims.nbDims; ++i) s += (i > 0 ? "x" : "") + std::to_string(dims.d[i]);
    calls.push_back(s);
    return true;
  }
};

class FakeConfig : public nvinfer1::IBuilderConfig {
 public:
  std::vector<std::string> calls;
  int maxComputeCapability = 121;  // setComputeCapability refuses larger ones

  int32_t addOptimizationProfile(const nvinfer1::IOptimizationProfile* profile) noexcept override {
    const auto* p = static_cast<const FakeProfile*>(profile);
    calls.push_back("addOptimizationProfile");
    calls.insert(calls.end(), p->calls.begin(), p->calls.end());
    return nbProfiles++;
  }
  int32_t nbProfiles = 0;

#if TRTGEN_STUB_AT_LEAST(8, 4)
  void setMemoryPoolLimit(nvinfer1::MemoryPoolType, std::size_t bytes) noexcept override {
    calls.push_back("setMemoryPoolLimit " + std::to_string(bytes));
  }
#else
  void setMaxWorkspaceSize(std::size_t bytes) noexcept override {
    calls.push_back("setMaxWorkspaceSize " + std::to_string(bytes));
  }
#endif
  void setFlag(nvinfer1::BuilderFlag flag) noexcept override {
    calls.push_back("setFlag " + std::to_string(static_cast<int>(flag)));
  }
  void clearFlag(nvinfer1::BuilderFlag flag) noexcept override {
    calls.push_back("clearFlag " + std::to_string(static_cast<int>(flag)));
  }
  void setProfilingVerbosity(nvinfer1::ProfilingVerbosity verbosity) noexcept override {
    calls.push_back("setProfilingVerbosity " + std::to_string(static_cast<int>(verbosity)));
  }
  // A cache file starting with "bad" is refused by createTimingCache, "other-gpu" by setTimingCache.
  nvinfer1::ITimingCache* createTimingCache(const void* blob, std::size_t size) const noexcept override {
    const std::string bytes(static_cast<const char*>(blob), size);
    if (bytes.rfind("bad", 0) == 0) return nullptr;
    return new FakeTimingCache(bytes);
  }
  bool setTimingCache(const nvinfer1::ITimingCache& cache, bool ignoreMismatch) noexcept override {
    calls.push_back(std::string("setTimingCache ignoreMismatch=") + (ignoreMismatch ? "1" : "0"));
    std::unique_ptr<nvinfer1::IHostMemory> bytes{cache.serialize()};
    if (std::string(static_cast<const char*>(bytes->data()), bytes->size()).rfind("other-gpu", 0) == 0) {
      return false;
    }
    timingCache = &cache;
    return true;
  }
  const nvinfer1::ITimingCache* getTimingCache() const noexcept override { return timingCache; }
  void setDefaultDeviceType(nvinfer1::DeviceType type) noexcept override {
    calls.push_back("setDefaultDeviceType " + std::to_string(static_cast<int>(type)));
  }
  void setDLACore(int32_t core) noexcept override { calls.push_back("setDLACore " + std::to_string(core)); }
#if !TRTGEN_STUB_AT_LEAST(11, 0)
  TRTGEN_SUPPRESS_DEPRECATED_BEGIN
  void setInt8Calibrator(nvinfer1::IInt8Calibrator* calibrator) noexcept override {
    calls.push_back(std::string("setInt8Calibrator ") + (calibrator != nullptr ? "set" : "null"));
    int8Calibrator = calibrator;
  }
  nvinfer1::IInt8Calibrator* int8Calibrator = nullptr;
  TRTGEN_SUPPRESS_DEPRECATED_END
#endif

  const nvinfer1::ITimingCache* timingCache = nullptr;
#if TRTGEN_STUB_AT_LEAST(8, 6)
  void setBuilderOptimizationLevel(int32_t level) noexcept override {
    calls.push_back("setBuilderOptimizationLevel " + std::to_string(level));
  }
#endif
#ifdef TRT_MAJOR_RTX
  bool setNbComputeCapabilities(int32_t n) noexcept override {
    calls.push_back("setNbComputeCapabilities " + std::to_string(n));
    return n >= 0;
  }
  bool setComputeCapability(nvinfer1::ComputeCapability cc, int32_t index) noexcept override {
    const int value = static_cast<int>(cc);
    calls.push_back("setComputeCapability " + std::to_string(value) + " " + std::to_string(index));
    return value == 1 || (value >= 75 && value <= maxComputeCapability);
  }
#endif
};

// Whether every stub CUDA allocation, stream and event was freed.
inline bool noLeaks() {
  const CudaStubState& s = cudaStubState();
  return s.liveAllocations == 0 && s.liveStreams == 0 && s.liveEvents == 0;
}

}  // namespace
