// trtgen runtime: the engine builder program every generated network shares.
// The generated <name>_builder.cpp is only a NetworkInfo and a main() calling
// runBuilder, which builds and serializes a TensorRT engine on this machine:
//   EXE --wts FILE.wts --engine FILE.engine [--workspace MiB] [--fp16] [--tf32]
//       [--compute-capability LIST] [--verbose]
//       [--verify INPUT.bin EXPECTED.bin | --input NAME=FILE... --expect NAME=FILE...
//        [--atol X] [--rtol Y]] [--bench N [--warmup N]]
// prints the engine's input and output tensors (`io:` lines), then optionally runs
// the new engine: --verify / --expect compare its outputs with references, --bench
// times it with CUDA events. `EXE --help` explains every option.
// Exit codes: 0 ok, 1 build failed, 2 usage error, 3 weights file invalid, 4 cannot write the engine,
// 5 verification failed, 6 CUDA/runtime error while running the engine.
#ifndef TRTGEN_RUNTIME_BUILDER_MAIN_H_
#define TRTGEN_RUNTIME_BUILDER_MAIN_H_

#include <cstdio>

#include "network_info.h"

namespace trtgen {

// The builder's main(): parses argc/argv, builds `info`'s network, writes the
// engine, prints its `io:` lines and runs --verify/--expect/--bench. Returns the
// exit code above. Normal output goes to `out`, messages to `err` (tests pass
// temporary files).
int runBuilder(int argc, char** argv, const NetworkInfo& info, std::FILE* out = stdout,
               std::FILE* err = stderr);

}  // namespace trtgen

#endif  // TRTGEN_RUNTIME_BUILDER_MAIN_H_
