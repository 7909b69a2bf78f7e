// Benchmark: read, tokenize and featurize SST-2 train (67,349 rows) at maxSeqLength 128 with the
// bert-base-uncased vocab, then load the same features from the cache. Prints one JSON object.
// Run: npm run bench -w @adapters/datasets   (tsx resolves @adapters/* to sources through tsconfig paths)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { convertGlueExamplesToFeatures, dataRoot, loadGlueFeatures, readGlueExamples } from '@adapters/datasets';
import { loadBertTokenizer } from '@adapters/tokenizers';

const task = 'sst-2';
const split = 'train';
const maxSeqLength = 128;

const tokenizer = loadBertTokenizer(path.join(dataRoot(), 'vocab', 'bert-base-uncased'));
const seconds = (start: number): number => (performance.now() - start) / 1000;

const start = performance.now();
const { examples } = await readGlueExamples(task, split);
const readSeconds = seconds(start);
const featurizeStart = performance.now();
const features = convertGlueExamplesToFeatures(examples, tokenizer, task, { maxSeqLength });
const featurizeSeconds = seconds(featurizeStart);
const total = seconds(start);

const cacheDir = await mkdtemp(path.join(tmpdir(), 'featurize-sst2-'));
try {
  const coldStart = performance.now();
  const cold = await loadGlueFeatures(task, split, { tokenizer, maxSeqLength, cacheDir });
  const coldSeconds = seconds(coldStart);
  const warmStart = performance.now();
  const warm = await loadGlueFeatures(task, split, { tokenizer, maxSeqLength, cacheDir });
  const warmSeconds = seconds(warmStart);
  if (cold.fromCache || !warm.fromCache || warm.features.totalTokens !== features.totalTokens) throw new Error('cache did not round-trip');

  const round = (value: number): number => Math.round(value * 1000) / 1000;
  console.log(
    JSON.stringify({
      task,
      split,
      rows: features.size,
      maxSeqLength,
      seconds: round(total),
      rowsPerSecond: Math.round(features.size / total),
      readSeconds: round(readSeconds),
      featurizeSeconds: round(featurizeSeconds),
      tokens: features.totalTokens,
      tokensPerSecond: Math.round(features.totalTokens / featurizeSeconds),
      cacheWriteRunSeconds: round(coldSeconds),
      cacheReadRunSeconds: round(warmSeconds),
      node: process.version,
    }),
  );
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}
