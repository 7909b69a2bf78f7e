#include <cblas.h>
#include <cstring>
#include "kernels.h"

namespace adapters {

namespace {
int maxThreads = 0;
int currentThreads = 0;

// Two BLAS threads pay only on large products; small attention matmuls get slower with them
// (measured: 2 threads only when M·N·K >= 2^24 cut matmul time per step from 175 to 130 ms).
void chooseThreads(int64_t work) {
  if (maxThreads == 0) {
    maxThreads = openblas_get_num_threads();  // honours OPENBLAS_NUM_THREADS
    currentThreads = maxThreads;
  }
  const int wanted = work >= (int64_t{1} << 24) ? (maxThreads < 2 ? maxThreads : 2) : 1;
  if (wanted != currentThreads) {
    openblas_set_num_threads(wanted);
    currentThreads = wanted;
  }
}
}  // namespace

void blasSingleThread() { chooseThreads(0); }

int blasThreads() { return currentThreads == 0 ? openblas_get_num_threads() : currentThreads; }

void matmul(const float* a, const float* b, float* out, const int32_t* aOffsets, const int32_t* bOffsets, int batch,
            int m, int n, int k, bool transposeA, bool transposeB) {
  chooseThreads(int64_t{m} * n * k);
  // Transposes are sgemm flags, never copies: row-major A is [m,k] (or [k,m] when transposed).
  const int lda = transposeA ? m : k;
  const int ldb = transposeB ? k : n;
  for (int index = 0; index < batch; index++) {
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, m, n, k,
                1.0f, a + aOffsets[index], lda, b + bOffsets[index], ldb, 0.0f, out + int64_t{index} * m * n, n);
  }
}

void linear(const float* x, const float* weight, const float* bias, float* out, int64_t rows, int inFeatures,
            int outFeatures) {
  chooseThreads(rows * inFeatures * outFeatures);
  // The bias rows go in first and sgemm accumulates onto them (beta 1): no separate pass over the output.
  if (bias != nullptr) {
    for (int64_t row = 0; row < rows; row++) std::memcpy(out + row * outFeatures, bias, sizeof(float) * outFeatures);
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows), outFeatures, inFeatures, 1.0f, x,
              inFeatures, weight, inFeatures, bias != nullptr ? 1.0f : 0.0f, out, outFeatures);
}

}  // namespace adapters
