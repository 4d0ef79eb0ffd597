// TEST-ONLY stand-in for TensorRT's NvInfer.h, so the TensorRT-free CI can
// compile cpp-runtime/logger.h (logger_test) and cpp-runtime/engine_runner.cpp
// with trt_compat.h (engine_runner_tests). It mirrors the nvinfer1::ILogger
// interface of TensorRT 8.x-10.x, and declares only the other names that
// trt_compat.h and engine_runner.cpp use, as abstract classes: a test supplies
// fakes (createInferRuntime is declared here and defined by the test). Never
// put this directory on the include path of code that uses real TensorRT.
//
// The version defaults to 10.0; define NV_TENSORRT_MAJOR/MINOR (e.g. 8 and 2)
// to get the pre-8.5 binding API instead of the named I/O tensor API.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#ifndef NV_TENSORRT_MAJOR
#define NV_TENSORRT_MAJOR 10
#endif
#ifndef NV_TENSORRT_MINOR
#define NV_TENSORRT_MINOR 0
#endif

#define TRTGEN_STUB_AT_LEAST(major, minor) \
  (NV_TENSORRT_MAJOR > (major) || (NV_TENSORRT_MAJOR == (major) && NV_TENSORRT_MINOR >= (minor)))

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

// ---- builder side (only so trt_compat.h compiles; never called by the tests) ----
enum class DataType : int32_t { kFLOAT = 0, kHALF = 1, kINT8 = 2, kINT32 = 3, kBOOL = 4, kUINT8 = 5 };

class Dims {
 public:
  static constexpr int32_t MAX_DIMS = 8;
  int32_t nbDims;
#if NV_TENSORRT_MAJOR >= 10
  int64_t d[MAX_DIMS];
#else
  int32_t d[MAX_DIMS];
#endif
};

enum class BuilderFlag : int32_t { kFP16 = 0 };
enum class MemoryPoolType : int32_t { kWORKSPACE = 0 };
#if NV_TENSORRT_MAJOR < 10
enum class NetworkDefinitionCreationFlag : int32_t { kEXPLICIT_BATCH = 0 };
#endif
#if NV_TENSORRT_MAJOR >= 10
enum class InterpolationMode : int32_t { kNEAREST = 0, kLINEAR = 1 };
#else
enum class ResizeMode : int32_t { kNEAREST = 0, kLINEAR = 1 };
#endif
enum class ActivationType : int32_t { kRELU = 0, kGELU_ERF = 1, kGELU_TANH = 2 };

class ITensor {
 public:
  virtual ~ITensor() = default;
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

struct PluginFieldCollection {
  int32_t nbFields;
  const void* fields;
};

class IPluginV2 {
 public:
  virtual ~IPluginV2() = default;
};

#if NV_TENSORRT_MAJOR >= 10
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
  virtual IPluginV3* createPlugin(const char* name, const PluginFieldCollection* fc, TensorRTPhase phase) noexcept = 0;
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
#if NV_TENSORRT_MAJOR >= 10
  virtual IPluginCreatorInterface* getCreator(const char* name, const char* version, const char* ns) noexcept = 0;
#else
  virtual IPluginCreator* getPluginCreator(const char* name, const char* version, const char* ns) noexcept = 0;
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
  virtual IPluginV2Layer* addPluginV2(ITensor* const* inputs, int32_t nbInputs, IPluginV2& plugin) noexcept = 0;
#if NV_TENSORRT_MAJOR >= 10
  virtual IPluginV3Layer* addPluginV3(ITensor* const* inputs, int32_t nbInputs, ITensor* const* shapeInputs,
                                      int32_t nbShapeInputs, IPluginV3& plugin) noexcept = 0;
#endif
};

class IBuilderConfig {
 public:
  virtual ~IBuilderConfig() = default;
#if TRTGEN_STUB_AT_LEAST(8, 4)
  virtual void setMemoryPoolLimit(MemoryPoolType pool, std::size_t poolSize) noexcept = 0;
#else
  virtual void setMaxWorkspaceSize(std::size_t workspaceSize) noexcept = 0;
#endif
  virtual void setFlag(BuilderFlag flag) noexcept = 0;
};

// ---- runtime side (engine_runner.cpp; the test implements these) ---------------
#if TRTGEN_STUB_AT_LEAST(8, 5)
enum class TensorIOMode : int32_t { kNONE = 0, kINPUT = 1, kOUTPUT = 2 };
#endif

class IExecutionContext {
 public:
  virtual ~IExecutionContext() = default;
#if TRTGEN_STUB_AT_LEAST(8, 5)
  virtual bool setTensorAddress(const char* tensorName, void* data) noexcept = 0;
  virtual bool enqueueV3(cudaStream_t stream) noexcept = 0;
#else
  virtual bool enqueueV2(void* const* bindings, cudaStream_t stream, cudaEvent_t* inputConsumed) noexcept = 0;
#endif
};

class ICudaEngine {
 public:
  virtual ~ICudaEngine() = default;
  virtual IExecutionContext* createExecutionContext() noexcept = 0;
#if TRTGEN_STUB_AT_LEAST(8, 5)
  virtual int32_t getNbIOTensors() const noexcept = 0;
  virtual const char* getIOTensorName(int32_t index) const noexcept = 0;
  virtual TensorIOMode getTensorIOMode(const char* tensorName) const noexcept = 0;
  virtual Dims getTensorShape(const char* tensorName) const noexcept = 0;
  virtual DataType getTensorDataType(const char* tensorName) const noexcept = 0;
#else
  virtual int32_t getNbBindings() const noexcept = 0;
  virtual const char* getBindingName(int32_t bindingIndex) const noexcept = 0;
  virtual int32_t getBindingIndex(const char* name) const noexcept = 0;
  virtual bool bindingIsInput(int32_t bindingIndex) const noexcept = 0;
  virtual Dims getBindingDimensions(int32_t bindingIndex) const noexcept = 0;
  virtual DataType getBindingDataType(int32_t bindingIndex) const noexcept = 0;
#endif
};

class IRuntime {
 public:
  virtual ~IRuntime() = default;
  virtual ICudaEngine* deserializeCudaEngine(const void* blob, std::size_t size) noexcept = 0;
};

// Defined by the test (TensorRT's own is an inline wrapper around its library).
IRuntime* createInferRuntime(ILogger& logger) noexcept;

}  // namespace nvinfer1

// Declared only: trt_compat.h refers to it, the tests never call it.
nvinfer1::IPluginRegistry* getPluginRegistry() noexcept;
