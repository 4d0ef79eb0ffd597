// Tests for cpp-runtime/int8_calibrator.{h,cpp}: the calibration-set reader (.npy headers,
// good and hostile; .bin sizes; folder listing) and the entropy calibrator's batching and cache
// handling, against the TEST-ONLY stubs (device memory is host memory). The calibrator_* cases
// also run against the TensorRT 8.2 and TensorRT-RTX stubs (CMakeLists.txt).
//
//   int8_calibrator_tests_<variant> [--case NAME | --list]
//
// Files go to the current directory.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "harness.h"
#include "int8_calibrator.h"

namespace {

const std::vector<int64_t> kDims = {1, 2, 3};

void writeBytes(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

std::string floatBytes(const std::vector<float>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

// A .npy file as NumPy writes it: version 1.0 (or 2.0), the header padded with spaces to a
// multiple of 64 bytes and ending in a newline, then the data.
std::string npy(const std::string& dict, const std::string& data, int version = 1) {
  const std::size_t prefix = version == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  const std::size_t n = header.size();
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  if (version != 1) {
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 24) & 0xff);
  }
  return out + header + data;
}

const char* kGoodDict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }";

// Writes `bytes` to `path` and reads it back as a calibration file of kDims.
bool readAs(const std::string& path, const std::string& bytes, std::vector<float>* values,
            std::string* error) {
  writeBytes(path, bytes);
  return trtgen::readCalibrationFile(path, kDims, values, error);
}

void checkNpyRefused(const std::string& bytes, const std::string& message) {
  std::vector<float> values;
  std::string error;
  CHECK(!readAs("bad.npy", bytes, &values, &error));
  CHECK_CONTAINS(error, "bad.npy: " + message);
}

}  // namespace

// engine_runner.cpp (DeviceBuffer, readBytes) refers to it; no case loads an engine.
namespace nvinfer1 {
IRuntime* createInferRuntime(ILogger& /*logger*/) noexcept { return nullptr; }
}  // namespace nvinfer1

// ---- the reader ------------------------------------------------------------------------

TEST(npy_good_files_are_read) {
  const std::vector<float> data = {1, 2, 3, 4, 5, 6.5f};
  for (int version : {1, 2, 3}) {
    std::vector<float> values;
    std::string error;
    CHECK(readAs("good.npy", npy(kGoodDict, floatBytes(data), version), &values, &error));
    CHECK_EQ(error, std::string());
    CHECK(values == data);
  }
  // key order, double quotes, no trailing comma, no spaces: all valid dict literals
  std::vector<float> values;
  std::string error;
  CHECK(readAs("good.npy",
               npy("{\"shape\":(1,2,3),\"fortran_order\":False,\"descr\":\"<f4\"}", floatBytes(data)),
               &values, &error));
  CHECK(values == data);
  // checking only (values == nullptr) reads the header and size
  CHECK(trtgen::readCalibrationFile("good.npy", kDims, nullptr, &error));
}

TEST(npy_wrong_dtype_order_or_shape) {
  const std::string data = floatBytes({1, 2, 3, 4, 5, 6});
  checkNpyRefused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 3), }", data + data),
                  ".npy dtype '<f8': calibration files hold float32 values ('<f4')");
  checkNpyRefused(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2, 3), }", data),
                  ".npy dtype '>f4'");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2, 3), }", data),
                  ".npy array is in Fortran order: save a C-ordered array");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data),
                  ".npy shape (2, 3), expected the input's shape (1, 2, 3)");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", data),
                  ".npy shape (6,), expected the input's shape (1, 2, 3)");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", floatBytes({1})),
                  ".npy shape (), expected");
}

TEST(npy_wrong_data_size) {
  checkNpyRefused(npy(kGoodDict, floatBytes({1, 2, 3, 4, 5})),
                  ".npy data is 20 bytes, expected 24 (6 float32 values)");
  checkNpyRefused(npy(kGoodDict, floatBytes({1, 2, 3, 4, 5, 6, 7})), ".npy data is 28 bytes, expected 24");
}

TEST(npy_hostile_headers) {
  const std::string data = floatBytes({1, 2, 3, 4, 5, 6});
  checkNpyRefused("", "not a .npy file");
  checkNpyRefused("\x93NUMP", "not a .npy file");
  checkNpyRefused("PK\x03\x04 this is a zip", "not a .npy file");
  std::string v9 = npy(kGoodDict, data);
  v9[6] = 9;
  checkNpyRefused(v9, ".npy format version 9.0 (1.0, 2.0 and 3.0 are read)");
  std::string longHeader = npy(kGoodDict, data);
  longHeader[8] = '\xff';
  longHeader[9] = '\xff';
  checkNpyRefused(longHeader, ".npy header of 65535 bytes runs past the end of the file");
  std::string huge = npy(kGoodDict, data, 2);
  huge[11] = '\x7f';  // ~2 GiB header length
  checkNpyRefused(huge, ".npy header of 2130706548 bytes runs past the end of the file");
  std::string noNewline = npy(kGoodDict, data);
  noNewline[noNewline.size() - data.size() - 1] = ' ';  // the header's last byte
  checkNpyRefused(noNewline, ".npy header does not end with a newline");
  checkNpyRefused(npy("['descr', '<f4']", data), ".npy header is not a dictionary");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False}", data), ".npy header lacks 'shape'");
  checkNpyRefused(npy("{'descr': '<f4', 'shape': (1, 2, 3)}", data), ".npy header lacks 'fortran_order'");
  checkNpyRefused(npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3)}", data),
                  ".npy header: unexpected or repeated key 'descr'");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), 'extra': 1}", data),
                  ".npy header: unexpected or repeated key 'extra'");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1, 2, 3)}", data),
                  ".npy header: malformed value of 'fortran_order'");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, -2, 3)}", data),
                  ".npy header: malformed value of 'shape'");
  checkNpyRefused(
      npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 99999999999999999999)}", data),
      ".npy header: malformed value of 'shape'");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1 2 3)}", data),
                  ".npy header: malformed value of 'shape'");
  checkNpyRefused(npy("{'descr': '<f\\4', 'fortran_order': False, 'shape': (1, 2, 3)}", data),
                  ".npy header: malformed value of 'descr'");
  checkNpyRefused(npy("{'descr': '<f4' 'fortran_order': False, 'shape': (1, 2, 3)}", data),
                  ".npy header: malformed dictionary");
  checkNpyRefused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3)} trailing", data),
                  ".npy header: unexpected text after the dictionary");
  std::string nul = npy(kGoodDict, data);
  nul[20] = '\0';
  checkNpyRefused(nul, ".npy header holds a NUL byte");
}

TEST(bin_files_must_be_the_input_size) {
  std::vector<float> values;
  std::string error;
  CHECK(readAs("good.bin", floatBytes({1, 2, 3, 4, 5, 6}), &values, &error));
  CHECK(values == std::vector<float>({1, 2, 3, 4, 5, 6}));
  CHECK(!readAs("short.bin", floatBytes({1, 2, 3}), &values, &error));
  CHECK_CONTAINS(
      error, "short.bin: 12 bytes, expected 24 (float32 [1, 2, 3], the input's shape including the batch)");
  CHECK(!readAs("empty.bin", "", &values, &error));
  CHECK_CONTAINS(error, "empty.bin: 0 bytes, expected 24");
  CHECK(!trtgen::readCalibrationFile("no-such.bin", kDims, &values, &error));
  CHECK_CONTAINS(error, "no-such.bin: cannot open: ");
  CHECK(!readAs("notes.txt", "x", &values, &error));
  CHECK_CONTAINS(error, "notes.txt: not a .bin or .npy file");
}

TEST(folders_are_listed_sorted) {
  std::filesystem::remove_all("set");
  std::filesystem::create_directories("set/sub.bin");  // a folder named like a sample: skipped
  writeBytes("set/readme.txt", "");
  std::vector<std::string> expected = {"set/C.BIN"};
  writeBytes("set/C.BIN", "");
  // created in reverse order, so that the folder's own order is unlikely to be the sorted one
  for (char c = 'p'; c >= 'a'; --c) {
    const std::string name = std::string("set/") + c + (c % 2 == 0 ? ".npy" : ".bin");
    writeBytes(name, "");
    expected.insert(expected.begin() + 1, name);
  }
  std::vector<std::string> files;
  std::string error;
  CHECK(trtgen::listCalibrationFiles("set", &files, &error));
  CHECK(files == expected);

  std::filesystem::remove_all("empty");
  std::filesystem::create_directories("empty");
  writeBytes("empty/readme.txt", "");
  CHECK(!trtgen::listCalibrationFiles("empty", &files, &error));
  CHECK_EQ(error, std::string("--calib-dir empty: no .bin or .npy files in it (one float32 file per sample "
                              "input; trtgen-export calib writes them)"));
  CHECK(!trtgen::listCalibrationFiles("no-such-dir", &files, &error));
  CHECK_EQ(error, std::string("--calib-dir no-such-dir: no such folder"));
  CHECK(!trtgen::listCalibrationFiles("set/a.bin", &files, &error));
  CHECK_EQ(error, std::string("--calib-dir set/a.bin: not a folder"));
}

// ---- the calibrator -------------------------------------------------------------------

TEST(calibrator_serves_each_file_once_in_order) {
  writeBytes("s0.bin", floatBytes({0, 1, 2, 3, 4, 5}));
  writeBytes("s1.npy", npy(kGoodDict, floatBytes({10, 11, 12, 13, 14, 15})));
  {
    trtgen::EntropyCalibrator calibrator("x", kDims, {"s0.bin", "s1.npy"}, "");
    void* bindings[1] = {nullptr};
    const char* names[1] = {"x"};
    CHECK(calibrator.getBatch(bindings, names, 1));
    REQUIRE(bindings[0] != nullptr);
    CHECK_EQ(static_cast<const float*>(bindings[0])[5], 5.0f);
    void* first = bindings[0];
    CHECK(calibrator.getBatch(bindings, names, 1));
    CHECK(bindings[0] == first);  // one device buffer, reused
    CHECK_EQ(static_cast<const float*>(bindings[0])[0], 10.0f);
    CHECK(!calibrator.getBatch(bindings, names, 1));  // the set is used up
    CHECK_EQ(calibrator.batchesServed(), 2U);
    CHECK_EQ(calibrator.error(), std::string());
    CHECK_EQ(cudaStubState().liveAllocations, 1L);
  }
  CHECK_EQ(cudaStubState().liveAllocations, 0L);
}

TEST(calibrator_stops_on_a_bad_file_or_binding) {
  writeBytes("ok.bin", floatBytes({0, 1, 2, 3, 4, 5}));
  writeBytes("cut.bin", floatBytes({0, 1}));
  void* bindings[2] = {nullptr, nullptr};
  const char* names[2] = {"x", "y"};
  trtgen::EntropyCalibrator calibrator("x", kDims, {"ok.bin", "cut.bin", "ok.bin"}, "");
  CHECK(calibrator.getBatch(bindings, names, 1));
  CHECK(!calibrator.getBatch(bindings, names, 1));
  CHECK_CONTAINS(calibrator.error(), "cut.bin: 8 bytes, expected 24");
  CHECK(!calibrator.getBatch(bindings, names, 1));  // stays stopped
  CHECK_EQ(calibrator.batchesServed(), 1U);

  trtgen::EntropyCalibrator other("x", kDims, {"ok.bin"}, "");
  CHECK(!other.getBatch(bindings, names, 2));
  CHECK_EQ(other.error(),
           std::string("TensorRT asked the calibrator for 2 input(s), expected the one input 'x'"));
  trtgen::EntropyCalibrator renamed("image", kDims, {"ok.bin"}, "");
  CHECK(!renamed.getBatch(bindings, names, 1));
  CHECK_CONTAINS(renamed.error(), "expected the one input 'image'");

  trtgen::EntropyCalibrator noMemory("x", kDims, {"ok.bin"}, "");
  cudaStubState().nextMallocError = cudaErrorMemoryAllocation;
  CHECK(!noMemory.getBatch(bindings, names, 1));
  CHECK_CONTAINS(noMemory.error(), "calibration: ");
  CHECK_CONTAINS(noMemory.error(), "out of memory");
}

TEST(calibrator_cache_is_read_and_kept) {
  std::remove("calib.cache");
  trtgen::EntropyCalibrator fresh("x", kDims, {}, "calib.cache");
  bool found = true;
  std::string error;
  CHECK(fresh.loadCache(&found, &error));
  CHECK(!found);
  std::size_t length = 99;
  CHECK(fresh.readCalibrationCache(length) == nullptr);
  CHECK_EQ(length, 0U);
  fresh.writeCalibrationCache("scales", 6);
  CHECK(fresh.newCache() == std::vector<unsigned char>({'s', 'c', 'a', 'l', 'e', 's'}));

  writeBytes("calib.cache", "TRT-8601-EntropyCalibration2\n");
  trtgen::EntropyCalibrator cached("x", kDims, {}, "calib.cache");
  CHECK(cached.loadCache(&found, &error));
  CHECK(found);
  const void* bytes = cached.readCalibrationCache(length);
  REQUIRE(bytes != nullptr);
  CHECK_EQ(std::string(static_cast<const char*>(bytes), length),
           std::string("TRT-8601-EntropyCalibration2\n"));

  writeBytes("empty.cache", "");
  trtgen::EntropyCalibrator empty("x", kDims, {}, "empty.cache");
  CHECK(!empty.loadCache(&found, &error));
  CHECK_EQ(error, std::string("--calib-cache empty.cache is empty: delete it to calibrate again"));
}

int main(int argc, char** argv) { return harness::main(argc, argv); }
