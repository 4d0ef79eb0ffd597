// trtgen runtime: the builder's JSON files (see json_report.h).
#include "json_report.h"

#include "weights.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace trtgen {

namespace {

// A finite number with up to 9 significant digits ("null" for NaN and infinities).
std::string jsonNumber(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string jsonBool(bool v) { return v ? "true" : "false"; }

template <typename T>
std::string jsonIntList(const std::vector<T>& values) {
  std::string s = "[";
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

}  // namespace

std::string jsonString(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string s = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      s += '\\';
      s += static_cast<char>(c);
    } else if (c == '\n') {
      s += "\\n";
    } else if (c == '\t') {
      s += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      s += "\\u00";
      s += kHex[c >> 4];
      s += kHex[c & 0xf];
    } else if (c >= 0x80) {
      const std::size_t n = utf8Length(text, i);
      if (n == 0) {
        s += "\\ufffd";
        ++i;
        continue;
      }
      s.append(text, i, n);
      i += n;
      continue;
    } else {
      s += static_cast<char>(c);
    }
    ++i;
  }
  return s + "\"";
}

// ---- per-layer profile ------------------------------------------------------------------

void LayerTimes::add(const char* layer, float ms) {
  const std::string name = layer != nullptr ? layer : "";
  const auto less = [&](std::size_t index, const std::string& key) { return layers_[index].name < key; };
  const auto at = std::lower_bound(sorted_.begin(), sorted_.end(), name, less);
  if (at != sorted_.end() && layers_[*at].name == name) {
    layers_[*at].totalMs += static_cast<double>(ms);
    return;
  }
  sorted_.insert(at, layers_.size());
  layers_.push_back({name, static_cast<double>(ms)});
}

std::vector<ProfileRow> profileRows(const LayerTimes& times, int64_t inferences) {
  const std::vector<LayerTimes::Layer>& layers = times.layers();
  double total = 0.0;
  for (const LayerTimes::Layer& l : layers) total += l.totalMs;
  const double runs = static_cast<double>(inferences > 0 ? inferences : 1);
  std::vector<ProfileRow> rows;
  rows.reserve(layers.size());
  for (const LayerTimes::Layer& l : layers)
    rows.push_back({l.name, l.totalMs / runs, total > 0 ? l.totalMs / total : 0.0});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const ProfileRow& a, const ProfileRow& b) { return a.meanMs > b.meanMs; });
  return rows;
}

std::string profileJson(const ProfileInfo& info, const std::vector<ProfileRow>& rows) {
  double total = 0.0;
  for (const ProfileRow& r : rows) total += r.meanMs;
  std::string s = "{\n";
  s += "  \"format\": \"trtgen-profile\",\n";
  s += "  \"version\": 1,\n";
  s += "  \"network\": " + jsonString(info.network) + ",\n";
  s += "  \"specHash\": " + jsonString(info.specHash) + ",\n";
  s += "  \"tensorrt\": " + jsonString(info.tensorrt) + ",\n";
  s += "  \"precision\": " + jsonString(info.precision) + ",\n";
  s += "  \"tf32\": " + jsonBool(info.tf32) + ",\n";
  s += "  \"engine\": " + jsonString(info.engine) + ",\n";
  s += "  \"iterations\": " + std::to_string(info.inferences) + ",\n";
  s += "  \"totalMs\": " + jsonNumber(total) + ",\n";
  s += "  \"layers\": [";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    s += i ? ",\n    " : "\n    ";
    s += "{\"name\": " + jsonString(rows[i].name) + ", \"meanMs\": " + jsonNumber(rows[i].meanMs) +
         ", \"share\": " + jsonNumber(rows[i].share) + "}";
  }
  s += rows.empty() ? "]\n" : "\n  ]\n";
  return s + "}\n";
}

std::string topLayersText(const std::vector<ProfileRow>& rows, std::size_t count) {
  std::string s;
  char buf[64];
  for (std::size_t i = 0; i < rows.size() && i < count; ++i) {
    std::snprintf(buf, sizeof buf, "profile: %8.4f ms %5.1f%%  ", rows[i].meanMs, rows[i].share * 100.0);
    s += buf + jsonString(rows[i].name) + "\n";
  }
  return s;
}

// ---- engine metadata --------------------------------------------------------------------

std::string metadataJson(const EngineMetadata& m) {
  std::string s = "{\n";
  s += "  \"format\": \"trtgen-engine-metadata\",\n";
  s += "  \"version\": 1,\n";
  s += "  \"trtgen\": " + jsonString(m.trtgenVersion) + ",\n";
  s += "  \"network\": " + jsonString(m.network) + ",\n";
  s += "  \"specHash\": " + jsonString(m.specHash) + ",\n";
  s += "  \"tensorrt\": " + jsonString(m.tensorrt) + ",\n";
  s += "  \"precision\": " + jsonString(m.precision) + ",\n";
  s += "  \"options\": {\"tf32\": " + jsonBool(m.tf32) +
       ", \"workspaceMiB\": " + std::to_string(m.workspaceMiB) +
       ", \"optLevel\": " + (m.optLevel < 0 ? std::string("null") : std::to_string(m.optLevel)) +
       ", \"dlaCore\": " + (m.dlaCore < 0 ? std::string("null") : std::to_string(m.dlaCore)) +
       ", \"gpuFallback\": " + jsonBool(m.gpuFallback) +
       ", \"computeCapabilities\": " + jsonIntList(m.computeCapabilities) +
       ", \"profilingVerbosity\": " + (m.detailedProfiling ? "\"detailed\"" : "\"layer_names_only\"") +
       ", \"timingCache\": " + (m.timingCache.empty() ? std::string("null") : jsonString(m.timingCache)) +
       "},\n";
  s += "  \"io\": [";
  for (std::size_t i = 0; i < m.io.size(); ++i) {
    const MetadataTensor& t = m.io[i];
    s += i ? ",\n    " : "\n    ";
    s += "{\"name\": " + jsonString(t.name) + ", \"mode\": " + (t.isInput ? "\"input\"" : "\"output\"") +
         ", \"type\": " + jsonString(t.type) + ", \"shape\": " + jsonIntList(t.shape) + "}";
  }
  s += m.io.empty() ? "]\n" : "\n  ]\n";
  return s + "}\n";
}

namespace {

// A JSON value (RFC 8259), as far as the metadata reader needs one.
struct JsonValue {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  bool boolean = false;
  double number = 0.0;
  std::string text;
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;

  const JsonValue* member(const char* key) const {
    for (const auto& m : members) {
      if (m.first == key) return &m.second;
    }
    return nullptr;
  }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : s_(text) {}

  // The whole text as one value; false with "at byte N: ..." in *error.
  bool parse(JsonValue* value, std::string* error) {
    bool ok = parseValue(value, 0);
    if (ok) skipSpace();
    if (ok && i_ != s_.size()) ok = fail("text after the JSON value");
    if (!ok) *error = "at byte " + std::to_string(i_) + ": " + error_;
    return ok;
  }

 private:
  bool fail(const char* why) {
    if (error_.empty()) error_ = why;
    return false;
  }
  void skipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool literal(const char* word) {
    const std::size_t n = std::strlen(word);
    if (s_.compare(i_, n, word) != 0) return fail("not a JSON value");
    i_ += n;
    return true;
  }

  bool parseValue(JsonValue* v, int depth) {
    if (depth > 64) return fail("nested too deeply");
    skipSpace();
    if (i_ >= s_.size()) return fail("unexpected end of the text");
    const char c = s_[i_];
    if (c == '{') return parseObject(v, depth);
    if (c == '[') return parseArray(v, depth);
    if (c == '"') {
      v->kind = JsonValue::kString;
      return parseString(&v->text);
    }
    if (c == 't' || c == 'f') {
      v->kind = JsonValue::kBool;
      v->boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      v->kind = JsonValue::kNull;
      return literal("null");
    }
    return parseNumber(v);
  }

  bool parseObject(JsonValue* v, int depth) {
    v->kind = JsonValue::kObject;
    ++i_;  // '{'
    skipSpace();
    if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
    for (;;) {
      skipSpace();
      std::string key;
      if (i_ >= s_.size() || s_[i_] != '"') return fail("expected a member name in double quotes");
      if (!parseString(&key)) return false;
      skipSpace();
      if (i_ >= s_.size() || s_[i_] != ':') return fail("expected ':' after a member name");
      ++i_;
      JsonValue member;
      if (!parseValue(&member, depth + 1)) return false;
      v->members.emplace_back(std::move(key), std::move(member));
      skipSpace();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
      return fail("expected ',' or '}' in an object");
    }
  }

  bool parseArray(JsonValue* v, int depth) {
    v->kind = JsonValue::kArray;
    ++i_;  // '['
    skipSpace();
    if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
    for (;;) {
      JsonValue item;
      if (!parseValue(&item, depth + 1)) return false;
      v->items.push_back(std::move(item));
      skipSpace();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
      return fail("expected ',' or ']' in an array");
    }
  }

  bool hex4(uint32_t* out) {
    if (i_ + 4 > s_.size()) return fail("a \\u escape needs four hex digits");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      const int d = h >= '0' && h <= '9'   ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                           : -1;
      if (d < 0) return fail("a \\u escape needs four hex digits");
      v = (v << 4) | static_cast<uint32_t>(d);
    }
    *out = v;
    return true;
  }

  static void appendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  bool parseString(std::string* out) {
    ++i_;  // '"'
    for (;;) {
      if (i_ >= s_.size()) return fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') return ++i_, true;
      if (c < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        ++i_;
        continue;
      }
      if (++i_ >= s_.size()) return fail("unterminated string");
      const char e = s_[i_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out->push_back(e);
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!hex4(&cp)) return false;
          if (cp >= 0xd800 && cp <= 0xdbff && s_.compare(i_, 2, "\\u") == 0) {
            i_ += 2;
            uint32_t low = 0;
            if (!hex4(&low)) return false;
            if (low < 0xdc00 || low > 0xdfff) return fail("unpaired surrogate in a \\u escape");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          } else if (cp >= 0xd800 && cp <= 0xdfff) {
            return fail("unpaired surrogate in a \\u escape");
          }
          appendUtf8(cp, out);
          break;
        }
        default:
          return fail("unknown escape in a string");
      }
    }
  }

  bool parseNumber(JsonValue* v) {
    const std::size_t start = i_;
    const auto digits = [&]() {
      const std::size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ > from;
    };
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return fail("not a JSON value");
    }
    if (i_ < s_.size() && s_[i_] == '.' && (++i_, !digits())) return fail("digits expected after '.'");
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return fail("digits expected in an exponent");
    }
    v->kind = JsonValue::kNumber;
    v->number = std::strtod(s_.substr(start, i_ - start).c_str(), nullptr);
    return true;
  }

  const std::string& s_;
  std::size_t i_ = 0;
  std::string error_;
};

// The member `key` of `object` if it has the kind asked for; else nullptr with a message.
const JsonValue* field(const JsonValue& object, const char* key, JsonValue::Kind kind, const char* kindName,
                       std::string* error) {
  const JsonValue* v = object.member(key);
  if (v == nullptr || v->kind != kind) {
    *error =
        std::string("\"") + key + "\" " + (v == nullptr ? "is missing" : "is not " + std::string(kindName));
    return nullptr;
  }
  return v;
}

}  // namespace

bool parseMetadata(const std::string& text, MetadataSummary* summary, std::string* error) {
  JsonValue root;
  if (!JsonParser(text).parse(&root, error)) return false;
  if (root.kind != JsonValue::kObject) {
    *error = "not a JSON object";
    return false;
  }
  const JsonValue* format = root.member("format");
  const JsonValue* version = root.member("version");
  if (format == nullptr || format->kind != JsonValue::kString || format->text != "trtgen-engine-metadata") {
    *error = "not a trtgen engine metadata file (\"format\" is not \"trtgen-engine-metadata\")";
    return false;
  }
  if (version == nullptr || version->kind != JsonValue::kNumber || version->number != 1.0) {
    *error = "metadata \"version\" is not 1 (written by another trtgen?)";
    return false;
  }
  const JsonValue* specHash = field(root, "specHash", JsonValue::kString, "a string", error);
  const JsonValue* tensorrt =
      specHash ? field(root, "tensorrt", JsonValue::kString, "a string", error) : nullptr;
  const JsonValue* precision =
      tensorrt ? field(root, "precision", JsonValue::kString, "a string", error) : nullptr;
  const JsonValue* options =
      precision ? field(root, "options", JsonValue::kObject, "an object", error) : nullptr;
  const JsonValue* tf32 =
      options ? field(*options, "tf32", JsonValue::kBool, "true or false", error) : nullptr;
  if (tf32 == nullptr) return false;
  const JsonValue* dla = options->member("dlaCore");
  if (dla == nullptr ||
      (dla->kind != JsonValue::kNull && (dla->kind != JsonValue::kNumber || dla->number < 0 ||
                                         dla->number > 1e6 || dla->number != std::floor(dla->number)))) {
    *error = "\"dlaCore\" is not null or a core number";
    return false;
  }
  summary->specHash = specHash->text;
  summary->tensorrt = tensorrt->text;
  summary->precision = precision->text;
  summary->tf32 = tf32->boolean;
  summary->dlaCore = dla->kind == JsonValue::kNull ? -1 : static_cast<int>(dla->number);
  return true;
}

}  // namespace trtgen
