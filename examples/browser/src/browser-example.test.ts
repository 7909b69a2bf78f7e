import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelWithHeads, predict } from '@adapters/auto';
import { REPO_ROOT } from '@adapters/test-utils';
import { chromiumAvailability, launchChromium, serveFolder, type ServedFolder } from '@adapters/test-utils/browser';
import type { ExampleState } from './main';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
const STEPS = 40;
const EXAMPLES = 320;
const SENTENCES = ['a gorgeous, witty, seductive movie.', 'the plot is nothing but boilerplate clichés.', 'it is what it is.'];

/** What one backend's run in the page measured, for the closing report. */
interface PageRun {
  readonly backend: string;
  readonly examplesPerSecond: number;
  readonly meanLosses: readonly number[];
  readonly longestPauseMs: number;
  readonly maxPredictionDifference: number;
}
const runs: PageRun[] = [];

const availability = chromiumAvailability();

describe.runIf(!availability.available)('examples/browser without Chromium', () => {
  it('launchChromium says which binary is missing (CI sets ADAPTERS_REQUIRE_BROWSER=1 and gets a failure instead)', async () => {
    await expect(launchChromium()).rejects.toThrow(`Chromium is not available: ${availability.executable}`);
  });
});

describe.runIf(availability.available)('examples/browser in headless Chromium (Vite build, Web Worker, cpu and wasm)', () => {
  let output = '';
  let served: ServedFolder | undefined;
  let browser: Browser | undefined;
  let bundleBytes = { raw: 0, gzip: 0 };

  beforeAll(async () => {
    output = await mkdtemp(path.join(os.tmpdir(), 'adapters-browser-example-'));
    const result = await build({ root: EXAMPLE, configFile: path.join(EXAMPLE, 'vite.config.ts'), logLevel: 'warn', build: { outDir: output, emptyOutDir: true } });
    // The page's own code: every JavaScript chunk, minified by Vite (the model, data and .wasm files aside).
    for (const chunk of (Array.isArray(result) ? result : [result]).flatMap((part) => ('output' in part ? part.output : []))) {
      if (chunk.type !== 'chunk') continue;
      bundleBytes = { raw: bundleBytes.raw + chunk.code.length, gzip: bundleBytes.gzip + gzipSync(chunk.code).length };
    }
    served = await serveFolder(output);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (output !== '') await rm(output, { recursive: true, force: true });
    if (runs.length > 0) console.log(JSON.stringify({ bundleBytes, runs }, null, 2));
  });

  /** Waits for the page's status line to reach `state` (or fail with the page's own error text). */
  async function statusReaches(page: Page, state: string): Promise<void> {
    await page.waitForFunction((wanted) => ['error', wanted].includes(document.getElementById('status')!.dataset.state!), state, { timeout: 180_000 });
    const status = page.locator('#status');
    expect([await status.getAttribute('data-state'), await status.textContent()]).toEqual([state, expect.any(String)]);
  }

  it.each(['cpu', 'wasm'] as const)('%s: trains in the worker, the loss falls, and the downloaded adapter predicts the same in Node', async (backend) => {
    const page = await browser!.newPage({ acceptDownloads: true });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    try {
      await page.goto(`${served!.url}?backend=${backend}&examples=${EXAMPLES}&steps=${STEPS}`);
      await page.click('#load');
      await statusReaches(page, 'ready');
      await page.click('#train');
      await statusReaches(page, 'trained');
      const state = (await page.evaluate(() => (globalThis as unknown as { adaptersExample: ExampleState }).adaptersExample)) as ExampleState;
      expect(state.backend).toBe(backend);
      expect(state.history.map((record) => record.step)).toEqual(Array.from({ length: STEPS }, (_, index) => index + 1));
      // The adapter learns its training sentences: their mean loss (no dropout) falls, and so do the step losses.
      const [before, after] = state.meanLosses as [number, number];
      expect(after).toBeLessThan(before);
      const third = Math.floor(STEPS / 3);
      const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
      expect(mean(state.history.slice(-third).map((record) => record.loss))).toBeLessThan(mean(state.history.slice(0, third).map((record) => record.loss)));
      const run = state.runs[0]!;
      expect(run.examples).toBe(STEPS * 16);
      // The page drew the curve as the loss fell.
      expect(await page.locator('#plot svg polyline').count()).toBe(1);

      await page.fill('#sentences', SENTENCES.join('\n'));
      await page.click('#predict');
      await expect.poll(() => page.locator('#predictions tr').count(), { timeout: 60_000 }).toBe(SENTENCES.length);
      const pageScores = (await page.locator('#predictions tr').evaluateAll((rows) => rows.map((row) => JSON.parse((row as HTMLElement).dataset.scores!)))) as Record<string, number>[];

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toBe('sst-2-adapter.zip');
      const zipped = new Uint8Array(await readFile(await download.path()));
      const nodeScores = await predictInNode(unzipSync(zipped));
      let difference = 0;
      for (const [index, scores] of nodeScores.entries()) {
        expect(Object.keys(scores).sort()).toEqual(['negative', 'positive']);
        for (const label of Object.keys(scores)) difference = Math.max(difference, Math.abs(scores[label]! - pageScores[index]![label]!));
      }
      expect(difference).toBeLessThan(1e-5);
      expect(problems).toEqual([]);
      runs.push({ backend, examplesPerSecond: run.examplesPerSecond, meanLosses: state.meanLosses, longestPauseMs: state.longestPauseMs, maxPredictionDifference: difference });
    } finally {
      await page.close();
    }
  }, 300_000);
});

/** The downloaded AdapterHub files, loaded in Node into a fresh bert-tiny-mlm from the repository's folder. */
async function predictInNode(zipEntries: Record<string, Uint8Array>): Promise<Record<string, number>[]> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-downloaded-'));
  try {
    const names = Object.keys(zipEntries).sort();
    // The adapters library's folder: config + safetensors weights for the adapter, and for the head beside it.
    expect(names).toEqual(['sst-2/adapter.safetensors', 'sst-2/adapter_config.json', 'sst-2/head_config.json', 'sst-2/model_head.safetensors']);
    for (const [name, bytes] of Object.entries(zipEntries)) {
      await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
      await writeFile(path.join(folder, name), bytes);
    }
    const model = await AutoModelWithHeads.fromPretrained(path.join(REPO_ROOT, 'models', 'bert-tiny-mlm'));
    try {
      const name = await model.loadAdapter(path.join(folder, 'sst-2'));
      model.setActiveAdapters(name);
      const predictions = await predict(model, SENTENCES, { head: name });
      return predictions.map((prediction) => ({ ...prediction.scores }));
    } finally {
      model.dispose();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
