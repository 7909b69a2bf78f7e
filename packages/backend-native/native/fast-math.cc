// Built in its own static library with -ffast-math: only then does glibc declare the libmvec SIMD
// variants of erff/expf/tanhf (scalar erff cost 28.7 ms per 2M elements, vectorised 1.2 ms).
// Nothing in here relies on NaN or infinity checks, which -ffast-math would fold away.
#include <cmath>
#include "kernels.h"
#include "parallel.h"

namespace adapters {

namespace {

template <int Op>
inline float map(float x, float alpha) {
  if constexpr (Op == kTanh) return tanhf(x);
  if constexpr (Op == kErf) return erff(x);
  if constexpr (Op == kExp) return expf(x);
  if constexpr (Op == kLog) return logf(x);
  if constexpr (Op == kSqrt) return sqrtf(x);
  if constexpr (Op == kRsqrt) return 1.0f / sqrtf(x);
  if constexpr (Op == kSigmoid) return 1.0f / (1.0f + expf(-x));
  if constexpr (Op == kRelu) return x > 0.0f ? x : 0.0f;
  if constexpr (Op == kNeg) return -x;
  if constexpr (Op == kSquare) return x * x;
  if constexpr (Op == kAbs) return fabsf(x);
  if constexpr (Op == kStep) return x > 0.0f ? 1.0f : alpha;
  if constexpr (Op == kReciprocal) return 1.0f / x;
  if constexpr (Op == kGeluErf) return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
  if constexpr (Op == kElu) return x > 0.0f ? x : expf(x) - 1.0f;
  if constexpr (Op == kRelu6) return x < 0.0f ? 0.0f : (x > 6.0f ? 6.0f : x);
  if constexpr (Op == kLeakyRelu) return x < 0.0f ? alpha * x : x;
  return x;
}

// Cheap maps (Relu, Neg, ...) split only over large tensors; erf, exp and tanh cost ~10× more per element.
template <int Op>
void run(const float* x, float* out, int64_t size, float alpha) {
  constexpr bool costly = Op == kTanh || Op == kErf || Op == kExp || Op == kLog || Op == kSigmoid || Op == kGeluErf ||
                          Op == kElu;
  parallelForElements(size, grainFor(costly ? 8 : 1), [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; i++) out[i] = map<Op>(x[i], alpha);
  });
}

}  // namespace

void unary(int op, const float* x, float* out, int64_t size, float alpha) {
  switch (op) {
    case kTanh: return run<kTanh>(x, out, size, alpha);
    case kErf: return run<kErf>(x, out, size, alpha);
    case kExp: return run<kExp>(x, out, size, alpha);
    case kLog: return run<kLog>(x, out, size, alpha);
    case kSqrt: return run<kSqrt>(x, out, size, alpha);
    case kRsqrt: return run<kRsqrt>(x, out, size, alpha);
    case kSigmoid: return run<kSigmoid>(x, out, size, alpha);
    case kRelu: return run<kRelu>(x, out, size, alpha);
    case kNeg: return run<kNeg>(x, out, size, alpha);
    case kSquare: return run<kSquare>(x, out, size, alpha);
    case kAbs: return run<kAbs>(x, out, size, alpha);
    case kStep: return run<kStep>(x, out, size, alpha);
    case kReciprocal: return run<kReciprocal>(x, out, size, alpha);
    case kGeluErf: return run<kGeluErf>(x, out, size, alpha);
    case kElu: return run<kElu>(x, out, size, alpha);
    case kRelu6: return run<kRelu6>(x, out, size, alpha);
    case kLeakyRelu: return run<kLeakyRelu>(x, out, size, alpha);
    default: return;
  }
}

// d/dx [x Φ(x)] = Φ(x) + x φ(x), with Φ through erff and φ(x) = exp(−x²/2) / √(2π).
void geluErfGrad(const float* dy, const float* x, float* dx, int64_t size) {
  parallelForElements(size, grainFor(16), [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; i++) {
      const float value = x[i];
      const float cdf = 0.5f * (1.0f + erff(value * 0.70710678118654752f));
      const float pdf = 0.39894228040143268f * expf(-0.5f * value * value);
      dx[i] = dy[i] * (cdf + value * pdf);
    }
  });
}

void softmax(const float* x, float* out, int64_t rows, int64_t cols) {
  parallelFor(rows, grainFor(cols * 8), [&](int64_t first, int64_t last) { softmaxRows(x, out, first, last, cols); });
}

void softmaxRows(const float* x, float* out, int64_t firstRow, int64_t lastRow, int64_t cols) {
  for (int64_t row = firstRow; row < lastRow; row++) {
    const float* input = x + row * cols;
    float* output = out + row * cols;
    float largest = input[0];
    for (int64_t i = 1; i < cols; i++) largest = input[i] > largest ? input[i] : largest;
    for (int64_t i = 0; i < cols; i++) output[i] = expf(input[i] - largest);
    float total = 0.0f;
    for (int64_t i = 0; i < cols; i++) total += output[i];
    const float inverse = 1.0f / total;
    for (int64_t i = 0; i < cols; i++) output[i] *= inverse;
  }
}

}  // namespace adapters
