// Plain C++ kernels behind the N-API bindings. They never allocate tensor memory: every output
// buffer comes from JavaScript (the backend's pool), so the addon owns nothing that could leak.
#pragma once
#include <cstdint>

namespace adapters {

constexpr int kMaxRank = 8;

// out[i] = op(a[i], b[i]) over a broadcast; strides are element strides (0 on broadcast axes).
enum BinaryOp { kAdd = 0, kSub, kMul, kDiv, kMaximum, kMinimum, kSquaredDifference, kPow };
void binary(int op, const float* a, const float* b, float* out, int rank, const int32_t* outShape,
            const int32_t* aStrides, const int32_t* bStrides);

// Elementwise unary maps, compiled with -ffast-math so glibc's libmvec vectorises erf/exp/tanh.
enum UnaryOp {
  kTanh = 0, kErf, kExp, kLog, kSqrt, kRsqrt, kSigmoid, kRelu, kNeg, kSquare, kAbs, kStep, kReciprocal,
  kGeluErf, kElu, kRelu6, kLeakyRelu
};
void unary(int op, const float* x, float* out, int64_t size, float alpha);
void softmax(const float* x, float* out, int64_t rows, int64_t cols);
// Rows [firstRow, lastRow) on the calling thread (inside a kernel that already split its work).
void softmaxRows(const float* x, float* out, int64_t firstRow, int64_t lastRow, int64_t cols);
// The exact (erf) GELU's gradient: dx = dy · (Φ(x) + x φ(x)).
void geluErfGrad(const float* dy, const float* x, float* dx, int64_t size);

// LayerNorm over the last axis of x viewed as [rows, cols]; gamma and beta have cols elements.
void layerNorm(const float* x, const float* gamma, const float* beta, float* out, int64_t rows, int64_t cols,
               float eps);
// The gradient with respect to x only (gamma's and beta's are reductions the caller does when they train).
void layerNormGrad(const float* dy, const float* x, const float* gamma, float* dx, int64_t rows, int64_t cols,
                   float eps);

// x viewed as [outer, reduce, inner]; out is [outer, inner].
enum ReduceOp { kSum = 0, kMean, kMax, kMin };
void reduce(int op, const float* x, float* out, int64_t outer, int64_t reduce, int64_t inner);
void addN(const float* const* inputs, int count, float* out, int64_t size);

// out[...] = src[offset + sum(index_d * srcStrides_d)]: transpose, slice, broadcast (stride 0).
void stridedCopy(const float* src, float* out, int64_t offset, int rank, const int32_t* outShape,
                 const int32_t* srcStrides);
// The mirror image: src (contiguous, srcShape) into out[offset + sum(index_d * outStrides_d)] (pads, scatters).
void stridedWrite(const float* src, float* out, int64_t offset, int rank, const int32_t* srcShape,
                  const int32_t* outStrides);
// Returns the position of the first out-of-range index, or -1.
int64_t gather(const float* params, const int32_t* indices, float* out, int64_t outer, int64_t axisSize,
               int64_t indexCount, int64_t inner);
void unsortedSegmentSum(const float* x, const int32_t* segmentIds, float* out, int64_t rows, int64_t numSegments,
                        int64_t rowSize);

// C = op(A) op(B) for each batch; the offsets pick each batch's A and B (broadcast batches repeat one).
void matmul(const float* a, const float* b, float* out, const int32_t* aOffsets, const int32_t* bOffsets, int batch,
            int m, int n, int k, bool transposeA, bool transposeB);
// PyTorch's Linear: out[rows, outFeatures] = x[rows, inFeatures] · weight[outFeatures, inFeatures]ᵀ + bias (may be null).
void linear(const float* x, const float* weight, const float* bias, float* out, int64_t rows, int inFeatures,
            int outFeatures);

// AdamW's per-step constants, already rounded to float32 as tfjs rounds scalar operands.
struct AdamWScalars {
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, stepSize, secondCorrectionRoot, decayFactor;
  bool decays;
};
void adamw(const float* parameter, const float* gradient, const float* firstMoment, const float* secondMoment,
           float* parameterOut, float* firstOut, float* secondOut, int64_t size, const AdamWScalars& scalars);

// tf.dropout's multiplier from seedrandom's alea state {s0, s1, s2, c}: size values, 0 or 1/keep.
void dropoutMask(float* out, int64_t size, const double* state, float keep);
// Alea's state {s0, s1, s2, c} after `steps` draws (a modular power, not a loop).
void aleaJump(const double* state, int64_t steps, double* out);

// Multi-head attention over [batch, length, heads·headSize] tensors; the additive mask row for (b, t) starts at
// b·maskBatchStride + t·maskRowStride (strides 0 broadcast) and has keyLength elements.
struct AttentionShape {
  int batch, heads, queryLength, keyLength, headSize;
  int64_t maskBatchStride, maskRowStride;
};
// context [B, T, heads·d]; probabilities [B, heads, T, S] (saved for the backward); dropout is null or the
// inverted-dropout multiplier [B, heads, T, S] applied to the probabilities (tfjs's dropout: 0 or 1/keep).
void attention(const float* query, const float* key, const float* value, const float* mask, const float* dropout,
               float* context, float* probabilities, const AttentionShape& shape, float scale);
void attentionGrad(const float* dContext, const float* query, const float* key, const float* value,
                   const float* probabilities, const float* dropout, float* dQuery, float* dKey, float* dValue, const AttentionShape& shape,
                   float scale);

}  // namespace adapters
