// Compiles cpp-runtime/logger.h against stub/NvInfer.h and checks filtering
// and the output format (output is redirected to a temporary file).
#include <cstdio>
#include <cstring>
#include <string>

#include "logger.h"

namespace {

int failures = 0;

void expect(bool cond, const char* what) {
  if (!cond) {
    ++failures;
    std::printf("FAILED: %s\n", what);
  }
}

using Severity = nvinfer1::ILogger::Severity;

std::string capture(trtgen::Logger& logger, Severity s, const char* msg) {
  std::FILE* tmp = std::tmpfile();
  if (tmp == nullptr) return "<tmpfile failed>";
  logger.setOutput(tmp);
  nvinfer1::ILogger& base = logger;  // call through the interface
  base.log(s, msg);
  std::fflush(tmp);
  logger.setOutput(nullptr);
  std::rewind(tmp);
  std::string out;
  char buf[256];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, tmp)) > 0) out.append(buf, n);
  std::fclose(tmp);
  return out;
}

}  // namespace

int main() {
  trtgen::Logger logger;
  expect(logger.threshold() == Severity::kWARNING, "default threshold is kWARNING");
  expect(capture(logger, Severity::kERROR, "boom") == "[trtgen] ERROR: boom\n", "error printed");
  expect(capture(logger, Severity::kWARNING, "careful") == "[trtgen] WARNING: careful\n", "warning printed");
  expect(capture(logger, Severity::kINFO, "info").empty(), "info filtered by default");
  expect(capture(logger, Severity::kVERBOSE, "v").empty(), "verbose filtered by default");
  expect(capture(logger, Severity::kINTERNAL_ERROR, nullptr) == "[trtgen] INTERNAL_ERROR: \n",
         "null message tolerated");

  char arg0[] = "prog", arg1[] = "--fp16", arg2[] = "--verbose";
  char* argv[] = {arg0, arg1, arg2, nullptr};
  expect(logger.configureFromArgs(3, argv), "--verbose detected");
  expect(logger.threshold() == Severity::kVERBOSE, "--verbose sets kVERBOSE");
  expect(capture(logger, Severity::kVERBOSE, "v") == "[trtgen] VERBOSE: v\n", "verbose printed");
  expect(!logger.configureFromArgs(2, argv), "no --verbose among first two args");

  logger.setVerbose(false);
  expect(logger.threshold() == Severity::kWARNING, "setVerbose(false) restores kWARNING");
  logger.setThreshold(Severity::kERROR);
  expect(capture(logger, Severity::kWARNING, "w").empty(), "kERROR threshold filters warnings");

  trtgen::Logger info_logger(Severity::kINFO);
  expect(capture(info_logger, Severity::kINFO, "hello") == "[trtgen] INFO: hello\n", "explicit threshold");

  std::printf("%s\n", failures == 0 ? "logger_test: OK" : "logger_test: FAILED");
  return failures == 0 ? 0 : 1;
}
