// The attention core as one kernel each way: softmax(Q Kᵀ · scale + mask) V for every (batch, head), reading the
// heads straight out of [B, T, heads·d] with sgemm leading dimensions, so no head split or merge is ever copied.
// The forward also writes the probabilities [B, heads, T, S], which the backward reuses (no recompute).
#include <cblas.h>
#include <vector>
#include "kernels.h"
#include "parallel.h"

namespace adapters {

namespace {

// P ⊙ M for one head into a per-thread scratch buffer (the dropped probabilities the context is made of).
const float* dropped(const float* probabilities, const float* multiplier, int64_t size, std::vector<float>& scratch) {
  if (scratch.size() < static_cast<size_t>(size)) scratch.resize(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; i++) scratch[i] = probabilities[i] * multiplier[i];
  return scratch.data();
}

}  // namespace

void attention(const float* query, const float* key, const float* value, const float* mask, const float* dropout,
               float* context, float* probabilities, const AttentionShape& shape, float scale) {
  const int64_t hidden = int64_t{shape.heads} * shape.headSize;
  const int64_t T = shape.queryLength, S = shape.keyLength;
  // Heads are independent: each thread takes whole (batch, head) pairs, with its own scratch.
  parallelFor(int64_t{shape.batch} * shape.heads, grainFor(T * S * shape.headSize * 2), [&](int64_t first, int64_t last) {
    thread_local std::vector<float> scratch;
    for (int64_t pair = first; pair < last; pair++) {
      const int64_t b = pair / shape.heads, h = pair % shape.heads;
      const int64_t headOffset = h * shape.headSize;
      float* scores = probabilities + pair * T * S;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(T), static_cast<int>(S), shape.headSize,
                  scale, query + b * T * hidden + headOffset, static_cast<int>(hidden),
                  key + b * S * hidden + headOffset, static_cast<int>(hidden), 0.0f, scores, static_cast<int>(S));
      for (int64_t t = 0; t < T; t++) {
        const float* maskRow = mask + b * shape.maskBatchStride + t * shape.maskRowStride;
        float* row = scores + t * S;
        for (int64_t s = 0; s < S; s++) row[s] += maskRow[s];
      }
      softmaxRows(scores, scores, 0, T, S);
      const float* weights = dropout == nullptr ? scores : dropped(scores, dropout + (scores - probabilities), T * S, scratch);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(T), shape.headSize, static_cast<int>(S),
                  1.0f, weights, static_cast<int>(S), value + b * S * hidden + headOffset, static_cast<int>(hidden), 0.0f,
                  context + b * T * hidden + headOffset, static_cast<int>(hidden));
    }
  });
}

// With dropout multiplier M (1 without): dV = (P ⊙ M)ᵀ dC; dP = (dC Vᵀ) ⊙ M; dS = P ⊙ (dP − rowsum(dP ⊙ P));
// dQ = scale · dS K; dK = scale · dSᵀ Q.
void attentionGrad(const float* dContext, const float* query, const float* key, const float* value,
                   const float* probabilities, const float* dropout, float* dQuery, float* dKey, float* dValue, const AttentionShape& shape,
                   float scale) {
  const int64_t hidden = int64_t{shape.heads} * shape.headSize;
  const int64_t T = shape.queryLength, S = shape.keyLength;
  const int ld = static_cast<int>(hidden), d = shape.headSize, t32 = static_cast<int>(T), s32 = static_cast<int>(S);
  parallelFor(int64_t{shape.batch} * shape.heads, grainFor(T * S * d * 4), [&](int64_t first, int64_t last) {
    thread_local std::vector<float> scratch, droppedScratch;
    if (scratch.size() < static_cast<size_t>(T * S)) scratch.resize(static_cast<size_t>(T * S));
    float* dScores = scratch.data();
    for (int64_t pair = first; pair < last; pair++) {
      const int64_t b = pair / shape.heads, h = pair % shape.heads;
      const int64_t queryAt = b * T * hidden + h * d;
      const int64_t keyAt = b * S * hidden + h * d;
      const int64_t headAt = pair * T * S;
      const float* p = probabilities + headAt;
      const float* multiplier = dropout == nullptr ? nullptr : dropout + headAt;
      const float* weights = multiplier == nullptr ? p : dropped(p, multiplier, T * S, droppedScratch);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s32, d, t32, 1.0f, weights, s32, dContext + queryAt, ld, 0.0f,
                  dValue + keyAt, ld);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, t32, s32, d, 1.0f, dContext + queryAt, ld, value + keyAt, ld,
                  0.0f, dScores, s32);
      if (multiplier != nullptr) {
        for (int64_t i = 0; i < T * S; i++) dScores[i] *= multiplier[i];
      }
      for (int64_t t = 0; t < T; t++) {
        const float* pRow = p + t * S;
        float* row = dScores + t * S;
        double dot = 0;
        for (int64_t s = 0; s < S; s++) dot += static_cast<double>(row[s]) * pRow[s];
        const float centre = static_cast<float>(dot);
        for (int64_t s = 0; s < S; s++) row[s] = pRow[s] * (row[s] - centre);
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, t32, d, s32, scale, dScores, s32, key + keyAt, ld, 0.0f,
                  dQuery + queryAt, ld);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s32, d, t32, scale, dScores, s32, query + queryAt, ld, 0.0f,
                  dKey + keyAt, ld);
    }
  });
}

}  // namespace adapters
