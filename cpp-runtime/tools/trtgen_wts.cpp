// trtgen-wts: inspect and validate `.wts` weight files.
//
//   trtgen-wts info [--stats] [--allow-short-hex] [--threads N] FILE.wts   validate, print summary + checksum
//   trtgen-wts list [--allow-short-hex] [--threads N] FILE.wts             validate, print one line per
//   tensor trtgen-wts --help
//
// Exit status: 0 ok, 1 the file failed to load (one line on stderr),
// 2 usage error.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "weights.h"

namespace {

const char kUsage[] =
    "Usage: trtgen-wts <command> [options] FILE.wts\n"
    "\n"
    "Commands:\n"
    "  info FILE   fully load and validate FILE; print tensor count, total\n"
    "              values, data bytes and an FNV-1a 64 checksum of the binary\n"
    "              data (host byte order, file order)\n"
    "  list FILE   fully load and validate FILE; print name, type, count and\n"
    "              line of every tensor\n"
    "\n"
    "Options:\n"
    "  --stats     (info) also print load time (wall and CPU), throughput and\n"
    "              peak RSS\n"
    "  --allow-short-hex\n"
    "              accept values with fewer than 8 (float32) / 4 (float16) hex\n"
    "              digits, zero-extended on the left: hand-written files\n"
    "  --threads N threads decoding values (default 0: one per idle hardware\n"
    "              thread); the result does not depend on it\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 success, 1 invalid or unreadable file, 2 usage error.\n";

int usageError(const std::string& msg) {
  std::fprintf(stderr, "trtgen-wts: %s\nTry 'trtgen-wts --help'.\n", msg.c_str());
  return 2;
}

uint64_t fnv1a64(const trtgen::WeightsFile& wts) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const trtgen::Tensor& t : wts) {
    const auto* p = static_cast<const unsigned char*>(t.data());
    const size_t n = t.byteSize();
    for (size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 0x100000001b3ull;
    }
  }
  return h;
}

// Peak resident set size in KiB from /proc/self/status (Linux), or -1.
long peakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, 6, "VmHWM:") == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

const char* formatName(trtgen::WtsFormat f) {
  switch (f) {
    case trtgen::WtsFormat::kUntyped:
      return "untyped (name count hex...)";
    case trtgen::WtsFormat::kTyped:
      return "typed (name type count hex...)";
    default:
      return "none (no tensors)";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string command;
  std::string file;
  bool stats = false;
  bool allow_short_hex = false;
  unsigned threads = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--stats") {
      stats = true;
    } else if (arg == "--allow-short-hex") {
      allow_short_hex = true;
    } else if (arg == "--threads") {
      const char* n = i + 1 < argc ? argv[++i] : "";
      char* rest = nullptr;
      const unsigned long v = std::strtoul(n, &rest, 10);
      if (*n < '0' || *n > '9' || *rest != '\0' || v > 1024) {
        return usageError("--threads needs a number from 0 to 1024, got '" + std::string(n) + "'");
      }
      threads = static_cast<unsigned>(v);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usageError("unknown option '" + arg + "'");
    } else if (command.empty()) {
      command = arg;
    } else if (file.empty()) {
      file = arg;
    } else {
      return usageError("unexpected argument '" + arg + "'");
    }
  }
  if (command.empty()) return usageError("missing command");
  if (command != "info" && command != "list") return usageError("unknown command '" + command + "'");
  if (file.empty()) return usageError("missing FILE.wts");
  if (stats && command != "info") return usageError("--stats only applies to 'info'");

  trtgen::WeightsFile wts;
  wts.setAllowShortHex(allow_short_hex);
  wts.setParseThreads(threads);
  std::string error;
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  const bool ok = wts.load(file, &error);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu_seconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
  if (!ok) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }

  if (command == "list") {
    for (const trtgen::Tensor& t : wts) {
      std::printf("%s %s %" PRId64 " line %zu\n", t.name.c_str(), trtgen::elementTypeName(t.type), t.count,
                  t.line);
    }
    return 0;
  }

  std::printf("file: %s\n", file.c_str());
  std::printf("format: %s\n", formatName(wts.format()));
  std::printf("tensors: %zu\n", wts.size());
  std::printf("values: %" PRId64 "\n", wts.totalValues());
  std::printf("bytes: %zu\n", wts.totalBytes());
  std::printf("fnv1a64: %016" PRIx64 "\n", fnv1a64(wts));
  if (stats) {
    std::ifstream f(file, std::ios::binary | std::ios::ate);
    const double file_mb = f ? double(f.tellg()) / 1e6 : 0.0;
    std::printf("load_seconds: %.3f\n", seconds);
    std::printf("load_cpu_seconds: %.3f\n", cpu_seconds);
    std::printf("load_mb_per_s: %.1f\n", seconds > 0 ? file_mb / seconds : 0.0);
    std::printf("peak_rss_kb: %ld\n", peakRssKb());
  }
  return 0;
}
