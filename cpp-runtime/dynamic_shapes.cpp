// trtgen runtime: dynamic shapes in the builder program (see dynamic_shapes.h).
#include "dynamic_shapes.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace trtgen {
namespace {

std::vector<int64_t> toVector(const int64_t* values, int32_t nbDims) {
  return std::vector<int64_t>(values, values + nbDims);
}

bool isDynamic(const TensorInfo& t) {
  for (int32_t i = 0; i < t.nbDims; ++i) {
    if (t.dims[i] < 0) return true;
  }
  return false;
}

// "4x3x224x224" -> {4, 3, 224, 224}; false if not positive whole numbers separated by 'x'.
bool parseDims(const std::string& text, std::vector<int64_t>* dims) {
  dims->clear();
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t x = std::min(text.find('x', start), text.size());
    const std::string item = text.substr(start, x - start);
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || item[0] < '0' || item[0] > '9' || *end != '\0' || errno != 0 || v < 1 ||
        v > 2147483647LL || dims->size() >= 8) {
      return false;
    }
    dims->push_back(v);
    start = x + 1;
  }
  return true;
}

// The first profile's range of input `name`, or null.
const ProfileRange* firstProfileRange(const NetworkInfo& info, const std::string& name) {
  for (std::size_t i = 0; i < info.nbProfileRanges; ++i) {
    const ProfileRange& r = info.profileRanges[i];
    if (r.profile == 0 && name == r.input) return &r;
  }
  return nullptr;
}

}  // namespace

bool hasDynamicInputs(const NetworkInfo& info) { return info.nbProfileRanges > 0; }

bool addOptimizationProfiles(nvinfer1::IBuilder& builder, nvinfer1::IBuilderConfig& config,
                             const NetworkInfo& info, std::string* error) {
  std::size_t i = 0;
  while (i < info.nbProfileRanges) {
    const int32_t index = info.profileRanges[i].profile;
    nvinfer1::IOptimizationProfile* profile = builder.createOptimizationProfile();
    if (profile == nullptr) {
      *error = "cannot create optimization profile " + std::to_string(index);
      return false;
    }
    for (; i < info.nbProfileRanges && info.profileRanges[i].profile == index; ++i) {
      const ProfileRange& r = info.profileRanges[i];
      const bool ok =
          profile->setDimensions(r.input, nvinfer1::OptProfileSelector::kMIN, toDims(r.min, r.nbDims)) &&
          profile->setDimensions(r.input, nvinfer1::OptProfileSelector::kOPT, toDims(r.opt, r.nbDims)) &&
          profile->setDimensions(r.input, nvinfer1::OptProfileSelector::kMAX, toDims(r.max, r.nbDims));
      if (!ok) {
        *error = "TensorRT refused the shapes of input " + quoteName(r.input) + " in optimization profile " +
                 std::to_string(index) + " (min " + shapeString(toVector(r.min, r.nbDims)) + ", opt " +
                 shapeString(toVector(r.opt, r.nbDims)) + ", max " + shapeString(toVector(r.max, r.nbDims)) +
                 ")";
        return false;
      }
    }
    if (config.addOptimizationProfile(profile) < 0) {
      *error = "TensorRT refused optimization profile " + std::to_string(index) + " (see the log above)";
      return false;
    }
  }
  return true;
}

bool resolveRunShapes(const NetworkInfo& info, const std::vector<std::string>& args,
                      std::vector<InputShape>* shapes, std::string* error) {
  shapes->clear();
  std::vector<std::string> dynamicNames;
  for (std::size_t i = 0; i < info.nbInputs; ++i) {
    if (isDynamic(info.inputs[i])) dynamicNames.push_back(info.inputs[i].name);
  }
  if (!args.empty() && dynamicNames.empty()) {
    *error = "--shape only applies to a network with dynamic inputs; every input of " +
             std::string(info.name) + " has a static shape";
    return false;
  }
  std::vector<std::string> given(dynamicNames.size());
  for (const std::string& arg : args) {
    // NAME=AxBxC: the longest dynamic input name followed by '=' (names may hold '=')
    std::size_t match = dynamicNames.size();
    for (std::size_t k = 0; k < dynamicNames.size(); ++k) {
      const std::string& n = dynamicNames[k];
      if (arg.size() > n.size() && arg.compare(0, n.size(), n) == 0 && arg[n.size()] == '=' &&
          (match == dynamicNames.size() || n.size() > dynamicNames[match].size())) {
        match = k;
      }
    }
    if (match == dynamicNames.size()) {
      *error =
          "--shape '" + arg + "': expected NAME=AxBx... for a dynamic input (" + nameList(dynamicNames) + ")";
      return false;
    }
    if (!given[match].empty()) {
      *error = "--shape gives input " + quoteName(dynamicNames[match]) + " twice";
      return false;
    }
    given[match] = arg.substr(dynamicNames[match].size() + 1);
  }
  for (std::size_t i = 0; i < info.nbInputs; ++i) {
    const TensorInfo& t = info.inputs[i];
    if (!isDynamic(t)) continue;
    const ProfileRange* r = firstProfileRange(info, t.name);
    if (r == nullptr) {
      *error = "input " + quoteName(t.name) + " is dynamic but has no range in optimization profile 0";
      return false;
    }
    const std::size_t k = shapes->size();
    InputShape s;
    s.name = t.name;
    if (given[k].empty()) {
      s.dims = toVector(r->opt, r->nbDims);
    } else if (!parseDims(given[k], &s.dims)) {
      *error = "--shape " + std::string(t.name) + "=" + given[k] +
               ": expected positive whole numbers separated by 'x', e.g. " + std::string(t.name) + "=" +
               std::to_string(r->opt[0]) + "x...";
      return false;
    }
    bool fits = static_cast<int32_t>(s.dims.size()) == t.nbDims;
    for (int32_t d = 0; fits && d < t.nbDims; ++d) {
      fits = s.dims[static_cast<std::size_t>(d)] >= r->min[d] &&
             s.dims[static_cast<std::size_t>(d)] <= r->max[d];
    }
    if (!fits) {
      *error = "--shape " + quoteName(t.name) + " " + shapeString(s.dims) +
               " is outside optimization profile 0 (min " + shapeString(toVector(r->min, r->nbDims)) +
               ", max " + shapeString(toVector(r->max, r->nbDims)) + "; the spec's shape " +
               shapeString(toVector(t.dims, t.nbDims)) + ")";
      return false;
    }
    shapes->push_back(std::move(s));
  }
  return true;
}

std::size_t inputCount(const TensorInfo& t, const std::vector<InputShape>& shapes) {
  for (const InputShape& s : shapes) {
    if (s.name == t.name) return volume(s.dims.data(), static_cast<int32_t>(s.dims.size()));
  }
  return volume(t.dims, t.nbDims);
}

std::string runShapesString(const std::vector<InputShape>& shapes) {
  std::string s;
  for (const InputShape& x : shapes)
    s += (s.empty() ? "" : ", ") + quoteName(x.name) + " " + shapeString(x.dims);
  return s;
}

}  // namespace trtgen
