// Writes a synthetic untyped (tensorrtx-style) .wts file with PARAMS float32
// values spread over conv-net-like tensors. Fast: table-driven hex, 4 MiB
// output buffer.  Usage: gen_wts OUT.wts PARAMS [SEED]
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Out {
  std::FILE* f;
  std::vector<char> buf = std::vector<char>(size_t(4) << 20);
  size_t n = 0;
  void flush() {
    if (n && std::fwrite(buf.data(), 1, n, f) != n) {
      std::perror("write");
      std::exit(1);
    }
    n = 0;
  }
  void reserve(size_t k) {
    if (n + k > buf.size()) flush();
  }
  void put(const char* s, size_t len) {
    reserve(len);
    std::memcpy(buf.data() + n, s, len);
    n += len;
  }
  void put(const std::string& s) { put(s.data(), s.size()); }
};

uint64_t state = 0x9e3779b97f4a7c15ull;
uint64_t next() {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545f4914f6cdd1dull;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT.wts PARAMS [SEED]\n", argv[0]);
    return 2;
  }
  const int64_t params = std::strtoll(argv[2], nullptr, 10);
  if (params <= 0) {
    std::fprintf(stderr, "PARAMS must be positive\n");
    return 2;
  }
  if (argc > 3) state ^= std::strtoull(argv[3], nullptr, 10) * 0x9e3779b97f4a7c15ull;

  // Layer plan: (weight, bias) pairs cycling through typical conv sizes.
  const int64_t chans[] = {64, 128, 256, 512, 512, 256, 128, 64};
  std::vector<std::pair<std::string, int64_t>> plan;
  int64_t left = params;
  for (int layer = 0; left > 0; ++layer) {
    const int64_t c = chans[layer % 8];
    const int64_t w = std::min<int64_t>(c * c * 9, left);
    plan.emplace_back("layer" + std::to_string(layer) + ".conv.weight", w);
    left -= w;
    if (left <= 0) break;
    const int64_t b = std::min<int64_t>(c, left);
    plan.emplace_back("layer" + std::to_string(layer) + ".conv.bias", b);
    left -= b;
  }

  // Hex pairs for every byte value.
  char hex2[256][2];
  const char* digits = "0123456789abcdef";
  for (int i = 0; i < 256; ++i) {
    hex2[i][0] = digits[i >> 4];
    hex2[i][1] = digits[i & 15];
  }

  Out out;
  out.f = std::fopen(argv[1], "wb");
  if (!out.f) {
    std::perror(argv[1]);
    return 1;
  }
  out.put(std::to_string(plan.size()) + "\n");
  for (const auto& [name, count] : plan) {
    out.put(name + " " + std::to_string(count));
    for (int64_t i = 0; i < count; ++i) {
      // Roughly N(0, 0.05): sum of 4 uniforms, scaled.
      const uint64_t r = next();
      const float u = float((r & 0xffff) + ((r >> 16) & 0xffff) + ((r >> 32) & 0xffff) +
                            ((r >> 48) & 0xffff)) / 65536.0f - 2.0f;
      const float v = u * 0.087f;
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      out.reserve(9);
      char* p = out.buf.data() + out.n;
      p[0] = ' ';
      std::memcpy(p + 1, hex2[bits >> 24], 2);
      std::memcpy(p + 3, hex2[(bits >> 16) & 255], 2);
      std::memcpy(p + 5, hex2[(bits >> 8) & 255], 2);
      std::memcpy(p + 7, hex2[bits & 255], 2);
      out.n += 9;
    }
    out.put("\n", 1);
  }
  out.flush();
  if (std::fclose(out.f) != 0) {
    std::perror("close");
    return 1;
  }
  std::printf("wrote %s: %zu tensors, %" PRId64 " values\n", argv[1], plan.size(), params);
  return 0;
}
