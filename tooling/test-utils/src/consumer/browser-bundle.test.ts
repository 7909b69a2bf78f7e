import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { build as viteBuild, createLogger, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchChromium } from '../browser';
import { createConsumerProject, type ConsumerProject } from './consumer-project';

// What a page imports: everything but the CLI (a Node program) and backend-native (a Node addon).
const PACKED = ['core', 'tokenizers', 'layers', 'models', 'heads', 'datasets', 'trainer', 'auto'];
// Peers the consumer installs from the registry; linked from the monorepo so the test stays offline.
const PEERS = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'];

// A page: the four packages the issue names (and datasets, a separate install), a backend the page picked, and a little real work.
const PAGE_IMPORTS = `
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as auto from '@adapters/auto';
import * as trainer from '@adapters/trainer';
import * as tokenizers from '@adapters/tokenizers';
import * as layers from '@adapters/layers';
import * as datasets from '@adapters/datasets';
import { initBackend } from '@adapters/core';
`;

const INFERENCE_PAGE = `${PAGE_IMPORTS}
(async () => {
const report = await initBackend();
const tokenizer = tokenizers.BertTokenizer.fromVocab('[PAD]\\n[UNK]\\n[CLS]\\n[SEP]\\n[MASK]\\nhello\\nworld\\n');
const encoding = tokenizer.encode('Hello world');
const sum = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]);
const folderError = await auto.AutoModelWithHeads.fromPretrained('models/bert-tiny-mlm').catch((error) => error);
globalThis.reportResult({
  folderError: [folderError.name, folderError.code, folderError.module],
  backend: report.choice,
  gradients: report.gradients,
  notes: report.notes,
  ids: Array.from(encoding.inputIds),
  sum,
  exports: [typeof auto.ModelWithHeads, typeof trainer.Trainer, typeof layers.AdapterModel, typeof datasets.glueDataRoot],
});
})().catch((error) => globalThis.reportResult({ error: String(error && error.stack || error) }));
`;

// Training needs nothing more than inference: initBackend registers the page's tfjs-core gradients itself.
const TRAINING_PAGE = `${PAGE_IMPORTS}
(async () => {
const report = await initBackend();
const weight = tf.variable(tf.tensor1d([1, -2, 3]), true, 'page/weight');
const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(weight)), [weight]);
globalThis.reportResult({ backend: report.choice, gradients: report.gradients, notes: report.notes, loss: value.dataSync()[0], gradient: Array.from(grads['page/weight'].dataSync()) });
})().catch((error) => globalThis.reportResult({ error: String(error && error.stack || error) }));
`;

// The same pages as Vite builds them: each reports into window.pageResult; no favicon request (a 404 is a console error).
const htmlPage = (script: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">` +
  `<script>window.reportResult = (value) => { window.pageResult = value; };</script></head>` +
  `<body><script type="module" src="./${script}"></script></body></html>`;

// What the inference page reports. BERT's WordPiece with [CLS]/[SEP] around the lower-cased words (vocabulary
// lines 2, 5, 6, 3). Gradients come with @adapters/core (tfjs-core's own, through its "imports" field), not from
// an import of the page. Loading from a folder path needs Node: a typed error naming the built-in, not a bundler
// or load-time failure.
const INFERENCE_RESULT = {
  folderError: ['PlatformError', 'platform', expect.stringMatching(/^node:/)],
  backend: 'cpu',
  gradients: true,
  notes: [],
  ids: [2, 5, 6, 3],
  sum: 6,
  exports: ['function', 'function', 'function', 'function'],
};
// The training page: d/dw sum(w^2) = 2w.
const TRAINING_RESULT = { backend: 'cpu', gradients: true, notes: [], loss: 14, gradient: [2, -4, 6] };

let project = '';
let consumer: ConsumerProject | undefined;

beforeAll(async () => {
  consumer = await createConsumerProject({
    packages: PACKED,
    linked: PEERS,
    files: {
      'inference-page.mjs': INFERENCE_PAGE,
      'training-page.mjs': TRAINING_PAGE,
      'inference.html': htmlPage('inference-page.mjs'),
      'training.html': htmlPage('training-page.mjs'),
    },
  });
  project = consumer.root;
}, 120_000);

afterAll(async () => {
  await consumer?.remove();
});

/** Bundles `entry` as a page would (esbuild, platform browser) and runs it where there is no `process`. */
async function bundleAndRun(entry: string): Promise<unknown> {
  const result = await build({
    entryPoints: [path.join(project, entry)],
    absWorkingDir: project,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    metafile: true,
  }).catch((error: { errors?: { text: string }[] }) => ({ errors: error.errors ?? [{ text: String(error) }] }));
  expect(result.errors.map((error) => error.text)).toEqual([]);
  if (!('outputFiles' in result) || result.outputFiles === undefined) throw new Error('esbuild wrote nothing');
  const inputs = Object.keys(result.metafile.inputs);
  // From the installed tarballs, not the monorepo's sources.
  expect(inputs.some((input) => input.includes('node_modules/@adapters/auto/dist/'))).toBe(true);
  expect(inputs.filter((input) => /packages\/[a-z-]+\/src\//.test(input))).toEqual([]);

  // A page's globals (tfjs-core detects a browser by window.document): no process, require or Node built-ins.
  let reported: unknown;
  const quiet = { log() {}, warn() {}, info() {}, error() {} };
  const page = vm.createContext({ console: quiet, TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask, URL, performance });
  Object.assign(page, { globalThis: page, self: page, window: page, document: {}, navigator: { userAgent: 'page' } });
  Object.assign(page, { reportResult: (value: unknown) => (reported = value) });
  vm.runInContext(result.outputFiles[0]!.text, page);
  await expect.poll(() => reported, { timeout: 10_000 }).toBeDefined();
  expect(vm.runInContext('typeof process', page)).toBe('undefined');
  return reported;
}

describe('a page bundling the packed packages (esbuild, platform browser)', () => {
  it('inference: bundles with no Node built-in, loads without process, runs initBackend, a tokenizer and a kernel', async () => {
    expect(await bundleAndRun('inference-page.mjs')).toEqual(INFERENCE_RESULT);
  }, 60_000);

  it('training: with no gradient import of its own, initBackend registers gradients and they are right', async () => {
    expect(await bundleAndRun('training-page.mjs')).toEqual(TRAINING_RESULT);
  }, 60_000);
});

/** `vite build` of both pages in the consumer project; returns every warning and error Vite or Rollup reported. */
async function buildWithVite(): Promise<string[]> {
  const reported: string[] = [];
  const logger = createLogger('warn');
  const collect = (message: string): void => {
    reported.push(message);
  };
  await viteBuild({
    root: project,
    configFile: false,
    logLevel: 'warn',
    customLogger: { ...logger, warn: collect, warnOnce: collect, error: collect },
    build: {
      outDir: 'vite-dist',
      rollupOptions: {
        input: { inference: path.join(project, 'inference.html'), training: path.join(project, 'training.html') },
        onwarn: (warning) => collect(warning.message),
      },
    },
  });
  return reported;
}

/** Opens each built page in headless Chromium; returns what it reported and every console error. */
async function runInChromium(pages: readonly string[]): Promise<{ results: unknown[]; errors: string[] }> {
  // Served as the user would look at a build: `vite preview`.
  const server = await preview({ root: project, configFile: false, logLevel: 'silent', build: { outDir: 'vite-dist' }, preview: { port: 0, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview did not report its URL');
  const browser = await launchChromium();
  try {
    const results: unknown[] = [];
    const errors: string[] = [];
    for (const name of pages) {
      const page = await browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${name}: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
      await page.goto(`${url}${name}`);
      await page.waitForFunction(() => (globalThis as { pageResult?: unknown }).pageResult !== undefined, undefined, { timeout: 20_000 });
      results.push(await page.evaluate(() => (globalThis as { pageResult?: unknown }).pageResult));
      await page.close();
    }
    return { results, errors };
  } finally {
    await browser.close();
    await server.close();
  }
}

describe('the same pages built with Vite in the consumer project, loaded in headless Chromium', () => {
  it('build with no warning (no Node built-in externalized) and run with no console error', async () => {
    // Vite reports every Node built-in it meets as "externalized for browser compatibility".
    expect(await buildWithVite()).toEqual([]);
    const availability = chromiumAvailability();
    if (!availability.available) {
      await expect(launchChromium()).rejects.toThrow(availability.executable);
      return;
    }
    const { results, errors } = await runInChromium(['inference.html', 'training.html']);
    expect(errors).toEqual([]);
    expect(results).toEqual([INFERENCE_RESULT, TRAINING_RESULT]);
  }, 60_000);
});
