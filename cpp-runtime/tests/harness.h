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

inline bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Settings passed on the command line.
inline std::string& dataDir() {
  static std::string dir = ".";
  return dir;
}

// The test program's main(): runs every case, or `--case NAME`; `--list` names them.
inline int main(int argc, char** argv) {
  std::string only_case;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--case" && i + 1 < argc) {
      only_case = argv[++i];
    } else if (a == "--list") {
      list = true;
    } else {
      std::fprintf(stderr, "usage: %s [--case NAME | --list]\n", argv[0]);
      return 2;
    }
  }
  if (list) {
    for (const auto& c : registry()) std::printf("%s\n", c.name);
    return 0;
  }
  int ran = 0;
  for (const auto& c : registry()) {
    if (!only_case.empty() && only_case != c.name) continue;
    const int before = failures();
    c.fn();
    ++ran;
    std::printf("[%s] %s\n", failures() == before ? " OK " : "FAIL", c.name);
  }
  if (ran == 0) {
    std::fprintf(stderr, "no test matched\n");
    return 1;
  }
  std::printf("%d run, %d check failure(s)\n", ran, failures());
  return failures() == 0 ? 0 : 1;
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

#define CHECK_CONTAINS(s, part)                                                              \
  do {                                                                                       \
    const std::string cc_s_ = (s);                                                           \
    const std::string cc_p_ = (part);                                                        \
    if (!harness::contains(cc_s_, cc_p_))                                                    \
      harness::fail(__FILE__, __LINE__, "'" + cc_s_ + "' does not contain '" + cc_p_ + "'"); \
  } while (0)

// Stops the current test case if cond is false.
#define REQUIRE(cond)                           \
  do {                                          \
    if (!(cond)) {                              \
      harness::fail(__FILE__, __LINE__, #cond); \
      return;                                   \
    }                                           \
  } while (0)
