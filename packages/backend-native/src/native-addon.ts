/** The functions the compiled addon exports (native/addon.cc). Outputs are always caller-allocated. */
export interface NativeAddon {
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    aOffsets: Int32Array,
    bOffsets: Int32Array,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
  ): void;
  /** x [rows, in] · weight [out, in]ᵀ + bias; an empty bias means none. */
  linear(x: Float32Array, weight: Float32Array, bias: Float32Array, out: Float32Array, inFeatures: number, outFeatures: number): void;
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, outShape: Int32Array, aStrides: Int32Array, bStrides: Int32Array): void;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  softmax(x: Float32Array, out: Float32Array, cols: number): void;
  geluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  layerNorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, out: Float32Array, cols: number, epsilon: number): void;
  layerNormGrad(dy: Float32Array, x: Float32Array, gamma: Float32Array, dx: Float32Array, cols: number, epsilon: number): void;
  /** dims: [batch, heads, queryLength, keyLength, headSize, maskBatchStride, maskRowStride]; an empty dropout means none. */
  attention(
    query: Float32Array,
    key: Float32Array,
    value: Float32Array,
    mask: Float32Array,
    dropout: Float32Array,
    context: Float32Array,
    probabilities: Float32Array,
    dims: Int32Array,
    scale: number,
  ): void;
  attentionGrad(
    dContext: Float32Array,
    query: Float32Array,
    key: Float32Array,
    value: Float32Array,
    probabilities: Float32Array,
    dropout: Float32Array,
    dQuery: Float32Array,
    dKey: Float32Array,
    dValue: Float32Array,
    dims: Int32Array,
    scale: number,
  ): void;
  /** scalars: float32 [beta1, 1 - beta1, beta2, 1 - beta2, epsilon, stepSize, secondCorrectionRoot, decayFactor]. */
  adamw(
    parameter: Float32Array,
    gradient: Float32Array,
    firstMoment: Float32Array,
    secondMoment: Float32Array,
    parameterOut: Float32Array,
    firstMomentOut: Float32Array,
    secondMomentOut: Float32Array,
    scalars: Float32Array,
  ): void;
  /** tf.dropout's multiplier (0 or 1/keep) from seedrandom's alea state s0, s1, s2, c. */
  dropoutMask(out: Float32Array, s0: number, s1: number, s2: number, carry: number, keep: number): void;
  reduce(op: number, x: Float32Array, out: Float32Array, outer: number, reduce: number, inner: number): void;
  addN(inputs: readonly Float32Array[], out: Float32Array): void;
  stridedCopy(source: Float32Array, out: Float32Array, offset: number, outShape: Int32Array, sourceStrides: Int32Array): void;
  /** source (contiguous, sourceShape) into out[offset + Σ index·outStrides]: a pad's interior. */
  stridedWrite(source: Float32Array, out: Float32Array, offset: number, sourceShape: Int32Array, outStrides: Int32Array): void;
  /** Returns the position of the first out-of-range index, or -1. */
  gather(params: Float32Array, indices: Int32Array, out: Float32Array, outer: number, axisSize: number, inner: number): number;
  unsortedSegmentSum(x: Float32Array, segmentIds: Int32Array, out: Float32Array, numSegments: number): void;
  /** threads: the kernel thread pool's size (ADAPTERS_NATIVE_THREADS, else OPENBLAS_NUM_THREADS, else the cores). */
  info(): { readonly blas: string; readonly threads: number };
  /** Resizes the kernel thread pool (1: every kernel on the calling thread); for benchmarks and tests. */
  setThreads(threads: number): void;
  /** For tests: the pool's back-off rule replayed on [ownNs, waitedNs] pairs; 1 where the next job may split. */
  backoffProbe(jobs: Float64Array): Int32Array;
}

/** Op codes shared with native/kernels.h. */
export const BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, squaredDifference: 6, pow: 7 } as const;
export const UNARY_OPS = {
  tanh: 0,
  erf: 1,
  exp: 2,
  log: 3,
  sqrt: 4,
  rsqrt: 5,
  sigmoid: 6,
  relu: 7,
  neg: 8,
  square: 9,
  abs: 10,
  step: 11,
  reciprocal: 12,
  geluErf: 13,
  elu: 14,
  relu6: 15,
  leakyRelu: 16,
} as const;
export const REDUCE_OPS = { sum: 0, mean: 1, max: 2, min: 3 } as const;
