import * as tf from '@tensorflow/tfjs-core';

/**
 * LayerNorm as one registered op each way: `AdaptersLayerNorm` (inputs x, gamma, beta; attr epsilon) and
 * `AdaptersLayerNormGrad` (inputs dy, x, gamma; the gradient with respect to x). A backend that registers
 * both (the native addon, and the cpu backend through the JS loops below) records one tape entry per LayerNorm
 * instead of ~9 forward and ~25 backward kernels; every other backend runs the composite of tfjs ops.
 */
export const LAYER_NORM_KERNEL = 'AdaptersLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'AdaptersLayerNormGrad';

export interface LayerNormAttrs {
  readonly epsilon: number;
}

/** True when the active backend runs LayerNorm as one kernel each way. */
export function fusedLayerNormAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(LAYER_NORM_KERNEL, backend) !== undefined && tf.getKernel(LAYER_NORM_GRAD_KERNEL, backend) !== undefined;
}

/** Rows of x: mean and 1/sqrt(biased variance + eps), accumulated in double as the native kernel does. */
function rowStats(x: Float32Array, start: number, cols: number, epsilon: number): { mean: number; rstd: number } {
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += x[start + j] as number;
  const mean = Math.fround(sum / cols);
  let squares = 0;
  for (let j = 0; j < cols; j++) {
    const centered = Math.fround((x[start + j] as number) - mean);
    squares += centered * centered;
  }
  return { mean, rstd: Math.fround(1 / Math.sqrt(Math.fround(Math.fround(squares / cols) + epsilon))) };
}

export function layerNormRows(x: Float32Array, gamma: Float32Array, beta: Float32Array, out: Float32Array, cols: number, epsilon: number): void {
  for (let start = 0; start < x.length; start += cols) {
    const { mean, rstd } = rowStats(x, start, cols, epsilon);
    for (let j = 0; j < cols; j++) out[start + j] = ((x[start + j] as number) - mean) * rstd * (gamma[j] as number) + (beta[j] as number);
  }
}

/** dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)) with g = dy · gamma and x̂ = (x − mean) · rstd. */
export function layerNormGradRows(dy: Float32Array, x: Float32Array, gamma: Float32Array, dx: Float32Array, cols: number, epsilon: number): void {
  for (let start = 0; start < x.length; start += cols) {
    const { mean, rstd } = rowStats(x, start, cols, epsilon);
    let gSum = 0;
    let gxSum = 0;
    for (let j = 0; j < cols; j++) {
      const g = (dy[start + j] as number) * (gamma[j] as number);
      gSum += g;
      gxSum += g * Math.fround(((x[start + j] as number) - mean) * rstd);
    }
    const gMean = gSum / cols;
    const gxMean = gxSum / cols;
    for (let j = 0; j < cols; j++) {
      const normalized = ((x[start + j] as number) - mean) * rstd;
      dx[start + j] = rstd * ((dy[start + j] as number) * (gamma[j] as number) - gMean - normalized * gxMean);
    }
  }
}

/** The normalized input (x − mean) · rstd, for gamma's gradient, through tfjs ops. */
function normalizedComposite(x: tf.Tensor, epsilon: number): tf.Tensor {
  const axis = x.shape.length - 1;
  const centered = tf.sub(x, tf.mean(x, axis, true));
  return tf.mul(centered, tf.rsqrt(tf.add(tf.mean(tf.square(centered), axis, true), epsilon)));
}

/** Sums every axis but the last: the gradient of a [cols] parameter broadcast over x's rows. */
function sumRows(value: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const cols = value.shape[value.shape.length - 1] as number;
  return tf.reshape(tf.sum(tf.reshape(value, [-1, cols]), 0), shape as number[]);
}

/**
 * gamma's and beta's gradients are computed only when they train (the tape asks for the inputs on a path to a
 * trainable variable), so a frozen LayerNorm costs one gradient kernel.
 */
const LAYER_NORM_GRADIENT: tf.GradConfig = {
  kernelName: LAYER_NORM_KERNEL,
  inputsToSave: ['x', 'gamma'],
  gradFunc: (dy, saved, attrs) => {
    const [x, gamma] = saved as [tf.Tensor, tf.Tensor];
    const { epsilon } = attrs as unknown as LayerNormAttrs;
    const upstream = dy as tf.Tensor;
    return {
      x: () => tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy: upstream, x, gamma }, { epsilon } as unknown as tf.NamedAttrMap) as tf.Tensor,
      gamma: () => sumRows(tf.mul(upstream, normalizedComposite(x, epsilon)), gamma.shape),
      beta: () => sumRows(upstream, gamma.shape),
    };
  },
};

type HostCompute = (values: Float32Array[], out: Float32Array, cols: number, epsilon: number) => void;

/**
 * A kernel for a backend whose tensors live in host arrays (cpu): `readSync` hands back the values. `names`
 * are the inputs in the order `compute` takes them; the output has the shape of the input named `x`.
 */
function hostKernel(names: readonly string[], compute: HostCompute): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const host = backend as tf.KernelBackend;
    const values = names.map((name) => {
      const data = host.readSync((inputs[name] as tf.TensorInfo).dataId);
      return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    });
    const { shape } = inputs.x as tf.TensorInfo;
    const out = new Float32Array(tf.util.sizeFromShape(shape));
    compute(values, out, shape[shape.length - 1] as number, (attrs as unknown as LayerNormAttrs).epsilon);
    return { dataId: host.write(out, shape, 'float32'), shape, dtype: 'float32' };
  };
}

const forwardRows: HostCompute = ([x, gamma, beta], out, cols, epsilon) => layerNormRows(x!, gamma!, beta!, out, cols, epsilon);
const gradRows: HostCompute = ([dy, x, gamma], out, cols, epsilon) => layerNormGradRows(dy!, x!, gamma!, out, cols, epsilon);

/**
 * Registers the gradient (global, every backend) and the cpu backend's JS kernels. Idempotent; the native
 * backend registers its addon's kernels under the same names.
 */
export function registerLayerNormKernels(): void {
  if (tf.getGradient(LAYER_NORM_KERNEL) === undefined) tf.registerGradient(LAYER_NORM_GRADIENT);
  if (tf.getKernel(LAYER_NORM_KERNEL, 'cpu') === undefined) {
    tf.registerKernel({ kernelName: LAYER_NORM_KERNEL, backendName: 'cpu', kernelFunc: hostKernel(['x', 'gamma', 'beta'], forwardRows) });
  }
  if (tf.getKernel(LAYER_NORM_GRAD_KERNEL, 'cpu') === undefined) {
    tf.registerKernel({ kernelName: LAYER_NORM_GRAD_KERNEL, backendName: 'cpu', kernelFunc: hostKernel(['dy', 'x', 'gamma'], gradRows) });
  }
}
