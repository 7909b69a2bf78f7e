import * as tf from '@tensorflow/tfjs-core';
import { dropout, dropoutMultiplier, DROPOUT_MASK_KERNEL, fusedDropoutMaskAvailable } from '@adapters/core';
import { expect, it } from 'vitest';
import { describeNative, tensor } from './native-test-harness';

/** tf.dropout's own multiplier, from tfjs ops: `floor(randomUniform + keep) / keep`. */
function tfjsMultiplier(shape: number[], rate: number, seed: number): tf.Tensor {
  const keep = 1 - rate;
  return tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, 'float32', seed), keep)), keep);
}

async function on(backend: string, run: () => tf.Tensor): Promise<Float32Array> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const output = tf.tidy(run);
    const data = (await output.data()) as Float32Array;
    output.dispose();
    return data;
  } finally {
    await tf.setBackend(previous);
  }
}

describeNative('native dropout mask (AdaptersDropoutMask): tf.dropout bit for bit', () => {
  it.each([
    [[7], 0.1, 0],
    [[32, 20, 128], 0.1, 2_654_435_761],
    [[32, 2, 17, 17], 0.1, 42],
    [[3, 5, 11], 0.5, 123_456_789],
    [[1000], 0.9, 4_294_967_295],
    [[32, 64, 128], 0.1, 7], // large enough that threads start mid-stream (alea jumped ahead)
    [[1_000_003], 0.2, 99],
  ])('the multiplier for %j at rate %d, seed %d equals tfjs on the cpu backend exactly', async (shape, rate, seed) => {
    expect(fusedDropoutMaskAvailable()).toBe(true);
    const fused = await on('native', () => dropoutMultiplier(shape, rate, seed));
    const reference = await on('cpu', () => tfjsMultiplier(shape, rate, seed));
    expect(fused).toEqual(reference);
    // A mask, not a constant: about `rate` of the entries are dropped.
    const dropped = fused.filter((value) => value === 0).length / fused.length;
    if (fused.length >= 1000) expect(Math.abs(dropped - rate)).toBeLessThan(0.05);
  });

  it("dropout() on native equals tf.dropout with the same seed, and draws its mask in one kernel", async () => {
    const x = tensor([8, 16, 32], 3);
    const ours = await on('native', () => dropout(x, 0.1, true, 77));
    const tfjs = await on('cpu', () => tf.dropout(x, 0.1, undefined, 77));
    expect(ours).toEqual(tfjs);
    const profile = await tf.profile(() => tf.dispose(dropout(x, 0.1, true, 77)));
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names).toEqual([DROPOUT_MASK_KERNEL, 'Multiply']);
    x.dispose();
  });

  it('gradients flow through the mask as through tf.dropout', async () => {
    const x = tensor([4, 9], 5);
    const gradient = (run: (input: tf.Tensor) => tf.Tensor) => tf.grad((input: tf.Tensor) => tf.sum(run(input)))(x);
    const ours = await on('native', () => gradient((input) => dropout(input, 0.25, true, 5)));
    const tfjs = await on('cpu', () => gradient((input) => tf.dropout(input, 0.25, undefined, 5)));
    expect(ours).toEqual(tfjs);
    x.dispose();
  });
});
