#include "network_builder.h"

#include <cmath>
#include <cstring>

#include "trt_compat.h"

namespace trtgen {

nvinfer1::Dims dims(std::initializer_list<int64_t> values) {
  nvinfer1::Dims d{};
  d.nbDims = 0;
  for (int64_t v : values) {
    if (d.nbDims >= nvinfer1::Dims::MAX_DIMS) break;
    d.d[d.nbDims++] = static_cast<decltype(d.d[0] + 0)>(v);
  }
  return d;
}

nvinfer1::Permutation permutation(std::initializer_list<int32_t> order) {
  nvinfer1::Permutation p{};
  int32_t i = 0;
  for (int32_t axis : order) {
    if (i >= nvinfer1::Dims::MAX_DIMS) break;
    p.order[i++] = axis;
  }
  for (; i < nvinfer1::Dims::MAX_DIMS; ++i) p.order[i] = i;
  return p;
}

PluginFieldValue PluginFieldValue::floats(const char* name, std::vector<float> values) {
  PluginFieldValue v;
  v.name = name;
  v.type = nvinfer1::PluginFieldType::kFLOAT32;
  v.f = std::move(values);
  return v;
}

PluginFieldValue PluginFieldValue::ints(const char* name, std::vector<int32_t> values) {
  PluginFieldValue v;
  v.name = name;
  v.type = nvinfer1::PluginFieldType::kINT32;
  v.i = std::move(values);
  return v;
}

PluginFieldValue PluginFieldValue::text(const char* name, std::string value) {
  PluginFieldValue v;
  v.name = name;
  v.type = nvinfer1::PluginFieldType::kCHAR;
  v.s = std::move(value);
  return v;
}

NetworkBuilder::NetworkBuilder(nvinfer1::INetworkDefinition& network, WeightsFile& weights,
                               const BuildOptions& options)
    : network_(network), weights_(weights), options_(options) {}

bool NetworkBuilder::requireAll(const WeightSpec* specs, std::size_t count) {
  bool all = true;
  for (std::size_t i = 0; i < count; ++i) {
    std::string message;
    if (!weights_.require(specs[i].name, specs[i].count, nullptr, &message)) {
      errors_.push_back(message);
      all = false;
    }
  }
  return all;
}

nvinfer1::DataType NetworkBuilder::computeType() const {
  return options_.fp16 && compat::kStronglyTyped ? nvinfer1::DataType::kHALF : nvinfer1::DataType::kFLOAT;
}

nvinfer1::Weights NetworkBuilder::owned(const std::vector<float>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  if (computeType() == nvinfer1::DataType::kHALF) {
    float* storage = weights_.allocateScratch((n + 1) / 2);
    if (storage == nullptr) {
      fail("out of memory for derived weights");
      return nvinfer1::Weights{nvinfer1::DataType::kHALF, nullptr, 0};
    }
    uint16_t* half = reinterpret_cast<uint16_t*>(storage);
    for (int64_t i = 0; i < n; ++i) half[i] = floatToHalf(values[static_cast<std::size_t>(i)]);
    return nvinfer1::Weights{nvinfer1::DataType::kHALF, storage, n};
  }
  float* storage = weights_.allocateScratch(n);
  if (storage == nullptr) {
    fail("out of memory for derived weights");
    return nvinfer1::Weights{nvinfer1::DataType::kFLOAT, nullptr, 0};
  }
  std::memcpy(storage, values.data(), values.size() * sizeof(float));
  return nvinfer1::Weights{nvinfer1::DataType::kFLOAT, storage, n};
}

bool NetworkBuilder::floats(const char* name, int64_t count, float fallback, std::vector<float>* out) {
  if (name == nullptr || name[0] == '\0') {
    out->assign(static_cast<std::size_t>(count), fallback);
    return true;
  }
  const Tensor* tensor = nullptr;
  std::string message;
  if (!weights_.require(name, count, &tensor, &message)) return fail(message);
  if (!tensor->toFloat32(out)) return fail(std::string("out of memory converting '") + name + "'");
  return true;
}

nvinfer1::Weights NetworkBuilder::weight(const char* name, int64_t count) {
  const Tensor* tensor = nullptr;
  std::string message;
  if (!weights_.require(name, count, &tensor, &message)) {
    fail(message);
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  const bool half = tensor->type == ElementType::kFloat16;
  if (half == (computeType() == nvinfer1::DataType::kHALF)) {
    return nvinfer1::Weights{half ? nvinfer1::DataType::kHALF : nvinfer1::DataType::kFLOAT, tensor->data(),
                             tensor->count};
  }
  std::vector<float> values;
  if (!tensor->toFloat32(&values)) {
    fail(std::string("out of memory converting '") + name + "'");
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  return owned(values);
}

nvinfer1::Weights NetworkBuilder::constant(const float* values, int64_t count) {
  return owned(std::vector<float>(values, values + count));
}

nvinfer1::Weights NetworkBuilder::batchNormScale(const char* gamma, const char* var, float eps,
                                                 int64_t channels) {
  std::vector<float> g, v;
  if (!floats(gamma, channels, 1.0f, &g) || !floats(var, channels, 1.0f, &v)) {
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  std::vector<float> scale(static_cast<std::size_t>(channels));
  for (std::size_t c = 0; c < scale.size(); ++c) scale[c] = g[c] / std::sqrt(v[c] + eps);
  return owned(scale);
}

nvinfer1::Weights NetworkBuilder::batchNormShift(const char* beta, const char* gamma, const char* mean,
                                                 const char* var, float eps, int64_t channels) {
  std::vector<float> b, g, m, v;
  if (!floats(beta, channels, 0.0f, &b) || !floats(gamma, channels, 1.0f, &g) ||
      !floats(mean, channels, 0.0f, &m) || !floats(var, channels, 1.0f, &v)) {
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  std::vector<float> shift(static_cast<std::size_t>(channels));
  for (std::size_t c = 0; c < shift.size(); ++c) shift[c] = b[c] - m[c] * g[c] / std::sqrt(v[c] + eps);
  return owned(shift);
}

nvinfer1::Weights NetworkBuilder::foldedConvWeight(const char* weight, int64_t count, const char* gamma,
                                                   const char* var, float eps, int64_t channels) {
  std::vector<float> w, g, v;
  if (channels <= 0 || count % channels != 0) {
    fail(std::string("cannot fold batch norm into '") + weight +
         "': count is not a multiple of the channels");
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  if (!floats(weight, count, 0.0f, &w) || !floats(gamma, channels, 1.0f, &g) ||
      !floats(var, channels, 1.0f, &v)) {
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  const std::size_t perChannel = static_cast<std::size_t>(count / channels);
  for (std::size_t c = 0; c < static_cast<std::size_t>(channels); ++c) {
    const float scale = g[c] / std::sqrt(v[c] + eps);
    for (std::size_t i = 0; i < perChannel; ++i) w[c * perChannel + i] *= scale;
  }
  return owned(w);
}

nvinfer1::Weights NetworkBuilder::dilatedKernel(const char* weight, int64_t count, int32_t kh, int32_t kw,
                                                int32_t dh, int32_t dw) {
  std::vector<float> w;
  if (kh <= 0 || kw <= 0 || dh <= 0 || dw <= 0 || count % (static_cast<int64_t>(kh) * kw) != 0) {
    fail(std::string("cannot dilate the kernel '") + weight +
         "': its count is not a multiple of the kernel size");
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  if (!floats(weight, count, 0.0f, &w)) return nvinfer1::Weights{computeType(), nullptr, 0};
  const std::size_t planes = static_cast<std::size_t>(count / (static_cast<int64_t>(kh) * kw));
  const std::size_t eh = static_cast<std::size_t>(dh) * static_cast<std::size_t>(kh - 1) + 1;
  const std::size_t ew = static_cast<std::size_t>(dw) * static_cast<std::size_t>(kw - 1) + 1;
  std::vector<float> out(planes * eh * ew, 0.0f);
  for (std::size_t p = 0; p < planes; ++p) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(kh); ++i) {
      for (std::size_t j = 0; j < static_cast<std::size_t>(kw); ++j) {
        out[(p * eh + i * static_cast<std::size_t>(dh)) * ew + j * static_cast<std::size_t>(dw)] =
            w[(p * static_cast<std::size_t>(kh) + i) * static_cast<std::size_t>(kw) + j];
      }
    }
  }
  return owned(out);
}

nvinfer1::Weights NetworkBuilder::foldedConvBias(const char* bias, const char* beta, const char* mean,
                                                 const char* gamma, const char* var, float eps,
                                                 int64_t channels) {
  std::vector<float> b, be, m, g, v;
  if (!floats(bias, channels, 0.0f, &b) || !floats(beta, channels, 0.0f, &be) ||
      !floats(mean, channels, 0.0f, &m) || !floats(gamma, channels, 1.0f, &g) ||
      !floats(var, channels, 1.0f, &v)) {
    return nvinfer1::Weights{computeType(), nullptr, 0};
  }
  std::vector<float> out(static_cast<std::size_t>(channels));
  for (std::size_t c = 0; c < out.size(); ++c) out[c] = (b[c] - m[c]) * g[c] / std::sqrt(v[c] + eps) + be[c];
  return owned(out);
}

nvinfer1::ITensor* NetworkBuilder::input(const char* name, nvinfer1::DataType type, const nvinfer1::Dims& d) {
  nvinfer1::ITensor* tensor = network_.addInput(name, type, d);
  if (tensor == nullptr) {
    fail(std::string("cannot add network input '") + name + "'");
    return nullptr;
  }
  if (type != computeType()) {
    nvinfer1::ILayer* cast = compat::addCast(network_, *tensor, computeType());
    if (!check(cast, (std::string(name) + "/cast").c_str())) return nullptr;
    return cast->getOutput(0);
  }
  return tensor;
}

bool NetworkBuilder::output(nvinfer1::ITensor* tensor, const char* name) {
  if (tensor == nullptr) return fail(std::string("output '") + name + "' has no tensor");
  if (computeType() != nvinfer1::DataType::kFLOAT) {
    nvinfer1::ILayer* cast = compat::addCast(network_, *tensor, nvinfer1::DataType::kFLOAT);
    if (!check(cast, (std::string(name) + "/cast").c_str())) return false;
    tensor = cast->getOutput(0);
  }
  tensor->setName(name);
  network_.markOutput(*tensor);
  return true;
}

nvinfer1::ITensor* NetworkBuilder::scalar(float value, int32_t rank) {
  nvinfer1::Dims d{};
  d.nbDims = rank;
  for (int32_t i = 0; i < rank; ++i) d.d[i] = 1;
  nvinfer1::IConstantLayer* layer = network_.addConstant(d, constant(&value, 1));
  return layer != nullptr ? layer->getOutput(0) : nullptr;
}

nvinfer1::ITensor* NetworkBuilder::binary(nvinfer1::ITensor& a, nvinfer1::ITensor& b,
                                          nvinfer1::ElementWiseOperation op) {
  nvinfer1::IElementWiseLayer* layer = network_.addElementWise(a, b, op);
  return layer != nullptr ? layer->getOutput(0) : nullptr;
}

nvinfer1::ILayer* NetworkBuilder::gelu(nvinfer1::ITensor& x, bool tanhApproximation) {
  if (nvinfer1::ILayer* native = compat::addNativeGelu(network_, x, tanhApproximation)) return native;
  using Op = nvinfer1::ElementWiseOperation;
  const int32_t rank = x.getDimensions().nbDims;
  nvinfer1::ITensor* inner = nullptr;
  if (tanhApproximation) {
    // 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
    nvinfer1::ITensor* x2 = binary(x, x, Op::kPROD);
    nvinfer1::ITensor* x3 = x2 ? binary(*x2, x, Op::kPROD) : nullptr;
    nvinfer1::ITensor* k = scalar(0.044715f, rank);
    nvinfer1::ITensor* ax3 = x3 && k ? binary(*x3, *k, Op::kPROD) : nullptr;
    nvinfer1::ITensor* s = ax3 ? binary(x, *ax3, Op::kSUM) : nullptr;
    nvinfer1::ITensor* c = scalar(0.7978845608028654f, rank);
    nvinfer1::ITensor* arg = s && c ? binary(*s, *c, Op::kPROD) : nullptr;
    nvinfer1::IActivationLayer* t =
        arg ? network_.addActivation(*arg, nvinfer1::ActivationType::kTANH) : nullptr;
    inner = t ? t->getOutput(0) : nullptr;
  } else {
    // 0.5 * x * (1 + erf(x / sqrt(2)))
    nvinfer1::ITensor* c = scalar(0.7071067811865476f, rank);
    nvinfer1::ITensor* scaled = c ? binary(x, *c, Op::kPROD) : nullptr;
    nvinfer1::IUnaryLayer* e = scaled ? network_.addUnary(*scaled, nvinfer1::UnaryOperation::kERF) : nullptr;
    inner = e ? e->getOutput(0) : nullptr;
  }
  nvinfer1::ITensor* one = scalar(1.0f, rank);
  nvinfer1::ITensor* onePlus = inner && one ? binary(*inner, *one, Op::kSUM) : nullptr;
  nvinfer1::ITensor* half = scalar(0.5f, rank);
  nvinfer1::ITensor* xh = half ? binary(x, *half, Op::kPROD) : nullptr;
  if (onePlus == nullptr || xh == nullptr) return nullptr;
  return network_.addElementWise(*xh, *onePlus, Op::kPROD);
}

nvinfer1::ILayer* NetworkBuilder::normalization(nvinfer1::ITensor& x, nvinfer1::ITensor& scale,
                                                nvinfer1::ITensor& bias, uint32_t axesMask, float eps) {
  if (compat::kNativeNormalization) {
    if (computeType() == nvinfer1::DataType::kFLOAT) {
      return compat::addNativeNormalization(network_, x, scale, bias, axesMask, eps);
    }
    // strongly typed FP16: normalize in float between casts
    nvinfer1::ILayer* xf = compat::addCast(network_, x, nvinfer1::DataType::kFLOAT);
    nvinfer1::ILayer* sf = compat::addCast(network_, scale, nvinfer1::DataType::kFLOAT);
    nvinfer1::ILayer* bf = compat::addCast(network_, bias, nvinfer1::DataType::kFLOAT);
    if (xf == nullptr || sf == nullptr || bf == nullptr) return nullptr;
    nvinfer1::ILayer* norm = compat::addNativeNormalization(network_, *xf->getOutput(0), *sf->getOutput(0),
                                                            *bf->getOutput(0), axesMask, eps);
    return norm != nullptr ? compat::addCast(network_, *norm->getOutput(0), computeType()) : nullptr;
  }
  // mean and variance by reductions over the axes (kept), then scale and shift
  using Op = nvinfer1::ElementWiseOperation;
  const int32_t rank = x.getDimensions().nbDims;
  nvinfer1::IReduceLayer* mean = network_.addReduce(x, nvinfer1::ReduceOperation::kAVG, axesMask, true);
  nvinfer1::ITensor* centered = mean ? binary(x, *mean->getOutput(0), Op::kSUB) : nullptr;
  nvinfer1::ITensor* squared = centered ? binary(*centered, *centered, Op::kPROD) : nullptr;
  nvinfer1::IReduceLayer* var =
      squared ? network_.addReduce(*squared, nvinfer1::ReduceOperation::kAVG, axesMask, true) : nullptr;
  nvinfer1::ITensor* epsilon = scalar(eps, rank);
  nvinfer1::ITensor* shifted = var && epsilon ? binary(*var->getOutput(0), *epsilon, Op::kSUM) : nullptr;
  nvinfer1::IUnaryLayer* stddev =
      shifted ? network_.addUnary(*shifted, nvinfer1::UnaryOperation::kSQRT) : nullptr;
  nvinfer1::ITensor* normalized = stddev ? binary(*centered, *stddev->getOutput(0), Op::kDIV) : nullptr;
  nvinfer1::ITensor* scaled = normalized ? binary(*normalized, scale, Op::kPROD) : nullptr;
  if (scaled == nullptr) return nullptr;
  return network_.addElementWise(*scaled, bias, Op::kSUM);
}

nvinfer1::ILayer* NetworkBuilder::argmax(nvinfer1::ITensor& x, int32_t axis) {
  nvinfer1::ITopKLayer* topk = compat::addTopK(network_, x, nvinfer1::TopKOperation::kMAX, 1, 1u << axis);
  if (topk == nullptr) return nullptr;
  return compat::addCast(network_, *topk->getOutput(1), computeType());
}

nvinfer1::Weights NetworkBuilder::indices(const char* name, int64_t count, int64_t bound) {
  const nvinfer1::Weights none{nvinfer1::DataType::kINT32, nullptr, 0};
  std::vector<float> values;
  if (!floats(name, count, 0.0f, &values)) return none;
  int32_t* storage = reinterpret_cast<int32_t*>(weights_.allocateScratch(count));  // 4-byte slots
  if (storage == nullptr) {
    fail("out of memory for indices");
    return none;
  }
  for (int64_t i = 0; i < count; ++i) {
    const float v = values[static_cast<std::size_t>(i)];
    if (!(v >= 0.0f && v < static_cast<float>(bound)) || v != static_cast<float>(static_cast<int32_t>(v))) {
      fail(std::string("tensor '") + name + "' value " + std::to_string(v) + " at " + std::to_string(i) +
           " is not an index in [0, " + std::to_string(bound) + ")");
      return none;
    }
    storage[i] = static_cast<int32_t>(v);
  }
  return nvinfer1::Weights{nvinfer1::DataType::kINT32, storage, count};
}

nvinfer1::ILayer* NetworkBuilder::fillSlice(nvinfer1::ITensor& input, const nvinfer1::Dims& start,
                                            const nvinfer1::Dims& size, float value) {
  nvinfer1::Dims stride = start;
  for (int32_t i = 0; i < stride.nbDims; ++i) stride.d[i] = 1;
  nvinfer1::ISliceLayer* layer = network_.addSlice(input, start, size, stride);
  nvinfer1::ITensor* fill = scalar(value, 0);  // a 0-d constant: the fill input must be a scalar
  if (layer == nullptr || fill == nullptr) return nullptr;
  layer->setMode(compat::kSliceFill);
  layer->setInput(4, *fill);
  return layer;
}

nvinfer1::ILayer* NetworkBuilder::plugin(nvinfer1::ITensor* const* inputs, int32_t nbInputs, const char* name,
                                         const char* version, const char* pluginNamespace,
                                         const std::vector<PluginFieldValue>& fields) {
  std::vector<nvinfer1::PluginField> list;
  list.reserve(fields.size());
  for (const PluginFieldValue& f : fields) {
    const void* data = f.type == nvinfer1::PluginFieldType::kFLOAT32 ? static_cast<const void*>(f.f.data())
                       : f.type == nvinfer1::PluginFieldType::kINT32 ? static_cast<const void*>(f.i.data())
                                                                     : static_cast<const void*>(f.s.c_str());
    const std::size_t length = f.type == nvinfer1::PluginFieldType::kFLOAT32 ? f.f.size()
                               : f.type == nvinfer1::PluginFieldType::kINT32 ? f.i.size()
                                                                             : f.s.size() + 1;
    list.emplace_back(f.name.c_str(), data, f.type, static_cast<int32_t>(length));
  }
  nvinfer1::PluginFieldCollection collection{};
  collection.nbFields = static_cast<int32_t>(list.size());
  collection.fields = list.data();
  nvinfer1::ILayer* layer =
      compat::addPlugin(network_, inputs, nbInputs, name, version, pluginNamespace, collection);
  if (layer == nullptr) {
    fail(std::string("plugin '") + name + "' version '" + version + "' namespace '" + pluginNamespace +
         "' not found or failed to create; is its library loaded (initLibNvInferPlugins or the plugin's "
         ".so)?");
  }
  return layer;
}

bool NetworkBuilder::check(nvinfer1::ILayer* layer, const char* name) {
  if (layer == nullptr)
    return fail(std::string("TensorRT refused to add layer '") + name + "' (see the log above)");
  layer->setName(name);
  nameNewLayers(layer, name);
  return true;
}

void NetworkBuilder::nameNewLayers(const nvinfer1::ILayer* except, const char* name) {
  // TensorRT names a layer "(Unnamed Layer* <index>) [<type>]" until it is given a name; a
  // snippet's own names are kept.
  static const char kUnnamed[] = "(Unnamed Layer* ";
  const int32_t count = network_.getNbLayers();
  int32_t k = 0;
  for (int32_t i = named_; i < count; ++i) {
    nvinfer1::ILayer* l = network_.getLayer(i);
    if (l == nullptr || l == except) continue;
    const char* current = l->getName();
    if (current != nullptr && std::strncmp(current, kUnnamed, sizeof kUnnamed - 1) != 0) continue;
    l->setName((std::string(name) + "/" + std::to_string(++k)).c_str());
  }
  named_ = count;
}

bool NetworkBuilder::fail(const std::string& message) {
  errors_.push_back(message);
  return false;
}

bool NetworkBuilder::report(std::string* error) const {
  if (error != nullptr) {
    error->clear();
    for (const std::string& e : errors_) {
      if (!error->empty()) error->push_back('\n');
      error->append(e);
    }
  }
  return ok();
}

}  // namespace trtgen
