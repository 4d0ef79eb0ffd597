// trtgen runtime: what generated buildNetwork() functions call besides the
// TensorRT network API itself -- weight lookup with checked counts, build-time
// derived weights (BatchNorm scale/shift, constants), inputs/outputs, the few
// composite layers, and error collection. Version differences live in
// trt_compat.h only.
#ifndef TRTGEN_RUNTIME_NETWORK_BUILDER_H_
#define TRTGEN_RUNTIME_NETWORK_BUILDER_H_

#include <NvInfer.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "weights.h"

namespace trtgen {

// nvinfer1::Dims from a list (works with the 32-bit dims of 8.x and 64-bit of 10+).
nvinfer1::Dims dims(std::initializer_list<int64_t> values);
// nvinfer1::Permutation from a list of axes.
nvinfer1::Permutation permutation(std::initializer_list<int32_t> order);

struct BuildOptions {
  // Build an FP16 engine: the builder flag where it exists, half tensors and
  // weights on strongly typed releases (TensorRT 11).
  bool fp16 = false;
};

// A tensor the network needs from the .wts file, with its expected value count.
struct WeightSpec {
  const char* name;
  int64_t count;
};

// One creation field of a plugin (custom layers).
struct PluginFieldValue {
  static PluginFieldValue floats(const char* name, std::vector<float> values);
  static PluginFieldValue ints(const char* name, std::vector<int32_t> values);
  static PluginFieldValue text(const char* name, std::string value);

  std::string name;
  nvinfer1::PluginFieldType type = nvinfer1::PluginFieldType::kFLOAT32;
  std::vector<float> f;
  std::vector<int32_t> i;
  std::string s;
};

class NetworkBuilder {
 public:
  NetworkBuilder(nvinfer1::INetworkDefinition& network, WeightsFile& weights, const BuildOptions& options);

  // Checks that every tensor exists with its expected count; reports all problems.
  bool requireAll(const WeightSpec* specs, std::size_t count);
  template <std::size_t N>
  bool requireAll(const WeightSpec (&specs)[N]) {
    return requireAll(specs, N);
  }

  // kHALF for FP16 builds on strongly typed releases, else kFLOAT.
  nvinfer1::DataType computeType() const;

  // A tensor of the file, in the compute type (converted into owned memory if needed).
  nvinfer1::Weights weight(const char* name, int64_t count);
  // Constant values in the compute type.
  nvinfer1::Weights constant(const float* values, int64_t count);
  // BatchNorm folded to a per-channel scale: gamma / sqrt(var + eps) ("" gamma = 1).
  nvinfer1::Weights batchNormScale(const char* gamma, const char* var, float eps, int64_t channels);
  // ... and shift: beta - mean * gamma / sqrt(var + eps) ("" beta = 0, "" gamma = 1).
  nvinfer1::Weights batchNormShift(const char* beta, const char* gamma, const char* mean, const char* var,
                                   float eps, int64_t channels);

  // --fold-bn: a convolution kernel [out, ...] scaled per output channel by
  // gamma / sqrt(var + eps), and the matching bias (b - mean) * that + beta ("" bias = 0).
  nvinfer1::Weights foldedConvWeight(const char* weight, int64_t count, const char* gamma, const char* var,
                                     float eps, int64_t channels);
  nvinfer1::Weights foldedConvBias(const char* bias, const char* beta, const char* mean, const char* gamma,
                                   const char* var, float eps, int64_t channels);

  // A kernel [..., kh, kw] spread out by dilation (dh, dw): [..., dh*(kh-1)+1, dw*(kw-1)+1]
  // with zeros between the taps. A strided and dilated deconvolution uses it undilated
  // (same result; TensorRT-RTX builds no strided dilated deconvolution).
  nvinfer1::Weights dilatedKernel(const char* weight, int64_t count, int32_t kh, int32_t kw, int32_t dh,
                                  int32_t dw);

  // A tensor of the file holding indices (whole numbers in [0, bound), stored as float) as
  // int32 weights, for an IGatherLayer's constant indices.
  nvinfer1::Weights indices(const char* name, int64_t count, int64_t bound);
  // Network input (cast to half on strongly typed FP16 builds).
  nvinfer1::ITensor* input(const char* name, nvinfer1::DataType type, const nvinfer1::Dims& dims);
  // Names and marks a network output (cast back to float where the network computes in half).
  bool output(nvinfer1::ITensor* tensor, const char* name);

  // GELU: native on TensorRT 10+, erf or tanh composition before.
  nvinfer1::ILayer* gelu(nvinfer1::ITensor& input, bool tanhApproximation);
  // Normalization over the axes of axesMask: (x - mean) / sqrt(var + eps) * scale + bias, with
  // scale and bias of the input's rank broadcast to it (LayerNorm, GroupNorm). INormalizationLayer
  // from TensorRT 8.6, in float also in FP16 builds; reductions and elementwise layers before.
  nvinfer1::ILayer* normalization(nvinfer1::ITensor& input, nvinfer1::ITensor& scale, nvinfer1::ITensor& bias,
                                  uint32_t axesMask, float eps);
  // Index of the largest value along one axis (kept, size 1), as values of the compute type:
  // ITopKLayer(kMAX, k = 1)'s int32 indices, cast.
  nvinfer1::ILayer* argmax(nvinfer1::ITensor& input, int32_t axis);
  // A stride-1 slice reading outside the input (padding): out-of-bounds elements are `value`
  // (ISliceLayer kFILL with a scalar constant of the compute type as its fill input).
  nvinfer1::ILayer* fillSlice(nvinfer1::ITensor& input, const nvinfer1::Dims& start,
                              const nvinfer1::Dims& size, float value);
  // A TensorRT plugin by creator name.
  nvinfer1::ILayer* plugin(nvinfer1::ITensor* const* inputs, int32_t nbInputs, const char* name,
                           const char* version, const char* pluginNamespace,
                           const std::vector<PluginFieldValue>& fields);

  // Names a freshly added layer; records an error naming it when it is null. The layers added
  // since the previous check() that have no name yet (those of a composite such as gelu(), or
  // of a custom snippet) are named "<name>/<k>" (k = 1, 2, ...), so that every engine layer,
  // and TensorRT's per-layer profile, names the spec layer it came from.
  bool check(nvinfer1::ILayer* layer, const char* name);
  // The same for the layers a custom snippet added (no layer of its own).
  void nameNewLayers(const char* name) { nameNewLayers(nullptr, name); }
  // Records an error; returns false.
  bool fail(const std::string& message);
  bool ok() const { return errors_.empty(); }
  // Copies the collected errors into *error (one per line); returns ok().
  bool report(std::string* error) const;

 private:
  nvinfer1::Weights owned(const std::vector<float>& values);
  bool floats(const char* name, int64_t count, float fallback, std::vector<float>* out);
  nvinfer1::ITensor* scalar(float value, int32_t rank);
  nvinfer1::ITensor* binary(nvinfer1::ITensor& a, nvinfer1::ITensor& b, nvinfer1::ElementWiseOperation op);
  void nameNewLayers(const nvinfer1::ILayer* except, const char* name);

  nvinfer1::INetworkDefinition& network_;
  WeightsFile& weights_;
  BuildOptions options_;
  std::vector<std::string> errors_;
  int32_t named_ = 0;  // layers before this index have been named
};

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_NETWORK_BUILDER_H_
