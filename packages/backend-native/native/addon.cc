// N-API bindings: unpack typed arrays and numbers, check that every index stays inside its buffer,
// then call the plain kernels. Bad arguments throw a JS RangeError/TypeError instead of touching memory.
#include <cblas.h>
#include <node_api.h>
#include <cstdint>
#include <vector>
#include "kernels.h"
#include "parallel.h"

namespace adapters {
namespace {

struct Call {
  napi_env env;
  napi_value argv[16];
  size_t argc = 16;
  bool failed = false;

  Call(napi_env environment, napi_callback_info info) : env(environment) {
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  }

  void fail(const char* message, bool range = false) {
    if (failed) return;
    failed = true;
    if (range) napi_throw_range_error(env, "ERR_ADAPTERS_NATIVE", message);
    else napi_throw_type_error(env, "ERR_ADAPTERS_NATIVE", message);
  }

  template <typename T>
  T* array(size_t index, napi_typedarray_type wanted, size_t* length) {
    *length = 0;
    if (failed) return nullptr;
    bool isTyped = false;
    if (index >= argc || napi_is_typedarray(env, argv[index], &isTyped) != napi_ok || !isTyped) {
      fail("expected a typed array argument");
      return nullptr;
    }
    napi_typedarray_type type;
    void* data = nullptr;
    napi_get_typedarray_info(env, argv[index], &type, length, &data, nullptr, nullptr);
    if (type != wanted) {
      fail(wanted == napi_float32_array ? "expected a Float32Array" : "expected an Int32Array");
      return nullptr;
    }
    return static_cast<T*>(data);
  }

  float* floats(size_t index, size_t* length) { return array<float>(index, napi_float32_array, length); }
  int32_t* ints(size_t index, size_t* length) { return array<int32_t>(index, napi_int32_array, length); }

  int64_t integer(size_t index) {
    int64_t value = 0;
    if (!failed && (index >= argc || napi_get_value_int64(env, argv[index], &value) != napi_ok)) fail("expected a number");
    if (value < 0) fail("expected a non-negative integer", true);
    return value;
  }

  double number(size_t index) {
    double value = 0;
    if (!failed && (index >= argc || napi_get_value_double(env, argv[index], &value) != napi_ok)) fail("expected a number");
    return value;
  }

  bool boolean(size_t index) {
    bool value = false;
    if (!failed && (index >= argc || napi_get_value_bool(env, argv[index], &value) != napi_ok)) fail("expected a boolean");
    return value;
  }

  void require(bool condition, const char* message) {
    if (!failed && !condition) fail(message, true);
  }
};

// The furthest element a strided walk over `shape` reaches, plus one.
int64_t extent(int rank, const int32_t* shape, const int32_t* strides, int64_t offset) {
  int64_t last = offset;
  for (int axis = 0; axis < rank; axis++) {
    if (shape[axis] == 0) return 0;
    last += int64_t{shape[axis] - 1} * strides[axis];
  }
  return last + 1;
}

int64_t product(int rank, const int32_t* shape) {
  int64_t size = 1;
  for (int axis = 0; axis < rank; axis++) size *= shape[axis];
  return size;
}

bool nonNegative(size_t length, const int32_t* values) {
  for (size_t i = 0; i < length; i++) {
    if (values[i] < 0) return false;
  }
  return true;
}

// matmul(a, b, out, aOffsets, bOffsets, m, n, k, transposeA, transposeB)
napi_value Matmul(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t aLength, bLength, outLength, batchA, batchB;
  const float* a = call.floats(0, &aLength);
  const float* b = call.floats(1, &bLength);
  float* out = call.floats(2, &outLength);
  const int32_t* aOffsets = call.ints(3, &batchA);
  const int32_t* bOffsets = call.ints(4, &batchB);
  const int64_t m = call.integer(5), n = call.integer(6), k = call.integer(7);
  const bool transposeA = call.boolean(8), transposeB = call.boolean(9);
  call.require(batchA == batchB, "matmul: offset arrays differ in length");
  call.require(static_cast<int64_t>(outLength) >= int64_t(batchA) * m * n, "matmul: output too small");
  call.require(m < INT32_MAX && n < INT32_MAX && k < INT32_MAX, "matmul: dimension too large");
  for (size_t index = 0; !call.failed && index < batchA; index++) {
    call.require(aOffsets[index] >= 0 && aOffsets[index] + m * k <= static_cast<int64_t>(aLength), "matmul: A offset out of range");
    call.require(bOffsets[index] >= 0 && bOffsets[index] + k * n <= static_cast<int64_t>(bLength), "matmul: B offset out of range");
  }
  if (call.failed) return nullptr;
  if (m * n > 0 && k == 0) {
    for (int64_t i = 0; i < int64_t(batchA) * m * n; i++) out[i] = 0.0f;
  } else if (m * n > 0) {
    matmul(a, b, out, aOffsets, bOffsets, static_cast<int>(batchA), static_cast<int>(m), static_cast<int>(n),
           static_cast<int>(k), transposeA, transposeB);
  }
  return nullptr;
}

// linear(x, weight, bias, out, inFeatures, outFeatures); an empty bias means none.
napi_value Linear(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t xLength, weightLength, biasLength, outLength;
  const float* x = call.floats(0, &xLength);
  const float* weight = call.floats(1, &weightLength);
  const float* bias = call.floats(2, &biasLength);
  float* out = call.floats(3, &outLength);
  const int64_t inFeatures = call.integer(4), outFeatures = call.integer(5);
  call.require(inFeatures > 0 && outFeatures > 0 && inFeatures < INT32_MAX && outFeatures < INT32_MAX && xLength % inFeatures == 0,
               "linear: bad sizes");
  if (call.failed) return nullptr;
  const int64_t rows = static_cast<int64_t>(xLength) / inFeatures;
  call.require(rows < INT32_MAX && static_cast<int64_t>(weightLength) >= inFeatures * outFeatures, "linear: weight too small");
  call.require(biasLength == 0 || static_cast<int64_t>(biasLength) >= outFeatures, "linear: bias too small");
  call.require(static_cast<int64_t>(outLength) >= rows * outFeatures, "linear: output too small");
  if (call.failed || rows == 0) return nullptr;
  linear(x, weight, biasLength == 0 ? nullptr : bias, out, rows, static_cast<int>(inFeatures), static_cast<int>(outFeatures));
  return nullptr;
}

// binary(op, a, b, out, outShape, aStrides, bStrides)
napi_value Binary(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t aLength, bLength, outLength, rank, aRank, bRank;
  const int64_t op = call.integer(0);
  const float* a = call.floats(1, &aLength);
  const float* b = call.floats(2, &bLength);
  float* out = call.floats(3, &outLength);
  const int32_t* shape = call.ints(4, &rank);
  const int32_t* aStrides = call.ints(5, &aRank);
  const int32_t* bStrides = call.ints(6, &bRank);
  call.require(op <= kPow, "binary: unknown op");
  call.require(rank <= kMaxRank && aRank == rank && bRank == rank, "binary: rank mismatch");
  call.require(nonNegative(rank, shape) && nonNegative(rank, aStrides) && nonNegative(rank, bStrides), "binary: negative shape or stride");
  if (call.failed) return nullptr;
  const int r = static_cast<int>(rank);
  const int64_t size = product(r, shape);
  call.require(size <= static_cast<int64_t>(outLength), "binary: output too small");
  call.require(extent(r, shape, aStrides, 0) <= static_cast<int64_t>(aLength), "binary: A too small");
  call.require(extent(r, shape, bStrides, 0) <= static_cast<int64_t>(bLength), "binary: B too small");
  if (call.failed || size == 0) return nullptr;
  binary(static_cast<int>(op), a, b, out, r, shape, aStrides, bStrides);
  return nullptr;
}

// unary(op, x, out, alpha)
napi_value Unary(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t xLength, outLength;
  const int64_t op = call.integer(0);
  const float* x = call.floats(1, &xLength);
  float* out = call.floats(2, &outLength);
  const double alpha = call.number(3);
  call.require(op <= kLeakyRelu, "unary: unknown op");
  call.require(outLength >= xLength, "unary: output too small");
  if (call.failed) return nullptr;
  unary(static_cast<int>(op), x, out, static_cast<int64_t>(xLength), static_cast<float>(alpha));
  return nullptr;
}

// softmax(x, out, cols)
napi_value Softmax(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t xLength, outLength;
  const float* x = call.floats(0, &xLength);
  float* out = call.floats(1, &outLength);
  const int64_t cols = call.integer(2);
  call.require(cols > 0 && xLength % cols == 0 && outLength >= xLength, "softmax: bad sizes");
  if (call.failed || xLength == 0) return nullptr;
  softmax(x, out, static_cast<int64_t>(xLength) / cols, cols);
  return nullptr;
}

// geluGrad(dy, x, dx)
napi_value GeluGrad(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t dyLength, xLength, dxLength;
  const float* dy = call.floats(0, &dyLength);
  const float* x = call.floats(1, &xLength);
  float* dx = call.floats(2, &dxLength);
  call.require(dyLength >= xLength && dxLength >= xLength, "geluGrad: bad sizes");
  if (call.failed) return nullptr;
  geluErfGrad(dy, x, dx, static_cast<int64_t>(xLength));
  return nullptr;
}

// layerNorm(x, gamma, beta, out, cols, eps) and layerNormGrad(dy, x, gamma, dx, cols, eps): three inputs, of
// which the first `rowInputs` are [rows, cols] (equal lengths) and the rest [cols]; the output is [rows, cols].
template <typename Kernel>
napi_value RowNormalization(napi_env env, napi_callback_info info, size_t rowInputs, const char* message, Kernel kernel) {
  Call call(env, info);
  size_t lengths[3], outLength;
  const float* inputs[3];
  for (size_t index = 0; index < 3; index++) inputs[index] = call.floats(index, &lengths[index]);
  float* out = call.floats(3, &outLength);
  const int64_t cols = call.integer(4);
  const double eps = call.number(5);
  const size_t size = lengths[0];
  call.require(cols > 0 && size % cols == 0 && outLength >= size, message);
  for (size_t index = 0; index < 3; index++) {
    if (index < rowInputs) call.require(lengths[index] == size, message);
    else call.require(lengths[index] >= static_cast<size_t>(cols), message);
  }
  if (call.failed || size == 0) return nullptr;
  kernel(inputs[0], inputs[1], inputs[2], out, static_cast<int64_t>(size) / cols, cols, static_cast<float>(eps));
  return nullptr;
}

napi_value LayerNorm(napi_env env, napi_callback_info info) {
  return RowNormalization(env, info, 1, "layerNorm: bad sizes", layerNorm);
}

napi_value LayerNormGrad(napi_env env, napi_callback_info info) {
  return RowNormalization(env, info, 2, "layerNormGrad: bad sizes", layerNormGrad);
}

// The attention dims [batch, heads, queryLength, keyLength, headSize, maskBatchStride, maskRowStride], checked
// against the query/context rows, the key/value rows and the probabilities' length.
bool attentionShape(Call& call, size_t index, AttentionShape* shape) {
  size_t count;
  const int32_t* dims = call.ints(index, &count);
  call.require(count == 7 && nonNegative(count, dims), "attention: expected 7 non-negative dims");
  if (call.failed) return false;
  *shape = {dims[0], dims[1], dims[2], dims[3], dims[4], dims[5], dims[6]};
  return true;
}

bool fits(size_t length, int64_t wanted) { return static_cast<int64_t>(length) >= wanted; }

// attention(query, key, value, mask, dropout, context, probabilities, dims, scale); an empty dropout means none.
napi_value Attention(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t lengths[7];
  const float* inputs[5];
  for (size_t index = 0; index < 5; index++) inputs[index] = call.floats(index, &lengths[index]);
  float* context = call.floats(5, &lengths[5]);
  float* probabilities = call.floats(6, &lengths[6]);
  AttentionShape shape;
  if (!attentionShape(call, 7, &shape)) return nullptr;
  const double scale = call.number(8);
  const int64_t hidden = int64_t{shape.heads} * shape.headSize;
  const int64_t queryRows = int64_t{shape.batch} * shape.queryLength, keyRows = int64_t{shape.batch} * shape.keyLength;
  const int64_t maskExtent = shape.batch == 0 || shape.queryLength == 0 ? 0
      : int64_t{shape.batch - 1} * shape.maskBatchStride + int64_t{shape.queryLength - 1} * shape.maskRowStride + shape.keyLength;
  const int64_t probabilityCount = queryRows * shape.heads * shape.keyLength;
  call.require(fits(lengths[0], queryRows * hidden) && fits(lengths[5], queryRows * hidden), "attention: query or context too small");
  call.require(fits(lengths[1], keyRows * hidden) && fits(lengths[2], keyRows * hidden), "attention: key or value too small");
  call.require(fits(lengths[3], maskExtent), "attention: mask too small");
  call.require(lengths[4] == 0 || fits(lengths[4], probabilityCount), "attention: dropout multiplier too small");
  call.require(fits(lengths[6], probabilityCount), "attention: probabilities too small");
  call.require(shape.keyLength > 0 && hidden < INT32_MAX, "attention: bad sizes");
  if (call.failed || queryRows * hidden == 0) return nullptr;
  attention(inputs[0], inputs[1], inputs[2], inputs[3], lengths[4] == 0 ? nullptr : inputs[4], context, probabilities, shape,
            static_cast<float>(scale));
  return nullptr;
}

// attentionGrad(dContext, query, key, value, probabilities, dropout, dQuery, dKey, dValue, dims, scale)
napi_value AttentionGrad(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t lengths[9];
  const float* inputs[6];
  float* outputs[3];
  for (size_t index = 0; index < 6; index++) inputs[index] = call.floats(index, &lengths[index]);
  for (size_t index = 0; index < 3; index++) outputs[index] = call.floats(6 + index, &lengths[6 + index]);
  AttentionShape shape;
  if (!attentionShape(call, 9, &shape)) return nullptr;
  const double scale = call.number(10);
  const int64_t hidden = int64_t{shape.heads} * shape.headSize;
  const int64_t queryRows = int64_t{shape.batch} * shape.queryLength, keyRows = int64_t{shape.batch} * shape.keyLength;
  const int64_t probabilityCount = queryRows * shape.heads * shape.keyLength;
  call.require(fits(lengths[0], queryRows * hidden) && fits(lengths[1], queryRows * hidden) && fits(lengths[6], queryRows * hidden),
               "attentionGrad: query-side arrays too small");
  call.require(fits(lengths[2], keyRows * hidden) && fits(lengths[3], keyRows * hidden) && fits(lengths[7], keyRows * hidden) &&
               fits(lengths[8], keyRows * hidden), "attentionGrad: key-side arrays too small");
  call.require(fits(lengths[4], probabilityCount) && (lengths[5] == 0 || fits(lengths[5], probabilityCount)),
               "attentionGrad: probabilities or dropout multiplier too small");
  call.require(hidden < INT32_MAX, "attentionGrad: bad sizes");
  if (call.failed || queryRows * hidden == 0 || keyRows == 0) return nullptr;
  attentionGrad(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], lengths[5] == 0 ? nullptr : inputs[5], outputs[0],
                outputs[1], outputs[2], shape, static_cast<float>(scale));
  return nullptr;
}

// adamw(parameter, gradient, firstMoment, secondMoment, parameterOut, firstOut, secondOut, scalars) with the float32
// scalars [beta1, 1 - beta1, beta2, 1 - beta2, epsilon, stepSize, secondCorrectionRoot, decayFactor] (1: no decay).
napi_value AdamW(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t lengths[7], scalarCount;
  const float* inputs[4];
  float* outputs[3];
  for (size_t index = 0; index < 4; index++) inputs[index] = call.floats(index, &lengths[index]);
  for (size_t index = 0; index < 3; index++) outputs[index] = call.floats(4 + index, &lengths[4 + index]);
  const float* s = call.floats(7, &scalarCount);
  call.require(scalarCount == 8, "adamw: expected 8 scalars");
  for (size_t index = 1; index < 7; index++) call.require(lengths[index] == lengths[0], "adamw: arrays differ in length");
  if (call.failed || lengths[0] == 0) return nullptr;
  const AdamWScalars constants = {s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[7] != 1.0f};
  adamw(inputs[0], inputs[1], inputs[2], inputs[3], outputs[0], outputs[1], outputs[2], static_cast<int64_t>(lengths[0]), constants);
  return nullptr;
}

// dropoutMask(out, s0, s1, s2, c, keep): tf.dropout's multiplier from seedrandom's alea state.
napi_value DropoutMask(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t length;
  float* out = call.floats(0, &length);
  const double state[4] = {call.number(1), call.number(2), call.number(3), call.number(4)};
  const double keep = call.number(5);
  call.require(keep > 0 && keep <= 1, "dropoutMask: keep must be in (0, 1]");
  if (call.failed || length == 0) return nullptr;
  dropoutMask(out, static_cast<int64_t>(length), state, static_cast<float>(keep));
  return nullptr;
}

// reduce(op, x, out, outer, reduce, inner)
napi_value Reduce(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t xLength, outLength;
  const int64_t op = call.integer(0);
  const float* x = call.floats(1, &xLength);
  float* out = call.floats(2, &outLength);
  const int64_t outer = call.integer(3), reduceSize = call.integer(4), inner = call.integer(5);
  call.require(op <= kMin, "reduce: unknown op");
  call.require(reduceSize > 0 && outer * reduceSize * inner <= static_cast<int64_t>(xLength), "reduce: input too small");
  call.require(outer * inner <= static_cast<int64_t>(outLength), "reduce: output too small");
  if (call.failed || outer * inner == 0) return nullptr;
  reduce(static_cast<int>(op), x, out, outer, reduceSize, inner);
  return nullptr;
}

// addN([inputs], out)
napi_value AddN(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t outLength;
  float* out = call.floats(1, &outLength);
  uint32_t count = 0;
  bool isArray = false;
  if (!call.failed && (napi_is_array(env, call.argv[0], &isArray) != napi_ok || !isArray)) call.fail("addN: expected an array");
  if (!call.failed) napi_get_array_length(env, call.argv[0], &count);
  call.require(count > 0, "addN: no inputs");
  std::vector<const float*> inputs(count);
  for (uint32_t index = 0; !call.failed && index < count; index++) {
    napi_value element;
    napi_get_element(env, call.argv[0], index, &element);
    bool isTyped = false;
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_is_typedarray(env, element, &isTyped) != napi_ok || !isTyped) {
      call.fail("addN: expected Float32Array inputs");
      break;
    }
    napi_get_typedarray_info(env, element, &type, &length, &data, nullptr, nullptr);
    call.require(type == napi_float32_array && length >= outLength, "addN: input too small");
    inputs[index] = static_cast<const float*>(data);
  }
  if (call.failed) return nullptr;
  addN(inputs.data(), static_cast<int>(count), out, static_cast<int64_t>(outLength));
  return nullptr;
}

// stridedCopy(src, out, offset, outShape, srcStrides): strided reads into a contiguous output (transpose, slice).
// stridedWrite(src, out, offset, srcShape, outStrides): a contiguous source into strided places (a pad's interior).
// One binding body: the contiguous side holds product(shape) elements, the strided side reaches extent(...).
template <bool Write>
napi_value Strided(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t srcLength, outLength, rank, strideRank;
  const float* src = call.floats(0, &srcLength);
  float* out = call.floats(1, &outLength);
  const int64_t offset = call.integer(2);
  const int32_t* shape = call.ints(3, &rank);
  const int32_t* strides = call.ints(4, &strideRank);
  call.require(rank <= kMaxRank && strideRank == rank, Write ? "stridedWrite: rank mismatch" : "stridedCopy: rank mismatch");
  call.require(nonNegative(rank, shape) && nonNegative(rank, strides),
               Write ? "stridedWrite: negative shape or stride" : "stridedCopy: negative shape or stride");
  if (call.failed) return nullptr;
  const int r = static_cast<int>(rank);
  const int64_t size = product(r, shape);
  const int64_t reach = extent(r, shape, strides, offset);
  const size_t contiguous = Write ? srcLength : outLength, strided = Write ? outLength : srcLength;
  call.require(size <= static_cast<int64_t>(contiguous), Write ? "stridedWrite: source too small" : "stridedCopy: output too small");
  call.require(reach <= static_cast<int64_t>(strided), Write ? "stridedWrite: output too small" : "stridedCopy: source too small");
  if (call.failed || size == 0) return nullptr;
  if (Write) stridedWrite(src, out, offset, r, shape, strides);
  else stridedCopy(src, out, offset, r, shape, strides);
  return nullptr;
}

// gather(params, indices, out, outer, axisSize, inner) -> first bad index position or -1
napi_value Gather(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t paramsLength, indexCount, outLength;
  const float* params = call.floats(0, &paramsLength);
  const int32_t* indices = call.ints(1, &indexCount);
  float* out = call.floats(2, &outLength);
  const int64_t outer = call.integer(3), axisSize = call.integer(4), inner = call.integer(5);
  call.require(outer * axisSize * inner <= static_cast<int64_t>(paramsLength), "gather: params too small");
  call.require(outer * static_cast<int64_t>(indexCount) * inner <= static_cast<int64_t>(outLength), "gather: output too small");
  if (call.failed) return nullptr;
  const int64_t bad = gather(params, indices, out, outer, axisSize, static_cast<int64_t>(indexCount), inner);
  napi_value result;
  napi_create_int64(env, bad, &result);
  return result;
}

// unsortedSegmentSum(x, segmentIds, out, numSegments)
napi_value UnsortedSegmentSum(napi_env env, napi_callback_info info) {
  Call call(env, info);
  size_t xLength, rows, outLength;
  const float* x = call.floats(0, &xLength);
  const int32_t* ids = call.ints(1, &rows);
  float* out = call.floats(2, &outLength);
  const int64_t numSegments = call.integer(3);
  call.require(rows > 0 && xLength % rows == 0, "unsortedSegmentSum: rows do not divide the input");
  if (call.failed) return nullptr;
  const int64_t rowSize = static_cast<int64_t>(xLength / rows);
  call.require(numSegments * rowSize <= static_cast<int64_t>(outLength), "unsortedSegmentSum: output too small");
  if (call.failed) return nullptr;
  unsortedSegmentSum(x, ids, out, static_cast<int64_t>(rows), numSegments, rowSize);
  return nullptr;
}

// setThreads(n): the kernel thread pool's size from now on (1: every kernel on the calling thread).
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Call call(env, info);
  const int64_t threads = call.integer(0);
  call.require(threads >= 1 && threads <= 256, "setThreads: expected 1 to 256 threads");
  if (call.failed) return nullptr;
  setParallelThreads(static_cast<int>(threads));
  return nullptr;
}

// backoffProbe(jobs: Float64Array of [ownNs, waitedNs] pairs) -> Int32Array, 1 where the pool's back-off rule
// (SplitBackoff) would let the job after each one split. A fresh rule, not the pool's: for tests.
napi_value BackoffProbe(napi_env env, napi_callback_info info) {
  Call call(env, info);
  bool isTyped = false;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (call.argc < 1 || napi_is_typedarray(env, call.argv[0], &isTyped) != napi_ok || !isTyped) {
    call.fail("backoffProbe: expected a Float64Array");
    return nullptr;
  }
  napi_get_typedarray_info(env, call.argv[0], &type, &length, &data, nullptr, nullptr);
  call.require(type == napi_float64_array && length % 2 == 0, "backoffProbe: expected a Float64Array of pairs");
  if (call.failed) return nullptr;
  const double* jobs = static_cast<const double*>(data);
  const size_t count = length / 2;
  napi_value buffer, result;
  void* outData = nullptr;
  napi_create_arraybuffer(env, count * sizeof(int32_t), &outData, &buffer);
  napi_create_typedarray(env, napi_int32_array, count, buffer, 0, &result);
  SplitBackoff backoff;
  for (size_t index = 0; index < count; index++) {
    backoff.noteJob(static_cast<int64_t>(jobs[2 * index]), static_cast<int64_t>(jobs[2 * index + 1]));
    static_cast<int32_t*>(outData)[index] = backoff.allowSplit() ? 1 : 0;
  }
  return result;
}

// info() -> { blas: config string, threads: the kernel thread pool's size }
napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, blas, threads;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &blas);
  napi_create_int32(env, parallelThreads(), &threads);
  napi_set_named_property(env, result, "blas", blas);
  napi_set_named_property(env, result, "threads", threads);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor methods[] = {
      {"matmul", nullptr, Matmul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"linear", nullptr, Linear, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmax", nullptr, Softmax, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"geluGrad", nullptr, GeluGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNorm", nullptr, LayerNorm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNormGrad", nullptr, LayerNormGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attention", nullptr, Attention, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attentionGrad", nullptr, AttentionGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamw", nullptr, AdamW, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"dropoutMask", nullptr, DropoutMask, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reduce", nullptr, Reduce, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"addN", nullptr, AddN, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"stridedCopy", nullptr, Strided<false>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"stridedWrite", nullptr, Strided<true>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gather", nullptr, Gather, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unsortedSegmentSum", nullptr, UnsortedSegmentSum, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"backoffProbe", nullptr, BackoffProbe, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(methods) / sizeof(methods[0]), methods);
  return exports;
}

}  // namespace
}  // namespace adapters

NAPI_MODULE(NODE_GYP_MODULE_NAME, adapters::Init)
