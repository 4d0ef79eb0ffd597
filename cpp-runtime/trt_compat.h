// trtgen runtime: the one place that knows which TensorRT release it is
// compiled against. Generated code and the other runtime files never test
// NV_TENSORRT_MAJOR themselves; they use the names below, so one generated
// source compiles against TensorRT 8.2, 8.5, 8.6, 10.x, 11.x and TensorRT-RTX
// headers.
#ifndef TRTGEN_RUNTIME_TRT_COMPAT_H_
#define TRTGEN_RUNTIME_TRT_COMPAT_H_

#include <NvInfer.h>
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

// ---- which release -----------------------------------------------------------------
// Every version test in this header uses these macros only (defined once, here):
//   TRTGEN_TRT_RTX      1 for TensorRT-RTX, 0 for TensorRT. RTX's NvInferVersion.h defines
//                       TRT_MAJOR_RTX, and there NV_TENSORRT_MAJOR is RTX's own version (1.x),
//                       so a plain `NV_TENSORRT_MAJOR >= 10` would take the TensorRT 8 branch.
//   TRTGEN_TRT_MAJOR    the API family: NV_TENSORRT_MAJOR for TensorRT; 11 for TensorRT-RTX,
//   TRTGEN_TRT_MINOR    whose API is the TensorRT 11 one (strongly typed networks, named I/O
//                       tensors, no FP16 builder flag) minus plugin layers, plus compute
//                       capabilities. RTX counts as 11.0 (no test here needs an 11.x minor).
//   TRTGEN_TRT_AT_LEAST(major, minor)  TRTGEN_TRT_MAJOR.TRTGEN_TRT_MINOR >= major.minor
#if defined(TRT_MAJOR_RTX)
#define TRTGEN_TRT_RTX 1
#define TRTGEN_TRT_MAJOR 11
#define TRTGEN_TRT_MINOR 0
#else
#define TRTGEN_TRT_RTX 0
#define TRTGEN_TRT_MAJOR NV_TENSORRT_MAJOR
#define TRTGEN_TRT_MINOR NV_TENSORRT_MINOR
#endif
#define TRTGEN_TRT_AT_LEAST(major, minor) \
  (TRTGEN_TRT_MAJOR > (major) || (TRTGEN_TRT_MAJOR == (major) && TRTGEN_TRT_MINOR >= (minor)))

namespace trtgen {
namespace compat {

// ---- network creation --------------------------------------------------------
// Explicit batch is a flag before TensorRT 10 and the only mode from 10 on.
#if TRTGEN_TRT_AT_LEAST(10, 0)
constexpr uint32_t kNetworkFlags = 0U;
#else
constexpr uint32_t kNetworkFlags =
    1U << static_cast<uint32_t>(nvinfer1::NetworkDefinitionCreationFlag::kEXPLICIT_BATCH);
#endif

// TensorRT 11 and TensorRT-RTX build strongly typed networks only: FP16 comes
// from half tensors and weights, not from a builder flag.
#if TRTGEN_TRT_AT_LEAST(11, 0)
constexpr bool kStronglyTyped = true;
#else
constexpr bool kStronglyTyped = false;
#endif

// ---- builder configuration -----------------------------------------------------
inline void setWorkspace(nvinfer1::IBuilderConfig& config, std::size_t bytes) {
#if TRTGEN_TRT_AT_LEAST(8, 4)
  config.setMemoryPoolLimit(nvinfer1::MemoryPoolType::kWORKSPACE, bytes);
#else
  config.setMaxWorkspaceSize(bytes);
#endif
}

// Sets the FP16 builder flag where it exists; returns false on strongly typed
// releases, where the network itself must use half tensors (NetworkBuilder does).
inline bool setFp16Flag(nvinfer1::IBuilderConfig& config) {
#if TRTGEN_TRT_AT_LEAST(11, 0)
  (void)config;
  return false;
#else
  config.setFlag(nvinfer1::BuilderFlag::kFP16);
  return true;
#endif
}

// TF32: BuilderFlag::kTF32 exists on every release (8.2 to 11.x and TensorRT-RTX) and
// is ON by default, so FP32 convolutions and matrix multiplies may round their inputs
// to 10-bit mantissas on Ampere and newer GPUs. trtgen clears it unless asked
// (--tf32), so FP32 engines match PyTorch's exact FP32 CPU reference.
inline void setTf32(nvinfer1::IBuilderConfig& config, bool allow) {
  if (allow) {
    config.setFlag(nvinfer1::BuilderFlag::kTF32);
  } else {
    config.clearFlag(nvinfer1::BuilderFlag::kTF32);
  }
}

// GPU architectures the engine is built for (TensorRT-RTX only): SM numbers such as
// 75 (Turing), 80, 86 (Ampere), 89 (Ada), 120 (Blackwell), or kCurrentGpu for the GPU
// of this machine (needs one). Without this, TensorRT-RTX builds for SM 8.0, 8.6, 8.9
// and 12.x. Other releases always build for the GPU they run on.
#if TRTGEN_TRT_RTX
constexpr bool kComputeCapabilities = true;
#else
constexpr bool kComputeCapabilities = false;
#endif
// TensorRT-RTX builds engines without a GPU; TensorRT needs one (without, TensorRT 10.6
// throws from createInferBuilder: "CUDA initialization failure with error: 35").
constexpr bool kBuildsWithoutGpu = kComputeCapabilities;
constexpr int32_t kCurrentGpu = 1;  // ComputeCapability::kCURRENT

// Returns false with the reason in *error: an SM number TensorRT refuses, or a
// release without compute capabilities.
inline bool setComputeCapabilities(nvinfer1::IBuilderConfig& config, const std::vector<int32_t>& sms,
                                   std::string* error) {
#if TRTGEN_TRT_RTX
  if (!config.setNbComputeCapabilities(static_cast<int32_t>(sms.size()))) {
    *error = "TensorRT-RTX refused " + std::to_string(sms.size()) + " compute capabilities";
    return false;
  }
  for (std::size_t i = 0; i < sms.size(); ++i) {
    if (!config.setComputeCapability(static_cast<nvinfer1::ComputeCapability>(sms[i]),
                                     static_cast<int32_t>(i))) {
      *error = sms[i] == kCurrentGpu
                   ? std::string("TensorRT-RTX refused compute capability 'current' (it needs a GPU)")
                   : "TensorRT-RTX does not know compute capability " + std::to_string(sms[i]) + " (SM " +
                         std::to_string(sms[i] / 10) + "." + std::to_string(sms[i] % 10) + ")";
      return false;
    }
  }
  return true;
#else
  (void)config;
  (void)sms;
  *error = "compute capabilities can only be chosen with TensorRT-RTX";
  return false;
#endif
}

// The builder optimization level (TensorRT 8.6 and newer, TensorRT-RTX): 0 builds fastest
// (fewest tactics timed), 3 is TensorRT's default, 5 searches longest. The engine computes
// the same function at every level; only its speed differs.
constexpr bool kOptimizationLevel = TRTGEN_TRT_AT_LEAST(8, 6);
constexpr int32_t kMaxOptimizationLevel = 5;

inline void setOptimizationLevel(nvinfer1::IBuilderConfig& config, int32_t level) {
#if TRTGEN_TRT_AT_LEAST(8, 6)
  config.setBuilderOptimizationLevel(level);
#else
  (void)config;
  (void)level;
#endif
}

// ---- timing cache, DLA, profiling (builder --timing-cache, --dla-core, --layer-info) -------
// The timing cache (IBuilderConfig::createTimingCache/setTimingCache/getTimingCache, from 8.2)
// keeps the kernel timings of earlier builds so that a rebuild skips them. TensorRT-RTX declares
// the calls but deprecates them as no-ops (it picks kernels without timing them): kTimingCache
// is false there and the builder refuses --timing-cache.
// TimingCache is the cache's type (an empty stand-in on RTX, where even naming ITimingCache
// draws a deprecation warning).
#if TRTGEN_TRT_RTX
constexpr bool kTimingCache = false;
struct TimingCache {};
#else
constexpr bool kTimingCache = true;
using TimingCache = nvinfer1::ITimingCache;
#endif

// Loads `size` bytes of a cache file (size 0: an empty cache) into `config`. Returns the
// cache, which must outlive the build, or nullptr with the reason in *error: TensorRT refused
// the bytes (a corrupt file, or one written by another TensorRT release or GPU).
inline TimingCache* loadTimingCache(nvinfer1::IBuilderConfig& config, const void* blob, std::size_t size,
                                    std::string* error) {
#if TRTGEN_TRT_RTX
  (void)config;
  (void)blob;
  (void)size;
  *error = "TensorRT-RTX has no timing cache";
  return nullptr;
#else
  nvinfer1::ITimingCache* cache = config.createTimingCache(blob, size);
  if (cache == nullptr) {
    *error = "TensorRT refused its contents";
    return nullptr;
  }
  // ignoreMismatch = false: a cache of another GPU is refused rather than used
  if (!config.setTimingCache(*cache, false)) {
    delete cache;
    *error = "TensorRT refused it for this GPU and release";
    return nullptr;
  }
  return cache;
#endif
}

// The builder's timing cache after a build, serialized (nullptr if there is none).
inline nvinfer1::IHostMemory* serializeTimingCache(const nvinfer1::IBuilderConfig& config) {
#if TRTGEN_TRT_RTX
  (void)config;
  return nullptr;
#else
  const nvinfer1::ITimingCache* cache = config.getTimingCache();
  return cache != nullptr ? cache->serialize() : nullptr;
#endif
}

// DLA (the deep-learning accelerators of Jetson Xavier and Orin): IBuilderConfig's
// setDefaultDeviceType(kDLA), setDLACore and BuilderFlag::kGPU_FALLBACK exist from 8.2 on; the
// machine tells how many cores it has (IBuilder::getNbDLACores, 0 on a PC). TensorRT-RTX runs
// on GPUs only (kDla false: --dla-core is refused).
#if TRTGEN_TRT_RTX
constexpr bool kDla = false;
#else
constexpr bool kDla = true;
#endif

inline int32_t nbDlaCores(nvinfer1::IBuilder& builder) {
#if TRTGEN_TRT_RTX
  (void)builder;
  return 0;
#else
  return builder.getNbDLACores();
#endif
}

// Builds every layer that DLA can run for DLA core `core`; with gpuFallback the others run on
// the GPU, without it the build fails on the first layer DLA cannot run.
inline void useDla(nvinfer1::IBuilderConfig& config, int32_t core, bool gpuFallback) {
#if TRTGEN_TRT_RTX
  (void)config;
  (void)core;
  (void)gpuFallback;
#else
  config.setDefaultDeviceType(nvinfer1::DeviceType::kDLA);
  config.setDLACore(core);
  if (gpuFallback) config.setFlag(nvinfer1::BuilderFlag::kGPU_FALLBACK);
#endif
}

// ---- INT8 post-training calibration (builder --int8, int8_calibrator.h) ----------------------
// Implicit quantization: BuilderFlag::kINT8 plus an IInt8Calibrator that feeds sample inputs,
// from which TensorRT picks each tensor's INT8 scale. TensorRT 8.2 to 10.x have it (10.x
// deprecates IInt8Calibrator in 10.0, setInt8Calibrator in 10.1 and kINT8 in 10.12, in favour of
// explicit quantization); TensorRT 11 and TensorRT-RTX removed it (kInt8Calibration false: the
// builder refuses --int8 and says what to use instead). The deprecated names are used only
// between TRTGEN_SUPPRESS_DEPRECATED_BEGIN/END, here, so that code compiled with -Werror and
// without -Wno-deprecated-declarations still builds on 10.x.
#if defined(_MSC_VER)
#define TRTGEN_SUPPRESS_DEPRECATED_BEGIN __pragma(warning(push)) __pragma(warning(disable : 4996))
#define TRTGEN_SUPPRESS_DEPRECATED_END __pragma(warning(pop))
#elif defined(__GNUC__)
#define TRTGEN_SUPPRESS_DEPRECATED_BEGIN \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#define TRTGEN_SUPPRESS_DEPRECATED_END _Pragma("GCC diagnostic pop")
#else
#define TRTGEN_SUPPRESS_DEPRECATED_BEGIN
#define TRTGEN_SUPPRESS_DEPRECATED_END
#endif

// Int8EntropyCalibrator: the base of trtgen's calibrator (IInt8EntropyCalibrator2, batch size
// 1: every network is explicit-batch, one getBatch = one full input tensor); on TensorRT 11 and
// RTX a stand-in with the same calls, so int8_calibrator.cpp compiles (and is tested) everywhere.
#if TRTGEN_TRT_AT_LEAST(11, 0)
constexpr bool kInt8Calibration = false;
class Int8EntropyCalibrator {
 public:
  virtual ~Int8EntropyCalibrator() = default;
  virtual bool getBatch(void* bindings[], const char* names[], int32_t nbBindings) noexcept = 0;
  virtual const void* readCalibrationCache(std::size_t& length) noexcept = 0;
  virtual void writeCalibrationCache(const void* ptr, std::size_t length) noexcept = 0;
};
#else
constexpr bool kInt8Calibration = true;
TRTGEN_SUPPRESS_DEPRECATED_BEGIN
class Int8EntropyCalibrator : public nvinfer1::IInt8EntropyCalibrator2 {
 public:
  int32_t getBatchSize() const noexcept override { return 1; }
};
TRTGEN_SUPPRESS_DEPRECATED_END
#endif

// Sets kINT8 with kFP16 as the fallback (layers without an INT8 kernel run in FP16 rather than
// FP32) and attaches `calibrator`, which must outlive the build. False on TensorRT 11 and RTX.
inline bool useInt8Calibration(nvinfer1::IBuilderConfig& config, Int8EntropyCalibrator* calibrator) {
#if TRTGEN_TRT_AT_LEAST(11, 0)
  (void)config;
  (void)calibrator;
  return false;
#else
  TRTGEN_SUPPRESS_DEPRECATED_BEGIN
  config.setFlag(nvinfer1::BuilderFlag::kINT8);
  config.setFlag(nvinfer1::BuilderFlag::kFP16);
  config.setInt8Calibrator(calibrator);
  TRTGEN_SUPPRESS_DEPRECATED_END
  return true;
#endif
}

// Per-layer profiling (IExecutionContext::setProfiler with an nvinfer1::IProfiler), the
// builder's ProfilingVerbosity::kDETAILED and IEngineInspector's JSON are the same from 8.2 to
// 11.x and in TensorRT-RTX: builder_main.cpp calls them directly.

// "TensorRT 10.3.0" or "TensorRT-RTX 1.7.1", for messages.
inline std::string versionString() {
  return std::string(TRTGEN_TRT_RTX ? "TensorRT-RTX " : "TensorRT ") + std::to_string(NV_TENSORRT_MAJOR) +
         "." + std::to_string(NV_TENSORRT_MINOR) + "." + std::to_string(NV_TENSORRT_PATCH);
}

// ---- layers whose API changed ------------------------------------------------------
// Type conversion: ICastLayer from 8.6, identity with an output type before.
inline nvinfer1::ILayer* addCast(nvinfer1::INetworkDefinition& network, nvinfer1::ITensor& input,
                                 nvinfer1::DataType type) {
#if TRTGEN_TRT_AT_LEAST(8, 6)
  return network.addCast(input, type);
#else
  nvinfer1::IIdentityLayer* layer = network.addIdentity(input);
  if (layer != nullptr) layer->setOutputType(0, type);
  return layer;
#endif
}

// IResizeLayer::setResizeMode takes ResizeMode before 10, InterpolationMode from 10.
#if TRTGEN_TRT_AT_LEAST(10, 0)
using ResizeMode = nvinfer1::InterpolationMode;
#else
using ResizeMode = nvinfer1::ResizeMode;
#endif
constexpr ResizeMode kResizeNearest = ResizeMode::kNEAREST;
constexpr ResizeMode kResizeLinear = ResizeMode::kLINEAR;

// ISliceLayer::setMode takes SliceMode before 8.5 and SampleMode from 8.5 (SliceMode is
// an alias of it in 8.5/8.6 and gone from 10). The out-of-bounds modes below have the same
// names and meanings in every release: kWRAP (periodic), kCLAMP (edge value), kFILL (the
// fill value, layer input 4) and kREFLECT (mirrored about the edge element).
#if TRTGEN_TRT_AT_LEAST(8, 5)
using SliceMode = nvinfer1::SampleMode;
#else
using SliceMode = nvinfer1::SliceMode;
#endif
constexpr SliceMode kSliceWrap = SliceMode::kWRAP;
constexpr SliceMode kSliceClamp = SliceMode::kCLAMP;
constexpr SliceMode kSliceFill = SliceMode::kFILL;
constexpr SliceMode kSliceReflect = SliceMode::kREFLECT;

// GELU is an activation from TensorRT 10; earlier releases need a composition
// (NetworkBuilder::gelu builds it when this returns nullptr).
inline nvinfer1::ILayer* addNativeGelu(nvinfer1::INetworkDefinition& network, nvinfer1::ITensor& input,
                                       bool tanhApproximation) {
#if TRTGEN_TRT_AT_LEAST(10, 0)
  return network.addActivation(
      input, tanhApproximation ? nvinfer1::ActivationType::kGELU_TANH : nvinfer1::ActivationType::kGELU_ERF);
#else
  (void)network;
  (void)input;
  (void)tanhApproximation;
  return nullptr;
#endif
}

// Normalization over the axes of axesMask, (x - mean) / sqrt(var + eps) * scale + bias:
// INormalizationLayer from TensorRT 8.6 (added by addNormalizationV2 from 10.15, where
// addNormalization is deprecated); earlier releases need a composition
// (NetworkBuilder::normalization builds it when this returns nullptr). On releases with an
// FP16 builder flag (8.6 to 10.x) the layer is told to compute in float, as TensorRT's
// documentation recommends (half overflows in the variance); TensorRT 11 and RTX compute in
// the input's type, and NetworkBuilder casts around the layer there.
constexpr bool kNativeNormalization = TRTGEN_TRT_AT_LEAST(8, 6);
inline nvinfer1::ILayer* addNativeNormalization(nvinfer1::INetworkDefinition& network,
                                                nvinfer1::ITensor& input, nvinfer1::ITensor& scale,
                                                nvinfer1::ITensor& bias, uint32_t axesMask, float eps) {
#if TRTGEN_TRT_AT_LEAST(8, 6)
#if TRTGEN_TRT_AT_LEAST(10, 15)
  nvinfer1::INormalizationLayer* layer = network.addNormalizationV2(input, scale, bias, axesMask);
#else
  nvinfer1::INormalizationLayer* layer = network.addNormalization(input, scale, bias, axesMask);
#endif
  if (layer == nullptr) return nullptr;
  layer->setEpsilon(eps);
#if !TRTGEN_TRT_AT_LEAST(11, 0)
  layer->setComputePrecision(nvinfer1::DataType::kFLOAT);
#endif
  return layer;
#else
  (void)network;
  (void)input;
  (void)scale;
  (void)bias;
  (void)axesMask;
  (void)eps;
  return nullptr;
#endif
}

// Top-k along the axes of a mask with int32 indices (output 1): from 10.14 the
// indices type is an argument (the four-argument form is deprecated there).
inline nvinfer1::ITopKLayer* addTopK(nvinfer1::INetworkDefinition& network, nvinfer1::ITensor& input,
                                     nvinfer1::TopKOperation op, int32_t k, uint32_t reduceAxes) {
#if TRTGEN_TRT_AT_LEAST(10, 14)
  return network.addTopK(input, op, k, reduceAxes, nvinfer1::DataType::kINT32);
#else
  return network.addTopK(input, op, k, reduceAxes);
#endif
}

// Plugins: IPluginV2 through the registry's getPluginCreator before 10; from 10
// getCreator, which may return a V3 creator (added with addPluginV3) or a V2 one.
// TensorRT-RTX has no plugin layers at all (neither addPluginV2 nor addPluginV3):
// kPluginLayers is false there and addPlugin returns nullptr without touching the
// plugin API. Specs that use plugins are refused for RTX before this is reached:
// the generated CMakeLists.txt stops at configure time and the generated builder
// has an #error for TRTGEN_TRT_RTX.
#if TRTGEN_TRT_RTX
constexpr bool kPluginLayers = false;
#else
constexpr bool kPluginLayers = true;
#endif

inline nvinfer1::ILayer* addPlugin(nvinfer1::INetworkDefinition& network, nvinfer1::ITensor* const* inputs,
                                   int32_t nbInputs, const char* name, const char* version,
                                   const char* pluginNamespace,
                                   const nvinfer1::PluginFieldCollection& fields) {
#if TRTGEN_TRT_RTX
  (void)network;
  (void)inputs;
  (void)nbInputs;
  (void)name;
  (void)version;
  (void)pluginNamespace;
  (void)fields;
  return nullptr;
#else
  nvinfer1::IPluginRegistry* registry = getPluginRegistry();
  if (registry == nullptr) return nullptr;
#if TRTGEN_TRT_AT_LEAST(10, 0)
  nvinfer1::IPluginCreatorInterface* creator = registry->getCreator(name, version, pluginNamespace);
  if (creator == nullptr) return nullptr;
  const char* kind = creator->getInterfaceInfo().kind;
  if (kind != nullptr && std::string(kind) == "PLUGIN CREATOR_V3ONE") {
    auto* v3 = static_cast<nvinfer1::IPluginCreatorV3One*>(creator);
    nvinfer1::IPluginV3* plugin = v3->createPlugin(name, &fields, nvinfer1::TensorRTPhase::kBUILD);
    if (plugin == nullptr) return nullptr;
    return network.addPluginV3(inputs, nbInputs, nullptr, 0, *plugin);
  }
  auto* v2 = static_cast<nvinfer1::IPluginCreator*>(creator);
#else
  nvinfer1::IPluginCreator* v2 = registry->getPluginCreator(name, version, pluginNamespace);
  if (v2 == nullptr) return nullptr;
#endif
  nvinfer1::IPluginV2* plugin = v2->createPlugin(name, &fields);
  if (plugin == nullptr) return nullptr;
  return network.addPluginV2(inputs, nbInputs, *plugin);
#endif
}

// ---- running an engine (EngineRunner) ------------------------------------------------
// Before 8.5 an engine's inputs and outputs are "bindings" addressed by index and
// run with enqueueV2(bindings); from 8.5 they are I/O tensors addressed by name,
// bound with setTensorAddress and run with enqueueV3. The functions below hide
// that: iterate with nbIOTensors/ioTensor, bind with bindTensor, run with enqueue.
#if TRTGEN_TRT_AT_LEAST(8, 5)
constexpr bool kTensorAddressApi = true;
#else
constexpr bool kTensorAddressApi = false;
#endif

struct IOTensor {
  std::string name;
  bool isInput = false;
  nvinfer1::Dims dims{};
  nvinfer1::DataType type = nvinfer1::DataType::kFLOAT;
};

inline int32_t nbIOTensors(const nvinfer1::ICudaEngine& engine) {
#if TRTGEN_TRT_AT_LEAST(8, 5)
  return engine.getNbIOTensors();
#else
  // the bindings of optimization profile 0, which the runner uses: an engine with several
  // profiles (dynamic shapes) repeats them per profile, named "<name> [profile k]"
  const int32_t profiles = engine.getNbOptimizationProfiles();
  return engine.getNbBindings() / (profiles > 0 ? profiles : 1);
#endif
}

// Name, direction, shape and type of I/O tensor `index` (0 .. nbIOTensors()-1).
inline IOTensor ioTensor(const nvinfer1::ICudaEngine& engine, int32_t index) {
  IOTensor t;
#if TRTGEN_TRT_AT_LEAST(8, 5)
  const char* name = engine.getIOTensorName(index);
  t.name = name != nullptr ? name : "";
  t.isInput = engine.getTensorIOMode(name) == nvinfer1::TensorIOMode::kINPUT;
  t.dims = engine.getTensorShape(name);
  t.type = engine.getTensorDataType(name);
#else
  const char* name = engine.getBindingName(index);
  t.name = name != nullptr ? name : "";
  t.isInput = engine.bindingIsInput(index);
  t.dims = engine.getBindingDimensions(index);
  t.type = engine.getBindingDataType(index);
#endif
  return t;
}

// Binds device memory to the I/O tensor `name`: setTensorAddress from 8.5, the
// binding slot in *bindings (sized to nbIOTensors) before. False if unknown.
inline bool bindTensor(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine& engine,
                       const char* name, void* devicePtr, std::vector<void*>* bindings) {
#if TRTGEN_TRT_AT_LEAST(8, 5)
  (void)engine;
  (void)bindings;
  return context.setTensorAddress(name, devicePtr);
#else
  (void)context;
  const int32_t index = engine.getBindingIndex(name);
  if (index < 0) return false;
  if (bindings->size() < static_cast<std::size_t>(engine.getNbBindings())) {
    bindings->resize(static_cast<std::size_t>(engine.getNbBindings()), nullptr);
  }
  (*bindings)[static_cast<std::size_t>(index)] = devicePtr;
  return true;
#endif
}

// Whether the engine can be deserialized on this machine's GPU. TensorRT-RTX builds
// for chosen compute capabilities (setComputeCapabilities) and tells from the
// engine's header whether this GPU is one of them (IRuntime::getEngineValidity), so
// the builder can say so instead of failing in deserializeCudaEngine. Other releases
// build for the GPU they run on: always true. Call it only when a CUDA device exists
// (without one, TensorRT-RTX reports its own CUDA error).
inline bool engineRunsHere(nvinfer1::IRuntime& runtime, const void* blob, std::size_t size,
                           std::string* error) {
#if TRTGEN_TRT_RTX
  uint64_t diagnostics = 0;
  if (runtime.getEngineValidity(blob, static_cast<int64_t>(size), &diagnostics) !=
      nvinfer1::EngineValidity::kINVALID) {
    return true;
  }
  std::string why;
  const auto has = [&](nvinfer1::EngineInvalidityDiagnostics d) {
    return (diagnostics & static_cast<uint64_t>(d)) != 0;
  };
  if (has(nvinfer1::EngineInvalidityDiagnostics::kUNSUPPORTED_CC)) {
    why += ", not built for this GPU's compute capability (see --compute-capability)";
  }
  if (has(nvinfer1::EngineInvalidityDiagnostics::kINSUFFICIENT_GPU_MEMORY)) why += ", not enough GPU memory";
  if (has(nvinfer1::EngineInvalidityDiagnostics::kOLD_CUDA_DRIVER)) why += ", CUDA driver too old";
  if (has(nvinfer1::EngineInvalidityDiagnostics::kCUDA_ERROR)) why += ", CUDA error";
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(diagnostics));
  *error = "TensorRT-RTX cannot run this engine on this GPU (diagnostics " + std::string(hex) + why + ")";
  return false;
#else
  (void)runtime;
  (void)blob;
  (void)size;
  (void)error;
  return true;
#endif
}

// ---- dynamic shapes (spec `profiles`) -------------------------------------------------
// A dynamic input's run shape is set on the execution context (setInputShape from 8.5,
// setBindingDimensions on the binding before); the context then gives every I/O
// tensor's shape at that run (getTensorShape / getBindingDimensions). The optimization
// profiles themselves (IOptimizationProfile::setDimensions) are the same on every release.
inline bool setInputShape(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine& engine,
                          const char* name, const nvinfer1::Dims& dims) {
#if TRTGEN_TRT_AT_LEAST(8, 5)
  (void)engine;
  return context.setInputShape(name, dims);
#else
  const int32_t index = engine.getBindingIndex(name);
  return index >= 0 && context.setBindingDimensions(index, dims);
#endif
}

// The shape of I/O tensor `name` at the context's input shapes (-1 where an input's is unset).
inline nvinfer1::Dims contextShape(const nvinfer1::IExecutionContext& context,
                                   const nvinfer1::ICudaEngine& engine, const char* name) {
#if TRTGEN_TRT_AT_LEAST(8, 5)
  (void)engine;
  return context.getTensorShape(name);
#else
  const int32_t index = engine.getBindingIndex(name);
  if (index < 0) return nvinfer1::Dims{};
  return context.getBindingDimensions(index);
#endif
}

// Enqueues one inference on `stream` with the tensors bound by bindTensor.
inline bool enqueue(nvinfer1::IExecutionContext& context, std::vector<void*>& bindings, cudaStream_t stream) {
#if TRTGEN_TRT_AT_LEAST(8, 5)
  (void)bindings;
  return context.enqueueV3(stream);
#else
  return context.enqueueV2(bindings.data(), stream, nullptr);
#endif
}

}  // namespace compat
}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_TRT_COMPAT_H_
