// Tiny self-contained test harness (no GoogleTest needed).
//
//   TEST(name) { CHECK(cond); CHECK_EQ(a, b); }
//
// CMakeLists.txt scans the test sources for lines starting with "TEST(" and
// registers one CTest per test case, run as `<binary> --case name`.
#pragma once

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace harness {

struct Case {
  const char* name;
  void (*fn)();
};

inline std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}

inline int& failures() {
  static int n = 0;
  return n;
}

struct Registrar {
  Registrar(const char* name, void (*fn)()) { registry().push_back({name, fn}); }
};

inline void fail(const char* file, int line, const std::string& what) {
  ++failures();
  std::fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what.c_str());
}

template <typename T>
std::string show(const T& v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

// Settings passed on the command line.
inline std::string& dataDir() {
  static std::string dir = ".";
  return dir;
}

}  // namespace harness

#define TEST(name)                                                       \
  static void test_##name();                                             \
  static const harness::Registrar registrar_##name(#name, &test_##name); \
  static void test_##name()

#define CHECK(cond)                                        \
  do {                                                     \
    if (!(cond)) harness::fail(__FILE__, __LINE__, #cond); \
  } while (0)

#define CHECK_EQ(a, b)                                                                   \
  do {                                                                                   \
    const auto& check_a_ = (a);                                                          \
    const auto& check_b_ = (b);                                                          \
    if (!(check_a_ == check_b_))                                                         \
      harness::fail(__FILE__, __LINE__,                                                  \
                    std::string(#a " == " #b "  (") + harness::show(check_a_) + " vs " + \
                        harness::show(check_b_) + ")");                                  \
  } while (0)

// Stops the current test case if cond is false.
#define REQUIRE(cond)                           \
  do {                                          \
    if (!(cond)) {                              \
      harness::fail(__FILE__, __LINE__, #cond); \
      return;                                   \
    }                                           \
  } while (0)
