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

// ---- files, comparison, statistics -------------------------------------------------

bool readFloatFile(const std::string& path, std::size_t expectedCount, std::vector<float>* values,
                   std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::vector<unsigned char> bytes;
  unsigned char chunk[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  const bool readError = std::ferror(f) != 0;
  const int readErrno = errno;
  std::fclose(f);
  if (readError) {
    *error = "cannot read '" + path + "': " + std::strerror(readErrno);
    return false;
  }
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

Comparison compare(const float* actual, const float* expected, std::size_t count, double atol, double rtol) {
  Comparison c;
  c.count = count;
  bool worstIsNan = false;
  for (std::size_t i = 0; i < count; ++i) {
    const double a = actual[i];
    const double b = expected[i];
    if (a == b) continue;  // within tolerance, equal infinities included
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

// ---- EngineRunner --------------------------------------------------------------------

namespace {

const char* dataTypeName(nvinfer1::DataType type) {
  switch (type) {
    case nvinfer1::DataType::kFLOAT:
      return "float32";
    case nvinfer1::DataType::kHALF:
      return "float16";
    case nvinfer1::DataType::kINT8:
      return "int8";
    case nvinfer1::DataType::kINT32:
      return "int32";
    case nvinfer1::DataType::kBOOL:
      return "bool";
    default:
      return "a non-float32 type";
  }
}

std::string shapeString(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

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
  if (!cudaCheck(cudaStreamCreate(&stream_), "cannot create a CUDA stream", error)) return false;
  runtime_.reset(nvinfer1::createInferRuntime(logger));
  if (!runtime_) {
    *error = "cannot create the TensorRT runtime";
    return false;
  }
  engine_.reset(runtime_->deserializeCudaEngine(blob, size));
  if (!engine_) {
    *error = "TensorRT cannot deserialize the engine it just built (see the log above)";
    return false;
  }
  context_.reset(engine_->createExecutionContext());
  if (!context_) {
    *error = "cannot create an execution context (out of GPU memory?)";
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
    for (int32_t d = 0; d < io.dims.nbDims; ++d) t.dims.push_back(static_cast<int64_t>(io.dims.d[d]));
    if (io.type != nvinfer1::DataType::kFLOAT) {
      *error = "engine tensor '" + t.name + "' is " + dataTypeName(io.type) +
               "; --verify and --bench need float32 inputs and outputs";
      return false;
    }
    t.count = volume(t.dims.data(), static_cast<int32_t>(t.dims.size()));
    if (t.count == 0) {
      *error = "engine tensor '" + t.name + "' has shape " + shapeString(t.dims) +
               "; --verify and --bench need static, non-empty shapes";
      return false;
    }
    const std::string what = "cannot allocate GPU memory for '" + t.name + "'";
    if (!t.buffer.allocate(t.count * sizeof(float), error)) {
      *error = what + ": " + *error;
      return false;
    }
    if (!cudaCheck(cudaMemset(t.buffer.data(), 0, t.buffer.bytes()), "cudaMemset", error)) return false;
    if (!compat::bindTensor(*context_, *engine_, t.name.c_str(), t.buffer.data(), &bindings_)) {
      *error = "TensorRT refused the device address for '" + t.name + "'";
      return false;
    }
    tensors_.push_back(std::move(t));
  }
  return true;
}

const EngineRunner::Tensor* EngineRunner::find(const std::string& name) const {
  for (const Tensor& t : tensors_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

bool EngineRunner::setInput(const std::string& name, const float* values, std::size_t count,
                            std::string* error) {
  const Tensor* t = find(name);
  if (t == nullptr || !t->isInput) {
    *error = "the engine has no input named '" + name + "'";
    return false;
  }
  if (count != t->count) {
    *error = "input '" + name + "' has " + std::to_string(t->count) + " values (shape " +
             shapeString(t->dims) + "), got " + std::to_string(count);
    return false;
  }
  const std::string what = "cannot copy input '" + name + "' to the GPU";
  return cudaCheck(cudaMemcpy(t->buffer.data(), values, count * sizeof(float), cudaMemcpyHostToDevice),
                   what.c_str(), error);
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
  const Tensor* t = find(name);
  if (t == nullptr) {
    *error = "the engine has no tensor named '" + name + "'";
    return false;
  }
  values->resize(t->count);
  const std::string what = "cannot copy '" + name + "' from the GPU";
  return cudaCheck(
      cudaMemcpy(values->data(), t->buffer.data(), t->count * sizeof(float), cudaMemcpyDeviceToHost),
      what.c_str(), error);
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

}  // namespace trtgen
