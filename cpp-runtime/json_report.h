// trtgen runtime: the JSON files the builder program writes and reads -- the per-layer
// profile (--profile) and the engine metadata beside every engine -- without TensorRT, so
// that they are tested on machines without it. The formats are documented in
// docs/workflow.md ("Profiling an engine", "Engine metadata"); src/profile/format.ts is the
// profile's reader in trtgen.
#ifndef TRTGEN_RUNTIME_JSON_REPORT_H_
#define TRTGEN_RUNTIME_JSON_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trtgen {

// `text` as a JSON string literal: quotes, backslashes and control characters escaped,
// valid UTF-8 kept, each byte of invalid UTF-8 replaced by U+FFFD.
std::string jsonString(const std::string& text);

// ---- per-layer profile (--profile) ------------------------------------------------------

// Per-layer times as TensorRT's IProfiler reports them: add() once per layer and inference.
class LayerTimes {
 public:
  void add(const char* layer, float ms);
  struct Layer {
    std::string name;
    double totalMs = 0.0;  // over all inferences
  };
  // In the order TensorRT first reported them (the engine's execution order).
  const std::vector<Layer>& layers() const { return layers_; }

 private:
  std::vector<Layer> layers_;
  std::vector<std::size_t> sorted_;  // indices into layers_, ordered by name (lookup)
};

struct ProfileRow {
  std::string name;  // TensorRT's name of the engine layer ("conv1 + relu1" after fusion)
  double meanMs = 0.0;
  double share = 0.0;  // of the total, 0..1
};

// The layers by mean time per inference, slowest first (ties in execution order).
std::vector<ProfileRow> profileRows(const LayerTimes& times, int64_t inferences);

struct ProfileInfo {
  std::string network;    // the spec's network name
  std::string specHash;   // NetworkInfo::specHash
  std::string tensorrt;   // compat::versionString()
  std::string precision;  // "fp32", "fp16" or "int8" ("unknown": --no-build, no metadata)
  bool tf32 = false;
  std::string engine;  // the engine file
  int64_t inferences = 0;
};

// The profile file (format "trtgen-profile", version 1), ending in a newline.
std::string profileJson(const ProfileInfo& info, const std::vector<ProfileRow>& rows);
// "profile: ..." lines for the `count` slowest layers, each ending in a newline.
std::string topLayersText(const std::vector<ProfileRow>& rows, std::size_t count);

// ---- engine metadata (<engine>.json) ----------------------------------------------------

struct MetadataTensor {
  std::string name;
  bool isInput = false;
  std::string type;  // dataTypeName()
  std::vector<int64_t> shape;
};

struct EngineMetadata {
  std::string trtgenVersion;  // NetworkInfo::trtgenVersion
  std::string network;
  std::string specHash;
  std::string tensorrt;
  std::string precision;  // "fp32", "fp16" or "int8"
  // the build options
  bool tf32 = false;
  std::size_t workspaceMiB = 0;
  int optLevel = -1;  // -1: TensorRT's default
  int dlaCore = -1;   // -1: GPU only
  bool gpuFallback = false;
  std::vector<int32_t> computeCapabilities;
  bool detailedProfiling = false;
  std::string timingCache;  // empty: none
  std::vector<MetadataTensor> io;
};

// The metadata file (format "trtgen-engine-metadata", version 1), ending in a newline.
std::string metadataJson(const EngineMetadata& metadata);

// What an engine's metadata file says about the engine, as far as the builder checks it.
struct MetadataSummary {
  std::string specHash;
  std::string tensorrt;
  std::string precision;
  bool tf32 = false;
  int dlaCore = -1;
};
// Parses a metadata file's text: false with the reason in *error (not JSON, another format
// or version, a field missing or of the wrong type).
bool parseMetadata(const std::string& text, MetadataSummary* summary, std::string* error);

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_JSON_REPORT_H_
