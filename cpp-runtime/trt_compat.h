// trtgen runtime: the one place that knows which TensorRT release it is
// compiled against. Generated code and the other runtime files never test
// NV_TENSORRT_MAJOR themselves; they use the names below, so one generated
// source compiles against TensorRT 8.2, 8.5, 8.6, 10.x and 11.x headers.
#pragma once

#include <NvInfer.h>
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trtgen {
namespace compat {

// ---- network creation --------------------------------------------------------
// Explicit batch is a flag before TensorRT 10 and the only mode from 10 on.
#if NV_TENSORRT_MAJOR >= 10
constexpr uint32_t kNetworkFlags = 0U;
#else
constexpr uint32_t kNetworkFlags =
    1U << static_cast<uint32_t>(nvinfer1::NetworkDefinitionCreationFlag::kEXPLICIT_BATCH);
#endif

// TensorRT 11 builds strongly typed networks only: FP16 comes from half
// tensors and weights, not from a builder flag.
#if NV_TENSORRT_MAJOR >= 11
constexpr bool kStronglyTyped = true;
#else
constexpr bool kStronglyTyped = false;
#endif

// ---- builder configuration -----------------------------------------------------
inline void setWorkspace(nvinfer1::IBuilderConfig& config, std::size_t bytes) {
#if NV_TENSORRT_MAJOR > 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR >= 4)
  config.setMemoryPoolLimit(nvinfer1::MemoryPoolType::kWORKSPACE, bytes);
#else
  config.setMaxWorkspaceSize(bytes);
#endif
}

// Sets the FP16 builder flag where it exists; returns false on strongly typed
// releases, where the network itself must use half tensors (NetworkBuilder does).
inline bool setFp16Flag(nvinfer1::IBuilderConfig& config) {
#if NV_TENSORRT_MAJOR >= 11
  (void)config;
  return false;
#else
  config.setFlag(nvinfer1::BuilderFlag::kFP16);
  return true;
#endif
}

// ---- layers whose API changed ------------------------------------------------------
// Type conversion: ICastLayer from 8.6, identity with an output type before.
inline nvinfer1::ILayer* addCast(nvinfer1::INetworkDefinition& network, nvinfer1::ITensor& input,
                                 nvinfer1::DataType type) {
#if NV_TENSORRT_MAJOR > 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR >= 6)
  return network.addCast(input, type);
#else
  nvinfer1::IIdentityLayer* layer = network.addIdentity(input);
  if (layer != nullptr) layer->setOutputType(0, type);
  return layer;
#endif
}

// IResizeLayer::setResizeMode takes ResizeMode before 10, InterpolationMode from 10.
#if NV_TENSORRT_MAJOR >= 10
using ResizeMode = nvinfer1::InterpolationMode;
#else
using ResizeMode = nvinfer1::ResizeMode;
#endif
constexpr ResizeMode kResizeNearest = ResizeMode::kNEAREST;
constexpr ResizeMode kResizeLinear = ResizeMode::kLINEAR;

// GELU is an activation from TensorRT 10; earlier releases need a composition
// (NetworkBuilder::gelu builds it when this returns nullptr).
inline nvinfer1::ILayer* addNativeGelu(nvinfer1::INetworkDefinition& network, nvinfer1::ITensor& input,
                                       bool tanhApproximation) {
#if NV_TENSORRT_MAJOR >= 10
  return network.addActivation(
      input, tanhApproximation ? nvinfer1::ActivationType::kGELU_TANH : nvinfer1::ActivationType::kGELU_ERF);
#else
  (void)network;
  (void)input;
  (void)tanhApproximation;
  return nullptr;
#endif
}

// Plugins: IPluginV2 through the registry's getPluginCreator before 10; from 10
// getCreator, which may return a V3 creator (added with addPluginV3) or a V2 one.
inline nvinfer1::ILayer* addPlugin(nvinfer1::INetworkDefinition& network, nvinfer1::ITensor* const* inputs,
                                   int32_t nbInputs, const char* name, const char* version,
                                   const char* pluginNamespace,
                                   const nvinfer1::PluginFieldCollection& fields) {
  nvinfer1::IPluginRegistry* registry = getPluginRegistry();
  if (registry == nullptr) return nullptr;
#if NV_TENSORRT_MAJOR >= 10
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
}

// ---- running an engine (EngineRunner) ------------------------------------------------
// Before 8.5 an engine's inputs and outputs are "bindings" addressed by index and
// run with enqueueV2(bindings); from 8.5 they are I/O tensors addressed by name,
// bound with setTensorAddress and run with enqueueV3. The functions below hide
// that: iterate with nbIOTensors/ioTensor, bind with bindTensor, run with enqueue.
#if NV_TENSORRT_MAJOR > 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR >= 5)
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
#if NV_TENSORRT_MAJOR > 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR >= 5)
  return engine.getNbIOTensors();
#else
  return engine.getNbBindings();
#endif
}

// Name, direction, shape and type of I/O tensor `index` (0 .. nbIOTensors()-1).
inline IOTensor ioTensor(const nvinfer1::ICudaEngine& engine, int32_t index) {
  IOTensor t;
#if NV_TENSORRT_MAJOR > 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR >= 5)
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
#if NV_TENSORRT_MAJOR > 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR >= 5)
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

// Enqueues one inference on `stream` with the tensors bound by bindTensor.
inline bool enqueue(nvinfer1::IExecutionContext& context, std::vector<void*>& bindings, cudaStream_t stream) {
#if NV_TENSORRT_MAJOR > 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR >= 5)
  (void)bindings;
  return context.enqueueV3(stream);
#else
  return context.enqueueV2(bindings.data(), stream, nullptr);
#endif
}

}  // namespace compat
}  // namespace trtgen
