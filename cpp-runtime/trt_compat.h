// trtgen runtime: the one place that knows which TensorRT release it is
// compiled against. Generated code and the other runtime files never test
// NV_TENSORRT_MAJOR themselves; they use the names below, so one generated
// source compiles against TensorRT 8.2, 8.5, 8.6, 10.x and 11.x headers.
#pragma once

#include <NvInfer.h>

#include <cstddef>
#include <cstdint>
#include <string>

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

}  // namespace compat
}  // namespace trtgen
