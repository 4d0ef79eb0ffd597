// Tests for cpp-runtime/weights.{h,cpp}.
//
//   weights_tests [--data-dir DIR] [--case NAME | --corpus-case FILE | --list]
//
// Without --case/--corpus-case every test case and every file of the .wts
// conformance corpus listed in DIR/expect.txt (test/wts-corpus) runs. Files
// written by the round-trip tests go to the current directory.
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "harness.h"
#include "weights.h"

using trtgen::ElementType;
using trtgen::Tensor;
using trtgen::WeightsFile;
using trtgen::WtsFormat;

namespace {

std::string dataPath(const std::string& file) { return harness::dataDir() + "/" + file; }

uint32_t bitsOf(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

std::vector<uint32_t> bits32(const Tensor& t) {
  std::vector<uint32_t> v(static_cast<size_t>(t.count));
  if (t.type == ElementType::kFloat32) std::memcpy(v.data(), t.data(), t.byteSize());
  return v;
}

std::vector<uint16_t> bits16(const Tensor& t) {
  std::vector<uint16_t> v(static_cast<size_t>(t.count));
  if (t.type == ElementType::kFloat16) std::memcpy(v.data(), t.data(), t.byteSize());
  return v;
}

template <typename T>
std::string showVec(const std::vector<T>& v) {
  std::string s = "{";
  char buf[32];
  for (size_t i = 0; i < v.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%" PRIx64, i ? "," : "", uint64_t(v[i]));
    s += buf;
  }
  return s + "}";
}

#define CHECK_BITS32(tensor, ...)                      \
  do {                                                 \
    const std::vector<uint32_t> want_ = __VA_ARGS__;   \
    CHECK_EQ(showVec(bits32(tensor)), showVec(want_)); \
  } while (0)

#define CHECK_BITS16(tensor, ...)                      \
  do {                                                 \
    const std::vector<uint16_t> want_ = __VA_ARGS__;   \
    CHECK_EQ(showVec(bits16(tensor)), showVec(want_)); \
  } while (0)

// One-line description of everything loaded, for comparing loads.
std::string describe(const WeightsFile& w) {
  std::string s = std::to_string(int(w.format())) + "|";
  for (const Tensor& t : w) {
    s += t.name + ":" + std::to_string(int(t.type)) + ":" + std::to_string(t.count) + ":" +
         std::to_string(t.line) + ":";
    const auto* p = static_cast<const unsigned char*>(t.data());
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < t.byteSize(); ++i) h = (h ^ p[i]) * 0x100000001b3ull;
    s += std::to_string(h) + ";";
  }
  return s;
}

bool loadFile(WeightsFile* w, const std::string& path, size_t buffer = 0) {
  std::string err;
  if (buffer) w->setReadBufferSize(buffer);
  const bool ok = w->load(path, &err);
  if (!ok) std::fprintf(stderr, "unexpected load failure: %s\n", err.c_str());
  return ok;
}

// The three tensors shared by valid_untyped / _crlf / _no_newline / _trailing_ws.
void checkStandard(const WeightsFile& w, size_t l0, size_t l1, size_t l2) {
  REQUIRE(w.size() == 3);
  CHECK(w.format() == WtsFormat::kUntyped);
  CHECK_EQ(w[0].name, "conv1.weight");
  CHECK_EQ(w[1].name, "conv1.bias");
  CHECK_EQ(w[2].name, "fc.weight");
  CHECK_EQ(w[0].line, l0);
  CHECK_EQ(w[1].line, l1);
  CHECK_EQ(w[2].line, l2);
  for (const Tensor& t : w) CHECK(t.type == ElementType::kFloat32);
  CHECK_BITS32(w[0], {0x3f800000u, 0x40000000u, 0xbf800000u, 0u});
  CHECK_BITS32(w[1], {0x3dcccccdu, 0x7f800000u});
  CHECK_BITS32(w[2], {0x40490fdbu});
  CHECK_EQ(w.totalValues(), int64_t(7));
  CHECK_EQ(w.totalBytes(), size_t(28));
  CHECK_EQ(w[0].floats()[1], 2.0f);
  CHECK(w[0].halves() == nullptr);
  CHECK(w.find("conv1.bias") == &w[1]);
  CHECK(w.find("missing") == nullptr);
}

const char* const kValidFiles[] = {
    "valid_untyped.wts",        "valid_crlf.wts",         "valid_trailing_ws.wts",
    "valid_no_newline.wts",     "valid_name_symbols.wts", "valid_typed.wts",
    "valid_count1_decimal.wts", "valid_typed_count1.wts", "valid_zero_tensors.wts",
};

// ---- writers for generated files -----------------------------------------

struct Rng {
  std::mt19937_64 gen{12345};
  uint64_t next() { return gen(); }
  int below(int n) { return int(next() % uint64_t(n)); }
};

std::string blanks(Rng& rng) {
  switch (rng.below(20)) {
    case 0:
      return "\t";
    case 1:
      return std::string(20, ' ');
    case 2:
      return " \t ";
    case 3:
      return std::string(300, ' ');  // longer than the smallest read buffer
    default:
      return " ";
  }
}

std::string lineEnd(Rng& rng) {
  switch (rng.below(4)) {
    case 0:
      return "\r\n";
    case 1:
      return " \t\r\n";
    default:
      return "\n";
  }
}

// A value token of `digits` hex digits in either case; with short_ok sometimes without the
// leading zeros (what setAllowShortHex accepts).
std::string hexToken(Rng& rng, uint32_t v, int digits, bool short_ok = false) {
  char buf[16];
  switch (rng.below(10)) {
    case 0:
      std::snprintf(buf, sizeof buf, "%0*X", digits, v);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "%0*x", short_ok ? 1 : digits, v);
      break;
    case 2:
      std::snprintf(buf, sizeof buf, "%0*X", short_ok ? 1 : digits, v);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%0*x", digits, v);
      break;
  }
  return buf;
}

uint32_t randomFloatBits(Rng& rng) {
  static const uint32_t kSpecial[] = {
      0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7fbfffffu,
      0x00000001u, 0x80000001u, 0x007fffffu, 0x00800000u, 0x7f7fffffu, 0xff7fffffu, 0x3f800000u, 0xbf800000u};
  const int r = rng.below(10);
  if (r == 0) return kSpecial[rng.below(int(sizeof kSpecial / sizeof kSpecial[0]))];
  if (r == 1) return uint32_t(rng.next());                // anything, incl. NaN payloads
  if (r == 2) return uint32_t(rng.next()) & 0x807fffffu;  // subnormals
  std::normal_distribution<float> dist(0.0f, 0.05f);
  return bitsOf(dist(rng.gen));
}

struct GenTensor {
  std::string name;
  ElementType type;
  std::vector<uint32_t> bits;  // float32 bits, or float16 bits in the low half
};

void writeFile(const std::string& path, const std::vector<GenTensor>& ts, bool typed, Rng& rng) {
  std::ofstream out(path, std::ios::binary);
  out << ts.size() << lineEnd(rng);
  for (const GenTensor& t : ts) {
    out << t.name << blanks(rng);
    if (typed) out << (t.type == ElementType::kFloat16 ? "1" : "0") << blanks(rng);
    out << t.bits.size();
    const int digits = t.type == ElementType::kFloat16 ? 4 : 8;
    for (uint32_t v : t.bits) out << blanks(rng) << hexToken(rng, v, digits);
    out << lineEnd(rng);
  }
}

void checkGenerated(const WeightsFile& w, const std::vector<GenTensor>& ts) {
  REQUIRE(w.size() == ts.size());
  for (size_t i = 0; i < ts.size(); ++i) {
    const Tensor& t = w[i];
    CHECK_EQ(t.name, ts[i].name);
    CHECK(t.type == ts[i].type);
    REQUIRE(t.count == int64_t(ts[i].bits.size()));
    bool same = true;
    for (size_t k = 0; k < ts[i].bits.size() && same; ++k) {
      if (t.type == ElementType::kFloat32) {
        same = t.floats() != nullptr && bitsOf(t.floats()[k]) == ts[i].bits[k];
      } else {
        same = t.halves() != nullptr && t.halves()[k] == uint16_t(ts[i].bits[k]);
      }
    }
    CHECK(same);
  }
}

// Loads `path` with several read-buffer sizes; all must agree.
void loadAllBuffers(const std::string& path, const std::vector<GenTensor>& ts) {
  for (size_t buffer : {size_t(256), size_t(257), size_t(4099), size_t(1) << 20}) {
    WeightsFile w;
    REQUIRE(loadFile(&w, path, buffer));
    checkGenerated(w, ts);
  }
}

// One file of the conformance corpus, as test/wts-corpus/expect.txt lists it.
struct CorpusCase {
  std::string file;
  bool accept = false;
  size_t line = 0;   // reject: the first error's line
  std::string kind;  // reject: its error kind; accept: the variant
  size_t tensors = 0;
  std::vector<std::vector<std::string>> fields;  // accept: NAME DTYPE COUNT LINE BITS
};

std::vector<std::string> splitBlanks(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

// The cases of a manifest: expect.txt (the format), expect-short-hex.txt (what differs
// with setAllowShortHex).
std::vector<CorpusCase> corpusCases(const std::string& manifest = "expect.txt") {
  std::vector<CorpusCase> cases;
  std::ifstream in(dataPath(manifest), std::ios::binary);
  if (!in) harness::fail(__FILE__, __LINE__, "cannot read " + dataPath(manifest));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = splitBlanks(line);
    if (f.empty()) continue;
    if (line[0] == ' ' && !cases.empty()) {
      cases.back().fields.push_back(f);
      continue;
    }
    if (f.size() != 4) harness::fail(__FILE__, __LINE__, "bad expect.txt line: " + line);
    if (f.size() != 4) continue;
    CorpusCase c;
    c.file = f[0];
    c.accept = f[1] == "accept";
    c.kind = c.accept ? f[2] : f[3];
    (c.accept ? c.tensors : c.line) = std::stoul(c.accept ? f[3] : f[2]);
    cases.push_back(c);
  }
  return cases;
}

const char* variantName(WtsFormat f) {
  return f == WtsFormat::kTyped ? "typed" : f == WtsFormat::kUntyped ? "untyped" : "none";
}

// expect.txt's BITS field of a tensor: float32 bit patterns (float16 widened).
std::string bitsField(const Tensor& t) {
  std::vector<float> values;
  if (!t.toFloat32(&values)) return "<toFloat32 failed>";
  char buf[32];
  std::string out;
  if (values.size() <= 16) {
    for (size_t i = 0; i < values.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%s%08" PRIx32, i ? "," : "", bitsOf(values[i]));
      out += buf;
    }
    return out;
  }
  uint64_t h = 0xcbf29ce484222325ull;
  for (float v : values) {
    const uint32_t b = bitsOf(v);
    for (int shift = 24; shift >= 0; shift -= 8) {
      h ^= (b >> shift) & 0xffu;
      h *= 0x100000001b3ull;
    }
  }
  std::snprintf(buf, sizeof buf, "fnv1a64:%016" PRIx64, h);
  return buf;
}

// Loads one corpus file with a large and a tiny read buffer; both must give
// exactly what the manifest says.
void runCorpusMode(const CorpusCase& c, bool allow_short_hex) {
  const std::string path = dataPath(c.file);
  std::string first;
  for (size_t buffer : {size_t(1) << 20, size_t(256)}) {
    WeightsFile w;
    w.setReadBufferSize(buffer);
    w.setAllowShortHex(allow_short_hex);
    std::string err;
    const bool ok = w.load(path, &err);
    if (ok != c.accept) harness::fail(__FILE__, __LINE__, c.file + ": unexpected result: " + err);
    if (!ok && !c.accept) {
      const std::string where = path + ":" + std::to_string(c.line) + ": ";
      if (err.compare(0, where.size(), where) != 0 || w.errorKind() != c.kind) {
        harness::fail(__FILE__, __LINE__,
                      c.file + ": expected '" + where + "... [" + c.kind + "]', got '" + err + "'");
      }
      CHECK(err.size() > c.kind.size() + 2 &&
            err.compare(err.size() - c.kind.size() - 2, std::string::npos, "[" + c.kind + "]") == 0);
      CHECK(err.find('\n') == std::string::npos);
      CHECK_EQ(w.size(), size_t(0));
      CHECK(w.format() == WtsFormat::kUnknown);
      if (first.empty()) first = err;
      CHECK_EQ(err, first);           // independent of the buffer size
      CHECK(!w.load(path, nullptr));  // null error pointer is fine
      CHECK_EQ(std::string(w.errorKind()), c.kind);
    }
    if (!ok || !c.accept) continue;
    CHECK_EQ(std::string(w.errorKind()), std::string());
    CHECK_EQ(std::string(variantName(w.format())), c.kind);
    CHECK_EQ(w.size(), c.tensors);
    CHECK_EQ(c.fields.size(), c.tensors);
    for (size_t i = 0; i < w.size() && i < c.fields.size(); ++i) {
      const Tensor& t = w[i];
      const std::vector<std::string> got = {t.name, trtgen::elementTypeName(t.type), std::to_string(t.count),
                                            std::to_string(t.line), bitsField(t)};
      if (got != c.fields[i])
        harness::fail(__FILE__, __LINE__, c.file + ": tensor " + std::to_string(i) + " differs");
    }
  }
}

// Every corpus file, read as the format says (expect.txt) and with setAllowShortHex
// (expect-short-hex.txt where it lists the file, else expect.txt again).
void runCorpusCase(const CorpusCase& c) {
  runCorpusMode(c, false);
  static const std::vector<CorpusCase> short_hex = corpusCases("expect-short-hex.txt");
  const auto it =
      std::find_if(short_hex.begin(), short_hex.end(), [&](const CorpusCase& s) { return s.file == c.file; });
  runCorpusMode(it == short_hex.end() ? c : *it, true);
}

}  // namespace

// ---------------------------------------------------------------------------
// Valid files
// ---------------------------------------------------------------------------

TEST(valid_untyped) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_untyped.wts")));
  checkStandard(w, 2, 3, 4);
  std::vector<std::string> names;
  for (const Tensor& t : w) names.push_back(t.name);
  CHECK_EQ(names.size(), size_t(3));
  CHECK_EQ(w.path(), dataPath("valid_untyped.wts"));
}

TEST(valid_crlf) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_crlf.wts")));
  checkStandard(w, 2, 3, 4);
}

TEST(valid_trailing_whitespace_and_blank_lines) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_trailing_ws.wts")));
  checkStandard(w, 3, 5, 6);
}

TEST(valid_no_final_newline) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_no_newline.wts")));
  checkStandard(w, 2, 3, 4);
}

TEST(short_hex_only_with_allow_short_hex) {
  WeightsFile w;
  std::string err;
  CHECK(!w.load(dataPath("short_hex_upper.wts"), &err));
  CHECK_CONTAINS(err, ":2: tensor 'w': bad hex token '0' (value 2 of 6, fewer than 8 hex digits: ");
  CHECK_CONTAINS(err, "--allow-short-hex");
  CHECK(!w.load(dataPath("err_short_last_token.wts"), &err));  // cut inside the last value
  CHECK_CONTAINS(err, ":2: tensor 'w': bad hex token '3f0' (value 2 of 2, fewer than 8 hex digits");
  w.setAllowShortHex(true);
  REQUIRE(loadFile(&w, dataPath("short_hex_upper.wts")));
  REQUIRE(w.size() == 2);
  CHECK_BITS32(w[0], {0x3f800000u, 0u, 1u, 0xbf8u, 0x7fc00000u, 0xff800000u});
  CHECK_BITS32(w[1], {0u, 0xau, 0xabcdefu});
  CHECK(std::isnan(w[0].floats()[4]));
  CHECK(std::isinf(w[0].floats()[5]) && w[0].floats()[5] < 0);
}

TEST(valid_typed) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_typed.wts")));
  REQUIRE(w.size() == 3);
  CHECK(w.format() == WtsFormat::kTyped);
  CHECK(w[0].type == ElementType::kFloat32);
  CHECK(w[1].type == ElementType::kFloat16);
  CHECK(w[2].type == ElementType::kFloat32);
  CHECK_BITS32(w[0], {0x3f800000u, 0x40000000u, 0xbf800000u});
  CHECK_BITS16(w[1], {0x3c00, 0x0001, 0x7c00, 0x8000, 0x03ff, 0xfbff});
  CHECK_EQ(w[1].byteSize(), size_t(12));
  CHECK(w[1].floats() == nullptr);
  std::vector<float> f;
  REQUIRE(w[1].toFloat32(&f));
  REQUIRE(f.size() == 6);
  CHECK_EQ(f[0], 1.0f);
  CHECK_EQ(f[1], std::ldexp(1.0f, -24));
  CHECK(std::isinf(f[2]) && f[2] > 0);
  CHECK_EQ(bitsOf(f[3]), 0x80000000u);
  CHECK_EQ(f[4], std::ldexp(1023.0f, -24));
  CHECK_EQ(f[5], -65504.0f);
  REQUIRE(w[0].toFloat32(&f));
  CHECK_EQ(f.size(), size_t(3));
  CHECK_EQ(f[2], -1.0f);
  CHECK(!w[0].toFloat32(nullptr));
}

TEST(variant_detection_untyped_count1_decimal_value) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_count1_decimal.wts")));
  CHECK(w.format() == WtsFormat::kUntyped);
  REQUIRE(w.size() == 2);
  CHECK_BITS32(w[0], {0x40000000u});
  CHECK_BITS32(w[1], {0x3f800000u, 0u});
}

TEST(variant_detection_typed_count1) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_typed_count1.wts")));
  CHECK(w.format() == WtsFormat::kTyped);
  REQUIRE(w.size() == 2);
  CHECK_BITS16(w[0], {0x3c00});
  CHECK_BITS32(w[1], {0x3f800000u, 0u});
}

TEST(valid_zero_tensors) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_zero_tensors.wts")));
  CHECK(w.empty());
  CHECK(w.format() == WtsFormat::kUnknown);
}

TEST(valid_files_independent_of_buffer_size) {
  for (const char* f : kValidFiles) {
    WeightsFile ref;
    REQUIRE(loadFile(&ref, dataPath(f)));
    const std::string want = describe(ref);
    for (size_t buffer : {size_t(256), size_t(300), size_t(4096)}) {
      WeightsFile w;
      REQUIRE(loadFile(&w, dataPath(f), buffer));
      CHECK_EQ(describe(w), want);
    }
  }
}

TEST(crlf_and_lf_load_identically) {
  WeightsFile a, b, c;
  REQUIRE(loadFile(&a, dataPath("valid_untyped.wts")));
  REQUIRE(loadFile(&b, dataPath("valid_crlf.wts")));
  REQUIRE(loadFile(&c, dataPath("valid_no_newline.wts")));
  CHECK_EQ(describe(a), describe(b));
  CHECK_EQ(describe(a), describe(c));
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

TEST(roundtrip_float32) {
  Rng rng;
  std::vector<GenTensor> ts;
  const size_t sizes[] = {1, 7, 1000, 50000, 300000, 3};
  for (size_t n : sizes) {
    GenTensor t;
    t.name = "layer" + std::to_string(ts.size()) + ".weight";
    if (ts.size() == 2) t.name = std::string(2000, 'n');  // longer than the buffer
    t.type = ElementType::kFloat32;
    for (size_t i = 0; i < n; ++i) t.bits.push_back(randomFloatBits(rng));
    ts.push_back(std::move(t));
  }
  ts[0].bits[0] = 0x80000000u;  // -0.0 first
  const std::string path = "roundtrip_f32.wts";
  writeFile(path, ts, false, rng);
  loadAllBuffers(path, ts);
  std::remove(path.c_str());
}

TEST(roundtrip_typed_float16_and_float32) {
  Rng rng;
  rng.gen.seed(777);
  std::vector<GenTensor> ts;
  const size_t sizes[] = {5, 1, 20000, 70000, 9};
  for (size_t n : sizes) {
    GenTensor t;
    t.name = "t" + std::to_string(ts.size());
    t.type = ts.size() % 2 == 0 ? ElementType::kFloat16 : ElementType::kFloat32;
    for (size_t i = 0; i < n; ++i) {
      t.bits.push_back(t.type == ElementType::kFloat16 ? uint32_t(rng.next() & 0xffffu)
                                                       : randomFloatBits(rng));
    }
    ts.push_back(std::move(t));
  }
  const std::string path = "roundtrip_typed.wts";
  writeFile(path, ts, true, rng);
  loadAllBuffers(path, ts);
  WeightsFile w;
  REQUIRE(loadFile(&w, path));
  CHECK(w.format() == WtsFormat::kTyped);
  std::vector<float> f;
  REQUIRE(w[0].toFloat32(&f));
  for (size_t i = 0; i < f.size(); ++i) {
    const float want = trtgen::halfToFloat(uint16_t(ts[0].bits[i]));
    CHECK_EQ(bitsOf(f[i]), bitsOf(want));
  }
  std::remove(path.c_str());
}

TEST(tensor_name_too_long) {
  const std::string path = "long_name.wts";
  {
    std::ofstream out(path, std::ios::binary);
    out << "1\n" << std::string(70000, 'x') << " 1 0\n";
  }
  WeightsFile w;
  std::string err;
  CHECK(!w.load(path, &err));
  CHECK(err.find("long_name.wts:2: tensor 'xxxx") == 0);
  CHECK(err.find("is longer than 65536 bytes [name-too-long]") != std::string::npos);
  std::remove(path.c_str());
}

// ---------------------------------------------------------------------------
// float16 conversion
// ---------------------------------------------------------------------------

TEST(half_to_float_known_values) {
  using trtgen::halfToFloat;
  CHECK_EQ(bitsOf(halfToFloat(0x0000)), 0x00000000u);
  CHECK_EQ(bitsOf(halfToFloat(0x8000)), 0x80000000u);
  CHECK_EQ(bitsOf(halfToFloat(0x3c00)), 0x3f800000u);  // 1
  CHECK_EQ(bitsOf(halfToFloat(0xc000)), 0xc0000000u);  // -2
  CHECK_EQ(bitsOf(halfToFloat(0x7bff)), 0x477fe000u);  // 65504
  CHECK_EQ(bitsOf(halfToFloat(0x0400)), 0x38800000u);  // smallest normal 2^-14
  CHECK_EQ(bitsOf(halfToFloat(0x0001)), 0x33800000u);  // smallest subnormal 2^-24
  CHECK_EQ(bitsOf(halfToFloat(0x03ff)), 0x387fc000u);  // largest subnormal
  CHECK_EQ(bitsOf(halfToFloat(0x8001)), 0xb3800000u);
  CHECK_EQ(bitsOf(halfToFloat(0x7c00)), 0x7f800000u);  // +inf
  CHECK_EQ(bitsOf(halfToFloat(0xfc00)), 0xff800000u);  // -inf
  CHECK_EQ(bitsOf(halfToFloat(0x7e00)), 0x7fc00000u);  // quiet NaN
  CHECK(std::isnan(halfToFloat(0x7c01)));              // signalling NaN stays NaN
  CHECK_EQ(bitsOf(halfToFloat(0x3555)), 0x3eaaa000u);  // ~0.333
}

TEST(half_to_float_exhaustive) {
  int bad = 0;
  for (uint32_t h = 0; h <= 0xffffu; ++h) {
    const uint32_t sign = (h >> 15) & 1, exp = (h >> 10) & 31, mant = h & 1023;
    const float got = trtgen::halfToFloat(uint16_t(h));
    if (exp == 31) {
      const uint32_t want = (sign << 31) | 0x7f800000u | (mant << 13);
      if (bitsOf(got) != want) ++bad;
      continue;
    }
    double v = exp == 0 ? std::ldexp(double(mant), -24) : std::ldexp(double(1024 + mant), int(exp) - 25);
    if (sign) v = -v;
    if (bitsOf(got) != bitsOf(float(v))) ++bad;
  }
  CHECK_EQ(bad, 0);
}

// ---------------------------------------------------------------------------
// API: require / scratch / release / reload / open errors
// ---------------------------------------------------------------------------

TEST(require_found_missing_and_count_mismatch) {
  WeightsFile w;
  const std::string path = dataPath("valid_untyped.wts");
  REQUIRE(loadFile(&w, path));
  const Tensor* t = nullptr;
  std::string err;
  CHECK(w.require("conv1.weight", 4, &t, &err));
  CHECK(t == &w[0]);
  CHECK(w.require("fc.weight", -1, &t, &err));
  CHECK(t == &w[2]);
  CHECK(w.require("fc.weight", 1, nullptr, nullptr));

  t = nullptr;
  CHECK(!w.require("conv2.weight", 10, &t, &err));
  CHECK(t == nullptr);
  CHECK_EQ(err, path + ": missing weight 'conv2.weight' (expected 10 values)");

  CHECK(!w.require("conv1.bias", 3, &t, &err));
  CHECK(t == nullptr);
  CHECK_EQ(err, path + ":3: tensor 'conv1.bias': expected 3 values, file has 2");
  CHECK(!w.require("conv1.bias", 3, nullptr, nullptr));

  WeightsFile empty;
  CHECK(!empty.require("x", 1, &t, &err));
  CHECK(err.find("missing weight 'x'") != std::string::npos);
}

TEST(scratch_buffers_and_release) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_typed.wts")));
  float* a = w.allocateScratch(1000);
  float* b = w.allocateScratch(1);
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a != b);
  bool zero = true;
  for (int i = 0; i < 1000; ++i) zero = zero && a[i] == 0.0f;
  CHECK(zero);
  a[999] = 3.0f;
  b[0] = 4.0f;
  CHECK(w.allocateScratch(0) == nullptr);
  CHECK(w.allocateScratch(-5) == nullptr);
  CHECK(w.allocateScratch(std::numeric_limits<int64_t>::max()) == nullptr);

  w.release();
  CHECK_EQ(w.size(), size_t(0));
  CHECK(w.empty());
  CHECK(w.begin() == w.end());
  CHECK(w.find("w") == nullptr);
  CHECK_EQ(w.totalBytes(), size_t(0));
  CHECK(w.format() == WtsFormat::kUnknown);
  CHECK(w.path().empty());
  w.release();  // idempotent

  // Reusable after release.
  REQUIRE(loadFile(&w, dataPath("valid_untyped.wts")));
  checkStandard(w, 2, 3, 4);
  CHECK(w.allocateScratch(16) != nullptr);
}

TEST(failed_load_leaves_object_empty) {
  WeightsFile w;
  REQUIRE(loadFile(&w, dataPath("valid_untyped.wts")));
  std::string err;
  CHECK(!w.load(dataPath("err_truncated.wts"), &err));
  CHECK_EQ(w.size(), size_t(0));
  CHECK(w.find("a") == nullptr);
  CHECK(w.find("conv1.weight") == nullptr);
  // And a successful load replaces previous contents.
  REQUIRE(loadFile(&w, dataPath("valid_typed.wts")));
  REQUIRE(loadFile(&w, dataPath("valid_untyped.wts")));
  checkStandard(w, 2, 3, 4);
}

TEST(unreadable_files) {
  WeightsFile w;
  std::string err;
  const std::string missing = "no/such/dir/model.wts";
  CHECK(!w.load(missing, &err));
  CHECK(err.find(missing + ": cannot open: ") == 0);
  CHECK(!w.load(harness::dataDir(), &err));
  CHECK_EQ(err, harness::dataDir() + ": cannot read: is a folder, not a .wts file");
  CHECK_EQ(std::string(w.errorKind()), "io");
  CHECK(!w.load("", &err));
  CHECK(err.find(": cannot open") != std::string::npos);
}

// A device would be read until memory runs out, a FIFO blocks open() until a writer
// comes: both are refused at once (CTest's timeout catches a hang).
TEST(non_regular_files_refused_at_once) {
  WeightsFile w;
  std::string err;
  if (std::filesystem::exists("/dev/zero")) {
    CHECK(!w.load("/dev/zero", &err));
    CHECK_EQ(err, "/dev/zero: cannot read: is a device, not a .wts file");
    CHECK_EQ(std::string(w.errorKind()), "io");
  }
#if defined(__unix__) || defined(__APPLE__)
  const std::string fifo = "non_regular.fifo";
  std::remove(fifo.c_str());
  REQUIRE(std::system(("mkfifo " + fifo).c_str()) == 0);
  CHECK(!w.load(fifo, &err));
  CHECK_EQ(err, fifo + ": cannot read: is a FIFO, not a .wts file");
  std::remove(fifo.c_str());
#endif
  CHECK(w.empty());
}

TEST(move_keeps_tensor_pointers_valid) {
  WeightsFile a;
  REQUIRE(loadFile(&a, dataPath("valid_untyped.wts")));
  const Tensor* t = a.find("conv1.weight");
  const void* data = t->data();
  WeightsFile b(std::move(a));
  CHECK(b.find("conv1.weight") == t);
  CHECK(b.find("conv1.weight")->data() == data);
  WeightsFile c;
  c = std::move(b);
  CHECK(c.find("conv1.weight") == t);
  checkStandard(c, 2, 3, 4);
}

// ---------------------------------------------------------------------------
// Long lines are decoded on several threads: the values and the first error in file
// order must not depend on the thread count or the read buffer.
// ---------------------------------------------------------------------------

namespace {

// A file as the writers write it: float32 "a" (untyped: gen_wts.py's two spaces after the
// count) of `count` values, then "b" of 3; value k of "a" is 0x3f000000 + k.
std::string longLineFile(int64_t count) {
  std::string text = "2\na " + std::to_string(count) + " ";
  char buf[16];
  for (int64_t k = 0; k < count; ++k) {
    std::snprintf(buf, sizeof buf, " %08" PRIx32, uint32_t(0x3f000000u + uint32_t(k)));
    text += buf;
  }
  return text + "\nb 3  3f800000 40000000 40400000\n";
}

// Offset of value k (0-based) of "a" in longLineFile: its first hex digit.
size_t valueOffset(int64_t count, int64_t k) {
  return std::string("2\na " + std::to_string(count) + "  ").size() + size_t(k) * 9;
}

// Loads `text` with 1, 2, 3 and 16 threads and several read buffers; all must agree.
// Returns the error ("" when it loads) and the checksum of what loaded.
// `path` is where the file is written (tests run in parallel in one folder).
std::string loadEveryWay(const std::string& path, const std::string& text, bool allow_short_hex = false) {
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  std::string first;
  bool have_first = false;
  for (unsigned threads : {1u, 2u, 3u, 16u}) {
    for (size_t buffer : {size_t(256), size_t(4099), size_t(1) << 20, text.size() + 1}) {
      WeightsFile w;
      w.setParseThreads(threads);
      w.setReadBufferSize(buffer);
      w.setAllowShortHex(allow_short_hex);
      std::string err;
      const std::string got = w.load(path, &err) ? describe(w) : "error: " + err;
      if (!have_first) {
        first = got;
        have_first = true;
      } else if (got != first) {
        harness::fail(__FILE__, __LINE__,
                      "threads " + std::to_string(threads) + ", buffer " + std::to_string(buffer) + ": '" +
                          got.substr(0, 200) + "' differs from one thread's '" + first.substr(0, 200) + "'");
      }
    }
  }
  std::remove(path.c_str());
  return first;
}

}  // namespace

TEST(threads_give_the_same_values) {
  const int64_t count = 300000;
  const std::string got = loadEveryWay("threads_same.wts", longLineFile(count));
  REQUIRE(got.compare(0, 6, "error:") != 0);
  WeightsFile w;
  w.setParseThreads(4);
  const std::string path = "threads_values.wts";
  {
    std::ofstream out(path, std::ios::binary);
    out << longLineFile(count);
  }
  REQUIRE(loadFile(&w, path));
  REQUIRE(w.size() == 2 && w[0].count == count);
  bool same = true;
  for (int64_t k = 0; k < count && same; ++k) same = bitsOf(w[0].floats()[k]) == 0x3f000000u + uint32_t(k);
  CHECK(same);
  CHECK_BITS32(w[1], {0x3f800000u, 0x40000000u, 0x40400000u});
  std::remove(path.c_str());
}

TEST(threads_report_the_first_error_in_file_order) {
  const int64_t count = 300000;
  const std::string base = longLineFile(count);
  const auto at = [&](int64_t k) { return valueOffset(count, k); };
  {  // a bad digit late in the line
    std::string t = base;
    t[at(250000) + 3] = 'g';
    const std::string err = loadEveryWay("threads.wts", t);
    CHECK(err.find("threads.wts:2: tensor 'a': bad hex token '3f0gd090' (value 250001 of 300000)") !=
          std::string::npos);
  }
  {  // two bad digits: the first one is reported, whichever thread decodes it
    std::string t = base;
    t[at(290000)] = 'x';
    t[at(170000)] = 'x';
    CHECK(loadEveryWay("threads.wts", t).find("(value 170001 of 300000)") != std::string::npos);
  }
  {  // a tab (valid, not as the writers write it) before a bad digit: read on, then the error
    std::string t = base;
    t[at(100000) - 1] = '\t';
    t[at(200000) + 7] = 'z';
    CHECK(loadEveryWay("threads.wts", t).find("(value 200001 of 300000)") != std::string::npos);
  }
  {  // the line ends early / has a value too many
    std::string t = base;
    t.erase(at(count - 1) - 1, 9);
    CHECK(loadEveryWay("threads.wts", t).find("expected 300000 values, line has 299999 [value-count]") !=
          std::string::npos);
    t = base;
    t.insert(at(count - 1) + 8, " 00000000");
    CHECK(loadEveryWay("threads.wts", t).find("expected 300000 values, line has 300001 [value-count]") !=
          std::string::npos);
  }
  {  // a short token: an error, or with setAllowShortHex a value like any other
    std::string t = base;
    t.replace(at(222222), 8, "3f");
    CHECK(loadEveryWay("threads.wts", t).find("(value 222223 of 300000, fewer than 8 hex digits") !=
          std::string::npos);
    CHECK(loadEveryWay("threads.wts", t, true).compare(0, 6, "error:") != 0);
  }
}

// Hostile input late in long lines, where the helper threads decode: the error named is the
// one a single thread names (loadEveryWay checks that), with the exact line, tensor and value.
TEST(threads_hostile_input_in_late_chunks) {
  const int64_t count = 300000;
  const std::string base = longLineFile(count);
  const auto at = [&](int64_t k) { return valueOffset(count, k); };
  {  // the file cut inside a value near the end of the long line (no newline after it)
    const std::string t = base.substr(0, at(280000) + 3);
    CHECK(loadEveryWay("threads_hostile.wts", t)
              .find("threads_hostile.wts:2: tensor 'a': bad hex token '3f0' (value 280001 of 300000, fewer "
                    "than 8 hex digits") != std::string::npos);
  }
  {  // the file cut after a whole value: the line is short
    const std::string t = base.substr(0, at(280000) + 8);
    CHECK(loadEveryWay("threads_hostile.wts", t)
              .find("expected 300000 values, line has 280001 [value-count]") != std::string::npos);
  }
  {  // a NUL byte and a non-ASCII byte inside late values: the first is named, escaped
    std::string t = base;
    t[at(299990) + 2] = '\xff';
    t[at(260000) + 5] = '\0';
    CHECK(loadEveryWay("threads_hostile.wts", t)
              .find("bad hex token '3f03f\\x00a0' (value 260001 of 300000)") != std::string::npos);
  }
  {  // a line break inside the long line: the line ends early, the error names line 2
    std::string t = base;
    t[at(150000) - 1] = '\n';
    CHECK(
        loadEveryWay("threads_hostile.wts", t)
            .find(
                "threads_hostile.wts:2: tensor 'a': expected 300000 values, line has 150000 [value-count]") !=
        std::string::npos);
  }
  {  // a value of 9 digits late in the line
    std::string t = base;
    t.insert(at(270000), "1");
    CHECK(loadEveryWay("threads_hostile.wts", t).find("(value 270001 of 300000, more than 8 hex digits)") !=
          std::string::npos);
  }
}

// Several long lines (float32 and float16, typed) in one file, as the pool's helpers take one
// run after another, and the same WeightsFile loading a bad file and then a good one.
TEST(threads_several_long_lines_and_reloads) {
  const int64_t count = 200000;
  std::string text = "3\n";
  char buf[16];
  for (const char* name : {"a", "c"}) {
    text += std::string(name) + " 0 " + std::to_string(count);
    for (int64_t k = 0; k < count; ++k) {
      std::snprintf(buf, sizeof buf, " %08" PRIx32, uint32_t(0x40000000u - uint32_t(k) * 7u));
      text += buf;
    }
    text += "\n";
  }
  text += "h 1 " + std::to_string(count);
  for (int64_t k = 0; k < count; ++k) {
    std::snprintf(buf, sizeof buf, " %04" PRIx32, uint32_t((k * 13) & 0xffff));
    text += buf;
  }
  text += "\n";
  REQUIRE(loadEveryWay("threads_lines.wts", text).compare(0, 6, "error:") != 0);
  std::string bad = text;
  const size_t half_line = text.rfind("\nh 1 ") + 1;
  bad[half_line + std::string("h 1 200000 ").size() + 5 * 190000 + 1] = 'q';
  CHECK(loadEveryWay("threads_lines.wts", bad).find("threads_lines.wts:4: tensor 'h': bad hex token") !=
        std::string::npos);
  CHECK(loadEveryWay("threads_lines.wts", bad).find("(value 190001 of 200000)") != std::string::npos);

  WeightsFile w;
  w.setParseThreads(3);
  const std::string path = "threads_reload.wts";
  for (const std::string* t : {&bad, &text, &bad, &text}) {
    {
      std::ofstream out(path, std::ios::binary);
      out << *t;
    }
    std::string err;
    const bool ok = w.load(path, &err);
    CHECK(ok == (t == &text));
    if (ok) {
      REQUIRE(w.size() == 3 && w[2].count == count && w[2].type == ElementType::kFloat16);
      CHECK(bitsOf(w[1].floats()[count - 1]) == 0x40000000u - uint32_t(count - 1) * 7u);
      CHECK(w[2].halves()[count - 1] == uint16_t(((count - 1) * 13) & 0xffff));
    } else {
      CHECK_EQ(std::string(w.errorKind()), "bad-value");
      CHECK(w.empty());
    }
  }
  std::remove(path.c_str());
}

// ---------------------------------------------------------------------------
// Differential test: mutated random files vs a simple whole-file reference
// parser implementing the documented rules. Small read buffers make tokens
// straddle refills.
// ---------------------------------------------------------------------------

namespace {

struct RefTensor {
  std::string name;
  ElementType type;
  std::vector<uint32_t> bits;
};

struct RefResult {
  bool ok = false;
  size_t line = 0;  // error line
  WtsFormat format = WtsFormat::kUnknown;
  std::vector<RefTensor> tensors;
};

struct Tok {
  std::string text;
  size_t end;  // byte offset just past the token
};

bool refDecimal(const std::string& s, int64_t* v) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  *v = std::stoll(s);
  return true;
}

bool refHex(const std::string& s, size_t max_digits, bool short_ok, uint32_t* v) {
  if (s.empty() || s.size() > max_digits || (!short_ok && s.size() != max_digits)) return false;
  uint32_t r = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return false;
    r = r * 16 + uint32_t(d);
  }
  *v = r;
  return true;
}

RefResult refParse(const std::string& text, bool short_ok) {
  RefResult res;
  // Split into lines, remembering offsets.
  std::vector<std::vector<Tok>> lines;
  std::vector<Tok> cur;
  std::string tok;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool at_end = i == text.size();
    const char c = at_end ? '\n' : text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!tok.empty()) cur.push_back({tok, i});
      tok.clear();
      if (c == '\n') {
        lines.push_back(cur);
        cur.clear();
      }
    } else {
      tok.push_back(c);
    }
  }
  // lines[k] is line k+1. A final '\n' adds no line of its own, but the
  // end-of-file position is then on line count('\n') + 1.
  const size_t eof_line = size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  size_t k = 0;
  auto failAt = [&](size_t line) {
    res.ok = false;
    res.line = line;
    res.tensors.clear();
    return res;
  };
  while (k < lines.size() && lines[k].empty()) ++k;
  if (k == lines.size()) return failAt(1);
  int64_t declared = 0;
  if (lines[k].size() != 1 || !refDecimal(lines[k][0].text, &declared)) return failAt(k + 1);
  ++k;
  std::map<std::string, size_t> seen;
  for (; k < lines.size(); ++k) {
    const std::vector<Tok>& t = lines[k];
    if (t.empty()) continue;
    const size_t line = k + 1;
    if (int64_t(res.tensors.size()) >= declared) return failAt(line);
    // bad-name: the generated names are ASCII, so only the C0 and DEL control characters occur
    for (const char c : t[0].text)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return failAt(line);
    if (seen.count(t[0].text)) return failAt(line);
    if (res.format == WtsFormat::kUnknown) {
      const bool typed = t.size() >= 3 && (t[1].text == "0" || t[1].text == "1") && !t[2].text.empty() &&
                         t[2].text.find_first_not_of("0123456789") == std::string::npos &&
                         !(t[1].text == "1" && t.size() == 3);
      res.format = typed ? WtsFormat::kTyped : WtsFormat::kUntyped;
    }
    size_t ci = 1;
    RefTensor rt;
    rt.name = t[0].text;
    rt.type = ElementType::kFloat32;
    if (res.format == WtsFormat::kTyped) {
      if (t.size() < 2) return failAt(line);
      if (t[1].text == "1")
        rt.type = ElementType::kFloat16;
      else if (t[1].text != "0")
        return failAt(line);
      ci = 2;
    }
    int64_t count = 0;
    if (t.size() <= ci || !refDecimal(t[ci].text, &count) || count <= 0) return failAt(line);
    if (uint64_t(count) > (text.size() - t[ci].end) / 2) return failAt(line);
    const size_t max_digits = rt.type == ElementType::kFloat16 ? 4 : 8;
    const size_t nvals = t.size() - ci - 1;
    for (int64_t i = 0; i < count; ++i) {
      uint32_t v = 0;
      if (size_t(i) >= nvals || !refHex(t[ci + 1 + size_t(i)].text, max_digits, short_ok, &v))
        return failAt(line);
      rt.bits.push_back(v);
    }
    if (nvals > size_t(count)) return failAt(line);
    seen[rt.name] = line;
    res.tensors.push_back(std::move(rt));
  }
  if (int64_t(res.tensors.size()) < declared) return failAt(eof_line);
  res.ok = true;
  if (res.tensors.empty()) res.format = WtsFormat::kUnknown;
  return res;
}

std::string randomValidFile(Rng& rng, bool short_ok) {
  const bool typed = rng.below(3) == 0;
  const int n = 1 + rng.below(5);
  std::string s = std::to_string(n) + (rng.below(4) ? "\n" : " \r\n");
  for (int t = 0; t < n; ++t) {
    s += "t" + std::to_string(t) + "." + std::string(size_t(rng.below(30)), 'w');
    s += rng.below(5) ? " " : "\t";
    const bool half = typed && rng.below(2);
    if (typed) s += half ? "1 " : "0 ";
    const int count = 1 + rng.below(60);
    s += std::to_string(count);
    for (int i = 0; i < count; ++i) {
      s += rng.below(10) ? " " : (rng.below(2) ? "\t" : "   ");
      s += hexToken(rng, half ? uint32_t(rng.next() & 0xffff) : randomFloatBits(rng), half ? 4 : 8, short_ok);
    }
    if (t + 1 < n || rng.below(2)) s += rng.below(4) ? "\n" : "\r\n";
  }
  return s;
}

void mutate(Rng& rng, std::string* s) {
  static const char kChars[] = " \n\r\tgxz01fF9-+\0";
  const int kinds = 1 + rng.below(3);
  for (int m = 0; m < kinds && !s->empty(); ++m) {
    const size_t pos = size_t(rng.below(int(s->size())));
    switch (rng.below(6)) {
      case 0:
        s->erase(pos, 1);
        break;
      case 1:
        s->insert(pos, 1, kChars[rng.below(int(sizeof kChars - 1))]);
        break;
      case 2:
        (*s)[pos] = kChars[rng.below(int(sizeof kChars - 1))];
        break;
      case 3: {  // duplicate the line containing pos
        const size_t b = s->rfind('\n', pos);
        const size_t e = s->find('\n', pos);
        const size_t from = b == std::string::npos ? 0 : b + 1;
        const size_t to = e == std::string::npos ? s->size() : e + 1;
        s->insert(to, s->substr(from, to - from) + (e == std::string::npos ? "\n" : ""));
        break;
      }
      case 4:  // truncate
        s->resize(pos);
        break;
      default:  // swap in a digit
        (*s)[pos] = char('0' + rng.below(10));
        break;
    }
  }
}

}  // namespace

TEST(differential_fuzz_against_reference_parser) {
  Rng rng;
  rng.gen.seed(4242);
  const std::string path = "fuzz.wts";
  int accepted = 0, rejected = 0, mismatches = 0;
  for (int iter = 0; iter < 3000 && mismatches < 5; ++iter) {
    // every other file with short tokens, read with setAllowShortHex; every fourth with short
    // tokens read without it (rejected, unless the mutations happen to remove them all)
    const bool short_tokens = iter % 2 == 1 || iter % 4 == 2;
    const bool short_ok = iter % 2 == 1;
    std::string text = randomValidFile(rng, short_tokens);
    if (iter % 8 != 0) mutate(rng, &text);
    {
      std::ofstream out(path, std::ios::binary);
      out << text;
    }
    const RefResult ref = refParse(text, short_ok);
    WeightsFile w;
    w.setReadBufferSize(size_t(256 + rng.below(64)));
    w.setAllowShortHex(short_ok);
    std::string err;
    const bool ok = w.load(path, &err);
    std::string why;
    if (ok != ref.ok) {
      why = std::string("ok=") + (ok ? "1" : "0") + " ref.ok=" + (ref.ok ? "1" : "0") + " " + err;
    } else if (!ok) {
      const std::string want = path + ":" + std::to_string(ref.line) + ":";
      if (err.compare(0, want.size(), want) != 0)
        why = "line differs: " + err + " vs ref line " + std::to_string(ref.line);
    } else {
      if (w.format() != ref.format) why = "format differs";
      if (w.size() != ref.tensors.size()) why = "tensor count differs";
      for (size_t i = 0; why.empty() && i < w.size(); ++i) {
        const RefTensor& r = ref.tensors[i];
        if (w[i].name != r.name || w[i].type != r.type || w[i].count != int64_t(r.bits.size())) {
          why = "tensor " + std::to_string(i) + " header differs";
          break;
        }
        for (size_t k = 0; k < r.bits.size(); ++k) {
          const uint32_t got =
              w[i].type == ElementType::kFloat32 ? bitsOf(w[i].floats()[k]) : w[i].halves()[k];
          if (got != r.bits[k]) why = "value differs in tensor " + std::to_string(i);
        }
      }
    }
    if (!why.empty()) {
      ++mismatches;
      std::ofstream keep("fuzz_fail_" + std::to_string(iter) + ".wts", std::ios::binary);
      keep << text;
      harness::fail(__FILE__, __LINE__, "iteration " + std::to_string(iter) + ": " + why);
    }
    (ok ? accepted : rejected)++;
  }
  std::printf("fuzz: %d accepted, %d rejected\n", accepted, rejected);
  CHECK(accepted > 300);
  CHECK(rejected > 300);
  std::remove(path.c_str());
}

// ---------------------------------------------------------------------------
// The conformance corpus: every .wts file there is listed in expect.txt.
// ---------------------------------------------------------------------------

TEST(corpus_lists_every_file) {
  const auto cases = corpusCases();
  CHECK(cases.size() >= 60);
  std::vector<std::string> listed, present;
  for (const auto& c : cases) listed.push_back(c.file);
  for (const auto& entry : std::filesystem::directory_iterator(harness::dataDir())) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".wts") == 0) present.push_back(name);
  }
  std::sort(listed.begin(), listed.end());
  std::sort(present.begin(), present.end());
  CHECK(listed == present);
}

// ---------------------------------------------------------------------------

int main(int argc, char** argv) {
  std::string only_case, only_corpus;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--data-dir" && i + 1 < argc) {
      harness::dataDir() = argv[++i];
    } else if (a == "--case" && i + 1 < argc) {
      only_case = argv[++i];
    } else if (a == "--corpus-case" && i + 1 < argc) {
      only_corpus = argv[++i];
    } else if (a == "--list") {
      list = true;
    } else {
      std::fprintf(stderr, "usage: %s [--data-dir DIR] [--case NAME | --corpus-case FILE | --list]\n",
                   argv[0]);
      return 2;
    }
  }
  if (list) {
    for (const auto& c : harness::registry()) std::printf("%s\n", c.name);
    return 0;
  }
  int ran = 0;
  if (only_corpus.empty()) {
    for (const auto& c : harness::registry()) {
      if (!only_case.empty() && only_case != c.name) continue;
      const int before = harness::failures();
      c.fn();
      ++ran;
      std::printf("[%s] %s\n", harness::failures() == before ? " OK " : "FAIL", c.name);
    }
  }
  if (only_case.empty()) {
    for (const auto& c : corpusCases()) {
      if (!only_corpus.empty() && only_corpus != c.file) continue;
      const int before = harness::failures();
      runCorpusCase(c);
      ++ran;
      std::printf("[%s] corpus case %s\n", harness::failures() == before ? " OK " : "FAIL", c.file.c_str());
    }
  }
  if (ran == 0) {
    std::fprintf(stderr, "no test matched\n");
    return 1;
  }
  std::printf("%d run, %d check failure(s)\n", ran, harness::failures());
  return harness::failures() == 0 ? 0 : 1;
}
