// Shared by the strided loops: drops size-1 axes and merges axes that stay contiguous for every
// operand, so most broadcasts and transposes reduce to one or two loops with a simple inner stride.
#pragma once
#include <cstdint>
#include "kernels.h"

namespace adapters {

struct Collapsed {
  int rank = 0;
  int64_t shape[kMaxRank];
  int64_t strides[2][kMaxRank];  // element strides of up to two sources
};

inline Collapsed collapse(int rank, const int32_t* shape, const int32_t* first, const int32_t* second) {
  Collapsed result;
  // Walk from the innermost axis, merging into the current innermost-collapsed axis when possible.
  int64_t shapes[kMaxRank], s0[kMaxRank], s1[kMaxRank];
  int count = 0;
  for (int axis = rank - 1; axis >= 0; axis--) {
    const int64_t size = shape[axis];
    if (size == 1) continue;
    const int64_t a = first[axis];
    const int64_t b = second == nullptr ? 0 : second[axis];
    if (count > 0 && a == s0[count - 1] * shapes[count - 1] && b == s1[count - 1] * shapes[count - 1]) {
      shapes[count - 1] *= size;
      continue;
    }
    shapes[count] = size;
    s0[count] = a;
    s1[count] = b;
    count++;
  }
  if (count == 0) {
    shapes[0] = 1;
    s0[0] = 0;
    s1[0] = 0;
    count = 1;
  }
  result.rank = count;
  for (int axis = 0; axis < count; axis++) {
    result.shape[axis] = shapes[count - 1 - axis];
    result.strides[0][axis] = s0[count - 1 - axis];
    result.strides[1][axis] = s1[count - 1 - axis];
  }
  return result;
}

inline int64_t rowCount(const Collapsed& view) {
  int64_t rows = 1;
  for (int axis = 0; axis < view.rank - 1; axis++) rows *= view.shape[axis];
  return rows;
}

// Calls body(outOffset, firstOffset, secondOffset) for every run of the innermost axis in rows [firstRow, lastRow).
template <typename Body>
inline void forEachRowIn(const Collapsed& view, int64_t firstRow, int64_t lastRow, Body body) {
  const int outerRank = view.rank - 1;
  const int64_t inner = view.shape[outerRank];
  int64_t index[kMaxRank] = {0};
  int64_t first = 0, second = 0;
  int64_t remainder = firstRow;
  for (int axis = outerRank - 1; axis >= 0; axis--) {
    index[axis] = remainder % view.shape[axis];
    remainder /= view.shape[axis];
    first += index[axis] * view.strides[0][axis];
    second += index[axis] * view.strides[1][axis];
  }
  for (int64_t row = firstRow; row < lastRow; row++) {
    body(row * inner, first, second);
    for (int axis = outerRank - 1; axis >= 0; axis--) {
      index[axis]++;
      first += view.strides[0][axis];
      second += view.strides[1][axis];
      if (index[axis] < view.shape[axis]) break;
      first -= view.strides[0][axis] * view.shape[axis];
      second -= view.strides[1][axis] * view.shape[axis];
      index[axis] = 0;
    }
  }
}

template <typename Body>
inline void forEachRow(const Collapsed& view, Body body) {
  forEachRowIn(view, 0, rowCount(view), body);
}

}  // namespace adapters
