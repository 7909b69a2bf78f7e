#include <cmath>
#include "collapse.h"
#include "kernels.h"
#include "parallel.h"

namespace adapters {

namespace {

template <int Op>
inline float apply(float a, float b) {
  if constexpr (Op == kAdd) return a + b;
  if constexpr (Op == kSub) return a - b;
  if constexpr (Op == kMul) return a * b;
  if constexpr (Op == kDiv) return a / b;
  if constexpr (Op == kMaximum) return a > b || a != a ? a : b;
  if constexpr (Op == kMinimum) return a < b || a != a ? a : b;
  if constexpr (Op == kSquaredDifference) return (a - b) * (a - b);
  if constexpr (Op == kPow) return std::pow(a, b);
  return 0.0f;
}

template <int Op>
void runRow(const float* x, const float* y, float* z, int64_t count, int64_t strideA, int64_t strideB) {
  if (strideA == 1 && strideB == 1) {
    for (int64_t i = 0; i < count; i++) z[i] = apply<Op>(x[i], y[i]);
  } else if (strideA == 1 && strideB == 0) {
    const float scalar = y[0];
    for (int64_t i = 0; i < count; i++) z[i] = apply<Op>(x[i], scalar);
  } else if (strideA == 0 && strideB == 1) {
    const float scalar = x[0];
    for (int64_t i = 0; i < count; i++) z[i] = apply<Op>(scalar, y[i]);
  } else {
    for (int64_t i = 0; i < count; i++) z[i] = apply<Op>(x[i * strideA], y[i * strideB]);
  }
}

// The inner loops are specialised on the stride pattern so the common ones vectorise. One collapsed axis (same
// shapes, or a scalar) splits by elements, otherwise by rows.
template <int Op>
void run(const float* a, const float* b, float* out, const Collapsed& view) {
  const int64_t inner = view.shape[view.rank - 1];
  const int64_t strideA = view.strides[0][view.rank - 1];
  const int64_t strideB = view.strides[1][view.rank - 1];
  const int64_t cost = Op == kPow ? 16 : 1;
  if (view.rank == 1) {
    parallelForElements(inner, grainFor(cost), [&](int64_t first, int64_t last) {
      runRow<Op>(a + first * strideA, b + first * strideB, out + first, last - first, strideA, strideB);
    });
    return;
  }
  parallelFor(rowCount(view), grainFor(inner * cost), [&](int64_t firstRow, int64_t lastRow) {
    forEachRowIn(view, firstRow, lastRow, [&](int64_t at, int64_t fromA, int64_t fromB) {
      runRow<Op>(a + fromA, b + fromB, out + at, inner, strideA, strideB);
    });
  });
}

}  // namespace

void binary(int op, const float* a, const float* b, float* out, int rank, const int32_t* outShape,
            const int32_t* aStrides, const int32_t* bStrides) {
  const Collapsed view = collapse(rank, outShape, aStrides, bStrides);
  switch (op) {
    case kAdd: return run<kAdd>(a, b, out, view);
    case kSub: return run<kSub>(a, b, out, view);
    case kMul: return run<kMul>(a, b, out, view);
    case kDiv: return run<kDiv>(a, b, out, view);
    case kMaximum: return run<kMaximum>(a, b, out, view);
    case kMinimum: return run<kMinimum>(a, b, out, view);
    case kSquaredDifference: return run<kSquaredDifference>(a, b, out, view);
    case kPow: return run<kPow>(a, b, out, view);
    default: return;
  }
}

}  // namespace adapters
