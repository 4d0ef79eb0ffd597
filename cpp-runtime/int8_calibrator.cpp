// trtgen runtime: INT8 calibration sets and the entropy calibrator (see int8_calibrator.h).
#include "int8_calibrator.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

namespace trtgen {
namespace {

constexpr std::size_t kMaxNpyHeader = 1U << 20;  // far above any header NumPy writes

// The shape as NumPy prints it: "(1, 3, 224, 224)", "(5,)", "()".
std::string tupleString(const std::vector<int64_t>& dims) {
  std::string s = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(dims[i]);
  }
  return s + (dims.size() == 1 ? ",)" : ")");
}

// A cursor over the header's Python dict literal, e.g.
//   {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 224, 224), }
struct DictReader {
  const std::string& text;
  std::size_t pos = 0;

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  }
  bool eat(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool peek(char c) {
    skipSpace();
    return pos < text.size() && text[pos] == c;
  }
  // A '...' or "..." string without escapes.
  bool string(std::string* out) {
    skipSpace();
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"')) return false;
    const char quote = text[pos];
    const std::size_t end = text.find(quote, pos + 1);
    if (end == std::string::npos || text.find('\\', pos) < end) return false;
    *out = text.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    return true;
  }
  bool word(const char* w) {
    skipSpace();
    const std::size_t n = std::strlen(w);
    if (text.compare(pos, n, w) != 0) return false;
    pos += n;
    return true;
  }
  // A tuple of non-negative integers: (), (5,), (1, 2).
  bool tuple(std::vector<int64_t>* out) {
    out->clear();
    if (!eat('(')) return false;
    while (!eat(')')) {
      skipSpace();
      const std::size_t start = pos;
      int64_t v = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 12) {
        v = v * 10 + (text[pos++] - '0');
      }
      if (pos == start || (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')) return false;
      out->push_back(v);
      if (!eat(',') && !peek(')')) return false;
    }
    return true;
  }
};

bool endsWith(const std::string& s, const char* suffix) {
  const std::size_t n = std::strlen(suffix);
  if (s.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[s.size() - n + i];
    if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != suffix[i]) return false;
  }
  return true;
}

std::size_t elementCount(const std::vector<int64_t>& dims) {
  return volume(dims.data(), static_cast<int32_t>(dims.size()));
}

}  // namespace

bool parseNpyHeader(const unsigned char* bytes, std::size_t size, std::size_t fileSize,
                    const std::vector<int64_t>& dims, std::size_t* dataOffset, std::string* error) {
  static const unsigned char kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (size < 10 || std::memcmp(bytes, kMagic, 6) != 0) {
    *error = "not a .npy file (it does not start with \\x93NUMPY)";
    return false;
  }
  const int major = bytes[6];
  if (major < 1 || major > 3) {
    *error = ".npy format version " + std::to_string(major) + "." + std::to_string(bytes[7]) +
             " (1.0, 2.0 and 3.0 are read)";
    return false;
  }
  std::size_t headerLen = static_cast<std::size_t>(bytes[8]) | static_cast<std::size_t>(bytes[9]) << 8;
  std::size_t start = 10;
  if (major >= 2) {
    if (size < 12) {
      *error = ".npy header cut short";
      return false;
    }
    headerLen |= static_cast<std::size_t>(bytes[10]) << 16 | static_cast<std::size_t>(bytes[11]) << 24;
    start = 12;
  }
  if (headerLen > kMaxNpyHeader || start + headerLen > size) {
    *error = ".npy header of " + std::to_string(headerLen) + " bytes runs past the end of the file";
    return false;
  }
  const std::string header(reinterpret_cast<const char*>(bytes) + start, headerLen);
  if (header.empty() || header.back() != '\n') {
    *error = ".npy header does not end with a newline";
    return false;
  }
  if (header.find('\0') != std::string::npos) {
    *error = ".npy header holds a NUL byte";
    return false;
  }
  DictReader r{header};
  bool haveDescr = false, haveOrder = false, haveShape = false;
  std::string descr;
  bool fortran = false;
  std::vector<int64_t> shape;
  if (!r.eat('{')) {
    *error = ".npy header is not a dictionary: '" + header.substr(0, 60) + "'";
    return false;
  }
  while (!r.eat('}')) {
    std::string key;
    if (!r.string(&key) || !r.eat(':')) {
      *error = ".npy header: malformed dictionary near byte " + std::to_string(r.pos);
      return false;
    }
    bool ok = false;
    if (key == "descr" && !haveDescr) {
      ok = haveDescr = r.string(&descr);
    } else if (key == "fortran_order" && !haveOrder) {
      fortran = r.word("True");
      ok = haveOrder = fortran || r.word("False");
    } else if (key == "shape" && !haveShape) {
      ok = haveShape = r.tuple(&shape);
    } else {
      *error = ".npy header: unexpected or repeated key '" + key + "'";
      return false;
    }
    if (!ok) {
      *error = ".npy header: malformed value of '" + key + "'";
      return false;
    }
    if (!r.eat(',') && !r.peek('}')) {
      *error = ".npy header: malformed dictionary near byte " + std::to_string(r.pos);
      return false;
    }
  }
  while (r.pos < header.size() && (header[r.pos] == ' ' || header[r.pos] == '\t')) ++r.pos;
  if (r.pos + 1 != header.size()) {
    *error = ".npy header: unexpected text after the dictionary";
    return false;
  }
  if (!haveDescr || !haveOrder || !haveShape) {
    *error = std::string(".npy header lacks '") +
             (!haveDescr   ? "descr"
              : !haveOrder ? "fortran_order"
                           : "shape") +
             "'";
    return false;
  }
  if (descr != "<f4") {
    *error = ".npy dtype '" + descr +
             "': calibration files hold float32 values ('<f4'); save x.astype(numpy.float32)";
    return false;
  }
  if (fortran) {
    *error = ".npy array is in Fortran order: save a C-ordered array (numpy.ascontiguousarray(x))";
    return false;
  }
  if (shape != dims) {
    *error = ".npy shape " + tupleString(shape) + ", expected the input's shape " + tupleString(dims);
    return false;
  }
  *dataOffset = start + headerLen;
  const std::size_t dataBytes = elementCount(dims) * sizeof(float);
  const std::size_t dataSize = fileSize > *dataOffset ? fileSize - *dataOffset : 0;
  if (fileSize != 0 && dataSize != dataBytes) {
    *error = ".npy data is " + std::to_string(dataSize) + " bytes, expected " + std::to_string(dataBytes) +
             " (" + std::to_string(elementCount(dims)) + " float32 values)";
    return false;
  }
  return true;
}

bool readCalibrationFile(const std::string& path, const std::vector<int64_t>& dims,
                         std::vector<float>* values, std::string* error) {
  const bool npy = endsWith(path, ".npy");
  if (!npy && !endsWith(path, ".bin")) {
    *error = path + ": not a .bin or .npy file";
    return false;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{f};
  std::error_code ec;
  const auto fileSize = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = path + ": cannot read its size: " + ec.message();
    return false;
  }
  const std::size_t count = elementCount(dims);
  const std::size_t dataBytes = count * sizeof(float);
  std::size_t offset = 0;
  if (npy) {
    std::vector<unsigned char> head(static_cast<std::size_t>(std::min<std::uintmax_t>(fileSize, 12)));
    const std::size_t got = std::fread(head.data(), 1, head.size(), f);
    std::size_t headerEnd = 10;
    if (got >= 10 && head[6] >= 2 && got >= 12) {
      headerEnd = 12 + (static_cast<std::size_t>(head[8]) | static_cast<std::size_t>(head[9]) << 8 |
                        static_cast<std::size_t>(head[10]) << 16 | static_cast<std::size_t>(head[11]) << 24);
    } else if (got >= 10) {
      headerEnd = 10 + (static_cast<std::size_t>(head[8]) | static_cast<std::size_t>(head[9]) << 8);
    }
    headerEnd = std::min<std::size_t>(
        headerEnd, static_cast<std::size_t>(std::min<std::uintmax_t>(fileSize, kMaxNpyHeader + 12)));
    head.resize(std::max(headerEnd, got));
    if (head.size() > got) head.resize(got + std::fread(head.data() + got, 1, head.size() - got, f));
    std::string why;
    if (!parseNpyHeader(head.data(), head.size(), static_cast<std::size_t>(fileSize), dims, &offset, &why)) {
      *error = path + ": " + why;
      return false;
    }
  } else if (fileSize != dataBytes) {
    *error = path + ": " + std::to_string(fileSize) + " bytes, expected " + std::to_string(dataBytes) +
             " (float32 " + shapeString(dims) + ", the input's shape including the batch)";
    return false;
  }
  if (values == nullptr) return true;
  values->resize(count);
  if (std::fseek(f, static_cast<long>(offset), SEEK_SET) != 0 ||
      std::fread(values->data(), sizeof(float), count, f) != count) {
    *error = path + ": cannot read its " + std::to_string(count) + " values";
    return false;
  }
  return true;
}

bool listCalibrationFiles(const std::string& dir, std::vector<std::string>* files, std::string* error) {
  files->clear();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    *error =
        "--calib-dir " + dir + ": " + (std::filesystem::exists(dir, ec) ? "not a folder" : "no such folder");
    return false;
  }
  std::filesystem::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if ((endsWith(name, ".bin") || endsWith(name, ".npy")) && it->is_regular_file(ec)) {
      files->push_back(it->path().string());
    }
  }
  if (ec) {
    *error = "--calib-dir " + dir + ": cannot list it: " + ec.message();
    return false;
  }
  if (files->empty()) {
    *error = "--calib-dir " + dir +
             ": no .bin or .npy files in it (one float32 file per sample input; trtgen-export calib "
             "writes them)";
    return false;
  }
  std::sort(files->begin(), files->end());
  return true;
}

EntropyCalibrator::EntropyCalibrator(std::string inputName, std::vector<int64_t> dims,
                                     std::vector<std::string> files, std::string cachePath)
    : inputName_(std::move(inputName)),
      dims_(std::move(dims)),
      files_(std::move(files)),
      cachePath_(std::move(cachePath)) {}

bool EntropyCalibrator::loadCache(bool* found, std::string* error) {
  *found = false;
  if (cachePath_.empty()) return true;
  std::error_code ec;
  if (!std::filesystem::exists(cachePath_, ec)) return true;
  if (!readBytes(cachePath_, &cache_, error)) return false;
  if (cache_.empty()) {
    *error = "--calib-cache " + cachePath_ + " is empty: delete it to calibrate again";
    return false;
  }
  *found = true;
  return true;
}

bool EntropyCalibrator::getBatch(void* bindings[], const char* names[], int32_t nbBindings) noexcept {
  if (!error_.empty() || next_ >= files_.size()) return false;
  if (nbBindings != 1 || names == nullptr || names[0] == nullptr || inputName_ != names[0]) {
    error_ = "TensorRT asked the calibrator for " + std::to_string(nbBindings) +
             " input(s), expected the one input '" + inputName_ + "'";
    return false;
  }
  if (device_.data() == nullptr && !device_.allocate(elementCount(dims_) * sizeof(float), &error_)) {
    error_ = "calibration: " + error_;
    return false;
  }
  if (!readCalibrationFile(files_[next_], dims_, &host_, &error_)) return false;
  if (!cudaCheck(
          cudaMemcpy(device_.data(), host_.data(), host_.size() * sizeof(float), cudaMemcpyHostToDevice),
          "calibration: copying a sample to the GPU", &error_)) {
    return false;
  }
  bindings[0] = device_.data();
  ++next_;
  return true;
}

const void* EntropyCalibrator::readCalibrationCache(std::size_t& length) noexcept {
  length = cache_.size();
  return cache_.empty() ? nullptr : cache_.data();
}

void EntropyCalibrator::writeCalibrationCache(const void* ptr, std::size_t length) noexcept {
  const auto* p = static_cast<const unsigned char*>(ptr);
  if (p == nullptr) length = 0;
  newCache_.assign(p, p + length);
}

}  // namespace trtgen
