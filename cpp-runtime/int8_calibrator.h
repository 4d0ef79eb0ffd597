// trtgen runtime: INT8 post-training calibration for the builder program's --int8
// (TensorRT 8.2 to 10.x; see compat::kInt8Calibration). A calibration set is a folder of
// sample inputs for a network with ONE float32 input, one file per sample, read in the order
// of their file names (byte order):
//   NAME.bin  raw little-endian float32 values in C order, no header, exactly the input's
//             size including its batch dimension (the --verify input format)
//   NAME.npy  a NumPy file (format 1.0, 2.0 or 3.0) of dtype float32 ('<f4'), C order, whose
//             shape equals the input's shape
// Other files in the folder are ignored. Each file is one calibration batch (the network's
// own batch size). docs/int8.md describes how to make one (trtgen-export calib).
#ifndef TRTGEN_RUNTIME_INT8_CALIBRATOR_H_
#define TRTGEN_RUNTIME_INT8_CALIBRATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine_runner.h"
#include "trt_compat.h"

namespace trtgen {

// Checks the header of the .npy file held in `bytes[0..size)` (the whole file, or at least its
// header): magic, version, header length, and the dictionary's three fields -- 'descr' must be
// '<f4', 'fortran_order' False, 'shape' equal to `dims` -- and, when `fileSize` is nonzero, that
// the data after the header is exactly the shape's float32 values. Sets *dataOffset. False with
// a message (without the file name) otherwise.
bool parseNpyHeader(const unsigned char* bytes, std::size_t size, std::size_t fileSize,
                    const std::vector<int64_t>& dims, std::size_t* dataOffset, std::string* error);

// Reads one calibration file (.npy or .bin, by its extension) of the input shape `dims` into
// *values; with values == nullptr only checks its header and size. False with a message naming
// the file and what was expected.
bool readCalibrationFile(const std::string& path, const std::vector<int64_t>& dims,
                         std::vector<float>* values, std::string* error);

// The .bin and .npy files directly in `dir`, sorted by name. False with a message when `dir`
// is not a readable folder or holds none.
bool listCalibrationFiles(const std::string& dir, std::vector<std::string>* files, std::string* error);

// IInt8EntropyCalibrator2 over a calibration set: each getBatch copies the next file to a
// device buffer (CUDA runtime) bound to the network's input. TensorRT calls it from inside the
// build, where nothing may throw: a file that cannot be read ends the calibration and is kept
// in error(), which the builder checks after the build. The calibration cache (--calib-cache):
// loadCache() reads it before the build when it exists -- TensorRT then takes the scales from
// it and calls getBatch never -- and the cache TensorRT writes after calibrating is kept in
// newCache() for the builder to write.
class EntropyCalibrator : public compat::Int8EntropyCalibrator {
 public:
  EntropyCalibrator(std::string inputName, std::vector<int64_t> dims, std::vector<std::string> files,
                    std::string cachePath);

  // Reads cachePath if that file exists (*found tells). False with a message if it exists
  // but cannot be read, or is empty.
  bool loadCache(bool* found, std::string* error);

  bool getBatch(void* bindings[], const char* names[], int32_t nbBindings) noexcept override;
  const void* readCalibrationCache(std::size_t& length) noexcept override;
  void writeCalibrationCache(const void* ptr, std::size_t length) noexcept override;

  const std::string& error() const { return error_; }
  std::size_t batchesServed() const { return next_; }
  const std::vector<unsigned char>& newCache() const { return newCache_; }

 private:
  std::string inputName_;
  std::vector<int64_t> dims_;
  std::vector<std::string> files_;
  std::string cachePath_;
  std::vector<unsigned char> cache_;  // read by loadCache
  std::vector<unsigned char> newCache_;
  std::vector<float> host_;
  DeviceBuffer device_;
  std::size_t next_ = 0;
  std::string error_;
};

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_INT8_CALIBRATOR_H_
