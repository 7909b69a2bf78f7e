import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { AdaptersError, GradientsNotRegisteredError, initBackend } from '../index';

describe('initBackend', () => {
  afterAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('activates the requested backend and registers gradients', async () => {
    const report = await initBackend({ backend: 'wasm' });
    expect(report.choice).toBe('wasm');
    expect(report.reason).toBe('argument');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.gradients).toBe(true);
    expect(report.available).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    expect(report.available).not.toContain('node');
  });

  it('trains through an embedding gather on wasm (UnsortedSegmentSum)', async () => {
    await initBackend({ backend: 'wasm' });
    const table = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), true, 'test/embedding'));
    const grads = tf.variableGrads(() => tf.sum(tf.gather(table, tf.tensor1d([0, 2, 2], 'int32'))), [table]);
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(await grads.grads['test/embedding']!.data())).toEqual([1, 1, 0, 0, 2, 2]);
    tf.dispose([grads.value, grads.grads['test/embedding']!]);
    table.dispose();
  });

  it('honours ADAPTERS_BACKEND and rejects unknown or missing backends with a typed error', async () => {
    process.env.ADAPTERS_BACKEND = 'cpu';
    try {
      expect((await initBackend()).reason).toBe('environment');
      expect(tf.getBackend()).toBe('cpu');
      process.env.ADAPTERS_BACKEND = 'gpu-please';
      await expect(initBackend()).rejects.toThrow(/ADAPTERS_BACKEND.*one of webgpu, node-gpu, node, native, webgl, wasm, cpu/);
    } finally {
      delete process.env.ADAPTERS_BACKEND;
    }
    const error = await initBackend({ backend: 'node' }).catch((caught: unknown) => caught);
    expect(AdaptersError.isInstance(error) && error.code).toBe('backend');
  });

  it('counts webgl only when the application imported it: in Node an installed tfjs-backend-webgl is no backend', async () => {
    // The module is in this repository's node_modules (through @tensorflow/tfjs), so Node could resolve it.
    expect(() => import.meta.resolve('@tensorflow/tfjs-backend-webgl')).not.toThrow();
    const report = await initBackend();
    expect(report.available).not.toContain('webgl');
    expect(report.notes.join('\n')).not.toContain('webgl');
    await expect(initBackend({ backend: 'webgl' })).rejects.toThrow(/webgl.*tfjs-backend-webgl is not imported \(a page that wants it imports/);
  });
});

describe('GradientsNotRegisteredError', () => {
  it('is typed and names the package to install', () => {
    const error = new GradientsNotRegisteredError('Sum');
    expect(AdaptersError.isInstance(error) && error.code).toBe('gradients-not-registered');
    expect(error.message).toContain("'Sum'");
    expect(error.message).toContain("npm install @tensorflow/tfjs-core'");
  });
});
