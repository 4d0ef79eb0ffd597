// Tests for cpp-runtime/json_report.{h,cpp}: JSON strings, the per-layer profile the
// builder's --profile writes (fed as TensorRT's IProfiler callback would feed it), and the
// engine metadata file with its reader.
//
//   json_report_tests [--case NAME | --list]
#include <cstdio>
#include <string>
#include <vector>

#include "harness.h"
#include "json_report.h"

namespace {

// Three inferences of an engine of three layers, reported per layer and inference.
trtgen::LayerTimes threeRuns() {
  trtgen::LayerTimes times;
  for (int run = 0; run < 3; ++run) {
    times.add("conv1 + relu1", 0.5f);
    times.add("head", 0.25f);
    times.add("Reformatting CopyNode for Input Tensor 0 to conv1", 0.25f);
  }
  times.add("head", 0.75f);  // one slower inference
  return times;
}

trtgen::EngineMetadata sampleMetadata() {
  trtgen::EngineMetadata m;
  m.trtgenVersion = "0.1.0";
  m.network = "seedseg";
  m.specHash = "sha256:abc";
  m.tensorrt = "TensorRT 10.6.0";
  m.precision = "fp16";
  m.tf32 = true;
  m.workspaceMiB = 1024;
  m.dlaCore = 1;
  m.gpuFallback = true;
  m.io.push_back({"image", true, "float32", {1, 3, 128, 128}});
  m.io.push_back({"skip", false, "float32", {1, 3, 128, 128}});
  return m;
}

}  // namespace

TEST(json_string_escapes) {
  CHECK_EQ(trtgen::jsonString("plain"), std::string("\"plain\""));
  CHECK_EQ(trtgen::jsonString("a\"b\\c"), std::string("\"a\\\"b\\\\c\""));
  CHECK_EQ(trtgen::jsonString("tab\there\nnl\x01\x7f"), std::string("\"tab\\there\\nnl\\u0001\\u007f\""));
  // valid UTF-8 kept, invalid bytes replaced
  CHECK_EQ(trtgen::jsonString("caf\xc3\xa9"), std::string("\"caf\xc3\xa9\""));
  CHECK_EQ(trtgen::jsonString("x\xff"
                              "y\xc3"),
           std::string("\"x\\ufffdy\\ufffd\""));
  CHECK_EQ(trtgen::jsonString("\xed\xa0\x80"), std::string("\"\\ufffd\\ufffd\\ufffd\""));  // a surrogate
  CHECK_EQ(trtgen::jsonString("\xe0\x80\x80"), std::string("\"\\ufffd\\ufffd\\ufffd\""));  // overlong
}

TEST(layer_times_accumulate_by_name_in_execution_order) {
  const trtgen::LayerTimes times = threeRuns();
  REQUIRE(times.layers().size() == 3);
  CHECK_EQ(times.layers()[0].name, std::string("conv1 + relu1"));
  CHECK_EQ(times.layers()[1].name, std::string("head"));
  CHECK_EQ(times.layers()[1].totalMs, 1.5);
  CHECK_EQ(times.layers()[2].name, std::string("Reformatting CopyNode for Input Tensor 0 to conv1"));
}

TEST(profile_rows_mean_share_sorted) {
  const std::vector<trtgen::ProfileRow> rows = trtgen::profileRows(threeRuns(), 3);
  REQUIRE(rows.size() == 3);
  // totals: conv1 1.5, head 1.5, reformat 0.75 of 3.75; ties keep execution order
  CHECK_EQ(rows[0].name, std::string("conv1 + relu1"));
  CHECK_EQ(rows[0].meanMs, 0.5);
  CHECK_EQ(rows[0].share, 0.4);
  CHECK_EQ(rows[1].name, std::string("head"));
  CHECK_EQ(rows[2].meanMs, 0.25);
  CHECK_EQ(rows[2].share, 0.2);
  CHECK(trtgen::profileRows(trtgen::LayerTimes(), 5).empty());
}

TEST(profile_json_format) {
  trtgen::ProfileInfo info;
  info.network = "seed\"seg";
  info.specHash = "sha256:00ff";
  info.tensorrt = "TensorRT 10.6.0";
  info.precision = "fp16";
  info.engine = "out/seedseg.engine";
  info.inferences = 3;
  // the same file test/profile/format.test.ts reads with trtgen's reader (src/profile/format.ts)
  std::FILE* f = std::fopen(TRTGEN_PROFILE_SAMPLE, "rb");
  REQUIRE(f != nullptr);
  std::string sample;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) sample.append(buf, n);
  std::fclose(f);
  CHECK_EQ(trtgen::profileJson(info, trtgen::profileRows(threeRuns(), 3)), sample);
  const std::string empty = trtgen::profileJson(info, {});
  CHECK_CONTAINS(empty, "\"totalMs\": 0,\n  \"layers\": []\n}\n");
}

TEST(top_layers_text) {
  const std::vector<trtgen::ProfileRow> rows = trtgen::profileRows(threeRuns(), 3);
  CHECK_EQ(trtgen::topLayersText(rows, 2), std::string("profile:   0.5000 ms  40.0%  \"conv1 + relu1\"\n"
                                                       "profile:   0.5000 ms  40.0%  \"head\"\n"));
  CHECK_EQ(trtgen::topLayersText(rows, 10).size(), trtgen::topLayersText(rows, 3).size());
}

TEST(metadata_json_format) {
  const std::string json = trtgen::metadataJson(sampleMetadata());
  CHECK_EQ(json,
           std::string("{\n"
                       "  \"format\": \"trtgen-engine-metadata\",\n"
                       "  \"version\": 1,\n"
                       "  \"trtgen\": \"0.1.0\",\n"
                       "  \"network\": \"seedseg\",\n"
                       "  \"specHash\": \"sha256:abc\",\n"
                       "  \"tensorrt\": \"TensorRT 10.6.0\",\n"
                       "  \"precision\": \"fp16\",\n"
                       "  \"options\": {\"tf32\": true, \"workspaceMiB\": 1024, \"optLevel\": null, "
                       "\"dlaCore\": 1, \"gpuFallback\": true, \"computeCapabilities\": [], "
                       "\"profilingVerbosity\": \"layer_names_only\", \"timingCache\": null},\n"
                       "  \"io\": [\n"
                       "    {\"name\": \"image\", \"mode\": \"input\", \"type\": \"float32\", \"shape\": "
                       "[1, 3, 128, 128]},\n"
                       "    {\"name\": \"skip\", \"mode\": \"output\", \"type\": \"float32\", \"shape\": "
                       "[1, 3, 128, 128]}\n"
                       "  ]\n"
                       "}\n"));
}

TEST(metadata_round_trip) {
  trtgen::MetadataSummary s;
  std::string error;
  REQUIRE(trtgen::parseMetadata(trtgen::metadataJson(sampleMetadata()), &s, &error));
  CHECK_EQ(s.specHash, std::string("sha256:abc"));
  CHECK_EQ(s.tensorrt, std::string("TensorRT 10.6.0"));
  CHECK_EQ(s.precision, std::string("fp16"));
  CHECK(s.tf32);
  CHECK_EQ(s.dlaCore, 1);
  // names with escapes and non-ASCII survive
  trtgen::EngineMetadata m = sampleMetadata();
  m.specHash = "sha256:\"q\\\xc3\xa9\n";
  m.dlaCore = -1;
  REQUIRE(trtgen::parseMetadata(trtgen::metadataJson(m), &s, &error));
  CHECK_EQ(s.specHash, m.specHash);
  CHECK_EQ(s.dlaCore, -1);
  // \u escapes (a surrogate pair) and members in any order
  REQUIRE(trtgen::parseMetadata(
      "{\"options\": {\"dlaCore\": null, \"tf32\": false}, \"precision\": \"fp32\", \"tensorrt\": \"T\","
      " \"specHash\": \"\\u00e9\\ud83d\\ude00\", \"version\": 1, \"format\": \"trtgen-engine-metadata\"}",
      &s, &error));
  CHECK_EQ(s.specHash, std::string("\xc3\xa9\xf0\x9f\x98\x80"));
  CHECK(!s.tf32);
}

TEST(metadata_refused_with_reason) {
  const std::string good = trtgen::metadataJson(sampleMetadata());
  const auto refused = [](const std::string& text, const std::string& why) {
    trtgen::MetadataSummary s;
    std::string error;
    CHECK(!trtgen::parseMetadata(text, &s, &error));
    CHECK_CONTAINS(error, why);
  };
  refused("", "at byte 0: unexpected end of the text");
  refused(good.substr(0, good.size() / 2), "at byte ");
  refused(good + "x", "text after the JSON value");
  refused("[1, 2]", "not a JSON object");
  refused("{\"format\": \"trtgen-profile\", \"version\": 1}", "not a trtgen engine metadata file");
  refused("{\"format\": \"trtgen-engine-metadata\", \"version\": 2}", "\"version\" is not 1");
  refused("{\"format\": \"trtgen-engine-metadata\", \"version\": 1}", "\"specHash\" is missing");
  refused("{\"format\": \"trtgen-engine-metadata\", \"version\": 1, \"specHash\": 5}",
          "\"specHash\" is not a string");
  refused("{\"a\": \"\\ud800\"}", "unpaired surrogate");
  refused("{\"a\": 01}", "expected ',' or '}'");
  refused("{\"a\": \"\x01\"}", "control character");
  refused(std::string(100, '[') + std::string(100, ']'), "nested too deeply");
  std::string badDla = good;
  badDla.replace(badDla.find("\"dlaCore\": 1"), 12, "\"dlaCore\": 1.5");
  refused(badDla, "\"dlaCore\" is not null or a core number");
}

int main(int argc, char** argv) { return harness::main(argc, argv); }
