// Shared vitest setup: gradients registered, a backend chosen, and a tensor-leak guard around every test.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { initBackend } from '@adapters/core';

let tensorsBefore = 0;

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  await initBackend({ backend: (process.env.ADAPTERS_TEST_BACKEND as 'cpu' | 'wasm' | 'native' | undefined) ?? 'cpu' });
});

beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});

afterEach((context) => {
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (context.task.result?.state === 'fail') return;
  expect(leaked, `tensor leak: ${leaked} tensor(s) created by this test were not disposed`).toBe(0);
});
