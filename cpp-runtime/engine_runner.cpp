#include "engine_runner.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <utility>

#include "trt_compat.h"

namespace trtgen {

bool cudaCheck(cudaError_t status, const char* what, std::string* error) {
  if (status == cudaSuccess) return true;
  *error = std::string(what) + ": " + cudaGetErrorString(status) + " (CUDA error " +
           std::to_string(static_cast<int>(status)) + ")";
  return false;
}

bool cudaDeviceAvailable() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no device" / "insufficient driver" error
    return false;
  }
  return count > 0;
}

// ---- DeviceBuffer ------------------------------------------------------------------

DeviceBuffer::~DeviceBuffer() { reset(); }

DeviceBuffer::DeviceBuffer(DeviceBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept {
  if (this != &other) {
    reset();
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

bool DeviceBuffer::allocate(std::size_t bytes, std::string* error) {
  reset();
  void* p = nullptr;
  const std::string what = "cudaMalloc(" + std::to_string(bytes) + " bytes)";
  if (!cudaCheck(cudaMalloc(&p, bytes == 0 ? 1 : bytes), what.c_str(), error)) return false;
  data_ = p;
  bytes_ = bytes;
  return true;
}

void DeviceBuffer::reset() {
  if (data_ != nullptr) cudaFree(data_);  // nothing useful to do with an error here
  data_ = nullptr;
  bytes_ = 0;
}

// ---- files ---------------------------------------------------------------------------

bool readBytes(const std::string& path, std::vector<unsigned char>* bytes, std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  bytes->clear();
  unsigned char chunk[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) bytes->insert(bytes->end(), chunk, chunk + n);
  const bool readError = std::ferror(f) != 0;
  const int readErrno = errno;
  std::fclose(f);
  if (readError) {
    *error = "cannot read '" + path + "': " + std::strerror(readErrno);
    return false;
  }
  return true;
}

bool readFloatFile(const std::string& path, std::size_t expectedCount, std::vector<float>* values,
                   std::string* error) {
  std::vector<unsigned char> bytes;
  if (!readBytes(path, &bytes, error)) return false;
  if (bytes.size() % sizeof(float) != 0) {
    *error = "'" + path + "' has " + std::to_string(bytes.size()) +
             " bytes, not a whole number of float32 values (raw little-endian float32, no header)";
    return false;
  }
  const std::size_t count = bytes.size() / sizeof(float);
  if (expectedCount > 0 && count != expectedCount) {
    *error = "'" + path + "' holds " + std::to_string(count) + " float32 values (" +
             std::to_string(bytes.size()) + " bytes); expected " + std::to_string(expectedCount) + " (" +
             std::to_string(expectedCount * sizeof(float)) + " bytes)";
    return false;
  }
  values->resize(count);
  if (count > 0) std::memcpy(values->data(), bytes.data(), bytes.size());
  return true;
}

std::vector<float> TensorFile::asFloat() const {
  std::vector<float> values(words.size());
  if (!words.empty()) std::memcpy(values.data(), words.data(), words.size() * sizeof(uint32_t));
  return values;
}

std::vector<int32_t> TensorFile::asInt32() const {
  std::vector<int32_t> values(words.size());
  if (!words.empty()) std::memcpy(values.data(), words.data(), words.size() * sizeof(uint32_t));
  return values;
}

bool readTensorFile(const std::string& path, std::size_t count, TensorFile* file, std::string* error) {
  std::vector<unsigned char> bytes;
  if (!readBytes(path, &bytes, error)) return false;
  if (count == kAnyCount ? bytes.size() % 4 != 0 : bytes.size() != count * 4) {
    if (count == kAnyCount) {
      *error = "'" + path + "' has " + std::to_string(bytes.size()) +
               " bytes, not a whole number of 4-byte values (raw little-endian float32, or int32 for int32 "
               "tensors, no header)";
      return false;
    }
    *error = "'" + path + "' has " + std::to_string(bytes.size()) + " bytes; expected " +
             std::to_string(count * 4) + " (" + std::to_string(count) +
             " values of 4 bytes: raw little-endian float32, or int32 for int32 tensors, no header)";
    return false;
  }
  file->path = path;
  file->words.resize(bytes.size() / 4);
  if (!bytes.empty()) std::memcpy(file->words.data(), bytes.data(), bytes.size());
  return true;
}

std::string nameList(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "'" : ", '") + n + "'";
  return s.empty() ? "none" : s;
}

bool assignTensorFiles(const std::vector<std::string>& names, const std::vector<std::string>& args,
                       const std::string& option, const std::string& kind, std::vector<TensorFile>* files,
                       std::string* error) {
  const std::string known = " (" + kind + "s: " + nameList(names) + ")";
  for (const std::string& arg : args) {
    const std::string* match = nullptr;
    for (const std::string& n : names) {
      if (arg.size() > n.size() && arg.compare(0, n.size(), n) == 0 && arg[n.size()] == '=' &&
          (match == nullptr || n.size() > match->size())) {
        match = &n;
      }
    }
    TensorFile file;
    if (match != nullptr) {
      file.name = *match;
      file.path = arg.substr(match->size() + 1);
    } else if (names.size() == 1 && arg.find('=') == std::string::npos) {
      file.name = names[0];
      file.path = arg;
    } else {
      const std::size_t eq = arg.find('=');
      *error = eq != std::string::npos && eq > 0
                   ? option + " '" + arg + "': no " + kind + " named '" + arg.substr(0, eq) + "'" + known
                   : option + " '" + arg + "': give NAME=FILE" + known;
      return false;
    }
    if (file.path.empty()) {
      *error = option + " '" + arg + "': no file after '='";
      return false;
    }
    for (const TensorFile& f : *files) {
      if (f.name == file.name) {
        *error = option + " gives two files for " + kind + " '" + file.name + "'";
        return false;
      }
    }
    files->push_back(std::move(file));
  }
  return true;
}

std::vector<std::string> missingTensorFiles(const std::vector<std::string>& names,
                                            const std::vector<TensorFile>& files) {
  std::vector<std::string> missing;
  for (const std::string& n : names) {
    bool found = false;
    for (const TensorFile& f : files) found = found || f.name == n;
    if (!found) missing.push_back(n);
  }
  return missing;
}

// ---- comparison, statistics ------------------------------------------------------------

namespace {

template <typename T>
Comparison compareValues(const T* actual, const T* expected, std::size_t count, double atol, double rtol) {
  Comparison c;
  c.count = count;
  c.atol = atol;
  bool worstIsNan = false;
  for (std::size_t i = 0; i < count; ++i) {
    const double a = static_cast<double>(actual[i]);
    const double b = static_cast<double>(expected[i]);
    if (a == b) continue;                          // within tolerance, equal infinities included
    if (std::isnan(a) && std::isnan(b)) continue;  // NaN where the reference has NaN (sqrt(-1))
    const double diff = std::fabs(a - b);
    if (!(std::isfinite(diff) && diff <= atol + rtol * std::fabs(b))) ++c.outside;
    if (std::isnan(diff)) {  // NaN on either side: reported as the worst value
      if (!worstIsNan) {
        worstIsNan = true;
        c.maxAbs = c.maxRel = diff;
        c.worstIndex = i;
        c.worstActual = a;
        c.worstExpected = b;
      }
      continue;
    }
    if (worstIsNan) continue;
    if (diff > c.maxAbs) {
      c.maxAbs = diff;
      c.worstIndex = i;
      c.worstActual = a;
      c.worstExpected = b;
    }
    if (b != 0.0 && std::isfinite(b)) c.maxRel = std::max(c.maxRel, diff / std::fabs(b));
  }
  return c;
}

template <typename T>
double scaledAtolOf(const Tolerance& t, const T* expected, std::size_t count) {
  double maxAbs = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double v = std::fabs(static_cast<double>(expected[i]));
    if (std::isfinite(v) && v > maxAbs) maxAbs = v;
  }
  return t.atol + t.scaleTol * static_cast<double>(t.depth) * kUnitRoundoff * maxAbs;
}

}  // namespace

double scaledAtol(const Tolerance& tolerance, const float* expected, std::size_t count) {
  return scaledAtolOf(tolerance, expected, count);
}

double scaledAtol(const Tolerance& tolerance, const int32_t* expected, std::size_t count) {
  return scaledAtolOf(tolerance, expected, count);
}

Comparison compare(const float* actual, const float* expected, std::size_t count, double atol, double rtol) {
  return compareValues(actual, expected, count, atol, rtol);
}

Comparison compare(const int32_t* actual, const int32_t* expected, std::size_t count, double atol,
                   double rtol) {
  return compareValues(actual, expected, count, atol, rtol);
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = rank - static_cast<double>(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

LatencyStats latencyStats(std::vector<double> milliseconds) {
  LatencyStats s;
  if (milliseconds.empty()) return s;
  std::sort(milliseconds.begin(), milliseconds.end());
  double sum = 0.0;
  for (const double v : milliseconds) sum += v;
  s.runs = milliseconds.size();
  s.mean = sum / static_cast<double>(milliseconds.size());
  s.min = milliseconds.front();
  s.max = milliseconds.back();
  s.p50 = percentile(milliseconds, 50.0);
  s.p90 = percentile(milliseconds, 90.0);
  s.p99 = percentile(milliseconds, 99.0);
  return s;
}

std::size_t volume(const int64_t* dims, int32_t nbDims) {
  if (nbDims < 0) return 0;
  std::size_t n = 1;
  for (int32_t i = 0; i < nbDims; ++i) {
    if (dims[i] < 0) return 0;
    n *= static_cast<std::size_t>(dims[i]);
  }
  return n;
}

nvinfer1::Dims toDims(const int64_t* values, int32_t nbDims) {
  nvinfer1::Dims d{};
  d.nbDims = nbDims;
  for (int32_t i = 0; i < nbDims && i < nvinfer1::Dims::MAX_DIMS; ++i)
    d.d[i] = static_cast<decltype(d.d[0] + 0)>(values[i]);
  return d;
}

// ---- describing I/O tensors ------------------------------------------------------------

std::string dataTypeName(nvinfer1::DataType type) {
  // By value: the enumerators differ between releases (kUINT8 from 8.5, kFP8 from 8.6,
  // kBF16/kINT64/kINT4 from 10.0), the values never change.
  const int32_t value = static_cast<int32_t>(type);
  switch (value) {
    case 0:
      return "float32";
    case 1:
      return "float16";
    case 2:
      return "int8";
    case 3:
      return "int32";
    case 4:
      return "bool";
    case 5:
      return "uint8";
    case 6:
      return "fp8";
    case 7:
      return "bfloat16";
    case 8:
      return "int64";
    case 9:
      return "int4";
    default:
      return "type<" + std::to_string(value) + ">";
  }
}

std::string quoteName(const std::string& name) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = "\"";
  for (const char ch : name) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      s += '\\';
      s += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      s += "\\x";
      s += kHex[c >> 4];
      s += kHex[c & 0xf];
    } else {
      s += ch;
    }
  }
  return s + "\"";
}

std::string shapeString(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

std::string ioLine(const IOTensorInfo& tensor) {
  return std::string("io: ") + (tensor.isInput ? "input " : "output ") + quoteName(tensor.name) + " " +
         dataTypeName(tensor.type) + " " + shapeString(tensor.dims);
}

namespace {

IOTensorInfo describe(const nvinfer1::ITensor& tensor, bool isInput) {
  IOTensorInfo info;
  const char* name = tensor.getName();
  info.name = name != nullptr ? name : "";
  info.isInput = isInput;
  info.type = tensor.getType();
  const nvinfer1::Dims d = tensor.getDimensions();
  for (int32_t i = 0; i < d.nbDims; ++i) info.dims.push_back(static_cast<int64_t>(d.d[i]));
  return info;
}

}  // namespace

std::vector<IOTensorInfo> networkIOTensors(const nvinfer1::INetworkDefinition& network) {
  std::vector<IOTensorInfo> list;
  for (int32_t i = 0; i < network.getNbInputs(); ++i) {
    if (const nvinfer1::ITensor* t = network.getInput(i)) list.push_back(describe(*t, true));
  }
  for (int32_t i = 0; i < network.getNbOutputs(); ++i) {
    if (const nvinfer1::ITensor* t = network.getOutput(i)) list.push_back(describe(*t, false));
  }
  return list;
}

std::vector<IOTensorInfo> orderLike(const std::vector<IOTensorInfo>& tensors,
                                    const std::vector<IOTensorInfo>& order) {
  std::vector<IOTensorInfo> sorted;
  std::vector<bool> taken(tensors.size(), false);
  for (const IOTensorInfo& o : order) {
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      if (!taken[i] && tensors[i].name == o.name && tensors[i].isInput == o.isInput) {
        sorted.push_back(tensors[i]);
        taken[i] = true;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    if (!taken[i]) sorted.push_back(tensors[i]);
  }
  return sorted;
}

// ---- EngineRunner --------------------------------------------------------------------

namespace {

bool isFloatType(nvinfer1::DataType type) {
  return type == nvinfer1::DataType::kFLOAT || type == nvinfer1::DataType::kHALF;
}

std::size_t elementSize(nvinfer1::DataType type) { return type == nvinfer1::DataType::kHALF ? 2 : 4; }

// RAII for a pair of CUDA events.
struct EventPair {
  cudaEvent_t start = nullptr;
  cudaEvent_t stop = nullptr;
  ~EventPair() {
    if (start != nullptr) cudaEventDestroy(start);
    if (stop != nullptr) cudaEventDestroy(stop);
  }
};

}  // namespace

EngineRunner::EngineRunner() = default;

EngineRunner::~EngineRunner() {
  if (stream_ != nullptr) cudaStreamSynchronize(stream_);
  context_.reset();
  tensors_.clear();
  engine_.reset();
  runtime_.reset();
  if (stream_ != nullptr) cudaStreamDestroy(stream_);
}

bool EngineRunner::load(nvinfer1::ILogger& logger, const void* blob, std::size_t size, std::string* error) {
  return deserialize(logger, blob, size, error) && prepare(error);
}

bool EngineRunner::deserialize(nvinfer1::ILogger& logger, const void* blob, std::size_t size,
                               std::string* error) {
  runtime_.reset(nvinfer1::createInferRuntime(logger));
  if (!runtime_) {
    *error = "cannot create the TensorRT runtime";
    return false;
  }
  if (dlaCore_ >= 0) runtime_->setDLACore(dlaCore_);
  if (!compat::engineRunsHere(*runtime_, blob, size, error)) return false;
  engine_.reset(runtime_->deserializeCudaEngine(blob, size));
  if (!engine_) {
    *error = "TensorRT cannot deserialize the engine it just built (see the log above)";
    return false;
  }
  const int32_t n = compat::nbIOTensors(*engine_);
  tensors_.clear();
  tensors_.reserve(static_cast<std::size_t>(n > 0 ? n : 0));
  for (int32_t i = 0; i < n; ++i) {
    const compat::IOTensor io = compat::ioTensor(*engine_, i);
    Tensor t;
    t.name = io.name;
    t.isInput = io.isInput;
    t.type = io.type;
    for (int32_t d = 0; d < io.dims.nbDims; ++d) t.dims.push_back(static_cast<int64_t>(io.dims.d[d]));
    t.count = volume(t.dims.data(), static_cast<int32_t>(t.dims.size()));
    tensors_.push_back(std::move(t));
  }
  return true;
}

bool EngineRunner::prepare(std::string* error) {
  if (!engine_) {
    *error = "no engine loaded";
    return false;
  }
  for (const Tensor& t : tensors_) {
    if (!isFloatType(t.type) && t.type != nvinfer1::DataType::kINT32) {
      *error = "engine tensor '" + t.name + "' is " + dataTypeName(t.type) +
               "; --verify and --bench need float32, float16 or int32 inputs and outputs";
      return false;
    }
  }
  if (!cudaCheck(cudaStreamCreate(&stream_), "cannot create a CUDA stream", error)) return false;
  context_.reset(engine_->createExecutionContext());
  if (!context_) {
    *error = "cannot create an execution context (out of GPU memory?)";
    return false;
  }
  if (!applyInputShapes(error)) return false;
  for (const Tensor& t : tensors_) {
    if (t.count == 0) {
      *error = "engine tensor '" + t.name + "' has shape " + shapeString(t.dims) +
               "; --verify and --bench need static, non-empty shapes";
      return false;
    }
  }
  for (Tensor& t : tensors_) {
    const std::string what = "cannot allocate GPU memory for '" + t.name + "'";
    if (!t.buffer.allocate(t.count * elementSize(t.type), error)) {
      *error = what + ": " + *error;
      return false;
    }
    if (!cudaCheck(cudaMemset(t.buffer.data(), 0, t.buffer.bytes()), "cudaMemset", error)) return false;
    if (!compat::bindTensor(*context_, *engine_, t.name.c_str(), t.buffer.data(), &bindings_)) {
      *error = "TensorRT refused the device address for '" + t.name + "'";
      return false;
    }
  }
  return true;
}

bool EngineRunner::applyInputShapes(std::string* error) {
  if (inputShapes_.empty()) return true;
  for (const InputShape& s : inputShapes_) {
    const Tensor* t = find(s.name);
    if (t == nullptr || !t->isInput) {
      *error = "the engine has no input named '" + s.name + "'";
      return false;
    }
    const nvinfer1::Dims d = toDims(s.dims.data(), static_cast<int32_t>(s.dims.size()));
    if (!compat::setInputShape(*context_, *engine_, s.name.c_str(), d)) {
      *error = "TensorRT refused shape " + shapeString(s.dims) + " for input '" + s.name +
               "' (outside the engine's optimization profile?)";
      return false;
    }
  }
  // every tensor at the run's shapes (the outputs' follow from the inputs')
  for (Tensor& t : tensors_) {
    const nvinfer1::Dims d = compat::contextShape(*context_, *engine_, t.name.c_str());
    t.dims.clear();
    for (int32_t i = 0; i < d.nbDims; ++i) t.dims.push_back(static_cast<int64_t>(d.d[i]));
    t.count = volume(t.dims.data(), static_cast<int32_t>(t.dims.size()));
  }
  return true;
}

const EngineRunner::Tensor* EngineRunner::find(const std::string& name) const {
  for (const Tensor& t : tensors_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::vector<IOTensorInfo> EngineRunner::ioTensors() const {
  std::vector<IOTensorInfo> list;
  for (const Tensor& t : tensors_) list.push_back({t.name, t.isInput, t.type, t.dims});
  return list;
}

// The tensor `name`, checked: an input if `input`, allocated, and of the host type
// asked for (int32, or float32/float16).
const EngineRunner::Tensor* EngineRunner::typed(const std::string& name, bool input, bool wantInt32,
                                                std::string* error) const {
  const Tensor* t = find(name);
  if (t == nullptr || (input && !t->isInput)) {
    *error = input ? "the engine has no input named '" + name + "'"
                   : "the engine has no tensor named '" + name + "'";
    return nullptr;
  }
  if (t->buffer.data() == nullptr) {
    *error = "the engine's tensors are not allocated (prepare() was not called)";
    return nullptr;
  }
  const bool isInt32 = t->type == nvinfer1::DataType::kINT32;
  if (isInt32 != wantInt32) {
    *error = std::string(input ? "input '" : "tensor '") + name + "' is " + dataTypeName(t->type) + ", not " +
             (wantInt32 ? "int32" : "float32 or float16");
    return nullptr;
  }
  return t;
}

bool EngineRunner::setInput(const std::string& name, const float* values, std::size_t count,
                            std::string* error) {
  const Tensor* t = typed(name, true, false, error);
  if (t == nullptr) return false;
  if (count != t->count) {
    *error = "input '" + name + "' has " + std::to_string(t->count) + " values (shape " +
             shapeString(t->dims) + "), got " + std::to_string(count);
    return false;
  }
  const std::string what = "cannot copy input '" + name + "' to the GPU";
  if (t->type == nvinfer1::DataType::kHALF) {
    std::vector<uint16_t> half(count);
    for (std::size_t i = 0; i < count; ++i) half[i] = floatToHalf(values[i]);
    return cudaCheck(
        cudaMemcpy(t->buffer.data(), half.data(), count * sizeof(uint16_t), cudaMemcpyHostToDevice),
        what.c_str(), error);
  }
  return cudaCheck(cudaMemcpy(t->buffer.data(), values, count * sizeof(float), cudaMemcpyHostToDevice),
                   what.c_str(), error);
}

bool EngineRunner::setInput(const std::string& name, const int32_t* values, std::size_t count,
                            std::string* error) {
  const Tensor* t = typed(name, true, true, error);
  if (t == nullptr) return false;
  if (count != t->count) {
    *error = "input '" + name + "' has " + std::to_string(t->count) + " values (shape " +
             shapeString(t->dims) + "), got " + std::to_string(count);
    return false;
  }
  const std::string what = "cannot copy input '" + name + "' to the GPU";
  return cudaCheck(cudaMemcpy(t->buffer.data(), values, count * sizeof(int32_t), cudaMemcpyHostToDevice),
                   what.c_str(), error);
}

bool EngineRunner::setInput(const TensorFile& file, std::string* error) {
  const Tensor* t = find(file.name);
  if (t != nullptr && t->type == nvinfer1::DataType::kINT32) {
    const std::vector<int32_t> values = file.asInt32();
    return setInput(file.name, values.data(), values.size(), error);
  }
  const std::vector<float> values = file.asFloat();
  return setInput(file.name, values.data(), values.size(), error);
}

bool EngineRunner::enqueue(std::string* error) {
  if (!compat::enqueue(*context_, bindings_, stream_)) {
    *error = "TensorRT could not enqueue the inference (see the log above)";
    return false;
  }
  return cudaCheck(cudaGetLastError(), "CUDA error after enqueue", error);
}

bool EngineRunner::run(std::string* error) {
  if (!context_) {
    *error = "no engine loaded";
    return false;
  }
  return enqueue(error) && cudaCheck(cudaStreamSynchronize(stream_), "inference failed", error);
}

bool EngineRunner::output(const std::string& name, std::vector<float>* values, std::string* error) {
  const Tensor* t = typed(name, false, false, error);
  if (t == nullptr) return false;
  const std::string what = "cannot copy '" + name + "' from the GPU";
  values->resize(t->count);
  if (t->type == nvinfer1::DataType::kHALF) {
    std::vector<uint16_t> half(t->count);
    if (!cudaCheck(
            cudaMemcpy(half.data(), t->buffer.data(), t->count * sizeof(uint16_t), cudaMemcpyDeviceToHost),
            what.c_str(), error)) {
      return false;
    }
    for (std::size_t i = 0; i < t->count; ++i) (*values)[i] = halfToFloat(half[i]);
    return true;
  }
  return cudaCheck(
      cudaMemcpy(values->data(), t->buffer.data(), t->count * sizeof(float), cudaMemcpyDeviceToHost),
      what.c_str(), error);
}

bool EngineRunner::output(const std::string& name, std::vector<int32_t>* values, std::string* error) {
  const Tensor* t = typed(name, false, true, error);
  if (t == nullptr) return false;
  const std::string what = "cannot copy '" + name + "' from the GPU";
  values->resize(t->count);
  return cudaCheck(
      cudaMemcpy(values->data(), t->buffer.data(), t->count * sizeof(int32_t), cudaMemcpyDeviceToHost),
      what.c_str(), error);
}

bool EngineRunner::compareOutput(const TensorFile& expected, const Tolerance& tolerance, Comparison* result,
                                 std::string* error) {
  const Tensor* t = find(expected.name);
  if (t == nullptr || t->isInput) {
    *error = "the engine has no output named '" + expected.name + "'";
    return false;
  }
  if (t->count != expected.words.size()) {
    *error = "the engine's output '" + expected.name + "' has shape " + shapeString(t->dims) + " (" +
             std::to_string(t->count) + " values), but '" + expected.path + "' holds " +
             std::to_string(expected.words.size());
    return false;
  }
  if (t->type == nvinfer1::DataType::kINT32) {
    std::vector<int32_t> actual;
    if (!output(expected.name, &actual, error)) return false;
    const std::vector<int32_t> reference = expected.asInt32();
    const double atol = scaledAtol(tolerance, reference.data(), reference.size());
    *result = compare(actual.data(), reference.data(), actual.size(), atol, tolerance.rtol);
    return true;
  }
  std::vector<float> actual;
  if (!output(expected.name, &actual, error)) return false;
  const std::vector<float> reference = expected.asFloat();
  const double atol = scaledAtol(tolerance, reference.data(), reference.size());
  *result = compare(actual.data(), reference.data(), actual.size(), atol, tolerance.rtol);
  return true;
}

bool EngineRunner::bench(int warmup, int runs, std::vector<double>* milliseconds, std::string* error) {
  if (!context_) {
    *error = "no engine loaded";
    return false;
  }
  for (int i = 0; i < warmup; ++i) {
    if (!enqueue(error)) return false;
  }
  if (!cudaCheck(cudaStreamSynchronize(stream_), "warm-up inference failed", error)) return false;
  EventPair events;
  if (!cudaCheck(cudaEventCreate(&events.start), "cudaEventCreate", error) ||
      !cudaCheck(cudaEventCreate(&events.stop), "cudaEventCreate", error)) {
    return false;
  }
  milliseconds->clear();
  milliseconds->reserve(static_cast<std::size_t>(runs > 0 ? runs : 0));
  for (int i = 0; i < runs; ++i) {
    if (!cudaCheck(cudaEventRecord(events.start, stream_), "cudaEventRecord", error)) return false;
    if (!enqueue(error)) return false;
    if (!cudaCheck(cudaEventRecord(events.stop, stream_), "cudaEventRecord", error)) return false;
    if (!cudaCheck(cudaEventSynchronize(events.stop), "inference failed", error)) return false;
    float ms = 0.0F;
    if (!cudaCheck(cudaEventElapsedTime(&ms, events.start, events.stop), "cudaEventElapsedTime", error)) {
      return false;
    }
    milliseconds->push_back(static_cast<double>(ms));
  }
  return true;
}

bool EngineRunner::profile(int runs, nvinfer1::IProfiler& profiler, std::string* error) {
  if (!context_) {
    *error = "no engine loaded";
    return false;
  }
  context_->setProfiler(&profiler);
  bool ok = true;
  for (int i = 0; i < runs && ok; ++i) {
    ok = enqueue(error) && cudaCheck(cudaStreamSynchronize(stream_), "profiled inference failed", error);
  }
  context_->setProfiler(nullptr);
  return ok;
}

bool EngineRunner::layerInformation(std::string* json, std::string* error) const {
  if (!engine_) {
    *error = "no engine loaded";
    return false;
  }
  const std::unique_ptr<nvinfer1::IEngineInspector> inspector{engine_->createEngineInspector()};
  const char* info =
      inspector ? inspector->getEngineInformation(nvinfer1::LayerInformationFormat::kJSON) : nullptr;
  if (info == nullptr) {
    *error = "TensorRT's engine inspector returned no layer information";
    return false;
  }
  *json = info;
  return true;
}

}  // namespace trtgen
