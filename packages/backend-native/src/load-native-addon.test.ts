import * as tf from '@tensorflow/tfjs-core';
import { AdaptersError, initBackend } from '@adapters/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNativeAddon } from './load-native-addon';
import { registerNativeBackend } from './register-native-backend';

const MISSING = '/nonexistent/adapters_native.node';

describe('native addon loading and fallback', () => {
  afterAll(async () => {
    delete process.env.ADAPTERS_NATIVE_ADDON;
    await initBackend({ backend: 'cpu' });
  });

  it('reports a missing addon as a typed unavailable result instead of throwing', () => {
    const loaded = loadNativeAddon({ path: MISSING });
    expect(loaded).toMatchObject({ status: 'unavailable', path: MISSING });
    expect(loaded.status === 'unavailable' && loaded.reason).toMatch(/addon not built/);
    expect(registerNativeBackend({ addonPath: MISSING })).toMatchObject({ status: 'unavailable' });
  });

  it('initBackend falls back to wasm with a one-line note when the addon is missing', async () => {
    process.env.ADAPTERS_NATIVE_ADDON = MISSING;
    try {
      const report = await initBackend();
      expect(report.choice).toBe('wasm');
      expect(report.available).toContain('native');
      // webgpu, first in the order, adds its own line when it finds no GPU adapter
      const native = report.notes.filter((note) => note.startsWith('native'));
      expect(native).toHaveLength(1);
      expect(native[0]).toMatch(/^native unavailable \(addon not built .*\); using wasm$/);
      expect(tf.getBackend()).toBe('wasm');
      const forced = await initBackend({ backend: 'native' }).catch((caught: unknown) => caught);
      expect(AdaptersError.isInstance(forced) && forced.code).toBe('backend');
    } finally {
      delete process.env.ADAPTERS_NATIVE_ADDON;
    }
  });

  it('is built and picked first when CI requires it (ADAPTERS_REQUIRE_NATIVE=1)', async () => {
    const loaded = loadNativeAddon();
    if (process.env.ADAPTERS_REQUIRE_NATIVE === '1') {
      expect(loaded.status === 'unavailable' ? loaded.reason : 'available').toBe('available');
    }
    const report = await initBackend();
    expect(report.choice).toBe(loaded.status === 'available' ? 'native' : 'wasm');
    expect(report.gradients).toBe(true);
  });
});
