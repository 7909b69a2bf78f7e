import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError } from '@adapters/core';

/** torch's `clip_grad_norm_` guard against division by a zero norm. */
const NORM_EPSILON = 1e-6;

/** Result of `clipGradientTensors`. */
export interface ClippedGradientTensors {
  /** New tensors, owned by the caller, in the input's order and keys. */
  readonly gradients: Map<string, tf.Tensor>;
  /** The global L2 norm before clipping, owned by the caller. */
  readonly norm: tf.Scalar;
}

/** Result of `clipGradientsByGlobalNorm`; the gradients are new tensors owned by the caller. */
export interface ClippedGradients {
  readonly gradients: Map<string, tf.Tensor>;
  /** The global L2 norm before clipping. */
  readonly norm: number;
}

/**
 * `torch.nn.utils.clip_grad_norm_` on tensors, without reading back: `norm = sqrt(Σ g²)` over every gradient,
 * `g *= min(1, maxNorm / (norm + 1e-6))`. `maxNorm` 0 or Infinity means no clipping (HF skips the call);
 * the norm is still computed, for logging. Inputs are not disposed.
 */
export function clipGradientTensors(gradients: ReadonlyMap<string, tf.Tensor>, maxNorm: number): ClippedGradientTensors {
  if (!(typeof maxNorm === 'number' && maxNorm >= 0) || Number.isNaN(maxNorm)) {
    throw new InvalidConfigError({ path: 'maxGradNorm', expected: 'a number >= 0 (0 or Infinity: no clipping)', received: maxNorm });
  }
  const names = [...gradients.keys()];
  const [norm, ...clipped] = tf.tidy(() => {
    const squares = [...gradients.values()].map((gradient) => tf.sum(tf.square(gradient)));
    const total = squares.length === 0 ? tf.scalar(0) : tf.sqrt(tf.addN(squares));
    const clips = maxNorm > 0 && Number.isFinite(maxNorm);
    const coefficient = clips ? tf.minimum(tf.div(maxNorm, tf.add(total, NORM_EPSILON)), 1) : undefined;
    // Without clipping, hand back copies so the ownership rule is the same either way.
    const scaled = [...gradients.values()].map((gradient) => (coefficient === undefined ? tf.clone(gradient) : tf.mul(gradient, coefficient)));
    return [total, ...scaled];
  });
  const clippedByName = new Map<string, tf.Tensor>();
  names.forEach((name, index) => clippedByName.set(name, clipped[index] as tf.Tensor));
  return { gradients: clippedByName, norm: norm as tf.Scalar };
}

/** `clipGradientTensors`, with the pre-clip norm read back as a number. Inputs are not disposed. */
export async function clipGradientsByGlobalNorm(gradients: ReadonlyMap<string, tf.Tensor>, maxNorm: number): Promise<ClippedGradients> {
  const clipped = clipGradientTensors(gradients, maxNorm);
  try {
    const [norm] = await clipped.norm.data();
    return { gradients: clipped.gradients, norm: norm ?? Number.NaN };
  } finally {
    clipped.norm.dispose();
  }
}
