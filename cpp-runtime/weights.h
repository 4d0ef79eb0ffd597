// trtgen runtime: streaming loader for `.wts` weight files.
//
// This header has no TensorRT dependency so it can be built and tested
// anywhere (C++17). Generated network builders use it like this:
//
//   trtgen::WeightsFile wts;
//   std::string err;
//   if (!wts.load("model.wts", &err)) { fprintf(stderr, "%s\n", err.c_str()); return 1; }
//   const trtgen::Tensor* w = nullptr;
//   if (!wts.require("conv1.weight", 600, &w, &err)) { ... }
//   nvinfer1::Weights tw{nvinfer1::DataType::kFLOAT, w->data(), w->count};
//
// Format: line 1 the tensor count, then one line per tensor, "name count
// hex..." (untyped) or "name type count hex..." (typed; 0 float32, 1 float16),
// values as big-endian IEEE bit patterns in hex. The grammar, the variant
// rule, the limits and the error kinds are specified in trtgen's docs/wts.md;
// this loader implements all of it and runs the shared conformance corpus
// (test/wts-corpus).
//
// Errors: load() never throws and never asserts. Every message is one line
// of the form "<path>:<line>: tensor '<name>': <what> [<kind>]" (the tensor
// part is omitted where no tensor is involved, e.g. header errors), e.g.
//   model.wts:3: tensor 'conv1.weight': expected 600 values, line has 599 [value-count]
// errorKind() returns the kind alone.
//
// Memory: the file is streamed through a fixed-size read buffer (1 MiB by
// default); each tensor gets exactly one allocation of count * element size
// bytes. Peak memory is therefore ~ binary size + buffer + names.
//
// Data layout: values are stored as native uint32_t / uint16_t bit patterns,
// so on any host data() is directly usable as a float32 / IEEE half array
// (e.g. nvinfer1::Weights{DataType::kFLOAT, t.data(), t.count}).
#ifndef TRTGEN_RUNTIME_WEIGHTS_H_
#define TRTGEN_RUNTIME_WEIGHTS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace trtgen {

enum class ElementType : int {
  kFloat32 = 0,  // 4 bytes per value
  kFloat16 = 1,  // 2 bytes per value (IEEE 754 binary16)
};

// Size in bytes of one element of `type`.
size_t elementSize(ElementType type) noexcept;
// "float32" / "float16".
const char* elementTypeName(ElementType type) noexcept;

// Exact IEEE binary16 -> binary32 conversion (subnormals, +-0, +-inf and NaN
// payloads are preserved).
float halfToFloat(uint16_t bits) noexcept;

// The UTF-8 sequence length at s[i] (1 to 4), or 0 where no valid sequence starts
// (overlong forms, surrogates, past U+10FFFF, cut short).
size_t utf8Length(const std::string& s, size_t i);

// IEEE 754 binary32 -> binary16, rounding to nearest, ties to even: values beyond
// the half range become infinity, tiny ones subnormal halves or signed zero (gradual
// underflow); NaN stays NaN (made quiet; sign and top payload bits kept). Inverse of
// halfToFloat for every value a half holds.
uint16_t floatToHalf(float value) noexcept;

// Which variant a file uses (docs/wts.md).
enum class WtsFormat : int {
  kUnknown = 0,  // nothing loaded, or a file with zero tensors
  kUntyped = 1,  // "name count hex..."      (tensorrtx)
  kTyped = 2,    // "name type count hex..."
};

class WeightsFile;
namespace detail {
class WtsParser;
}

// One named weight tensor. Move-only; owns its data.
struct Tensor {
  std::string name;
  ElementType type = ElementType::kFloat32;
  int64_t count = 0;  // number of values (> 0)
  size_t line = 0;    // 1-based line number in the source file

  // Host array of `count` elements of `type` (float or IEEE half bits).
  const void* data() const noexcept { return storage_.get(); }
  // Typed views; nullptr if the element type does not match.
  const float* floats() const noexcept;
  const uint16_t* halves() const noexcept;
  // count * elementSize(type).
  size_t byteSize() const noexcept;
  // Copies/converts all values to float32 into *out (resized to count).
  // Returns false only if out is null or memory cannot be allocated.
  bool toFloat32(std::vector<float>* out) const noexcept;

  Tensor() = default;
  Tensor(Tensor&&) noexcept = default;
  Tensor& operator=(Tensor&&) noexcept = default;
  Tensor(const Tensor&) = delete;
  Tensor& operator=(const Tensor&) = delete;

 private:
  friend class WeightsFile;
  friend class detail::WtsParser;
  std::unique_ptr<uint8_t[]> storage_;
};

class WeightsFile {
 public:
  using const_iterator = std::vector<Tensor>::const_iterator;

  WeightsFile() = default;
  WeightsFile(WeightsFile&&) noexcept = default;
  WeightsFile& operator=(WeightsFile&&) noexcept = default;
  WeightsFile(const WeightsFile&) = delete;
  WeightsFile& operator=(const WeightsFile&) = delete;

  // Loads and fully validates `path`, replacing any previous contents.
  // On failure returns false, leaves the object empty and, if `error` is
  // non-null, stores a one-line message (see the header comment).
  bool load(const std::string& path, std::string* error) noexcept;

  // Tensor by name, or nullptr.
  const Tensor* find(const std::string& name) const noexcept;

  // Looks up `name` and checks its value count. expected_count < 0 skips the
  // count check. On success stores the tensor in *out (if non-null) and
  // returns true. Errors:
  //   "<path>: missing weight '<name>' (expected <n> values)"
  //   "<path>:<line>: tensor '<name>': expected <n> values, file has <m>"
  bool require(const std::string& name, int64_t expected_count, const Tensor** out,
               std::string* error) const noexcept;

  // Owned zero-initialised float buffer of `count` elements for derived
  // weights (e.g. folded BatchNorm scale/shift). Lives until release() or
  // destruction. Returns nullptr if count <= 0 or allocation fails.
  float* allocateScratch(int64_t count) noexcept;

  // Frees every tensor and scratch buffer; the object becomes empty.
  void release() noexcept;

  // Number of tensors; iteration/indexing is in file order.
  size_t size() const noexcept { return tensors_.size(); }
  bool empty() const noexcept { return tensors_.empty(); }
  const Tensor& operator[](size_t i) const noexcept { return tensors_[i]; }
  const_iterator begin() const noexcept { return tensors_.begin(); }
  const_iterator end() const noexcept { return tensors_.end(); }

  // Sum of count over all tensors / sum of byteSize() over all tensors.
  int64_t totalValues() const noexcept;
  size_t totalBytes() const noexcept;

  WtsFormat format() const noexcept { return format_; }
  // Why the last load() failed: an error kind of docs/wts.md ("bad-value",
  // "tensor-count", ...), "io" (cannot open/read) or "out-of-memory"; "" after
  // a successful load. The message ends with the same kind in brackets.
  const char* errorKind() const noexcept { return error_kind_; }
  const std::string& path() const noexcept { return path_; }

  // Accept value tokens shorter than 8 (float32) / 4 (float16) hex digits, zero-extended on
  // the left: hand-written files (docs/wts.md "Values"; the builder program's
  // --allow-short-hex). Off by default: every writer writes the full width, so a shorter
  // token means a file cut inside its last value. Applies to the next load().
  void setAllowShortHex(bool allow) noexcept { allow_short_hex_ = allow; }

  // Threads load() decodes long runs of values on (the calling one included), at most 16:
  // 0, the default, is one per idle hardware thread (hardware threads less the load
  // average on Linux, at least 1); 1 is none besides the caller. The helpers are started
  // once per load(), at its first run of values long enough to share, and take part in every
  // later one. The values and the error reported (the first in file order) do not depend on it.
  void setParseThreads(unsigned threads) noexcept { parse_threads_ = threads; }

  // Read buffer size used by load(); clamped to >= 256 bytes. Mainly for
  // tests (small buffers exercise the refill paths). Default 1 MiB.
  void setReadBufferSize(size_t bytes) noexcept;

 private:
  std::string path_;
  WtsFormat format_ = WtsFormat::kUnknown;
  const char* error_kind_ = "";
  std::vector<Tensor> tensors_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::unique_ptr<float[]>> scratch_;
  size_t buffer_size_ = size_t(1) << 20;
  bool allow_short_hex_ = false;
  unsigned parse_threads_ = 0;
};

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_WEIGHTS_H_
