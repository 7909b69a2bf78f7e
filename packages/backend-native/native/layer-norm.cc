// LayerNorm over the last axis as one kernel each way (PyTorch's biased variance, eps inside the square
// root), so a training step records one op per LayerNorm instead of ~9 forward and ~25 backward.
// Means and variances accumulate in double; each row is two passes over cols floats (cache-resident).
#include <cmath>
#include "kernels.h"
#include "parallel.h"

namespace adapters {

namespace {

struct RowStats {
  float mean;
  float rstd;
};

RowStats rowStats(const float* x, int64_t cols, float eps) {
  double sum = 0;
  for (int64_t j = 0; j < cols; j++) sum += x[j];
  const float mean = static_cast<float>(sum / static_cast<double>(cols));
  double squares = 0;
  for (int64_t j = 0; j < cols; j++) {
    const double centered = static_cast<double>(x[j] - mean);
    squares += centered * centered;
  }
  const float variance = static_cast<float>(squares / static_cast<double>(cols));
  return {mean, 1.0f / std::sqrt(variance + eps)};
}

}  // namespace

void layerNorm(const float* x, const float* gamma, const float* beta, float* out, int64_t rows, int64_t cols,
               float eps) {
  parallelFor(rows, grainFor(cols * 4), [&](int64_t first, int64_t last) {
    for (int64_t row = first; row < last; row++) {
      const float* xRow = x + row * cols;
      float* outRow = out + row * cols;
      const RowStats stats = rowStats(xRow, cols, eps);
      for (int64_t j = 0; j < cols; j++) outRow[j] = (xRow[j] - stats.mean) * stats.rstd * gamma[j] + beta[j];
    }
  });
}

// dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)) with g = dy · gamma and x̂ = (x − mean) · rstd.
void layerNormGrad(const float* dy, const float* x, const float* gamma, float* dx, int64_t rows, int64_t cols,
                   float eps) {
  parallelFor(rows, grainFor(cols * 8), [&](int64_t first, int64_t last) {
    for (int64_t row = first; row < last; row++) {
      const float* xRow = x + row * cols;
      const float* dyRow = dy + row * cols;
      float* dxRow = dx + row * cols;
      const RowStats stats = rowStats(xRow, cols, eps);
      double gSum = 0, gxSum = 0;
      for (int64_t j = 0; j < cols; j++) {
        const double g = static_cast<double>(dyRow[j]) * gamma[j];
        gSum += g;
        gxSum += g * static_cast<double>((xRow[j] - stats.mean) * stats.rstd);
      }
      const float gMean = static_cast<float>(gSum / static_cast<double>(cols));
      const float gxMean = static_cast<float>(gxSum / static_cast<double>(cols));
      for (int64_t j = 0; j < cols; j++) {
        const float normalized = (xRow[j] - stats.mean) * stats.rstd;
        dxRow[j] = stats.rstd * (dyRow[j] * gamma[j] - gMean - normalized * gxMean);
      }
    }
  });
}

}  // namespace adapters
