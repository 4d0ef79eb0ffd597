// trtgen runtime: minimal TensorRT logger used by generated builder programs.
//
// Header-only. Needs the TensorRT headers (works with TensorRT 8.2 .. 10.x
// and later: it only relies on nvinfer1::ILogger, its Severity enum and the
// `void log(Severity, AsciiChar const*) noexcept` signature, which have been
// stable since 8.0). Not compiled by the TensorRT-free CI build except
// against a stub (cpp-runtime/tests/stub).
//
//   trtgen::Logger logger;                 // threshold kWARNING
//   logger.configureFromArgs(argc, argv);  // "--verbose" -> kVERBOSE
//   auto* builder = nvinfer1::createInferBuilder(logger);
//
// Messages at or above the threshold go to stderr as
//   [trtgen] ERROR: <message>
#ifndef TRTGEN_RUNTIME_LOGGER_H_
#define TRTGEN_RUNTIME_LOGGER_H_

#include <NvInfer.h>

#include <cstdio>
#include <cstring>

namespace trtgen {

class Logger : public nvinfer1::ILogger {
 public:
  explicit Logger(Severity threshold = Severity::kWARNING) noexcept : threshold_(threshold) {}

  // Output stream (default stderr); mainly for tests.
  void setOutput(std::FILE* out) noexcept { out_ = out; }

  void setThreshold(Severity threshold) noexcept { threshold_ = threshold; }
  Severity threshold() const noexcept { return threshold_; }
  void setVerbose(bool verbose) noexcept { threshold_ = verbose ? Severity::kVERBOSE : Severity::kWARNING; }

  // Sets kVERBOSE if "--verbose" is among the arguments; returns whether it was.
  bool configureFromArgs(int argc, char** argv) noexcept {
    for (int i = 1; i < argc; ++i) {
      if (argv[i] != nullptr && std::strcmp(argv[i], "--verbose") == 0) {
        setVerbose(true);
        return true;
      }
    }
    return false;
  }

  // Lower enum value = more severe (kINTERNAL_ERROR = 0 ... kVERBOSE = 4).
  bool enabled(Severity severity) const noexcept {
    return static_cast<int>(severity) <= static_cast<int>(threshold_);
  }

  void log(Severity severity, char const* msg) noexcept override {
    if (!enabled(severity)) return;
    std::fprintf(out_ != nullptr ? out_ : stderr, "[trtgen] %s: %s\n", severityName(severity),
                 msg != nullptr ? msg : "");
  }

  static const char* severityName(Severity severity) noexcept {
    switch (severity) {
      case Severity::kINTERNAL_ERROR:
        return "INTERNAL_ERROR";
      case Severity::kERROR:
        return "ERROR";
      case Severity::kWARNING:
        return "WARNING";
      case Severity::kINFO:
        return "INFO";
      case Severity::kVERBOSE:
        return "VERBOSE";
    }
    return "UNKNOWN";
  }

 private:
  Severity threshold_;
  std::FILE* out_ = nullptr;  // nullptr = stderr
};

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_LOGGER_H_
