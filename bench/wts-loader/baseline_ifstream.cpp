// Baseline: the classic tensorrtx loadWeights() approach, an std::ifstream
// with `>> name >> count` per tensor and `>> std::hex >> value` per value.
// Prints the same figures as `trtgen-wts info --stats` for run.sh.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

static long peakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, 6, "VmHWM:") == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.wts\n", argv[0]);
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  std::map<std::string, std::vector<uint32_t>> weights;
  std::vector<std::string> order;
  {
    std::ifstream input(argv[1]);
    if (!input) {
      std::fprintf(stderr, "cannot open %s\n", argv[1]);
      return 1;
    }
    int32_t count = 0;
    input >> count;
    if (count <= 0) {
      std::fprintf(stderr, "bad header\n");
      return 1;
    }
    while (count--) {
      std::string name;
      uint32_t size = 0;
      input >> name >> std::dec >> size;
      std::vector<uint32_t> val(size);
      for (uint32_t x = 0; x < size; ++x) input >> std::hex >> val[x];
      if (!input) {
        std::fprintf(stderr, "parse error in %s\n", name.c_str());
        return 1;
      }
      order.push_back(name);
      weights[name] = std::move(val);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu_seconds = double(std::clock() - c0) / CLOCKS_PER_SEC;

  uint64_t h = 0xcbf29ce484222325ull;
  uint64_t values = 0;
  for (const std::string& name : order) {
    const std::vector<uint32_t>& v = weights[name];
    values += v.size();
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    for (size_t i = 0; i < v.size() * sizeof(uint32_t); ++i) {
      h ^= p[i];
      h *= 0x100000001b3ull;
    }
  }
  std::ifstream f(argv[1], std::ios::binary | std::ios::ate);
  const double file_mb = double(f.tellg()) / 1e6;
  std::printf("tensors: %zu\n", order.size());
  std::printf("values: %" PRIu64 "\n", values);
  std::printf("bytes: %" PRIu64 "\n", values * 4);
  std::printf("fnv1a64: %016" PRIx64 "\n", h);
  std::printf("load_seconds: %.3f\n", seconds);
  std::printf("load_cpu_seconds: %.3f\n", cpu_seconds);
  std::printf("load_mb_per_s: %.1f\n", seconds > 0 ? file_mb / seconds : 0.0);
  std::printf("peak_rss_kb: %ld\n", peakRssKb());
  return 0;
}
