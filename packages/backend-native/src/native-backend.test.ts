import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeNative, tensor } from './kernels/native-test-harness';
import type { NativeBackend } from './native-backend';

describeNative('NativeBackend buffer pool', () => {
  it('reuses disposed outputs without aliasing live tensors or values already read', async () => {
    await tf.setBackend('native');
    const backend = tf.backend() as NativeBackend;
    const first = tf.tidy(() => tf.add(tensor([64, 64], 1), 1));
    const read = first.dataSync();
    const snapshot = Array.from(read);
    const firstValues = backend.data.get(first.dataId).values;
    expect(read).not.toBe(firstValues); // dataSync copies pooled arrays
    const hitsBefore = backend.pool.stats().hits;
    first.dispose();
    const second = tf.tidy(() => tf.mul(tensor([64, 64], 2), 3));
    expect(backend.pool.stats().hits).toBeGreaterThan(hitsBefore);
    expect(backend.data.get(second.dataId).values).toBe(firstValues);
    expect(Array.from(read)).toEqual(snapshot);
    // A live tensor keeps its own array while others are recycled around it.
    const live = tf.tidy(() => tf.sub(tensor([64, 64], 3), 1));
    const liveSnapshot = Array.from(await live.data());
    for (let round = 0; round < 5; round++) tf.dispose(tf.tidy(() => tf.exp(tf.add(tensor([64, 64], round + 10), live))));
    expect(Array.from(await live.data())).toEqual(liveSnapshot);
    tf.dispose([second, live]);
  });

  it('never recycles a user-provided array', async () => {
    await tf.setBackend('native');
    const user = new Float32Array(4096).fill(7);
    const wrapped = tf.tensor(user, [64, 64]);
    const doubled = tf.mul(wrapped, 2);
    tf.dispose([wrapped, doubled]);
    for (let round = 0; round < 3; round++) tf.dispose(tf.tidy(() => tf.add(tensor([64, 64], round), 1)));
    expect(user.every((value) => value === 7)).toBe(true);
  });

  it('stops allocating after warm-up and keeps the tensor count flat over training-like steps', async () => {
    await tf.setBackend('native');
    const backend = tf.backend() as NativeBackend;
    const weight = tf.tidy(() => tf.variable(tensor([32, 16], 4), true, 'native-test/weight'));
    const optimizerStep = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.matMul(tensor([8, 32], 5), weight))), [weight]);
        weight.assign(tf.sub(weight, tf.mul(grads['native-test/weight']!, 0.01)));
      });
    for (let step = 0; step < 3; step++) optimizerStep();
    const tensors = tf.memory().numTensors;
    const { misses } = backend.pool.stats();
    for (let step = 0; step < 20; step++) optimizerStep();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.pool.stats().misses).toBe(misses);
    weight.dispose();
  });
});
