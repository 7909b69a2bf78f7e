import * as tf from '@tensorflow/tfjs-core';

/** A function that makes an initial value for a parameter of a given shape. */
export type Initializer = (shape: readonly number[]) => tf.Tensor;

let seedCounter = 0;
let baseSeed: number | undefined;

/** Makes every initializer created afterwards deterministic (HF's `set_seed` equivalent). */
export function setInitializerSeed(seed: number | undefined): void {
  baseSeed = seed;
  seedCounter = 0;
}

function nextSeed(): number | undefined {
  if (baseSeed === undefined) return undefined;
  seedCounter += 1;
  return baseSeed * 1_000_003 + seedCounter;
}

export const initializers = {
  zeros: (): Initializer => (shape) => tf.zeros([...shape]),
  ones: (): Initializer => (shape) => tf.ones([...shape]),
  constant: (value: number): Initializer => (shape) => tf.fill([...shape], value),
  /** N(mean, std): HF's `initializer_range` normal init. */
  normal: (std: number, mean = 0): Initializer => (shape) => tf.randomNormal([...shape], mean, std, 'float32', nextSeed()),
  /** PyTorch's nn.Linear default (kaiming uniform with a = sqrt(5)): U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
  torchLinearDefault: (fanIn: number): Initializer => (shape) => {
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    return tf.randomUniform([...shape], -bound, bound, 'float32', nextSeed());
  },
  /** Kaiming uniform with a given `a` (LoRA's A matrix uses a = sqrt(5)). */
  kaimingUniform: (fanIn: number, a: number): Initializer => (shape) => {
    const gain = Math.sqrt(2 / (1 + a * a));
    const bound = fanIn > 0 ? gain * Math.sqrt(3 / fanIn) : 0;
    return tf.randomUniform([...shape], -bound, bound, 'float32', nextSeed());
  },
  /** Xavier/Glorot uniform. */
  xavierUniform: (fanIn: number, fanOut: number): Initializer => (shape) => {
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform([...shape], -bound, bound, 'float32', nextSeed());
  },
  identity: (): Initializer => (shape) => tf.eye(shape[0] ?? 0, shape[1]),
};
