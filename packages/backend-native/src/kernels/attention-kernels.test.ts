import * as tf from '@tensorflow/tfjs-core';
import { attentionComposite, attentionCore, ATTENTION_GRAD_KERNEL, ATTENTION_KERNEL, clearDropoutSeed, fusedAttentionAvailable, seedDropout } from '@adapters/core';
import { expect, it } from 'vitest';
import { loadNativeAddon } from '../load-native-addon';
import { describeNative, expectSameAsCpu, maxDifference, readOutputs, tensor } from './native-test-harness';

type Attention = typeof attentionCore;
type Dropout = Parameters<Attention>[5];

/** An HF-style additive mask: 0 for kept keys, float32 min for the last `padded` keys of odd batch rows. */
function additiveMask(shape: [number, number, number, number], padded: number): tf.Tensor4D {
  const [batch, , rows, keys] = shape;
  const values = new Float32Array(batch * rows * keys);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < rows; t++) {
      for (let s = keys - padded; s < keys; s++) if (b % 2 === 1 || rows > 1) values[(b * rows + t) * keys + s] = rows > 1 && s <= t ? 0 : -3.4028234663852886e38;
    }
  }
  return tf.tensor4d(values, shape);
}

/** The context and the gradients of sum(attention · w) with respect to query, key, value and the mask. */
function valuesAndGradients(
  attention: Attention,
  shape: [number, number, number, number],
  heads: number,
  maskShape: [number, number, number, number],
  padded: number,
  probabilityDropout?: Dropout,
): tf.Tensor[] {
  const [batch, queryLength, keyLength, hidden] = shape;
  const query = tensor([batch, queryLength, hidden], 11) as tf.Tensor3D;
  const key = tensor([batch, keyLength, hidden], 12) as tf.Tensor3D;
  const value = tensor([batch, keyLength, hidden], 13) as tf.Tensor3D;
  const mask = tf.add(additiveMask(maskShape, padded), tensor(maskShape, 14, -0.5, 0.5)) as tf.Tensor4D;
  const weights = tensor([batch, queryLength, hidden], 15);
  const loss = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, m: tf.Tensor) =>
    tf.sum(tf.mul(attention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, m as tf.Tensor4D, heads, probabilityDropout), weights));
  return [attention(query, key, value, mask, heads, probabilityDropout), ...tf.grads(loss)([query, key, value, mask])];
}

describeNative('native fused attention core (AdaptersAttention and its gradient kernel)', () => {
  it.each([
    { shape: [2, 5, 5, 8], heads: 2, mask: [2, 1, 1, 5], padded: 2 },
    { shape: [3, 4, 6, 12], heads: 3, mask: [1, 1, 1, 6], padded: 0 }, // keys longer than queries, one mask for the batch
    { shape: [2, 6, 6, 16], heads: 4, mask: [2, 1, 6, 6], padded: 6 }, // a causal mask per query row
    { shape: [32, 64, 64, 128], heads: 2, mask: [32, 1, 1, 64], padded: 20 }, // the bundled model's attention
  ] as const)('values and query/key/value/mask gradients equal the unfused composite within 1e-5 for $shape', ({ shape, heads, mask, padded }) => {
    expect(fusedAttentionAvailable()).toBe(true);
    const read = (attention: Attention) => readOutputs(() => valuesAndGradients(attention, [...shape], heads, [...mask], padded));
    expect(maxDifference(read(attentionCore), read(attentionComposite))).toBeLessThan(1e-5);
  });

  it.each([
    { shape: [2, 5, 5, 8], heads: 2, mask: [2, 1, 1, 5] },
    { shape: [32, 64, 64, 128], heads: 2, mask: [32, 1, 1, 64] },
  ] as const)('with training dropout on the probabilities (same seed) it equals the composite within 1e-5 for $shape', ({ shape, heads, mask }) => {
    const read = (attention: Attention) => {
      seedDropout(42, 3); // both runs draw the same dropout seeds from the step's stream
      try {
        return readOutputs(() => valuesAndGradients(attention, [...shape], heads, [...mask], 1, { rate: 0.3, training: true }));
      } finally {
        clearDropoutSeed();
      }
    };
    const fused = read(attentionCore);
    const composite = read(attentionComposite);
    expect(maxDifference(fused, composite)).toBeLessThan(1e-5);
    // Dropout did act: without it the context differs.
    const plain = readOutputs(() => valuesAndGradients(attentionCore, [...shape], heads, [...mask], 1));
    expect(maxDifference([fused[0]!], [plain[0]!])).toBeGreaterThan(1e-2);
  });

  it('matches the cpu backend (which runs the composite) and records one kernel each way on native', async () => {
    await expectSameAsCpu(() => valuesAndGradients(attentionCore, [2, 7, 7, 8], 2, [2, 1, 1, 7], 3));
    const query = tensor([2, 4, 8], 16) as tf.Tensor3D;
    const mask = tf.zeros([2, 1, 1, 4]) as tf.Tensor4D;
    const profile = await tf.profile(() => tf.dispose(tf.grads((q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.sum(attentionCore(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, mask, 2)))([query, query, query])));
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names.filter((name) => name === ATTENTION_KERNEL)).toHaveLength(1);
    expect(names.filter((name) => name === ATTENTION_GRAD_KERNEL)).toHaveLength(1);
    expect(names).not.toContain('Softmax');
    expect(names).not.toContain('Transpose');
    tf.dispose([query, mask]);
  });

  it('computes only the gradients the tape asks for and leaves no tensor behind', () => {
    const [query, key, value] = [17, 18, 19].map((seed) => tensor([2, 3, 8], seed) as tf.Tensor3D);
    const mask = tf.zeros([2, 1, 1, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const valueOnly = tf.grad((v: tf.Tensor) => tf.sum(attentionCore(query!, key!, v as tf.Tensor3D, mask, 2)))(value!);
    expect(tf.memory().numTensors).toBe(before + 1);
    const expected = tf.grad((v: tf.Tensor) => tf.sum(attentionComposite(query!, key!, v as tf.Tensor3D, mask, 2)))(value!);
    expect(maxDifference(readOutputs(() => [valueOnly]), readOutputs(() => [expected]))).toBeLessThan(1e-5);
    tf.dispose([query!, key!, value!, mask]);
  });
});

describeNative('native attention bindings reject bad sizes', () => {
  it('throws a RangeError instead of reading past the mask or writing past the probabilities', () => {
    const loaded = loadNativeAddon();
    if (loaded.status !== 'available') throw new Error(loaded.reason);
    const { addon } = loaded;
    const x = new Float32Array(2 * 3 * 8);
    const dims = Int32Array.from([2, 2, 3, 3, 4, 3, 0]);
    const none = new Float32Array(0);
    expect(() => addon.attention(x, x, x, new Float32Array(5), none, new Float32Array(48), new Float32Array(36), dims, 0.5)).toThrow(RangeError);
    expect(() => addon.attention(x, x, x, new Float32Array(6), none, new Float32Array(48), new Float32Array(35), dims, 0.5)).toThrow(RangeError);
    expect(() => addon.attention(x, x, x, new Float32Array(6), new Float32Array(35), new Float32Array(48), new Float32Array(36), dims, 0.5)).toThrow(RangeError);
    expect(() => addon.attention(x, x, x, new Float32Array(6), none, new Float32Array(48), new Float32Array(36), Int32Array.from([2, 2, 3]), 0.5)).toThrow(RangeError);
    expect(() => addon.attentionGrad(x, x, x, x, new Float32Array(36), none, x, x, new Float32Array(47), dims, 0.5)).toThrow(RangeError);
    expect(() => addon.attentionGrad(x, x, x, x, new Float32Array(36), new Float32Array(1), x, x, x, dims, 0.5)).toThrow(RangeError);
    expect(() => addon.attention(x, x, x, new Float32Array(6), new Float32Array(36), new Float32Array(48), new Float32Array(36), dims, 0.5)).not.toThrow();
  });
});
