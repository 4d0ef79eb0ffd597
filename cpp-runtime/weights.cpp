// trtgen runtime: streaming `.wts` loader. The format is specified in trtgen's
// docs/wts.md; weights.h has the API and the error-message conventions.
#include "weights.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <mutex>
#include <new>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <stdlib.h>  // getloadavg
#include <sys/mman.h>
#endif

namespace trtgen {

// ---------------------------------------------------------------------------
// Small public helpers
// ---------------------------------------------------------------------------

size_t elementSize(ElementType type) noexcept { return type == ElementType::kFloat16 ? 2 : 4; }

const char* elementTypeName(ElementType type) noexcept {
  return type == ElementType::kFloat16 ? "float16" : "float32";
}

float halfToFloat(uint16_t h) noexcept {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0x1fu) {
    // Inf / NaN: keep the payload (shifted into the top mantissa bits).
    bits = sign | 0x7f800000u | (mant << 13);
  } else if (exp != 0) {
    bits = sign | ((exp + (127 - 15)) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;  // +-0
  } else {
    // Subnormal half: value = mant * 2^-24. Normalise into a float32.
    int e = 127 - 15 + 1;
    while ((mant & 0x400u) == 0) {
      mant <<= 1;
      --e;
    }
    mant &= 0x3ffu;
    bits = sign | (uint32_t(e) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

uint16_t floatToHalf(float value) noexcept {
  uint32_t x = 0;
  std::memcpy(&x, &value, sizeof x);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t a = x & 0x7fffffffu;  // |value|
  if (a >= 0x7f800000u) {              // infinity, or NaN: keep the top payload bits, make it quiet
    return static_cast<uint16_t>(a == 0x7f800000u ? sign | 0x7c00u : sign | 0x7e00u | ((a >> 13) & 0x3ffu));
  }
  // 65520 = 65504 (largest half) + half an ulp: ties to even round up, to infinity.
  if (a >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);
  if (a < 0x38800000u) {  // below 2^-14: a subnormal half (units of 2^-24) or zero
    const uint32_t exponent = a >> 23;
    if (exponent < 102u) return static_cast<uint16_t>(sign);  // below 2^-25: rounds to zero
    const uint32_t mantissa = (a & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126u - exponent;  // 14 .. 24
    uint32_t h = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1u);
    const uint32_t halfway = 1u << (shift - 1u);
    if (rest > halfway || (rest == halfway && (h & 1u) != 0)) ++h;  // may become the smallest normal: fine
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = (a - 0x38000000u) >> 13;  // rebias the exponent (127 -> 15), keep 10 mantissa bits
  const uint32_t rest = a & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u) != 0)) ++h;  // a carry into the exponent is right
  return static_cast<uint16_t>(sign | h);
}

const float* Tensor::floats() const noexcept {
  return type == ElementType::kFloat32 ? reinterpret_cast<const float*>(storage_.get()) : nullptr;
}

const uint16_t* Tensor::halves() const noexcept {
  return type == ElementType::kFloat16 ? reinterpret_cast<const uint16_t*>(storage_.get()) : nullptr;
}

size_t Tensor::byteSize() const noexcept { return static_cast<size_t>(count) * elementSize(type); }

bool Tensor::toFloat32(std::vector<float>* out) const noexcept {
  if (out == nullptr) return false;
  try {
    out->resize(static_cast<size_t>(count));
  } catch (...) {
    return false;
  }
  if (count == 0 || !storage_) return true;
  if (type == ElementType::kFloat32) {
    std::memcpy(out->data(), storage_.get(), byteSize());
  } else {
    const uint16_t* h = reinterpret_cast<const uint16_t*>(storage_.get());
    float* dst = out->data();
    for (int64_t i = 0; i < count; ++i) dst[i] = halfToFloat(h[i]);
  }
  return true;
}

size_t utf8Length(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c == 0xe0) {
    n = 3;
    lo = 0xa0;
  } else if (c == 0xed) {
    n = 3;
    hi = 0x9f;
  } else if (c >= 0xe1 && c <= 0xef) {
    n = 3;
  } else if (c == 0xf0) {
    n = 4;
    lo = 0x90;
  } else if (c == 0xf4) {
    n = 4;
    hi = 0x8f;
  } else if (c >= 0xf1 && c <= 0xf3) {
    n = 4;
  } else {
    return 0;
  }
  if (i + n > s.size() || b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xbf) return 0;
  return n;
}

// ---------------------------------------------------------------------------
// Parser internals
// ---------------------------------------------------------------------------
namespace {

constexpr size_t kMinBuffer = 256;
constexpr size_t kLookahead = 128;   // bytes examined for variant detection
constexpr size_t kTokenWindow = 16;  // a valid value token + delimiter fits
constexpr size_t kMaxNameLength = size_t(1) << 16;
constexpr size_t kMaxShown = 40;  // chars of a bad token quoted in errors
constexpr int64_t kMaxCount = int64_t(1) << 60;
// Canonical tokens a thread takes at a time when several decode a run (~144 KiB of
// float32 text): a run of fewer than two is decoded without helpers.
constexpr size_t kValuesPerChunk = size_t(1) << 14;
constexpr unsigned kMaxThreads = 16;

struct CharTables {
  uint8_t hex[256];    // digit value, or 0xff
  uint8_t blank[256];  // ' ', '\t', '\r'
  uint8_t delim[256];  // blank or '\n'
};

constexpr CharTables makeTables() {
  CharTables t{};
  for (int i = 0; i < 256; ++i) {
    t.hex[i] = 0xff;
    t.blank[i] = 0;
    t.delim[i] = 0;
  }
  for (int c = '0'; c <= '9'; ++c) t.hex[c] = uint8_t(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t.hex[c] = uint8_t(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t.hex[c] = uint8_t(c - 'A' + 10);
  t.blank[int(' ')] = t.blank[int('\t')] = t.blank[int('\r')] = 1;
  t.delim[int(' ')] = t.delim[int('\t')] = t.delim[int('\r')] = t.delim[int('\n')] = 1;
  return t;
}

constexpr CharTables kChars = makeTables();

// Best effort: ask Linux for transparent huge pages on a large tensor buffer
// (faulting 2 MiB pages is several times cheaper than 4 KiB ones). Only the
// 2 MiB-aligned interior is advised, so RSS never exceeds the allocation.
void adviseHugePages(void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t(2) << 20;
  if (bytes < 2 * kHuge) return;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

inline bool isBlank(unsigned char c) { return kChars.blank[c] != 0; }
inline bool isDelim(unsigned char c) { return kChars.delim[c] != 0; }

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The code point of the valid n-byte UTF-8 sequence at s[i] (n from utf8Length).
uint32_t codePoint(const std::string& s, size_t i, size_t n) {
  static const unsigned char kLead[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  uint32_t cp = static_cast<unsigned char>(s[i]) & kLead[n];
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fu);
  return cp;
}

// Control characters (Unicode category Cc): C0, DEL, C1.
bool isControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f); }

// A message on one printable line (docs/wts.md "Errors"): UTF-8 text as it is, a control
// character as \xNN (C0, DEL) or \u00NN (C1), a byte-order mark as \ufeff, a byte that is
// not part of valid UTF-8 as \xNN.
std::string escapeForMessage(const std::string& s) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8Length(s, i);
    const uint32_t cp = n == 0 ? static_cast<unsigned char>(s[i]) : codePoint(s, i, n);
    if (n == 0 || cp < 0x20 || cp == 0x7f) {
      out += "\\x";
      out += kDigits[(cp >> 4) & 15];
      out += kDigits[cp & 15];
    } else if (isControl(cp) || cp == 0xfeff) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(cp >> shift) & 15];
    } else {
      out.append(s, i, n);
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

// docs/wts.md "Names": why `name` (at most kMaxNameLength bytes, no blanks) cannot be a
// tensor name, or "" when it can.
std::string nameProblem(const std::string& name) {
  for (size_t i = 0; i < name.size();) {
    const size_t n = utf8Length(name, i);
    if (n == 0) {
      static const char kDigits[] = "0123456789abcdef";
      const auto c = static_cast<unsigned char>(name[i]);
      return "tensor name is not valid UTF-8 (byte " + std::to_string(i + 1) + " is 0x" + kDigits[c >> 4] +
             kDigits[c & 15] + ")";
    }
    if (isControl(codePoint(name, i, n))) {
      return "tensor name contains the control character " + escapeForMessage(name.substr(i, n));
    }
    i += n;
  }
  return "";
}

enum class IntResult { kOk, kNotInteger, kTooLarge };

// Buffered reader over an unbuffered FILE*. [p, end) is unread data and
// *end is always a NUL sentinel, so scanning loops stop at the end without
// bounds checks.
class Reader {
 public:
  ~Reader() {
    if (file_ != nullptr) std::fclose(file_);
  }

  bool open(const std::string& path, size_t capacity) {
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      err_ = errno;
      return false;
    }
    std::setvbuf(file_, nullptr, _IONBF, 0);
    cap_ = capacity;
    buf_.reset(new (std::nothrow) unsigned char[cap_ + 1]);
    if (!buf_) {
      err_ = ENOMEM;
      return false;
    }
    p = end = buf_.get();
    buf_[0] = 0;
    return true;
  }

  // Moves the unread bytes to the front and appends more from the file.
  // Returns true if at least one byte was added.
  bool refill() {
    if (eof) return false;
    const size_t rem = size_t(end - p);
    if (p != buf_.get() && rem != 0) std::memmove(buf_.get(), p, rem);
    p = buf_.get();
    end = p + rem;
    const size_t space = cap_ - rem;
    if (space == 0) return false;
    const size_t n = std::fread(buf_.get() + rem, 1, space, file_);
    if (n == 0) {
      eof = true;
      if (std::ferror(file_)) {
        io_error = true;
        err_ = errno != 0 ? errno : EIO;
      }
    }
    end += n;
    buf_[rem + n] = 0;
    total_ += n;
    return n != 0;
  }

  // Makes at least k bytes available unless the file ends first.
  void ensure(size_t k) {
    while (size_t(end - p) < k && refill()) {
    }
  }

  // Next byte without consuming it, or -1 at end of file.
  int peek() {
    if (p == end && !refill()) return -1;
    return *p;
  }

  // Bytes of the file consumed so far.
  uint64_t consumed() const { return total_ - uint64_t(end - p); }
  int error() const { return err_; }

  const unsigned char* p = nullptr;
  const unsigned char* end = nullptr;
  bool eof = false;
  bool io_error = false;

 private:
  std::FILE* file_ = nullptr;
  std::unique_ptr<unsigned char[]> buf_;
  size_t cap_ = 0;
  uint64_t total_ = 0;
  int err_ = 0;
};

// The helper threads of one load(): started at the first run of values long enough to
// share and kept until the load ends, so a file costs one thread start per helper, not one
// per read buffer. run() cuts a job into chunks that the calling thread and the helpers take
// in turn. A helper joins a job only while it is open: the caller closes it once it has run
// out of chunks and then waits only for the helpers that joined, so a helper that gets no CPU
// (a busy machine) never holds the caller up.
class DecodePool {
 public:
  // threads: the calling one included (>= 1).
  explicit DecodePool(unsigned threads) : wanted_(threads - 1) {}
  ~DecodePool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : helpers_) t.join();
  }
  DecodePool(const DecodePool&) = delete;
  DecodePool& operator=(const DecodePool&) = delete;

  // Threads available to run(), the caller included.
  unsigned threads() const { return wanted_ + 1; }

  // Calls job(c) once for every c in [0, chunks), on the calling thread and the helpers;
  // returns when every call has returned. job must not throw.
  template <typename Job>
  void run(size_t chunks, const Job& job) {
    start();
    if (helpers_.empty() || chunks <= 1) {
      for (size_t c = 0; c < chunks; ++c) job(c);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      call_ = [](const void* j, size_t c) { (*static_cast<const Job*>(j))(c); };
      job_ = &job;
      chunks_ = chunks;
      next_.store(0, std::memory_order_relaxed);
      open_ = true;
      ++generation_;
    }
    wake_.notify_all();
    work();
    std::unique_lock<std::mutex> lock(mutex_);
    open_ = false;
    done_.wait(lock, [&] { return joined_ == 0; });
  }

 private:
  void start() {
    if (started_) return;
    started_ = true;
    helpers_.reserve(wanted_);
    for (unsigned h = 0; h < wanted_; ++h) {
      try {
        helpers_.emplace_back([this] { helperLoop(); });
      } catch (const std::system_error&) {
        break;  // no more threads to be had: those started (or the caller alone) do the work
      }
    }
  }

  void work() {
    for (size_t c; (c = next_.fetch_add(1, std::memory_order_relaxed)) < chunks_;) call_(job_, c);
  }

  void helperLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    uint64_t seen = 0;  // the last job this helper looked at
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || (open_ && generation_ != seen); });
      if (stopping_) return;
      seen = generation_;
      ++joined_;
      lock.unlock();
      work();
      lock.lock();
      if (--joined_ == 0) done_.notify_one();
    }
  }

  const unsigned wanted_;  // helpers to start
  bool started_ = false;
  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;  // a job opened, or stopping
  std::condition_variable done_;  // the last helper of a job left it
  // The current job (written under mutex_ before it opens; read by the threads that join it).
  void (*call_)(const void*, size_t) = nullptr;
  const void* job_ = nullptr;
  size_t chunks_ = 0;
  std::atomic<size_t> next_{0};  // the next chunk to take
  uint64_t generation_ = 0;      // jobs opened so far
  bool open_ = false;            // helpers may join the current job
  unsigned joined_ = 0;          // helpers working on the current job
  bool stopping_ = false;
};

}  // namespace

namespace detail {

// Parses one file into a WeightsFile's containers (friend of Tensor).
class WtsParser {
 public:
  WtsParser(Reader& reader, const std::string& path, uint64_t file_size, bool size_known,
            bool allow_short_hex, unsigned threads, std::vector<Tensor>* tensors,
            std::unordered_map<std::string, size_t>* index)
      : r_(reader),
        path_(path),
        file_size_(file_size),
        size_known_(size_known),
        allow_short_hex_(allow_short_hex),
        pool_(threads),
        tensors_(tensors),
        index_(index) {}

  bool run(WtsFormat* format, std::string* error);

  // The error kind of the failure run() reported ("" before one).
  const char* error_kind = "";

 private:
  // `kind` is the error kind of docs/wts.md ("io" and "out-of-memory" are not format errors).
  bool fail(const char* kind, const std::string& what);
  void skipBlanks();
  // Skips blanks and newlines; returns false at end of file.
  bool skipToContent();
  // At a line end (after blanks)? Consumes nothing.
  bool atLineEnd();
  // Consumes a token, keeping at most `keep` characters; *len = full length.
  std::string readToken(size_t keep, size_t* len);
  // Consumes a token that must be a decimal number <= kMaxCount (leading zeros
  // allowed, any length); *shown gets its first kMaxShown bytes for messages.
  IntResult readDecimal(std::string* shown, int64_t* value);
  // Consumes the line terminator (if any) after the last token of a line.
  void finishLine();
  WtsFormat detect();
  bool parseHeader();
  bool parseTensorLine();
  template <typename T, size_t kMaxDigits>
  bool parseValues(T* dst, int64_t count);
  bool valueError(int64_t index, int64_t count, size_t max_digits);
  uint64_t remainingBytes() const {
    const uint64_t used = r_.consumed();
    return used >= file_size_ ? 0 : file_size_ - used;
  }

  Reader& r_;
  const std::string& path_;
  uint64_t file_size_;
  bool size_known_;
  bool allow_short_hex_;  // value tokens of 1..N digits instead of exactly N (docs/wts.md "Values")
  DecodePool pool_;       // threads decoding runs of canonical tokens
  std::vector<Tensor>* tensors_;
  std::unordered_map<std::string, size_t>* index_;
  std::string* error_ = nullptr;
  WtsFormat format_ = WtsFormat::kUnknown;
  size_t line_ = 1;
  int64_t declared_ = 0;
  std::string tensor_;  // tensor named in error messages ("" = none)
};

bool WtsParser::fail(const char* kind, const std::string& what) {
  error_kind = kind;
  if (error_ == nullptr) return false;
  std::string msg = path_;
  if (r_.io_error) {
    msg += ": read error: ";
    msg += std::strerror(r_.error());
  } else {
    msg += ':';
    msg += std::to_string(line_);
    msg += ": ";
    if (!tensor_.empty()) {
      msg += "tensor '";
      msg += tensor_;
      msg += "': ";
    }
    msg += what;
    msg += " [";
    msg += kind;
    msg += ']';
  }
  *error_ = escapeForMessage(msg);
  return false;
}

void WtsParser::skipBlanks() {
  for (;;) {
    while (isBlank(*r_.p)) ++r_.p;  // stops at the sentinel
    if (r_.p != r_.end || !r_.refill()) return;
  }
}

bool WtsParser::skipToContent() {
  for (;;) {
    const int c = r_.peek();
    if (c < 0) return false;
    if (c == '\n') {
      ++line_;
    } else if (!isBlank(static_cast<unsigned char>(c))) {
      return true;
    }
    ++r_.p;
  }
}

bool WtsParser::atLineEnd() {
  const int c = r_.peek();
  return c < 0 || c == '\n';
}

std::string WtsParser::readToken(size_t keep, size_t* len) {
  std::string s;
  size_t n = 0;
  for (;;) {
    if (r_.p == r_.end && !r_.refill()) break;
    const unsigned char c = *r_.p;
    if (isDelim(c)) break;
    if (n < keep) s.push_back(static_cast<char>(c));
    ++n;
    ++r_.p;
  }
  *len = n;
  return s;
}

IntResult WtsParser::readDecimal(std::string* shown, int64_t* value) {
  size_t len = 0;
  bool digits = true;
  bool too_large = false;
  int64_t v = 0;
  for (;;) {
    if (r_.p == r_.end && !r_.refill()) break;
    const unsigned char c = *r_.p;
    if (isDelim(c)) break;
    if (len < kMaxShown) shown->push_back(static_cast<char>(c));
    ++len;
    ++r_.p;
    if (c < '0' || c > '9') {
      digits = false;
    } else if (!too_large) {
      const int d = c - '0';
      too_large = v > (kMaxCount - d) / 10;
      v = too_large ? v : v * 10 + d;
    }
  }
  if (len > kMaxShown) *shown += "...";
  if (!digits || len == 0) return IntResult::kNotInteger;
  if (too_large) return IntResult::kTooLarge;
  *value = v;
  return IntResult::kOk;
}

void WtsParser::finishLine() {
  if (r_.peek() == '\n') {
    ++r_.p;
    ++line_;
  }
}

// Variant detection (docs/wts.md, "Variants"). Called with r_.p just after the name of
// the first tensor line. Consumes nothing.
WtsFormat WtsParser::detect() {
  r_.ensure(kLookahead);
  const unsigned char* q = r_.p;
  const unsigned char* lim = size_t(r_.end - q) > kLookahead ? q + kLookahead : r_.end;
  auto skip = [&] {
    while (q < lim && isBlank(*q)) ++q;
  };
  auto token = [&] {
    const unsigned char* s = q;
    while (q < lim && !isDelim(*q)) ++q;
    return std::string_view(reinterpret_cast<const char*>(s), size_t(q - s));
  };
  skip();
  const std::string_view a1 = token();
  if (a1 != "0" && a1 != "1") return WtsFormat::kUntyped;
  skip();
  const std::string_view a2 = token();
  if (!allDigits(a2)) return WtsFormat::kUntyped;
  if (a1 == "0") return WtsFormat::kTyped;
  skip();
  const bool line_ends = (q < lim && *q == '\n') || (q == r_.end && r_.eof);
  return line_ends ? WtsFormat::kUntyped : WtsFormat::kTyped;
}

bool WtsParser::parseHeader() {
  if (!skipToContent()) {
    if (r_.io_error) return fail("io", "");
    line_ = 1;
    return fail("empty-file", "empty file (expected the tensor count on the first line)");
  }
  size_t len = 0;
  std::string tok;
  int64_t n = 0;
  switch (readDecimal(&tok, &n)) {
    case IntResult::kOk:
      break;
    case IntResult::kNotInteger:
      return fail("bad-header", "bad header: expected the tensor count, got '" + tok + "'");
    case IntResult::kTooLarge:
      return fail("number-too-large", "bad header: tensor count '" + tok + "' is too large");
  }
  skipBlanks();
  if (!atLineEnd()) {
    const std::string extra = readToken(kMaxShown, &len);
    return fail("bad-header", "bad header: unexpected '" + extra + "' after the tensor count");
  }
  finishLine();
  declared_ = n;
  return true;
}

bool WtsParser::run(WtsFormat* format, std::string* error) {
  error_ = error;
  if (!parseHeader()) return false;

  // Reserve, but never trust a huge header: each tensor line needs >= 6 bytes.
  size_t reserve = static_cast<size_t>(std::min<int64_t>(declared_, 1 << 16));
  if (size_known_) reserve = std::min<uint64_t>(reserve, remainingBytes() / 6 + 1);
  tensors_->reserve(reserve);
  index_->reserve(reserve);

  for (;;) {
    tensor_.clear();
    if (!skipToContent()) {
      if (r_.io_error) return fail("io", "");
      if (int64_t(tensors_->size()) < declared_) {
        return fail("tensor-count", "unexpected end of file: header declares " + std::to_string(declared_) +
                                        " tensors, found " + std::to_string(tensors_->size()));
      }
      break;
    }
    if (int64_t(tensors_->size()) >= declared_) {
      size_t len = 0;
      tensor_ = readToken(kMaxShown, &len);
      return fail("tensor-count", "header declares " + std::to_string(declared_) +
                                      " tensors but the file has more tensor lines");
    }
    if (!parseTensorLine()) return false;
  }
  *format = format_;
  return true;
}

bool WtsParser::parseTensorLine() {
  size_t len = 0;
  std::string name = readToken(kMaxNameLength, &len);
  if (len > kMaxNameLength) {
    tensor_ = name.substr(0, kMaxShown) + "...";
    return fail("name-too-long", "tensor name is longer than " + std::to_string(kMaxNameLength) + " bytes");
  }
  tensor_ = name;
  const std::string bad_name = nameProblem(name);
  if (!bad_name.empty()) return fail("bad-name", bad_name);
  const auto dup = index_->find(name);
  if (dup != index_->end()) {
    return fail("duplicate-name", "duplicate tensor name (first defined on line " +
                                      std::to_string((*tensors_)[dup->second].line) + ")");
  }
  if (format_ == WtsFormat::kUnknown) format_ = detect();

  ElementType type = ElementType::kFloat32;
  if (format_ == WtsFormat::kTyped) {
    skipBlanks();
    if (atLineEnd()) return fail("bad-type", "missing type field");
    const std::string tok = readToken(kMaxShown, &len);
    if (tok == "1" && len == 1) {
      type = ElementType::kFloat16;
    } else if (!(tok == "0" && len == 1)) {
      return fail("bad-type", "bad type field '" + tok + "' (expected 0 = float32 or 1 = float16)");
    }
  }

  skipBlanks();
  if (atLineEnd()) return fail("bad-count", "missing value count");
  std::string count_tok;
  int64_t count = 0;
  switch (readDecimal(&count_tok, &count)) {
    case IntResult::kOk:
      break;
    case IntResult::kNotInteger:
      return fail("bad-count", "value count '" + count_tok + "' is not a positive integer");
    case IntResult::kTooLarge:
      return fail("number-too-large", "value count '" + count_tok + "' is too large");
  }
  if (count <= 0) return fail("bad-count", "value count must be a positive integer, got '" + count_tok + "'");
  // Every value needs at least a separator and one digit.
  if (size_known_ && uint64_t(count) > remainingBytes() / 2) {
    return fail("value-count", "value count " + std::to_string(count) +
                                   " is larger than the rest of the file can hold (" +
                                   std::to_string(remainingBytes()) + " bytes left)");
  }
  const size_t esize = elementSize(type);
  if (uint64_t(count) > std::numeric_limits<size_t>::max() / esize) {
    return fail("number-too-large",
                "value count " + std::to_string(count) + " is too large for this platform");
  }
  const size_t bytes = static_cast<size_t>(count) * esize;

  Tensor t;
  t.name = std::move(name);
  t.type = type;
  t.count = count;
  t.line = line_;
  t.storage_.reset(new (std::nothrow) uint8_t[bytes]);
  if (!t.storage_)
    return fail("out-of-memory", "out of memory allocating " + std::to_string(bytes) + " bytes");
  adviseHugePages(t.storage_.get(), bytes);

  const bool ok = type == ElementType::kFloat32
                      ? parseValues<uint32_t, 8>(reinterpret_cast<uint32_t*>(t.storage_.get()), count)
                      : parseValues<uint16_t, 4>(reinterpret_cast<uint16_t*>(t.storage_.get()), count);
  if (!ok) return false;

  // Nothing but blanks may follow the last value.
  skipBlanks();
  if (!atLineEnd()) {
    int64_t extra = 0;
    while (!atLineEnd()) {
      readToken(0, &len);
      ++extra;
      skipBlanks();
    }
    return fail("value-count",
                "expected " + std::to_string(count) + " values, line has " + std::to_string(count + extra));
  }
  if (r_.io_error) return fail("io", "");
  finishLine();

  const size_t idx = tensors_->size();
  tensors_->push_back(std::move(t));
  index_->emplace(tensors_->back().name, idx);
  return true;
}

// Exactly N hex digits at p (N = 4 or 8), decoded with independent table
// lookups (written out so they run in parallel without loop overhead);
// returns false if any of them is not a hex digit (table value 0xff).
template <size_t N>
inline bool decodeFixed(const unsigned char* p, uint32_t* out);

// 8 digits: SWAR on one 64-bit load (byte k = character k).
template <>
inline bool decodeFixed<8>(const unsigned char* p, uint32_t* out) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap64(x);
#endif
  if (x & kHigh) return false;  // non-ASCII; the byte tests below need b < 0x80
  // Per byte b < 0x80: (b + (0x80 - lo)) has bit 7 set iff b >= lo, and
  // (b + (0x7f - hi)) has bit 7 set iff b > hi. No carries cross bytes.
  const uint64_t digit = (x + kOnes * (0x80 - '0')) & ~(x + kOnes * (0x7f - '9')) & kHigh;
  const uint64_t y = x | (kOnes * 0x20);  // fold 'A'-'F' onto 'a'-'f'
  const uint64_t letter = (y + kOnes * (0x80 - 'a')) & ~(y + kOnes * (0x7f - 'f')) & kHigh;
  if ((digit | letter) != kHigh) return false;
  // Nibble values: low 4 bits, plus 9 for letters.
  uint64_t v = (x & (kOnes * 0x0f)) + (letter >> 7) * 9;
  // Pack the 8 nibbles, first character most significant.
  v = ((v << 4) | (v >> 8)) & 0x00ff00ff00ff00ffull;
  v = ((v << 8) | (v >> 16)) & 0x0000ffff0000ffffull;
  v = ((v << 16) | (v >> 32)) & 0x00000000ffffffffull;
  *out = static_cast<uint32_t>(v);
  return true;
}

template <>
inline bool decodeFixed<4>(const unsigned char* p, uint32_t* out) {
  const uint8_t* const hex = kChars.hex;
  const uint32_t d0 = hex[p[0]], d1 = hex[p[1]], d2 = hex[p[2]], d3 = hex[p[3]];
  *out = (d0 << 12) | (d1 << 8) | (d2 << 4) | d3;
  return ((d0 | d1 | d2 | d3) & 0xf0u) == 0;
}

// Decodes up to n canonical tokens (" " + N digits, then a delimiter) laid out back to back
// from p into dst; returns how many leading tokens were canonical (n when all were). The
// byte after the last token must be readable.
template <typename T, size_t N>
size_t decodeCanonical(const unsigned char* p, size_t n, T* dst) {
  const uint8_t* const delim = kChars.delim;
  for (size_t j = 0; j < n; ++j, p += N + 1) {
    uint32_t v;
    if (*p != ' ' || !decodeFixed<N>(p + 1, &v) || !delim[p[N + 1]]) return j;
    dst[j] = static_cast<T>(v);
  }
  return n;
}

// decodeCanonical on the pool's threads: the run is cut into chunks of kValuesPerChunk tokens.
// Returns the same count a single thread would. Only canonical tokens are decoded here:
// anything else (and every error) is left to the sequential parser, so the values and the
// first error in file order do not depend on the number of threads.
template <typename T, size_t N>
size_t decodeCanonicalParallel(const unsigned char* p, size_t n, T* dst, DecodePool& pool) {
  const size_t chunks = (n + kValuesPerChunk - 1) / kValuesPerChunk;
  if (chunks <= 1 || pool.threads() <= 1) return decodeCanonical<T, N>(p, n, dst);
  std::atomic<size_t> stop{n};  // the first token found not canonical (n: none yet)
  const auto job = [&](size_t c) {
    const size_t begin = c * kValuesPerChunk, end = std::min(n, begin + kValuesPerChunk);
    if (begin >= stop.load(std::memory_order_relaxed)) return;  // past a stop: not needed
    const size_t got = begin + decodeCanonical<T, N>(p + begin * (N + 1), end - begin, dst + begin);
    size_t seen = stop.load(std::memory_order_relaxed);
    while (got < seen && !stop.compare_exchange_weak(seen, got, std::memory_order_relaxed)) {
    }
  };
  pool.run(chunks, job);
  return stop.load(std::memory_order_relaxed);
}

// Hot loop. Fast path: the canonical token of exactly kMaxDigits digits
// followed by a delimiter (what every writer emits); after the first value, runs
// of them in the buffer are decoded in bulk (on several threads for long runs).
// General path: kMaxDigits digits (1..kMaxDigits with allow_short_hex_), one table
// lookup per digit. No per-value function calls or I/O.
template <typename T, size_t kMaxDigits>
bool WtsParser::parseValues(T* dst, int64_t count) {
  const uint8_t* const hex = kChars.hex;
  const uint8_t* const blank = kChars.blank;
  const uint8_t* const delim = kChars.delim;
  const unsigned char* p = r_.p;
  const unsigned char* end = r_.end;
  bool bulk = true;  // until a token that is not canonical: then value by value to the line's end
  for (int64_t i = 0; i < count; ++i) {
    if (bulk && i > 0 && size_t(end - p) > kTokenWindow) {
      // Canonical tokens whose delimiter is in the buffer (*end is the NUL sentinel).
      const size_t n = std::min<uint64_t>(size_t(end - p - 1) / (kMaxDigits + 1), uint64_t(count - i));
      const size_t done = decodeCanonicalParallel<T, kMaxDigits>(p, n, dst + i, pool_);
      p += done * (kMaxDigits + 1);
      i += int64_t(done);
      if (done < n) bulk = false;
      if (i == count) break;
    }
    // Fastest path: " " + kMaxDigits digits + delimiter, fully in the buffer.
    uint32_t v;
    if (size_t(end - p) > kMaxDigits + 1 && *p == ' ' && decodeFixed<kMaxDigits>(p + 1, &v) &&
        delim[p[kMaxDigits + 1]]) {
      dst[i] = static_cast<T>(v);
      p += kMaxDigits + 1;
      continue;
    }
    while (blank[*p]) ++p;  // sentinel-terminated
    if (size_t(end - p) < kTokenWindow && !r_.eof) {
      // Near the end of the buffer: refill so the whole token is visible.
      r_.p = p;
      for (;;) {
        r_.ensure(kTokenWindow);
        while (r_.p < r_.end && isBlank(*r_.p)) ++r_.p;
        if (size_t(r_.end - r_.p) >= kTokenWindow || r_.eof) break;
      }
      p = r_.p;
      end = r_.end;
    }
    if (size_t(end - p) > kMaxDigits && decodeFixed<kMaxDigits>(p, &v) && delim[p[kMaxDigits]]) {
      dst[i] = static_cast<T>(v);
      p += kMaxDigits;
      continue;
    }
    const unsigned char* q = p;
    unsigned d;
    v = 0;
    while ((d = hex[*q]) < 16) {
      v = (v << 4) | d;
      ++q;
    }
    const size_t n = size_t(q - p);
    // Token must be kMaxDigits digits (1..kMaxDigits with allow_short_hex_) followed by a
    // delimiter or EOF (q == end implies EOF here because the window was ensured).
    if (n - 1 >= kMaxDigits || (n != kMaxDigits && !allow_short_hex_) || !(delim[*q] || q == end)) {
      r_.p = p;
      return valueError(i, count, kMaxDigits);
    }
    dst[i] = static_cast<T>(v);
    p = q;
  }
  r_.p = p;
  return true;
}

bool WtsParser::valueError(int64_t index, int64_t count, size_t max_digits) {
  if (r_.io_error) return fail("io", "");
  const int c = r_.peek();
  if (c < 0 || c == '\n') {
    return fail("value-count",
                "expected " + std::to_string(count) + " values, line has " + std::to_string(index));
  }
  size_t len = 0;
  std::string tok = readToken(kMaxShown, &len);
  bool hex_only = !tok.empty() && len == tok.size();
  for (char ch : tok)
    if (kChars.hex[static_cast<unsigned char>(ch)] >= 16) hex_only = false;
  if (len > tok.size()) tok += "...";
  std::string what =
      "bad hex token '" + tok + "' (value " + std::to_string(index + 1) + " of " + std::to_string(count);
  if (hex_only && len > max_digits) {
    what += ", more than " + std::to_string(max_digits) + " hex digits";
  } else if (hex_only && !allow_short_hex_) {
    what += ", fewer than " + std::to_string(max_digits) +
            " hex digits: the file is cut short, or hand-written (setAllowShortHex / --allow-short-hex "
            "reads shorter values)";
  }
  return fail("bad-value", what + ")");
}

}  // namespace detail

// ---------------------------------------------------------------------------
// WeightsFile
// ---------------------------------------------------------------------------

namespace {

// The default thread count: the hardware threads not already kept busy by other processes
// (the load average, on Linux), at least 1. Helpers on a machine with no idle core only
// wait for a CPU while the loading thread waits for them.
unsigned idleCores() {
  const unsigned cores = std::thread::hardware_concurrency();
#if defined(__linux__)
  double load = 0;
  if (getloadavg(&load, 1) == 1 && load > 0) {
    return load >= cores ? 1u : static_cast<unsigned>(cores - load);
  }
#endif
  return cores;
}

// What a path that is not a regular file is, in words (as trtgen's other readers say it).
const char* fileKindName(std::filesystem::file_type type) {
  switch (type) {
    case std::filesystem::file_type::directory:
      return "a folder";
    case std::filesystem::file_type::character:
    case std::filesystem::file_type::block:
      return "a device";
    case std::filesystem::file_type::fifo:
      return "a FIFO";
    case std::filesystem::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

}  // namespace

bool WeightsFile::load(const std::string& path, std::string* error) noexcept {
  release();
  error_kind_ = "io";
  try {
    path_ = path;
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    // Only a regular file is read: /dev/zero would be read until memory runs out, a FIFO
    // blocks in open() until a writer comes, a folder fails midway. (A missing file is
    // reported by open() below.)
    if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
      if (error) *error = path + ": cannot read: is " + fileKindName(st.type()) + ", not a .wts file";
      path_.clear();
      return false;
    }
    uint64_t file_size = 0;
    bool size_known = false;
    if (!ec && std::filesystem::is_regular_file(st)) {
      file_size = std::filesystem::file_size(path, ec);
      size_known = !ec;
    }
    Reader reader;
    if (!reader.open(path, buffer_size_)) {
      if (error) *error = path + ": cannot open: " + std::strerror(reader.error());
      path_.clear();
      return false;
    }
    const unsigned threads =
        std::max(1u, std::min(parse_threads_ != 0 ? parse_threads_ : idleCores(), kMaxThreads));
    detail::WtsParser parser(reader, path, file_size, size_known, allow_short_hex_, threads, &tensors_,
                             &index_);
    WtsFormat format = WtsFormat::kUnknown;
    if (!parser.run(&format, error)) {
      error_kind_ = parser.error_kind;
      release();
      return false;
    }
    format_ = format;
    error_kind_ = "";
    return true;
  } catch (...) {
    release();
    error_kind_ = "out-of-memory";
    if (error) {
      try {
        *error = path + ": out of memory";
      } catch (...) {
      }
    }
    return false;
  }
}

const Tensor* WeightsFile::find(const std::string& name) const noexcept {
  try {
    const auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
  } catch (...) {
    return nullptr;
  }
}

bool WeightsFile::require(const std::string& name, int64_t expected_count, const Tensor** out,
                          std::string* error) const noexcept {
  try {
    const Tensor* t = find(name);
    if (t == nullptr) {
      if (error) {
        *error =
            (path_.empty() ? std::string("<no weights loaded>") : path_) + ": missing weight '" + name + "'";
        if (expected_count >= 0) *error += " (expected " + std::to_string(expected_count) + " values)";
      }
      return false;
    }
    if (expected_count >= 0 && t->count != expected_count) {
      if (error) {
        *error = path_ + ":" + std::to_string(t->line) + ": tensor '" + name + "': expected " +
                 std::to_string(expected_count) + " values, file has " + std::to_string(t->count);
      }
      return false;
    }
    if (out) *out = t;
    return true;
  } catch (...) {
    return false;
  }
}

float* WeightsFile::allocateScratch(int64_t count) noexcept {
  if (count <= 0 || uint64_t(count) > std::numeric_limits<size_t>::max() / sizeof(float)) {
    return nullptr;
  }
  try {
    std::unique_ptr<float[]> buf(new (std::nothrow) float[static_cast<size_t>(count)]());
    if (!buf) return nullptr;
    float* raw = buf.get();
    scratch_.push_back(std::move(buf));
    return raw;
  } catch (...) {
    return nullptr;
  }
}

void WeightsFile::release() noexcept {
  // clear() keeps capacity; swap with empties to really free everything.
  std::vector<Tensor>().swap(tensors_);
  std::unordered_map<std::string, size_t>().swap(index_);
  std::vector<std::unique_ptr<float[]>>().swap(scratch_);
  format_ = WtsFormat::kUnknown;
  path_.clear();
}

int64_t WeightsFile::totalValues() const noexcept {
  int64_t n = 0;
  for (const Tensor& t : tensors_) n += t.count;
  return n;
}

size_t WeightsFile::totalBytes() const noexcept {
  size_t n = 0;
  for (const Tensor& t : tensors_) n += t.byteSize();
  return n;
}

void WeightsFile::setReadBufferSize(size_t bytes) noexcept {
  buffer_size_ = bytes < kMinBuffer ? kMinBuffer : bytes;
}

}  // namespace trtgen
