#!/usr/bin/env node
// Greedy generation speed on stories260K (../shared/data/models/stories260K-hf): tokens/s for batch 1 and 8, with and
// without the key/value cache. One JSON line per (backend, batch, cache), each measured after one warm-up run.
// Usage: node bench/generation-speed.mjs [--backends native,wasm,cpu] [--tokens 64] [--batches 1,8]
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const backends = option('backends', 'native,wasm').split(',');
const tokens = Number(option('tokens', '64'));
const batches = option('batches', '1,8').split(',').map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));
const folder = path.resolve(here, '..', process.env.ADAPTERS_DATA ?? '../shared/data', 'models/stories260K-hf');

const { initBackend } = await import('@adapters/core');
const { AutoModelWithHeads, generate } = await import('@adapters/auto');
for (const backend of backends) {
  try {
    await initBackend({ backend });
  } catch (error) {
    console.log(JSON.stringify({ backend, skipped: error.message }));
    continue;
  }
  const model = await AutoModelWithHeads.fromPretrained(folder);
  try {
    for (const batch of batches) {
      // different prompts per row, so the batch is left-padded as in real use
      const prompts = Array.from({ length: batch }, (_, row) => model.tokenizer.encode(['Once upon', 'The dog', 'Lily was', 'One day'][row % 4]).inputIds);
      for (const useCache of [true, false]) {
        await generate(model, prompts, { maxNewTokens: 4, useCache });
        const start = performance.now();
        const { generated } = await generate(model, prompts, { maxNewTokens: tokens, useCache, eosTokenIds: [] });
        const seconds = (performance.now() - start) / 1000;
        const produced = generated.reduce((sum, row) => sum + row.length, 0);
        console.log(
          JSON.stringify({ bench: 'generation', model: 'stories260K', backend, batch, cache: useCache, new_tokens_per_row: tokens, seconds: Number(seconds.toFixed(3)), tokens_per_second: Number((produced / seconds).toFixed(1)) }),
        );
      }
    }
  } finally {
    model.dispose();
    model.encoder.dispose();
  }
}
