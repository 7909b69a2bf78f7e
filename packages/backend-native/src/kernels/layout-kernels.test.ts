import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import type { NativeBackend } from '../native-backend';
import { describeNative, expectSameAsCpu, tensor } from './native-test-harness';

describeNative('native transpose, slice, tile and unpack', () => {
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
