import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { build, createLogger, createServer, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelWithHeads, predict } from '@adapters/auto';
import { REPO_ROOT } from '@adapters/test-utils';
import { chromiumAvailability, launchChromium } from '@adapters/test-utils/browser';
import type { ExampleState } from './main';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
// Training sentences and steps of 16 per backend. tfjs-backend-cpu is plain JavaScript, about a tenth of
// wasm's speed here: fewer keep the suite short (the mean loss is taken over all the sentences, twice).
const RUN = { cpu: { examples: 96, steps: 8 }, wasm: { examples: 320, steps: 40 } } as const;
const SENTENCES = ['a gorgeous, witty, seductive movie.', 'the plot is nothing but boilerplate clichés.', 'it is what it is.'];

/** What one backend's run in the page measured, for the closing report. */
interface PageRun {
  readonly backend: string;
  readonly examplesPerSecond: number;
  readonly meanLosses: readonly { step: number; loss: number }[];
  readonly longestPauseMs: number;
  readonly maxPredictionDifference: number;
}
const runs: PageRun[] = [];

const availability = chromiumAvailability();
const CONFIG_FILE = path.join(EXAMPLE, 'vite.config.ts');

describe("the example's Vite dev server (npm run start)", () => {
  it('serves the page, the model folder and SST-2 file from the repository, and a 404 for a file the folder lacks', async () => {
    const server = await createServer({ root: EXAMPLE, configFile: CONFIG_FILE, logLevel: 'silent', server: { host: '127.0.0.1', port: 0, strictPort: false } });
    await server.listen();
    try {
      const base = server.resolvedUrls!.local[0]!;
      expect(await (await fetch(base)).text()).toContain('<script type="module" src="./src/main.ts"></script>');
      const served = async (name: string): Promise<Buffer> => Buffer.from(await (await fetch(new URL(name, base))).arrayBuffer());
      expect((await served('models/bert-tiny-mlm/model.safetensors')).equals(await readFile(path.join(REPO_ROOT, 'models/bert-tiny-mlm/model.safetensors')))).toBe(true);
      expect((await served('models/bert-tiny-mlm/vocab.txt')).equals(await readFile(path.join(REPO_ROOT, 'models/bert-tiny-mlm/vocab.txt')))).toBe(true);
      expect((await served('data/sst-2/train.tsv')).equals(await readFile(path.join(REPO_ROOT, 'data/glue/SST-2/train.tsv')))).toBe(true);
      // No single-page fallback: urlSource must see the files the folder lacks as absent.
      expect((await fetch(new URL('models/bert-tiny-mlm/tokenizer.json', base))).status).toBe(404);
    } finally {
      await server.close();
    }
  }, 60_000);
});

// Registered one way or the other, never skipped: CI (ADAPTERS_REQUIRE_BROWSER=1) fails above when Chromium is missing.
if (!availability.available) {
  describe('examples/browser without Chromium', () => {
    it('launchChromium says which binary is missing', async () => {
      await expect(launchChromium()).rejects.toThrow(`Chromium is not available: ${availability.executable}`);
    });
  });
} else describe('examples/browser in headless Chromium (Vite build, Web Worker, cpu and wasm)', () => {
  let output = '';
  let served: PreviewServer | undefined;
  let url = '';
  let browser: Browser | undefined;
  let bundleBytes = { raw: 0, gzip: 0 };

  beforeAll(async () => {
    output = await mkdtemp(path.join(os.tmpdir(), 'adapters-browser-example-'));
    // A clean build: not one warning (a Node built-in externalised for the browser would be one).
    const warnings: string[] = [];
    const logger = createLogger('warn');
    logger.warn = (message) => void warnings.push(message);
    logger.warnOnce = logger.warn;
    await build({ root: EXAMPLE, configFile: CONFIG_FILE, customLogger: logger, build: { outDir: output, emptyOutDir: true } });
    expect(warnings).toEqual([]);
    // The page's own code: the JavaScript of the page and of the worker, minified by Vite (model, data and .wasm aside).
    for (const file of await readdir(path.join(output, 'assets'))) {
      if (!file.endsWith('.js')) continue;
      const code = await readFile(path.join(output, 'assets', file));
      bundleBytes = { raw: bundleBytes.raw + code.length, gzip: bundleBytes.gzip + gzipSync(code).length };
    }
    expect(bundleBytes.raw).toBeGreaterThan(0);
    // What `npm run bundle` then `npm run preview` do, into a temporary folder.
    served = await preview({ root: EXAMPLE, configFile: CONFIG_FILE, logLevel: 'silent', build: { outDir: output }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    url = served.resolvedUrls!.local[0]!;
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
      await page.goto(`${url}?backend=${backend}&examples=${RUN[backend].examples}&steps=${RUN[backend].steps}`);
      await page.click('#load');
      await statusReaches(page, 'ready');
      await page.click('#train');
      await statusReaches(page, 'trained');
      const state = (await page.evaluate(() => (globalThis as unknown as { adaptersExample: ExampleState }).adaptersExample)) as ExampleState;
      expect(state.backend).toBe(backend);
      expect(state.history.map((record) => record.step)).toEqual(Array.from({ length: RUN[backend].steps }, (_, index) => index + 1));
      expect(state.history.every((record) => Number.isFinite(record.loss) && record.loss > 0)).toBe(true);
      // The adapter learns its training sentences: their mean loss (no dropout) falls. It starts near ln 2,
      // two classes at even odds from a freshly initialised head.
      const [before, after] = state.meanLosses.map(({ loss }) => loss) as [number, number];
      expect(state.meanLosses.map(({ step }) => step)).toEqual([0, RUN[backend].steps]);
      expect(before).toBeCloseTo(Math.LN2, 1);
      expect(after).toBeLessThan(before);
      const run = state.runs[0]!;
      expect(run.examples).toBe(RUN[backend].steps * 16);
      // The page drew the curve as the loss fell: the step losses, and the mean loss before and after (two points).
      expect(await page.locator('#plot svg polyline').count()).toBe(2);
      expect(await page.locator('#plot svg circle').count()).toBe(2);
      // Training ran in the worker: the page's 50 ms clock never stalled for long.
      expect(state.longestPauseMs).toBeLessThan(1000);

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
