// TEST-ONLY stand-in for CUDA's cuda_runtime_api.h, so the CUDA-free CI can
// compile and run cpp-runtime/engine_runner.cpp (engine_runner_tests). Only
// the names engine_runner.cpp and trt_compat.h use are here, with CUDA's
// values and messages. "Device" memory is host memory (new[]), events read
// std::chrono::steady_clock, and streams are synchronous. Never put this
// directory on the include path of code that uses real CUDA.
//
// Test hooks (not part of CUDA): cudaStubState() counts live allocations,
// streams and events, makes the next cudaMalloc fail, holds the error the next
// cudaGetLastError returns, and what cudaGetDeviceCount reports.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstring>

enum cudaError {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorInsufficientDriver = 35,
  cudaErrorNoDevice = 100,
  cudaErrorInvalidResourceHandle = 400,
  cudaErrorNotReady = 600,
  cudaErrorLaunchFailure = 719,
};
typedef enum cudaError cudaError_t;

enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4,
};

struct CUstream_st {
  int unused = 0;
};
struct CUevent_st {
  bool recorded = false;
  std::chrono::steady_clock::time_point time{};
};
typedef struct CUstream_st* cudaStream_t;
typedef struct CUevent_st* cudaEvent_t;

// ---- test hooks ------------------------------------------------------------------
struct CudaStubState {
  long liveAllocations = 0;
  long liveStreams = 0;
  long liveEvents = 0;
  cudaError_t nextMallocError = cudaSuccess;   // returned (once) by the next cudaMalloc
  cudaError_t lastError = cudaSuccess;         // returned and cleared by cudaGetLastError
  int deviceCount = 1;                         // what cudaGetDeviceCount reports ...
  cudaError_t deviceCountError = cudaSuccess;  // ... unless this is an error
};
inline CudaStubState& cudaStubState() {
  static CudaStubState state;
  return state;
}

// ---- runtime API subset ------------------------------------------------------------
inline const char* cudaGetErrorString(cudaError_t error) {
  switch (error) {
    case cudaSuccess:
      return "no error";
    case cudaErrorInvalidValue:
      return "invalid argument";
    case cudaErrorMemoryAllocation:
      return "out of memory";
    case cudaErrorInsufficientDriver:
      return "CUDA driver version is insufficient for CUDA runtime version";
    case cudaErrorNoDevice:
      return "no CUDA-capable device is detected";
    case cudaErrorInvalidResourceHandle:
      return "invalid resource handle";
    case cudaErrorNotReady:
      return "device not ready";
    case cudaErrorLaunchFailure:
      return "unspecified launch failure";
  }
  return "unrecognized error code";
}

inline cudaError_t cudaGetLastError() {
  const cudaError_t e = cudaStubState().lastError;
  cudaStubState().lastError = cudaSuccess;
  return e;
}

inline cudaError_t cudaGetDeviceCount(int* count) {
  if (count == nullptr) return cudaErrorInvalidValue;
  if (cudaStubState().deviceCountError != cudaSuccess) {
    *count = 0;
    cudaStubState().lastError = cudaStubState().deviceCountError;  // sticky, as in CUDA
    return cudaStubState().deviceCountError;
  }
  *count = cudaStubState().deviceCount;
  return cudaSuccess;
}

inline cudaError_t cudaMalloc(void** devPtr, std::size_t size) {
  if (devPtr == nullptr) return cudaErrorInvalidValue;
  if (cudaStubState().nextMallocError != cudaSuccess) {
    const cudaError_t e = cudaStubState().nextMallocError;
    cudaStubState().nextMallocError = cudaSuccess;
    return e;
  }
  *devPtr = new unsigned char[size == 0 ? 1 : size];
  ++cudaStubState().liveAllocations;
  return cudaSuccess;
}

inline cudaError_t cudaFree(void* devPtr) {
  if (devPtr == nullptr) return cudaSuccess;
  delete[] static_cast<unsigned char*>(devPtr);
  --cudaStubState().liveAllocations;
  return cudaSuccess;
}

inline cudaError_t cudaMemset(void* devPtr, int value, std::size_t count) {
  if (devPtr == nullptr) return cudaErrorInvalidValue;
  std::memset(devPtr, value, count);
  return cudaSuccess;
}

inline cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t count, cudaMemcpyKind /*kind*/) {
  if (count == 0) return cudaSuccess;
  if (dst == nullptr || src == nullptr) return cudaErrorInvalidValue;
  std::memcpy(dst, src, count);
  return cudaSuccess;
}

inline cudaError_t cudaStreamCreate(cudaStream_t* stream) {
  if (stream == nullptr) return cudaErrorInvalidValue;
  *stream = new CUstream_st;
  ++cudaStubState().liveStreams;
  return cudaSuccess;
}

inline cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  if (stream == nullptr) return cudaErrorInvalidResourceHandle;
  delete stream;
  --cudaStubState().liveStreams;
  return cudaSuccess;
}

inline cudaError_t cudaStreamSynchronize(cudaStream_t /*stream*/) { return cudaSuccess; }

inline cudaError_t cudaEventCreate(cudaEvent_t* event) {
  if (event == nullptr) return cudaErrorInvalidValue;
  *event = new CUevent_st;
  ++cudaStubState().liveEvents;
  return cudaSuccess;
}

inline cudaError_t cudaEventDestroy(cudaEvent_t event) {
  if (event == nullptr) return cudaErrorInvalidResourceHandle;
  delete event;
  --cudaStubState().liveEvents;
  return cudaSuccess;
}

inline cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t /*stream*/ = nullptr) {
  if (event == nullptr) return cudaErrorInvalidResourceHandle;
  event->recorded = true;
  event->time = std::chrono::steady_clock::now();
  return cudaSuccess;
}

inline cudaError_t cudaEventSynchronize(cudaEvent_t event) {
  return event == nullptr ? cudaErrorInvalidResourceHandle : cudaSuccess;
}

inline cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end) {
  if (ms == nullptr) return cudaErrorInvalidValue;
  if (start == nullptr || end == nullptr) return cudaErrorInvalidResourceHandle;
  if (!start->recorded || !end->recorded) return cudaErrorNotReady;
  *ms = std::chrono::duration<float, std::milli>(end->time - start->time).count();
  return cudaSuccess;
}
