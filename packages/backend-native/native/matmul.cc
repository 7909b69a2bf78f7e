// Products through OpenBLAS's sgemm, split across the kernel thread pool (parallel.h) by rows of C (or by columns
// when C is wide and short, as in weight gradients), each chunk one single-threaded sgemm.
#include <cblas.h>
#include <cstring>
#include "kernels.h"
#include "parallel.h"

namespace adapters {

namespace {

// Chunks of 16 rows or columns keep OpenBLAS's micro-kernels on full tiles.
constexpr int64_t kBlock = 16;
// Multiply-adds a chunk needs before a split pays (sgemm packs its operands per call).
constexpr int64_t kSgemmGrain = int64_t{1} << 18;

void sgemm(bool transposeA, bool transposeB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
           const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b,
              static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
}

// C[m,n] (leading dimension ldc) = alpha · op(A) op(B) + beta · C, split over the pool.
void splitSgemm(bool transposeA, bool transposeB, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  const int64_t work = m * n * k;
  if (m >= n) {
    const int64_t blocks = (m + kBlock - 1) / kBlock;
    parallelFor(blocks, grainFor(work / blocks, kSgemmGrain), [&](int64_t first, int64_t last) {
      const int64_t begin = first * kBlock, end = last * kBlock < m ? last * kBlock : m;
      // Rows [begin, end) of op(A): row offsets when A is [m,k], column offsets when A is stored [k,m].
      sgemm(transposeA, transposeB, end - begin, n, k, alpha, a + (transposeA ? begin : begin * lda), lda, b, ldb, beta,
            c + begin * ldc, ldc);
    });
  } else {
    const int64_t blocks = (n + kBlock - 1) / kBlock;
    parallelFor(blocks, grainFor(work / blocks, kSgemmGrain), [&](int64_t first, int64_t last) {
      const int64_t begin = first * kBlock, end = last * kBlock < n ? last * kBlock : n;
      sgemm(transposeA, transposeB, m, end - begin, k, alpha, a, lda, b + (transposeB ? begin * ldb : begin), ldb, beta,
            c + begin, ldc);
    });
  }
}

}  // namespace

void matmul(const float* a, const float* b, float* out, const int32_t* aOffsets, const int32_t* bOffsets, int batch,
            int m, int n, int k, bool transposeA, bool transposeB) {
  // Transposes are sgemm flags, never copies: row-major A is [m,k] (or [k,m] when transposed).
  const int64_t lda = transposeA ? m : k;
  const int64_t ldb = transposeB ? k : n;
  const int64_t product = int64_t{m} * n * k;
  if (batch >= 2 * parallelThreads()) {
    // Many products (attention heads): whole products per thread.
    parallelFor(batch, grainFor(product, kSgemmGrain), [&](int64_t first, int64_t last) {
      for (int64_t index = first; index < last; index++) {
        sgemm(transposeA, transposeB, m, n, k, 1.0f, a + aOffsets[index], lda, b + bOffsets[index], ldb, 0.0f,
              out + index * m * n, n);
      }
    });
    return;
  }
  for (int index = 0; index < batch; index++) {
    splitSgemm(transposeA, transposeB, m, n, k, 1.0f, a + aOffsets[index], lda, b + bOffsets[index], ldb, 0.0f,
               out + int64_t{index} * m * n, n);
  }
}

void linear(const float* x, const float* weight, const float* bias, float* out, int64_t rows, int inFeatures,
            int outFeatures) {
  const int64_t blocks = (rows + kBlock - 1) / kBlock;
  parallelFor(blocks, grainFor(kBlock * inFeatures * int64_t{outFeatures}, kSgemmGrain), [&](int64_t first, int64_t last) {
    const int64_t begin = first * kBlock, end = last * kBlock < rows ? last * kBlock : rows;
    float* target = out + begin * outFeatures;
    // The bias rows go in first and sgemm accumulates onto them (beta 1): no separate pass over the output.
    if (bias != nullptr) {
      for (int64_t row = begin; row < end; row++) std::memcpy(out + row * outFeatures, bias, sizeof(float) * outFeatures);
    }
    sgemm(false, true, end - begin, outFeatures, inFeatures, 1.0f, x + begin * inFeatures, inFeatures, weight,
          inFeatures, bias != nullptr ? 1.0f : 0.0f, target, outFeatures);
  });
}

}  // namespace adapters
