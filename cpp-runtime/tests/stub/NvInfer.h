// TEST-ONLY stand-in for TensorRT's NvInfer.h, so the TensorRT-free CI can
// compile cpp-runtime/logger.h (logger_test), cpp-runtime/engine_runner.cpp
// with trt_compat.h (engine_runner_tests) and cpp-runtime/builder_main.cpp
// (builder_main_tests). It mirrors the nvinfer1::ILogger
// interface of TensorRT 8.x-10.x, and declares only the other names that
// trt_compat.h and engine_runner.cpp use, as abstract classes: a test supplies
// fakes (createInferRuntime and createInferBuilder are declared here and defined
// by the test). Never
// put this directory on the include path of code that uses real TensorRT.
//
// The version defaults to 10.0; define NV_TENSORRT_MAJOR/MINOR (e.g. 8 and 2)
// to get the pre-8.5 binding API instead of the named I/O tensor API, or
// TRT_MAJOR_RTX/TRT_MINOR_RTX (e.g. 1 and 7) for TensorRT-RTX, whose
// NvInferVersion.h defines those and sets NV_TENSORRT_MAJOR/MINOR to them: the
// TensorRT 11 API without plugin layers, with compute capabilities and engine
// validity checks.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#ifdef TRT_MAJOR_RTX
#define NV_TENSORRT_MAJOR TRT_MAJOR_RTX
#define NV_TENSORRT_MINOR TRT_MINOR_RTX
#define NV_TENSORRT_PATCH 1
#define TRTGEN_STUB_MAJOR 11  // the API family, as for the real headers
#define TRTGEN_STUB_MINOR 0
#else
#ifndef NV_TENSORRT_MAJOR
#define NV_TENSORRT_MAJOR 10
#endif
#ifndef NV_TENSORRT_MINOR
#define NV_TENSORRT_MINOR 0
#endif
#define NV_TENSORRT_PATCH 0
#define TRTGEN_STUB_MAJOR NV_TENSORRT_MAJOR
#define TRTGEN_STUB_MINOR NV_TENSORRT_MINOR
#endif

#define TRTGEN_STUB_AT_LEAST(major, minor) \
  (TRTGEN_STUB_MAJOR > (major) || (TRTGEN_STUB_MAJOR == (major) && TRTGEN_STUB_MINOR >= (minor)))

namespace nvinfer1 {

using AsciiChar = char;

class ILogger {
 public:
  enum class Severity : int32_t {
    kINTERNAL_ERROR = 0,
    kERROR = 1,
    kWARNING = 2,
    kINFO = 3,
    kVERBOSE = 4,
  };

  virtual void log(Severity severity, AsciiChar const* msg) noexcept = 0;

  ILogger() = default;
  virtual ~ILogger() = default;

 protected:
  ILogger(ILogger const&) = default;
  ILogger(ILogger&&) = default;
  ILogger& operator=(ILogger const&) & = default;
  ILogger& operator=(ILogger&&) & = default;
};

// ---- builder side (trt_compat.h; the tests fake what they call) ----------------
enum class DataType : int32_t { kFLOAT = 0, kHALF = 1, kINT8 = 2, kINT32 = 3, kBOOL = 4, kUINT8 = 5 };

class Dims {
 public:
  static constexpr int32_t MAX_DIMS = 8;
  int32_t nbDims;
#if TRTGEN_STUB_AT_LEAST(10, 0)
  int64_t d[MAX_DIMS];
#else
  int32_t d[MAX_DIMS];
#endif
};

// Named by network_builder.h (the network_info.h that builder_main.cpp includes).
struct Weights {
  DataType type;
  const void* values;
  int64_t count;
};
struct Permutation {
  int32_t order[Dims::MAX_DIMS];
};
enum class ElementWiseOperation : int32_t { kSUM = 0, kPROD = 1 };
enum class PluginFieldType : int32_t { kFLOAT16 = 0, kFLOAT32 = 1, kINT32 = 3 };

#if TRTGEN_STUB_AT_LEAST(11, 0)
enum class BuilderFlag : int32_t { kGPU_FALLBACK = 3, kTF32 = 6 };  // no kFP16: strongly typed only
#elif TRTGEN_STUB_AT_LEAST(10, 0)
enum class BuilderFlag : int32_t { kFP16 = 0, kINT8 = 1, kGPU_FALLBACK = 3, kTF32 = 6 };
#else
enum class BuilderFlag : int32_t { kFP16 = 0, kINT8 = 1, kGPU_FALLBACK = 3, kTF32 = 7 };
#endif

// INT8 calibration: TensorRT 8.x-10.x; deprecated from 10.0 (as in TensorRT's headers, so that the
// tests, built with -Werror, prove trt_compat.h keeps the deprecation warnings out), gone in 11.
#if !TRTGEN_STUB_AT_LEAST(11, 0)
#if TRTGEN_STUB_AT_LEAST(10, 0)
#define TRTGEN_STUB_DEPRECATED [[deprecated]]
#else
#define TRTGEN_STUB_DEPRECATED
#endif
enum class CalibrationAlgoType : int32_t {
  kLEGACY_CALIBRATION = 0,
  kENTROPY_CALIBRATION = 1,
  kENTROPY_CALIBRATION_2 = 2,
  kMINMAX_CALIBRATION = 3
};
class TRTGEN_STUB_DEPRECATED IInt8Calibrator {
 public:
  virtual ~IInt8Calibrator() noexcept = default;
  TRTGEN_STUB_DEPRECATED virtual int32_t getBatchSize() const noexcept = 0;
  virtual bool getBatch(void* bindings[], char const* names[], int32_t nbBindings) noexcept = 0;
  virtual void const* readCalibrationCache(std::size_t& length) noexcept = 0;
  virtual void writeCalibrationCache(void const* ptr, std::size_t length) noexcept = 0;
  virtual CalibrationAlgoType getAlgorithm() noexcept = 0;
};
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
class TRTGEN_STUB_DEPRECATED IInt8EntropyCalibrator2 : public IInt8Calibrator {
 public:
  CalibrationAlgoType getAlgorithm() noexcept override { return CalibrationAlgoType::kENTROPY_CALIBRATION_2; }
};
#pragma GCC diagnostic pop
#endif
enum class MemoryPoolType : int32_t { kWORKSPACE = 0 };
enum class DeviceType : int32_t { kGPU = 0, kDLA = 1 };
enum class ProfilingVerbosity : int32_t { kLAYER_NAMES_ONLY = 0, kNONE = 1, kDETAILED = 2 };
class ITimingCache;
#if !TRTGEN_STUB_AT_LEAST(10, 0)
enum class NetworkDefinitionCreationFlag : int32_t { kEXPLICIT_BATCH = 0 };
#endif
#if TRTGEN_STUB_AT_LEAST(10, 0)
enum class InterpolationMode : int32_t { kNEAREST = 0, kLINEAR = 1 };
#else
enum class ResizeMode : int32_t { kNEAREST = 0, kLINEAR = 1 };
#endif
enum class ActivationType : int32_t { kRELU = 0, kGELU_ERF = 1, kGELU_TANH = 2 };
enum class TopKOperation : int32_t { kMAX = 0, kMIN = 1 };
#if TRTGEN_STUB_AT_LEAST(8, 5)
enum class SampleMode : int32_t { kSTRICT_BOUNDS = 0, kWRAP = 1, kCLAMP = 2, kFILL = 3, kREFLECT = 4 };
#else
enum class SliceMode : int32_t { kDEFAULT = 0, kWRAP = 1, kCLAMP = 2, kFILL = 3, kREFLECT = 4 };
#endif

class ITensor {
 public:
  virtual ~ITensor() = default;
  virtual const char* getName() const noexcept = 0;
  virtual DataType getType() const noexcept = 0;
  virtual Dims getDimensions() const noexcept = 0;
};

class ILayer {
 public:
  virtual ~ILayer() = default;
  virtual void setOutputType(int32_t index, DataType type) noexcept = 0;
};
class IIdentityLayer : public ILayer {};
class ICastLayer : public ILayer {};
class IActivationLayer : public ILayer {};
class IPluginV2Layer : public ILayer {};
#if TRTGEN_STUB_AT_LEAST(8, 6)
class INormalizationLayer : public ILayer {
 public:
  virtual void setEpsilon(float eps) noexcept = 0;
#if !TRTGEN_STUB_AT_LEAST(11, 0)
  virtual void setComputePrecision(DataType type) noexcept = 0;
#endif
};
#endif

class ITopKLayer : public ILayer {};

struct PluginFieldCollection {
  int32_t nbFields;
  const void* fields;
};

class IPluginV2 {
 public:
  virtual ~IPluginV2() = default;
};

#if TRTGEN_STUB_AT_LEAST(10, 0)
enum class TensorRTPhase : int32_t { kBUILD = 0, kRUNTIME = 1 };
struct InterfaceInfo {
  const char* kind;
  int32_t major;
  int32_t minor;
};
class IPluginV3 {
 public:
  virtual ~IPluginV3() = default;
};
class IPluginV3Layer : public ILayer {};
class IPluginCreatorInterface {
 public:
  virtual ~IPluginCreatorInterface() = default;
  virtual InterfaceInfo getInterfaceInfo() const noexcept = 0;
};
class IPluginCreatorV3One : public IPluginCreatorInterface {
 public:
  virtual IPluginV3* createPlugin(const char* name, const PluginFieldCollection* fc,
                                  TensorRTPhase phase) noexcept = 0;
};
class IPluginCreator : public IPluginCreatorInterface {
#else
class IPluginCreator {
#endif
 public:
  virtual ~IPluginCreator() = default;
  virtual IPluginV2* createPlugin(const char* name, const PluginFieldCollection* fc) noexcept = 0;
};

class IPluginRegistry {
 public:
  virtual ~IPluginRegistry() = default;
#if TRTGEN_STUB_AT_LEAST(10, 0)
  virtual IPluginCreatorInterface* getCreator(const char* name, const char* version,
                                              const char* ns) noexcept = 0;
#else
  virtual IPluginCreator* getPluginCreator(const char* name, const char* version,
                                           const char* ns) noexcept = 0;
#endif
};

class INetworkDefinition {
 public:
  virtual ~INetworkDefinition() = default;
#if TRTGEN_STUB_AT_LEAST(8, 6)
  virtual ICastLayer* addCast(ITensor& input, DataType toType) noexcept = 0;
#else
  virtual IIdentityLayer* addIdentity(ITensor& input) noexcept = 0;
#endif
  virtual IActivationLayer* addActivation(ITensor& input, ActivationType type) noexcept = 0;
#if TRTGEN_STUB_AT_LEAST(10, 15)
  virtual INormalizationLayer* addNormalizationV2(ITensor& input, ITensor& scale, ITensor& bias,
                                                  uint32_t axesMask) noexcept = 0;
#elif TRTGEN_STUB_AT_LEAST(8, 6)
  virtual INormalizationLayer* addNormalization(ITensor& input, ITensor& scale, ITensor& bias,
                                                uint32_t axesMask) noexcept = 0;
#endif
#if TRTGEN_STUB_AT_LEAST(10, 14)
  virtual ITopKLayer* addTopK(ITensor& input, TopKOperation op, int32_t k, uint32_t reduceAxes,
                              DataType indicesType) noexcept = 0;
#else
  virtual ITopKLayer* addTopK(ITensor& input, TopKOperation op, int32_t k, uint32_t reduceAxes) noexcept = 0;
#endif
#ifndef TRT_MAJOR_RTX  // TensorRT-RTX has no plugin layers
  virtual IPluginV2Layer* addPluginV2(ITensor* const* inputs, int32_t nbInputs,
                                      IPluginV2& plugin) noexcept = 0;
#if TRTGEN_STUB_AT_LEAST(10, 0)
  virtual IPluginV3Layer* addPluginV3(ITensor* const* inputs, int32_t nbInputs, ITensor* const* shapeInputs,
                                      int32_t nbShapeInputs, IPluginV3& plugin) noexcept = 0;
#endif
#endif
  virtual int32_t getNbInputs() const noexcept = 0;
  virtual ITensor* getInput(int32_t index) const noexcept = 0;
  virtual int32_t getNbOutputs() const noexcept = 0;
  virtual ITensor* getOutput(int32_t index) const noexcept = 0;
};

#ifdef TRT_MAJOR_RTX
enum class ComputeCapability : int32_t {
  kNONE = 0,
  kCURRENT = 1,
  kSM75 = 75,
  kSM80 = 80,
  kSM86 = 86,
  kSM89 = 89,
  kSM120 = 120,
  kSM121 = 121
};
#endif

// Dynamic shapes (dynamic_shapes.cpp): the same on every release.
enum class OptProfileSelector : int32_t { kMIN = 0, kOPT = 1, kMAX = 2 };

class IOptimizationProfile {
 public:
  virtual ~IOptimizationProfile() = default;
  virtual bool setDimensions(const char* inputName, OptProfileSelector select, const Dims& dims) noexcept = 0;
};

class IBuilderConfig {
 public:
  virtual ~IBuilderConfig() = default;
  virtual int32_t addOptimizationProfile(const IOptimizationProfile* profile) noexcept = 0;
#if TRTGEN_STUB_AT_LEAST(8, 4)
  virtual void setMemoryPoolLimit(MemoryPoolType pool, std::size_t poolSize) noexcept = 0;
#else
  virtual void setMaxWorkspaceSize(std::size_t workspaceSize) noexcept = 0;
#endif
  virtual void setFlag(BuilderFlag flag) noexcept = 0;
  virtual void clearFlag(BuilderFlag flag) noexcept = 0;
  virtual void setProfilingVerbosity(ProfilingVerbosity verbosity) noexcept = 0;
  virtual ITimingCache* createTimingCache(const void* blob, std::size_t size) const noexcept = 0;
  virtual bool setTimingCache(const ITimingCache& cache, bool ignoreMismatch) noexcept = 0;
  virtual const ITimingCache* getTimingCache() const noexcept = 0;
  virtual void setDefaultDeviceType(DeviceType deviceType) noexcept = 0;
  virtual void setDLACore(int32_t dlaCore) noexcept = 0;
#if !TRTGEN_STUB_AT_LEAST(11, 0)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  TRTGEN_STUB_DEPRECATED virtual void setInt8Calibrator(IInt8Calibrator* calibrator) noexcept = 0;
#pragma GCC diagnostic pop
#endif
#if TRTGEN_STUB_AT_LEAST(8, 6)
  virtual void setBuilderOptimizationLevel(int32_t level) noexcept = 0;
#endif
#ifdef TRT_MAJOR_RTX
  virtual bool setNbComputeCapabilities(int32_t maxNbComputeCapabilities) noexcept = 0;
  virtual bool setComputeCapability(ComputeCapability computeCapability, int32_t index) noexcept = 0;
#endif
};

// ---- runtime side (engine_runner.cpp; the test implements these) ---------------
#if TRTGEN_STUB_AT_LEAST(8, 5)
enum class TensorIOMode : int32_t { kNONE = 0, kINPUT = 1, kOUTPUT = 2 };
#endif

class IProfiler {
 public:
  virtual void reportLayerTime(const char* layerName, float ms) noexcept = 0;
  virtual ~IProfiler() noexcept {}
};

enum class LayerInformationFormat : int32_t { kONELINE = 0, kJSON = 1 };

class IEngineInspector {
 public:
  virtual ~IEngineInspector() noexcept = default;
  virtual const char* getEngineInformation(LayerInformationFormat format) const noexcept = 0;
};

class IExecutionContext {
 public:
  virtual ~IExecutionContext() = default;
  virtual void setProfiler(IProfiler* profiler) noexcept = 0;
#if TRTGEN_STUB_AT_LEAST(8, 5)
  virtual bool setTensorAddress(const char* tensorName, void* data) noexcept = 0;
  virtual bool enqueueV3(cudaStream_t stream) noexcept = 0;
  virtual bool setInputShape(const char* tensorName, const Dims& dims) noexcept = 0;
  virtual Dims getTensorShape(const char* tensorName) const noexcept = 0;
#else
  virtual bool setBindingDimensions(int32_t bindingIndex, Dims dimensions) noexcept = 0;
  virtual Dims getBindingDimensions(int32_t bindingIndex) const noexcept = 0;
  virtual bool enqueueV2(void* const* bindings, cudaStream_t stream, cudaEvent_t* inputConsumed) noexcept = 0;
#endif
};

class ICudaEngine {
 public:
  virtual ~ICudaEngine() = default;
  virtual IExecutionContext* createExecutionContext() noexcept = 0;
  virtual IEngineInspector* createEngineInspector() const noexcept = 0;
#if TRTGEN_STUB_AT_LEAST(8, 5)
  virtual int32_t getNbIOTensors() const noexcept = 0;
  virtual const char* getIOTensorName(int32_t index) const noexcept = 0;
  virtual TensorIOMode getTensorIOMode(const char* tensorName) const noexcept = 0;
  virtual Dims getTensorShape(const char* tensorName) const noexcept = 0;
  virtual DataType getTensorDataType(const char* tensorName) const noexcept = 0;
#else
  virtual int32_t getNbBindings() const noexcept = 0;
  virtual int32_t getNbOptimizationProfiles() const noexcept = 0;
  virtual const char* getBindingName(int32_t bindingIndex) const noexcept = 0;
  virtual int32_t getBindingIndex(const char* name) const noexcept = 0;
  virtual bool bindingIsInput(int32_t bindingIndex) const noexcept = 0;
  virtual Dims getBindingDimensions(int32_t bindingIndex) const noexcept = 0;
  virtual DataType getBindingDataType(int32_t bindingIndex) const noexcept = 0;
#endif
};

#ifdef TRT_MAJOR_RTX
enum class EngineValidity : int32_t { kVALID = 0, kSUBOPTIMAL = 1, kINVALID = 2 };
enum class EngineInvalidityDiagnostics : uint64_t {
  kVERSION_MISMATCH = 1ULL << 0,
  kUNSUPPORTED_CC = 1ULL << 1,
  kOLD_CUDA_DRIVER = 1ULL << 2,
  kOLD_CUDA_RUNTIME = 1ULL << 3,
  kINSUFFICIENT_GPU_MEMORY = 1ULL << 4,
  kMALFORMED_ENGINE = 1ULL << 5,
  kCUDA_ERROR = 1ULL << 6,
};
#endif

class IRuntime {
 public:
  virtual ~IRuntime() = default;
  virtual ICudaEngine* deserializeCudaEngine(const void* blob, std::size_t size) noexcept = 0;
  virtual void setDLACore(int32_t dlaCore) noexcept = 0;
#ifdef TRT_MAJOR_RTX
  virtual EngineValidity getEngineValidity(const void* blob, int64_t blobSize,
                                           uint64_t* diagnostics) const noexcept = 0;
#endif
};

// ---- builder side (builder_main.cpp; the test implements these) ---------------------
class IHostMemory {
 public:
  virtual ~IHostMemory() = default;
  virtual void* data() const noexcept = 0;
  virtual std::size_t size() const noexcept = 0;
};

class ITimingCache {
 public:
  virtual ~ITimingCache() noexcept = default;
  virtual IHostMemory* serialize() const noexcept = 0;
};

using NetworkDefinitionCreationFlags = uint32_t;

class IBuilder {
 public:
  virtual ~IBuilder() = default;
  virtual INetworkDefinition* createNetworkV2(NetworkDefinitionCreationFlags flags) noexcept = 0;
  virtual IBuilderConfig* createBuilderConfig() noexcept = 0;
  virtual int32_t getNbDLACores() const noexcept = 0;
  virtual IOptimizationProfile* createOptimizationProfile() noexcept = 0;
  virtual IHostMemory* buildSerializedNetwork(INetworkDefinition& network,
                                              IBuilderConfig& config) noexcept = 0;
};

// Defined by the test (TensorRT's own are inline wrappers around its library).
IRuntime* createInferRuntime(ILogger& logger) noexcept;
IBuilder* createInferBuilder(ILogger& logger) noexcept;

}  // namespace nvinfer1

// Declared only: trt_compat.h refers to it, the tests never call it.
nvinfer1::IPluginRegistry* getPluginRegistry() noexcept;
