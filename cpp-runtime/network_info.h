// trtgen runtime: what a generated network tells the shared builder program
// (builder_main.h) about itself. The generated <name>_network.h lists its I/O
// tensors as TensorInfo; <name>_builder.cpp fills a NetworkInfo and calls
// trtgen::runBuilder.
#ifndef TRTGEN_RUNTIME_NETWORK_INFO_H_
#define TRTGEN_RUNTIME_NETWORK_INFO_H_

#include <NvInfer.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "network_builder.h"
#include "weights.h"

namespace trtgen {

// A network input or output as the spec declares it (-1 for a dynamic dimension).
struct TensorInfo {
  const char* name;
  int32_t nbDims;
  int64_t dims[8];
  // Outputs: layers on the longest path from an input; scales --verify's tolerance
  // (docs/numerics.md). 0 for inputs.
  int32_t depth = 0;
};

// Dynamic shapes: one dynamic input's shapes in one optimization profile (spec `profiles`;
// dims are -1 in its TensorInfo where they vary).
struct ProfileRange {
  int32_t profile;  // 0, 1, ...: the IOptimizationProfile this range belongs to
  const char* input;
  int32_t nbDims;
  int64_t min[8];
  int64_t opt[8];
  int64_t max[8];
};

// The generated buildNetwork(): adds every layer to `network`, reading `weights`;
// false with the reasons in *error.
using BuildNetworkFn = bool (*)(nvinfer1::INetworkDefinition& network, WeightsFile& weights,
                                const BuildOptions& options, std::string* error);
// Registers the TensorRT plugins a network uses (initLibNvInferPlugins); false on failure.
using InitPluginsFn = bool (*)(nvinfer1::ILogger& logger);

struct NetworkInfo {
  const char* name = "";               // the spec's network name (messages)
  const char* exe = "";                // the builder program's name (usage text, message prefix)
  const TensorInfo* inputs = nullptr;  // in network order
  std::size_t nbInputs = 0;
  const TensorInfo* outputs = nullptr;  // in network order
  std::size_t nbOutputs = 0;
  const ProfileRange* profileRanges = nullptr;  // dynamic shapes, by profile then input; none if static
  std::size_t nbProfileRanges = 0;
  bool needsWeights = true;  // reads tensors from a .wts file (--wts is optional otherwise)
  // "sha256:<hex>" of the network as trtgen lowered it (src/emit/render.ts specHash): written
  // into the engine's metadata, and an engine whose metadata says otherwise is refused.
  const char* specHash = "";
  const char* trtgenVersion = "";  // the trtgen that generated the program
  // The spec's build: section as builder arguments ("--fp16", "--workspace", "512", ...):
  // parsed before the command line's, which therefore override their values.
  const char* const* specDefaults = nullptr;
  std::size_t nbSpecDefaults = 0;
  BuildNetworkFn buildNetwork = nullptr;
  InitPluginsFn initPlugins = nullptr;  // null: the network uses no plugins
};

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_NETWORK_INFO_H_
