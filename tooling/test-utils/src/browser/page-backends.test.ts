import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths';
import { chromiumAvailability, launchChromium } from './launch-chromium';

// A page that imports webgl, wasm and cpu and lets `initBackend()` choose: the best of them is webgl. It then trains
// one weight through tfjs-core's gradients, which initBackend registered without any import of the page's own.
const PAGE_ENTRY = `
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@adapters/core';
const report = await initBackend();
const weight = tf.variable(tf.tensor1d([1, -2, 3]), true, 'page/weight');
const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(weight)), [weight]);
const product = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
window.pageResult = {
  choice: report.choice,
  available: report.available,
  gradients: report.gradients,
  notes: report.notes,
  backend: tf.getBackend(),
  loss: (await value.data())[0],
  gradient: Array.from(await grads['page/weight'].data()),
  product: Array.from(await product.data()),
};
`;

async function bundlePage(): Promise<string> {
  const result = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: REPO_ROOT, sourcefile: 'page.js', loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('initBackend in a page (headless Chromium)', () => {
  it('picks webgl among the backends the page imported, with gradients and no console error', async () => {
    const availability = chromiumAvailability();
    if (!availability.available) {
      await expect(launchChromium()).rejects.toThrow(availability.executable);
      return;
    }
    const script = await bundlePage();
    // WebGL on SwiftShader, Chromium's software GL, since CI machines have no GPU.
    const browser = await launchChromium({ args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.setContent('<!doctype html><title>backends</title>');
      await page.addScriptTag({ content: script, type: 'module' });
      await page.waitForFunction('window.pageResult !== undefined', undefined, { timeout: 60_000 });
      const result = await page.evaluate('window.pageResult');
      expect(result).toEqual({
        choice: 'webgl',
        available: ['webgl', 'wasm', 'cpu'],
        gradients: true,
        notes: [],
        backend: 'webgl',
        loss: 14,
        gradient: [2, -4, 6],
        product: [17, 39],
      });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
