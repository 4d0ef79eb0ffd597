// trtgen runtime: dynamic shapes (spec `profiles`) in the builder program -- the
// optimization profiles it adds to the builder configuration, and the shapes that
// --verify and --bench run at (--shape NAME=AxBxC).
#ifndef TRTGEN_RUNTIME_DYNAMIC_SHAPES_H_
#define TRTGEN_RUNTIME_DYNAMIC_SHAPES_H_

#include <NvInfer.h>

#include <cstddef>
#include <string>
#include <vector>

#include "engine_runner.h"
#include "network_info.h"

namespace trtgen {

// Whether the network has a dynamic input (and so optimization profiles).
bool hasDynamicInputs(const NetworkInfo& info);

// Adds one IOptimizationProfile per spec profile to `config` (setDimensions kMIN, kOPT,
// kMAX for each dynamic input). Nothing for a static network. False with a message.
bool addOptimizationProfiles(nvinfer1::IBuilder& builder, nvinfer1::IBuilderConfig& config,
                             const NetworkInfo& info, std::string* error);

// The run shape of every dynamic input: from the `--shape NAME=AxBxC` arguments, else the
// first profile's opt. Each must have the input's rank and static dimensions and lie within
// the first profile's min..max (the execution context runs with profile 0). False with a
// message (a usage error).
bool resolveRunShapes(const NetworkInfo& info, const std::vector<std::string>& args,
                      std::vector<InputShape>* shapes, std::string* error);

// The number of values of input `t` at the run shapes.
std::size_t inputCount(const TensorInfo& t, const std::vector<InputShape>& shapes);

// "image [4, 3, 224, 224], mask [4, 1, 224, 224]"
std::string runShapesString(const std::vector<InputShape>& shapes);

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_DYNAMIC_SHAPES_H_
