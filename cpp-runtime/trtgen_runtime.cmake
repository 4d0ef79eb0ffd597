# The trtgen C++ runtime, included by every generated CMakeLists.txt:
#   set(_trtgen_network <stem>)                 # for messages
#   set(_trtgen_plugin_layers "<layers>")       # the spec's plugin layers, "" if none
#   include(${CMAKE_CURRENT_SOURCE_DIR}/runtime/trtgen_runtime.cmake)
# It finds TensorRT and the CUDA runtime (stopping with one message naming all that
# is missing) and defines, once per CMake project however many generated networks
# it vendors, the static libraries
#   trtgen_runtime  what <stem>_network needs: .wts loader, NetworkBuilder (+ TensorRT, CUDA)
#   trtgen_builder  what <stem>_builder needs too: engine runner, the builder's main (runBuilder)
# Two networks' runtime/ folders must then be identical: another trtgen version's
# runtime is refused at configure time rather than linked with the wrong code.
# (A source file including two networks' headers gets two copies of each runtime
# header: identical, so their include guards -- not #pragma once, which tells
# files apart by path -- keep the second out.)
# Sets TensorRT_RTX and _trtgen_warnings (compiler warning flags) for the caller.

# TensorRT: TensorRT_ROOT / TENSORRT_ROOT (CMake variable or environment), else the
# usual locations of the Debian packages (x86-64 and Jetson aarch64) and tarballs.
# Full TensorRT (libnvinfer) or TensorRT-RTX (libtensorrt_rtx) are both accepted.
set(TensorRT_ROOT "" CACHE PATH "TensorRT installation folder (holding include/ and lib/)")
set(_trt_hints ${TensorRT_ROOT} ${TENSORRT_ROOT} $ENV{TensorRT_ROOT} $ENV{TENSORRT_ROOT})
# A different TensorRT folder than at the last configure: search again (find_* cache their results).
if(DEFINED _trtgen_trt_hints_used AND NOT "${_trt_hints}" STREQUAL "${_trtgen_trt_hints_used}")
  unset(TensorRT_INCLUDE_DIR CACHE)
  unset(TensorRT_LIBRARY CACHE)
  unset(TensorRT_PLUGIN_LIBRARY CACHE)
  unset(TRTGEN_CUDART_INCLUDE_DIR CACHE)
  unset(TRTGEN_CUDART_LIBRARY CACHE)
endif()
set(_trtgen_trt_hints_used "${_trt_hints}" CACHE INTERNAL "TensorRT folders searched at the last configure")
set(_trt_lib_suffixes lib lib64 targets/x86_64-linux/lib targets/aarch64-linux/lib)
set(_trt_lib_paths /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/local/TensorRT/lib /opt/tensorrt/lib)
find_path(TensorRT_INCLUDE_DIR NvInfer.h
  HINTS ${_trt_hints}
  PATH_SUFFIXES include
  PATHS /usr/include/x86_64-linux-gnu /usr/include/aarch64-linux-gnu /usr/local/TensorRT/include /opt/tensorrt/include)
find_library(TensorRT_LIBRARY NAMES nvinfer tensorrt_rtx HINTS ${_trt_hints} PATH_SUFFIXES ${_trt_lib_suffixes} PATHS ${_trt_lib_paths})
set(TensorRT_RTX OFF)
if(TensorRT_LIBRARY MATCHES "tensorrt_rtx")
  set(TensorRT_RTX ON)  # TensorRT-RTX: no plugin library
else()
  find_library(TensorRT_PLUGIN_LIBRARY nvinfer_plugin HINTS ${_trt_hints} PATH_SUFFIXES ${_trt_lib_suffixes} PATHS ${_trt_lib_paths})
endif()

# CUDA runtime: the CUDA toolkit if CMake finds one (nvcc), else cuda_runtime_api.h and
# libcudart wherever CUDAToolkit_ROOT / CUDA_PATH or the TensorRT folder hold them.
if(NOT TARGET CUDA::cudart)
  find_package(CUDAToolkit QUIET)
endif()
if(NOT TARGET CUDA::cudart)
  set(_cuda_hints ${CUDAToolkit_ROOT} $ENV{CUDAToolkit_ROOT} $ENV{CUDA_PATH} ${_trt_hints} /usr/local/cuda)
  find_path(TRTGEN_CUDART_INCLUDE_DIR cuda_runtime_api.h HINTS ${_cuda_hints} PATH_SUFFIXES include)
  find_library(TRTGEN_CUDART_LIBRARY cudart HINTS ${_cuda_hints} PATH_SUFFIXES ${_trt_lib_suffixes})
  if(TRTGEN_CUDART_INCLUDE_DIR AND TRTGEN_CUDART_LIBRARY)
    add_library(CUDA::cudart UNKNOWN IMPORTED)
    set_target_properties(CUDA::cudart PROPERTIES IMPORTED_LOCATION "${TRTGEN_CUDART_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${TRTGEN_CUDART_INCLUDE_DIR}")
  endif()
endif()

# Report everything that is missing at once.
set(_missing "")
if(NOT TARGET CUDA::cudart)
  string(APPEND _missing "\n  CUDA runtime not found (TensorRT needs cuda_runtime_api.h and libcudart): install CUDA "
    "(on Jetson: JetPack) or pass -DCUDAToolkit_ROOT=/usr/local/cuda.")
endif()
if(NOT TensorRT_INCLUDE_DIR OR NOT TensorRT_LIBRARY)
  string(APPEND _missing "\n  TensorRT not found (NvInfer.h, libnvinfer or libtensorrt_rtx): install it (on Jetson it "
    "comes with JetPack) or pass -DTensorRT_ROOT=/path/to/TensorRT (or set the TENSORRT_ROOT environment variable).")
endif()
if(NOT _trtgen_plugin_layers STREQUAL "")
  if(TensorRT_RTX)
    string(APPEND _missing "\n  ${TensorRT_LIBRARY} is TensorRT-RTX, which has no plugin layers, but the spec uses "
      "TensorRT plugins (layers ${_trtgen_plugin_layers}): build with a full TensorRT release, or replace those layers.")
  elseif(NOT TensorRT_PLUGIN_LIBRARY)
    string(APPEND _missing "\n  TensorRT plugin library not found (libnvinfer_plugin; the spec uses plugins): install it "
      "with TensorRT or pass -DTensorRT_ROOT=/path/to/TensorRT.")
  endif()
endif()
if(_missing)
  message(FATAL_ERROR "Cannot build the ${_trtgen_network} engine builder:${_missing}")
endif()

option(TRTGEN_WARNINGS_AS_ERRORS "Treat compiler warnings in the generated code and runtime as errors" OFF)
set(_trtgen_warnings "")
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(_trtgen_warnings -Wall -Wextra -Wno-deprecated-declarations)
  if(TRTGEN_WARNINGS_AS_ERRORS)
    list(APPEND _trtgen_warnings -Werror)
  endif()
endif()

# The runtime's fingerprint: every file in this folder. Equal fingerprints = the
# same runtime, which is then built once for every network that vendors it.
file(GLOB _trtgen_runtime_files LIST_DIRECTORIES false "${CMAKE_CURRENT_LIST_DIR}/*")
list(SORT _trtgen_runtime_files)
set(_trtgen_runtime_hashes "")
foreach(_f IN LISTS _trtgen_runtime_files)
  file(SHA256 "${_f}" _h)
  list(APPEND _trtgen_runtime_hashes "${_h}")
endforeach()
string(SHA256 _trtgen_runtime_fingerprint "${_trtgen_runtime_hashes}")

get_property(_trtgen_runtime_first GLOBAL PROPERTY TRTGEN_RUNTIME_DIR)
if(NOT _trtgen_runtime_first)
  if(TARGET trtgen_runtime OR TARGET trtgen_builder)
    message(FATAL_ERROR "Cannot build the ${_trtgen_network} engine builder: this project already has a target "
      "named trtgen_runtime or trtgen_builder that is not the trtgen runtime; rename it.")
  endif()
  set_property(GLOBAL PROPERTY TRTGEN_RUNTIME_DIR "${CMAKE_CURRENT_LIST_DIR}")
  set_property(GLOBAL PROPERTY TRTGEN_RUNTIME_FINGERPRINT "${_trtgen_runtime_fingerprint}")

  add_library(trtgen_runtime STATIC
    ${CMAKE_CURRENT_LIST_DIR}/network_builder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/weights.cpp)
  target_include_directories(trtgen_runtime SYSTEM PUBLIC ${TensorRT_INCLUDE_DIR})
  find_package(Threads REQUIRED)  # the .wts loader decodes long lines on std::threads
  target_link_libraries(trtgen_runtime PUBLIC ${TensorRT_LIBRARY} CUDA::cudart Threads::Threads)
  if(TensorRT_PLUGIN_LIBRARY)
    target_link_libraries(trtgen_runtime PUBLIC ${TensorRT_PLUGIN_LIBRARY})
  endif()
  target_compile_features(trtgen_runtime PUBLIC cxx_std_17)
  target_compile_options(trtgen_runtime PRIVATE ${_trtgen_warnings})

  add_library(trtgen_builder STATIC
    ${CMAKE_CURRENT_LIST_DIR}/builder_main.cpp
    ${CMAKE_CURRENT_LIST_DIR}/dynamic_shapes.cpp
    ${CMAKE_CURRENT_LIST_DIR}/engine_runner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/int8_calibrator.cpp
    ${CMAKE_CURRENT_LIST_DIR}/json_report.cpp)
  target_link_libraries(trtgen_builder PUBLIC trtgen_runtime)
  target_compile_options(trtgen_builder PRIVATE ${_trtgen_warnings})
else()
  get_property(_trtgen_runtime_first_fingerprint GLOBAL PROPERTY TRTGEN_RUNTIME_FINGERPRINT)
  if(NOT _trtgen_runtime_fingerprint STREQUAL _trtgen_runtime_first_fingerprint)
    message(FATAL_ERROR "Cannot build the ${_trtgen_network} engine builder: its trtgen runtime\n"
      "  ${CMAKE_CURRENT_LIST_DIR}\n"
      "differs from the one this project already builds, from another generated network:\n"
      "  ${_trtgen_runtime_first}\n"
      "The networks were generated by different trtgen versions; one program cannot link both runtimes. "
      "Regenerate every network with the same trtgen (trtgen emit SPEC -o FOLDER).")
  endif()
endif()
