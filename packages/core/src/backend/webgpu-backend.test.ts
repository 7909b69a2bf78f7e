import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { AdaptersError, BACKEND_CHOICES, initBackend, type BackendReport } from '../index';

// CI (`.ci/run`) installs SwiftShader and sets ADAPTERS_REQUIRE_WEBGPU=1: there webgpu must come up. On
// a machine without any WebGPU adapter, asking for it must fail with a typed error instead.
async function requestWebGpu(): Promise<BackendReport | undefined> {
  process.env.ADAPTERS_BACKEND = 'webgpu';
  const outcome = await initBackend()
    .catch((caught: unknown) => caught)
    .finally(() => delete process.env.ADAPTERS_BACKEND);
  if (process.env.ADAPTERS_REQUIRE_WEBGPU === '1') {
    expect(outcome instanceof Error ? outcome.message : 'webgpu').toBe('webgpu');
  }
  if (outcome instanceof Error) {
    expect(AdaptersError.isInstance(outcome) && outcome.code).toBe('backend');
    return undefined;
  }
  return outcome as BackendReport;
}

describe('initBackend on webgpu', () => {
  afterAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('is one of the named backends, first in the automatic order', () => {
    expect(BACKEND_CHOICES[0]).toBe('webgpu');
    expect(BACKEND_CHOICES).toEqual(expect.arrayContaining(['webgpu', 'native', 'wasm', 'cpu']));
  });

  it('reports the adapter it runs on, and the automatic order takes only a real GPU', async () => {
    const report = await requestWebGpu();
    if (report === undefined) {
      expect((await initBackend()).choice).not.toBe('webgpu');
      return;
    }
    expect(tf.getBackend()).toBe('webgpu');
    expect(report.reason).toBe('environment');
    expect(report.gradients).toBe(true);
    expect(report.adapter?.vendor.length ?? 0).toBeGreaterThan(0);
    const automatic = await initBackend();
    if (report.adapter?.isFallbackAdapter === true) {
      expect(automatic.choice).not.toBe('webgpu');
      expect(automatic.notes.join('\n')).toMatch(/^webgpu only a software adapter .*; using /m);
    } else {
      expect(automatic.choice).toBe('webgpu');
    }
  });

  // WebGPU guarantees 8 storage buffers per shader; tfjs's AddN binds one per input, so gradient
  // clipping over more than 7 tensors failed Dawn's validation and read back garbage.
  it('sums any number of tensors with AddN, and trains through it', async () => {
    const report = await requestWebGpu();
    const backend = report === undefined ? 'cpu' : 'webgpu';
    if (report === undefined) await initBackend({ backend });
    for (const count of [2, 7, 8, 15, 30]) {
      const terms = Array.from({ length: count }, (_, index) => tf.fill([2, 3], index + 1));
      const total = tf.addN(terms);
      expect(Array.from(await total.data())).toEqual(new Array(6).fill((count * (count + 1)) / 2));
      tf.dispose([...terms, total]);
    }
    const weights = Array.from({ length: 12 }, (_, index) => tf.tidy(() => tf.variable(tf.fill([4], index), true, `addn-test/w${index}`)));
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.addN(weights.map((weight) => tf.square(weight)))), weights);
    expect(tf.getBackend()).toBe(backend);
    expect(await value.data()).toEqual(Float32Array.from([4 * weights.reduce((sum, _, index) => sum + index * index, 0)]));
    expect(Array.from(await grads['addn-test/w11']!.data())).toEqual([22, 22, 22, 22]);
    tf.dispose([value, ...Object.values(grads), ...weights]);
  });
});
