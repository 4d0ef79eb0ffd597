// Minimal stand-in for TensorRT's NvInfer.h, used ONLY by logger_test so the
// TensorRT-free CI can compile cpp-runtime/logger.h. It mirrors the
// nvinfer1::ILogger interface of TensorRT 8.x-10.x. Never put this directory
// on the include path of code that uses real TensorRT.
#pragma once

#include <cstdint>

namespace nvinfer1 {

using AsciiChar = char;

class ILogger {
 public:
  enum class Severity : int32_t {
    kINTERNAL_ERROR = 0,
    kERROR = 1,
    kWARNING = 2,
    kINFO = 3,
    kVERBOSE = 4,
  };

  virtual void log(Severity severity, AsciiChar const* msg) noexcept = 0;

  ILogger() = default;
  virtual ~ILogger() = default;

 protected:
  ILogger(ILogger const&) = default;
  ILogger(ILogger&&) = default;
  ILogger& operator=(ILogger const&) & = default;
  ILogger& operator=(ILogger&&) & = default;
};

}  // namespace nvinfer1
