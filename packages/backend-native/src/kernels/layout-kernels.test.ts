import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import type { NativeBackend } from '../native-backend';
import { describeNative, expectSameAsCpu, tensor } from './native-test-harness';

describeNative('native transpose, slice, tile, unpack and pad', () => {
  it('pads with a constant like cpu, including the gradient of a [CLS] slice, and runs as one native kernel', async () => {
    await expectSameAsCpu(() => {
      const x = tensor([2, 5, 3, 4], 8);
      const hidden = tensor([4, 9, 16], 9);
      const clsGradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.slice(input, [0, 0, 0], [4, 1, 16]), 3)))(hidden);
      return [
        tf.pad(x, [[0, 0], [1, 2], [0, 0], [3, 1]], 0),
        tf.pad(x, [[1, 0], [0, 0], [2, 2], [0, 0]], -1.5),
        tf.pad(tensor([7], 10), [[0, 0]], 9), // nothing to pad
        tf.pad(tf.zeros([0, 3]), [[1, 1], [0, 2]], 4), // empty input: constant only
        clsGradient,
      ];
    });
    await tf.setBackend('native');
    const x = tensor([3, 4], 11);
    const profile = await tf.profile(() => tf.dispose(tf.pad(x, [[1, 1], [2, 0]], 5)));
    expect(profile.kernels.map((kernel) => kernel.name)).toEqual(['PadV2']);
    const padded = tf.tidy(() => tf.pad(x, [[1, 1], [2, 0]], 5));
    const backend = tf.backend() as NativeBackend;
    expect(backend.pool.owns(backend.data.get(padded.dataId).values)).toBe(true); // the native kernel's pooled output
    // A pooled output never keeps an earlier tensor's values in the padding.
    expect(Array.from((await padded.data()) as Float32Array).slice(0, 6)).toEqual([5, 5, 5, 5, 5, 5]);
    tf.dispose([x, padded]);
  });


  it('transposes (attention split, matrix, identity) like cpu', async () => {
    await expectSameAsCpu(() => {
      const x = tensor([2, 5, 3, 4], 1);
      return [tf.transpose(x, [0, 2, 1, 3]), tf.transpose(tensor([6, 7], 2)), tf.transpose(x, [3, 1, 2, 0]), tf.transpose(x, [0, 1, 2, 3])];
    });
  });

  it('slices (contiguous and strided) and tiles like cpu', async () => {
    await expectSameAsCpu(() => {
      const x = tensor([4, 6, 5], 3);
      return [tf.slice(x, [1, 0, 0], [2, 6, 5]), tf.slice(x, [0, 2, 1], [4, 3, 2]), tf.broadcastTo(tensor([1, 6, 1], 4), [4, 6, 5]), tf.tile(tensor([2, 3], 5), [2, 2])];
    });
  });

  it('unstacks along every axis like cpu (the gradient of stack)', async () => {
    await expectSameAsCpu(() => {
      const x = tensor([2, 3, 4, 5], 7);
      return [...tf.unstack(x, 2), ...tf.unstack(x, 0), ...tf.unstack(x, -1)];
    });
  });

  it('slice returns a copy, never a view of its input', async () => {
    await tf.setBackend('native');
    const backend = tf.backend() as NativeBackend;
    const source = tf.tidy(() => tf.add(tensor([4, 8], 6), 0));
    const part = tf.slice(source, [1, 0], [2, 8]);
    const sourceValues = backend.data.get(source.dataId).values as Float32Array;
    const partValues = backend.data.get(part.dataId).values as Float32Array;
    expect(partValues.buffer).not.toBe(sourceValues.buffer);
    const before = Array.from(await part.data());
    source.dispose();
    // Recycle the source's array: the slice must not change.
    const reuse = tf.tidy(() => tf.add(tf.fill([4, 8], 42), 0));
    expect(Array.from(await part.data())).toEqual(before);
    tf.dispose([part, reuse]);
  });
});
