// trtgen runtime: runs a serialized TensorRT engine once or many times, for the
// builder's --verify and --bench options, and describes its I/O tensors (the
// builder's `io:` lines).
//
// Version-independent: the TensorRT API differences (bindings before 8.5, named
// I/O tensors from 8.5, TensorRT-RTX) live in trt_compat.h. Every CUDA or
// TensorRT failure is reported as a message in *error (never an assert), with
// cudaGetErrorString.
//
//   trtgen::EngineRunner runner;
//   if (!runner.load(logger, blob, size, &error)) ...          // deserialize, allocate
//   runner.setInput("image", values.data(), values.size(), &error);
//   runner.run(&error);                                          // enqueue + synchronize
//   runner.output("head", &out, &error);
//
// I/O tensors must have static shapes -- a dynamic input's is given with setInputShapes(),
// and the outputs' follow -- and be float32, float16 or int32. On the
// host (and in the --verify files) float32 and float16 tensors are float32
// values -- float16 ones are converted on the host, rounding to nearest even --
// and int32 tensors are int32 values.
#ifndef TRTGEN_RUNTIME_ENGINE_RUNNER_H_
#define TRTGEN_RUNTIME_ENGINE_RUNNER_H_

#include <NvInfer.h>
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weights.h"

namespace trtgen {

// True if `status` is cudaSuccess; otherwise sets *error to "<what>: <CUDA's message>".
bool cudaCheck(cudaError_t status, const char* what, std::string* error);

// True if this machine has a CUDA device that the CUDA runtime can use. TensorRT-RTX
// builds engines without one, but neither it nor TensorRT can load or run an engine
// without one.
bool cudaDeviceAvailable();

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

// Reads the whole file; false with a message naming it.
bool readBytes(const std::string& path, std::vector<unsigned char>* bytes, std::string* error);

// Reads a headerless file of float32 values in host byte order (little-endian on
// every CUDA platform). With expectedCount > 0, the file must hold exactly that many.
bool readFloatFile(const std::string& path, std::size_t expectedCount, std::vector<float>* values,
                   std::string* error);

// A --verify file of one I/O tensor: raw little-endian 4-byte values, C order, no
// header -- float32 for float32 and float16 tensors, int32 for int32 tensors. It is
// read before the engine is built, when only the tensor's size is known; the
// engine's tensor type then says which of the two the values are.
struct TensorFile {
  std::string name;  // the tensor
  std::string path;
  std::vector<uint32_t> words;  // the file's 4-byte values

  std::vector<float> asFloat() const;
  std::vector<int32_t> asInt32() const;
};

// Reads `path` into file->words; it must hold exactly `count` values (4 * count bytes), or
// with kAnyCount any whole number of them (an output whose shape follows the run's input
// shapes: compareOutput checks its size).
constexpr std::size_t kAnyCount = static_cast<std::size_t>(-1);
bool readTensorFile(const std::string& path, std::size_t count, TensorFile* file, std::string* error);

// Dynamic shapes: the shape a dynamic input runs at (EngineRunner::setInputShapes).
struct InputShape {
  std::string name;
  std::vector<int64_t> dims;
};

// Assigns the files of options such as `--input NAME=FILE` to tensor names.
// An argument is NAME=FILE when it starts with a known name and '=' (the longest
// such name wins); a plain FILE is accepted when there is only one tensor. Unknown
// names, plain files with several tensors and names given twice are errors
// naming `option` and the known names (`kind` is "input" or "output").
bool assignTensorFiles(const std::vector<std::string>& names, const std::vector<std::string>& args,
                       const std::string& option, const std::string& kind, std::vector<TensorFile>* files,
                       std::string* error);
// The names of `names` that no file in `files` is for, in order.
std::vector<std::string> missingTensorFiles(const std::vector<std::string>& names,
                                            const std::vector<TensorFile>& files);
// "'a', 'b'" -- names for messages.
std::string nameList(const std::vector<std::string>& names);

// The tolerance of docs/numerics.md (the same rule as `trtgen simulate`):
//   |actual - expected| <= atol + rtol * |expected| + scaleTol * depth * 2^-24 * max|expected|
// with depth = layers on the output's longest path (TensorInfo::depth) and max|expected| over
// the whole reference tensor (infinities and NaN skipped).
constexpr double kUnitRoundoff = 1.0 / 16777216.0;  // float32: 2^-24
constexpr double kDefaultScaleTol = 64.0;
struct Tolerance {
  double atol = 0.0;
  double rtol = 0.0;
  double scaleTol = 0.0;
  int32_t depth = 0;
};
// The absolute part of the bound: atol plus the depth- and magnitude-scaled term.
double scaledAtol(const Tolerance& tolerance, const float* expected, std::size_t count);
double scaledAtol(const Tolerance& tolerance, const int32_t* expected, std::size_t count);

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
  double atol = 0.0;  // the absolute bound used (compareOutput: scaledAtol)
};
Comparison compare(const float* actual, const float* expected, std::size_t count, double atol, double rtol);
Comparison compare(const int32_t* actual, const int32_t* expected, std::size_t count, double atol,
                   double rtol);

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

// The first `nbDims` values as TensorRT Dims (at most Dims::MAX_DIMS of them are copied).
nvinfer1::Dims toDims(const int64_t* values, int32_t nbDims);

// ---- describing I/O tensors ------------------------------------------------------------
// "float32", "float16", "int8", "int32", "int64", "bool", "uint8", "bfloat16", "fp8",
// "int4", or "type<N>" for another DataType value N.
std::string dataTypeName(nvinfer1::DataType type);
// The name in double quotes, C-style: a backslash before '"' and '\', bytes
// outside printable ASCII as \xHH.
std::string quoteName(const std::string& name);
// "[1, 3, 128, 128]"
std::string shapeString(const std::vector<int64_t>& dims);

struct IOTensorInfo {
  std::string name;
  bool isInput = false;
  nvinfer1::DataType type = nvinfer1::DataType::kFLOAT;
  std::vector<int64_t> dims;
};
// `io: input "image" float32 [1, 3, 128, 128]` (no newline).
std::string ioLine(const IOTensorInfo& tensor);
// The network's inputs then its outputs, in the order they were added / marked.
std::vector<IOTensorInfo> networkIOTensors(const nvinfer1::INetworkDefinition& network);
// `tensors` ordered like `order` (by name; names not in `order` keep their order, last).
std::vector<IOTensorInfo> orderLike(const std::vector<IOTensorInfo>& tensors,
                                    const std::vector<IOTensorInfo>& order);

class EngineRunner {
 public:
  struct Tensor {
    std::string name;
    bool isInput = false;
    nvinfer1::DataType type = nvinfer1::DataType::kFLOAT;
    std::vector<int64_t> dims;
    std::size_t count = 0;  // number of elements
    DeviceBuffer buffer;
  };

  EngineRunner();
  ~EngineRunner();
  EngineRunner(const EngineRunner&) = delete;
  EngineRunner& operator=(const EngineRunner&) = delete;

  // load() = deserialize() + prepare().
  bool load(nvinfer1::ILogger& logger, const void* blob, std::size_t size, std::string* error);
  // Deserializes the engine and lists its I/O tensors (tensors(), no memory yet).
  // Needs a CUDA device (even with TensorRT-RTX).
  bool deserialize(nvinfer1::ILogger& logger, const void* blob, std::size_t size, std::string* error);
  // Checks that every I/O tensor is float32, float16 or int32 with a static shape,
  // creates an execution context and a stream, allocates (zeroed) device memory for
  // each tensor and binds it.
  bool prepare(std::string* error);
  // Dynamic shapes: the shape of each dynamic input, given before prepare(), which sets
  // them on the execution context and sizes every tensor by the context's shapes.
  void setInputShapes(std::vector<InputShape> shapes) { inputShapes_ = std::move(shapes); }

  const std::vector<Tensor>& tensors() const { return tensors_; }
  const Tensor* find(const std::string& name) const;
  // The I/O tensors in engine order.
  std::vector<IOTensorInfo> ioTensors() const;

  // Copies `count` values to the input tensor `name` (count must match its shape):
  // floats for float32 and float16 tensors (converted to half for float16), int32
  // values for int32 tensors.
  bool setInput(const std::string& name, const float* values, std::size_t count, std::string* error);
  bool setInput(const std::string& name, const int32_t* values, std::size_t count, std::string* error);
  // The same from a --verify file (its values read as the tensor's host type).
  bool setInput(const TensorFile& file, std::string* error);
  // One inference, waited for.
  bool run(std::string* error);
  // Copies the tensor `name` (normally an output) back to the host: floats for
  // float32 and float16 tensors, int32 values for int32 tensors.
  bool output(const std::string& name, std::vector<float>* values, std::string* error);
  bool output(const std::string& name, std::vector<int32_t>* values, std::string* error);
  // Compares the tensor `expected.name` with the file's values (after run()) under
  // `tolerance` (docs/numerics.md; result->atol is the scaled absolute bound).
  bool compareOutput(const TensorFile& expected, const Tolerance& tolerance, Comparison* result,
                     std::string* error);
  // `warmup` untimed runs, then `runs` runs each timed with CUDA events (ms).
  bool bench(int warmup, int runs, std::vector<double>* milliseconds, std::string* error);
  // `runs` inferences with `profiler` attached to the execution context: TensorRT reports
  // each engine layer's time of each inference to it (IProfiler::reportLayerTime).
  bool profile(int runs, nvinfer1::IProfiler& profiler, std::string* error);
  // The engine's layers as IEngineInspector's JSON: names, fused layers and, for an engine
  // built with ProfilingVerbosity::kDETAILED, their parameters and formats.
  bool layerInformation(std::string* json, std::string* error) const;
  // The DLA core an engine built for DLA runs on (IRuntime::setDLACore): call before
  // deserialize(). Default -1: no DLA.
  void setDlaCore(int32_t core) { dlaCore_ = core; }

 private:
  bool enqueue(std::string* error);
  bool applyInputShapes(std::string* error);
  const Tensor* typed(const std::string& name, bool input, bool wantInt32, std::string* error) const;

  std::unique_ptr<nvinfer1::IRuntime> runtime_;
  std::unique_ptr<nvinfer1::ICudaEngine> engine_;
  std::unique_ptr<nvinfer1::IExecutionContext> context_;
  std::vector<Tensor> tensors_;
  std::vector<void*> bindings_;
  std::vector<InputShape> inputShapes_;
  cudaStream_t stream_ = nullptr;
  int32_t dlaCore_ = -1;
};

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_ENGINE_RUNNER_H_
