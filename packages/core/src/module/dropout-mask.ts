import * as tf from '@tensorflow/tfjs-core';

/**
 * tf.dropout's multiplier `floor(u + keep) / keep` (0 or 1/keep) as one registered op: `AdaptersDropoutMask`, no
 * inputs, attrs `DropoutMaskKernelAttrs`. tfjs draws `u` with `tf.randomUniform`, in JavaScript one value at a time
 * (seedrandom's alea); a backend that registers the kernel (the native addon) runs the same generator from the same
 * state, so the masks, and every result that depends on them, are bit for bit those of `tf.dropout`. Every other
 * backend runs the tfjs ops.
 */
export const DROPOUT_MASK_KERNEL = 'AdaptersDropoutMask';

export interface DropoutMaskKernelAttrs {
  readonly shape: number[];
  /** 1 − rate, in float64 as JavaScript computed it. */
  readonly keep: number;
  /** seedrandom's alea state after seeding: s0, s1, s2 and the carry c. */
  readonly state: [number, number, number, number];
}

/** seedrandom's Mash hash, stateful across calls as in `Alea`'s seeding. */
function createMash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let index = 0; index < data.length; index++) {
      n += data.charCodeAt(index);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * 2.3283064365386963e-10;
  };
}

/** The state seedrandom's `alea(seed)` starts from (tfjs's `UniformRandom` seeds it with `String(seed)`). */
export function aleaState(seed: string): [number, number, number, number] {
  const mash = createMash();
  let s0 = mash(' ');
  let s1 = mash(' ');
  let s2 = mash(' ');
  s0 -= mash(seed);
  if (s0 < 0) s0 += 1;
  s1 -= mash(seed);
  if (s1 < 0) s1 += 1;
  s2 -= mash(seed);
  if (s2 < 0) s2 += 1;
  return [s0, s1, s2, 1];
}

/** True when the active backend draws dropout masks in one kernel. */
export function fusedDropoutMaskAvailable(): boolean {
  return tf.getKernel(DROPOUT_MASK_KERNEL, tf.getBackend()) !== undefined;
}

/**
 * tf.dropout's inverted-dropout multiplier for `shape` (0 or 1/keep), drawn exactly as `tf.dropout(x, rate,
 * undefined, seed)` draws it; without a seed, from `Math.random()` as tfjs does.
 */
export function dropoutMultiplier(shape: number[], rate: number, seed: number | undefined): tf.Tensor {
  const keep = 1 - rate;
  const seedText = String(seed ?? Math.random());
  if (fusedDropoutMaskAvailable()) {
    const attrs: DropoutMaskKernelAttrs = { shape, keep, state: aleaState(seedText) };
    return tf.engine().runKernel(DROPOUT_MASK_KERNEL, {}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.tidy(() => tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, 'float32', seedText), keep)), keep));
}
