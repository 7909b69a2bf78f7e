#include <cstring>
#include "collapse.h"
#include "kernels.h"
#include "parallel.h"

namespace adapters {

void stridedCopy(const float* src, float* out, int64_t offset, int rank, const int32_t* outShape,
                 const int32_t* srcStrides) {
  const Collapsed view = collapse(rank, outShape, srcStrides, nullptr);
  const int64_t inner = view.shape[view.rank - 1];
  const int64_t stride = view.strides[0][view.rank - 1];
  const float* base = src + offset;
  parallelFor(rowCount(view), grainFor(inner * 2), [&](int64_t firstRow, int64_t lastRow) {
    forEachRowIn(view, firstRow, lastRow, [&](int64_t at, int64_t from, int64_t) {
      float* target = out + at;
      const float* source = base + from;
      if (stride == 1) {
        std::memcpy(target, source, sizeof(float) * inner);
      } else if (stride == 0) {
        const float value = source[0];
        for (int64_t i = 0; i < inner; i++) target[i] = value;
      } else {
        for (int64_t i = 0; i < inner; i++) target[i] = source[i * stride];
      }
    });
  });
}

void stridedWrite(const float* src, float* out, int64_t offset, int rank, const int32_t* srcShape,
                  const int32_t* outStrides) {
  const Collapsed view = collapse(rank, srcShape, outStrides, nullptr);
  const int64_t inner = view.shape[view.rank - 1];
  const int64_t stride = view.strides[0][view.rank - 1];
  float* base = out + offset;
  parallelFor(rowCount(view), grainFor(inner * 2), [&](int64_t firstRow, int64_t lastRow) {
    forEachRowIn(view, firstRow, lastRow, [&](int64_t at, int64_t to, int64_t) {
      const float* source = src + at;
      float* target = base + to;
      if (stride == 1) {
        std::memcpy(target, source, sizeof(float) * inner);
      } else {
        for (int64_t i = 0; i < inner; i++) target[i * stride] = source[i];
      }
    });
  });
}

int64_t gather(const float* params, const int32_t* indices, float* out, int64_t outer, int64_t axisSize,
               int64_t indexCount, int64_t inner) {
  for (int64_t position = 0; position < indexCount; position++) {
    if (indices[position] < 0 || indices[position] >= axisSize) return position;
  }
  parallelFor(outer * indexCount, grainFor(inner * 2), [&](int64_t first, int64_t last) {
    for (int64_t at = first; at < last; at++) {
      const int64_t o = at / indexCount, position = at % indexCount;
      std::memcpy(out + at * inner, params + (o * axisSize + indices[position]) * inner, sizeof(float) * inner);
    }
  });
  return -1;
}

void unsortedSegmentSum(const float* x, const int32_t* segmentIds, float* out, int64_t rows, int64_t numSegments,
                        int64_t rowSize) {
  std::memset(out, 0, sizeof(float) * numSegments * rowSize);
  // Split by columns: rows may share a segment, columns never collide.
  parallelForElements(rowSize, grainFor(rows), [&](int64_t firstColumn, int64_t lastColumn) {
    for (int64_t row = 0; row < rows; row++) {
      const int64_t segment = segmentIds[row];
      if (segment < 0 || segment >= numSegments) continue;  // tfjs drops out-of-range ids too
      float* target = out + segment * rowSize;
      const float* source = x + row * rowSize;
      for (int64_t i = firstColumn; i < lastColumn; i++) target[i] += source[i];
    }
  });
}

}  // namespace adapters
