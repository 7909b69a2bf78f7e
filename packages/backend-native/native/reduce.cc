#include <vector>
#include "kernels.h"

namespace adapters {

namespace {

// Sums accumulate in double like tfjs's JS loops, so results match the cpu backend closely.
double sumContiguous(const float* x, int64_t count) {
  double partial[4] = {0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 4 <= count; i += 4) {
    partial[0] += x[i];
    partial[1] += x[i + 1];
    partial[2] += x[i + 2];
    partial[3] += x[i + 3];
  }
  for (; i < count; i++) partial[0] += x[i];
  return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

inline float pick(int op, float current, float value) {
  if (value != value) return value;  // NaN wins, as in tfjs
  if (current != current) return current;
  return op == kMax ? (value > current ? value : current) : (value < current ? value : current);
}

}  // namespace

void reduce(int op, const float* x, float* out, int64_t outer, int64_t reduceSize, int64_t inner) {
  const bool isSum = op == kSum || op == kMean;
  const double scale = op == kMean ? 1.0 / static_cast<double>(reduceSize) : 1.0;
  if (inner == 1) {
    for (int64_t o = 0; o < outer; o++) {
      const float* row = x + o * reduceSize;
      if (isSum) {
        out[o] = static_cast<float>(sumContiguous(row, reduceSize) * scale);
      } else {
        float value = row[0];
        for (int64_t r = 1; r < reduceSize; r++) value = pick(op, value, row[r]);
        out[o] = value;
      }
    }
    return;
  }
  // Reducing a leading or middle axis (bias gradients): accumulate whole rows, which stays contiguous.
  std::vector<double> accumulator(isSum ? inner : 0);
  for (int64_t o = 0; o < outer; o++) {
    const float* block = x + o * reduceSize * inner;
    float* target = out + o * inner;
    if (isSum) {
      for (int64_t i = 0; i < inner; i++) accumulator[i] = 0;
      for (int64_t r = 0; r < reduceSize; r++) {
        const float* row = block + r * inner;
        for (int64_t i = 0; i < inner; i++) accumulator[i] += row[i];
      }
      for (int64_t i = 0; i < inner; i++) target[i] = static_cast<float>(accumulator[i] * scale);
    } else {
      for (int64_t i = 0; i < inner; i++) target[i] = block[i];
      for (int64_t r = 1; r < reduceSize; r++) {
        const float* row = block + r * inner;
        for (int64_t i = 0; i < inner; i++) target[i] = pick(op, target[i], row[i]);
      }
    }
  }
}

void addN(const float* const* inputs, int count, float* out, int64_t size) {
  const float* first = inputs[0];
  if (count == 1) {
    for (int64_t i = 0; i < size; i++) out[i] = first[i];
    return;
  }
  const float* second = inputs[1];
  for (int64_t i = 0; i < size; i++) out[i] = first[i] + second[i];
  for (int index = 2; index < count; index++) {
    const float* next = inputs[index];
    for (int64_t i = 0; i < size; i++) out[i] += next[i];
  }
}

}  // namespace adapters
