// trtgen runtime: runs a serialized TensorRT engine once or many times, for the
// builder's --verify and --bench options.
//
// Version-independent: the TensorRT API differences (bindings before 8.5, named
// I/O tensors from 8.5) live in trt_compat.h. Every CUDA or TensorRT failure is
// reported as a message in *error (never an assert), with cudaGetErrorString.
//
//   trtgen::EngineRunner runner;
//   if (!runner.load(logger, blob, size, &error)) ...          // deserialize, allocate
//   runner.setInput("image", values.data(), values.size(), &error);
//   runner.run(&error);                                          // enqueue + synchronize
//   runner.output("head", &out, &error);
//
// Every I/O tensor must be float32 with a static shape (what trtgen generates).
#pragma once

#include <NvInfer.h>
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace trtgen {

// True if `status` is cudaSuccess; otherwise sets *error to "<what>: <CUDA's message>".
bool cudaCheck(cudaError_t status, const char* what, std::string* error);

// Device memory owned like a std::unique_ptr (cudaMalloc / cudaFree).
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  ~DeviceBuffer();
  DeviceBuffer(DeviceBuffer&& other) noexcept;
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  bool allocate(std::size_t bytes, std::string* error);
  void reset();
  void* data() const { return data_; }
  std::size_t bytes() const { return bytes_; }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

// Reads a headerless file of float32 values in host byte order (little-endian on
// every CUDA platform). With expectedCount > 0, the file must hold exactly that many.
bool readFloatFile(const std::string& path, std::size_t expectedCount, std::vector<float>* values,
                   std::string* error);

// Element-wise comparison of an engine output with a reference: a value is
// within tolerance when |actual - expected| <= atol + rtol * |expected|; NaN or
// infinite mismatches count as outside. maxRel is taken over expected != 0.
struct Comparison {
  std::size_t count = 0;
  std::size_t outside = 0;
  double maxAbs = 0.0;
  double maxRel = 0.0;
  std::size_t worstIndex = 0;  // index of the largest |actual - expected| (or the first NaN)
  double worstActual = 0.0;
  double worstExpected = 0.0;
};
Comparison compare(const float* actual, const float* expected, std::size_t count, double atol, double rtol);

// Latency statistics in milliseconds; percentiles interpolate linearly between
// the closest ranks (numpy's default). All zero for an empty sample.
struct LatencyStats {
  std::size_t runs = 0;
  double mean = 0.0;
  double min = 0.0;
  double max = 0.0;
  double p50 = 0.0;
  double p90 = 0.0;
  double p99 = 0.0;
};
double percentile(const std::vector<double>& sorted, double p);
LatencyStats latencyStats(std::vector<double> milliseconds);

// Product of the first `nbDims` dims; 0 if any is negative (dynamic) or nbDims < 0.
std::size_t volume(const int64_t* dims, int32_t nbDims);

class EngineRunner {
 public:
  struct Tensor {
    std::string name;
    bool isInput = false;
    std::vector<int64_t> dims;
    std::size_t count = 0;  // number of float values
    DeviceBuffer buffer;
  };

  EngineRunner();
  ~EngineRunner();
  EngineRunner(const EngineRunner&) = delete;
  EngineRunner& operator=(const EngineRunner&) = delete;

  // Deserializes the engine, creates an execution context and a stream, checks
  // that every I/O tensor is float32 with a static shape, allocates (zeroed)
  // device memory for each and binds it.
  bool load(nvinfer1::ILogger& logger, const void* blob, std::size_t size, std::string* error);

  const std::vector<Tensor>& tensors() const { return tensors_; }
  const Tensor* find(const std::string& name) const;

  // Copies `count` floats to the input tensor `name` (count must match its shape).
  bool setInput(const std::string& name, const float* values, std::size_t count, std::string* error);
  // One inference, waited for.
  bool run(std::string* error);
  // Copies the tensor `name` (normally an output) back to the host.
  bool output(const std::string& name, std::vector<float>* values, std::string* error);
  // `warmup` untimed runs, then `runs` runs each timed with CUDA events (ms).
  bool bench(int warmup, int runs, std::vector<double>* milliseconds, std::string* error);

 private:
  bool enqueue(std::string* error);

  std::unique_ptr<nvinfer1::IRuntime> runtime_;
  std::unique_ptr<nvinfer1::ICudaEngine> engine_;
  std::unique_ptr<nvinfer1::IExecutionContext> context_;
  std::vector<Tensor> tensors_;
  std::vector<void*> bindings_;
  cudaStream_t stream_ = nullptr;
};

}  // namespace trtgen
