#include <vector>
#include "kernels.h"
#include "parallel.h"

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
    parallelFor(outer, grainFor(reduceSize), [&](int64_t first, int64_t last) {
      for (int64_t o = first; o < last; o++) {
        const float* row = x + o * reduceSize;
        if (isSum) {
          out[o] = static_cast<float>(sumContiguous(row, reduceSize) * scale);
        } else {
          float value = row[0];
          for (int64_t r = 1; r < reduceSize; r++) value = pick(op, value, row[r]);
          out[o] = value;
        }
      }
    });
    return;
  }
  // Reducing a leading or middle axis (bias gradients): accumulate whole rows, which stays contiguous. Each thread
  // takes a range of columns (the same sums in the same order as one thread).
  parallelForElements(inner, grainFor(outer * reduceSize), [&](int64_t firstColumn, int64_t lastColumn) {
    const int64_t width = lastColumn - firstColumn;
    std::vector<double> accumulator(isSum ? width : 0);
    for (int64_t o = 0; o < outer; o++) {
      const float* block = x + o * reduceSize * inner + firstColumn;
      float* target = out + o * inner + firstColumn;
      if (isSum) {
        for (int64_t i = 0; i < width; i++) accumulator[i] = 0;
        for (int64_t r = 0; r < reduceSize; r++) {
          const float* row = block + r * inner;
          for (int64_t i = 0; i < width; i++) accumulator[i] += row[i];
        }
        for (int64_t i = 0; i < width; i++) target[i] = static_cast<float>(accumulator[i] * scale);
      } else {
        for (int64_t i = 0; i < width; i++) target[i] = block[i];
        for (int64_t r = 1; r < reduceSize; r++) {
          const float* row = block + r * inner;
          for (int64_t i = 0; i < width; i++) target[i] = pick(op, target[i], row[i]);
        }
      }
    }
  });
}

void addN(const float* const* inputs, int count, float* out, int64_t size) {
  parallelForElements(size, grainFor(count), [&](int64_t begin, int64_t end) {
    const float* first = inputs[0];
    if (count == 1) {
      for (int64_t i = begin; i < end; i++) out[i] = first[i];
      return;
    }
    const float* second = inputs[1];
    for (int64_t i = begin; i < end; i++) out[i] = first[i] + second[i];
    for (int index = 2; index < count; index++) {
      const float* next = inputs[index];
      for (int64_t i = begin; i < end; i++) out[i] += next[i];
    }
  });
}

}  // namespace adapters
