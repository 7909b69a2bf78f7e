#!/usr/bin/env node
// Robustness timings for issue 19 (not a test: numbers vary by machine). Prints one JSON line per measure:
// - the line reader on one single line of 1..64 MB (time per MB should stay flat; peak RSS grows with the
//   line only, not with the square of it), and on a 200 MB line with the default maxLineLength;
// - byte-level BPE on one long word (16k and 64k characters) with the GPT-2 merges;
// - BERT encode of a 16 MB text truncated to 512 tokens, and of 1 MB untruncated;
// - parsePythonJson throughput on a 20 MB JSON file.
// Usage: npx turbo run build && node bench/robustness.mjs [--max-mb 64] [--big-mb 200]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePythonJson } from '@adapters/core';
import { readLineBatches } from '@adapters/datasets';
import { loadTokenizer } from '@adapters/tokenizers';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const folder = await mkdtemp(path.join(tmpdir(), 'adapters-robustness-'));
const MB = 1 << 20;

async function writeSingleLine(file, megabytes) {
  const stream = createWriteStream(file);
  const block = 'abcdefghij '.repeat(MB / 11 + 1).slice(0, MB);
  for (let index = 0; index < megabytes; index++) if (!stream.write(block)) await new Promise((resolve) => stream.once('drain', resolve));
  await new Promise((resolve) => stream.end(resolve));
}

async function timeLineReader(megabytes) {
  const file = path.join(folder, `line-${megabytes}.txt`);
  await writeSingleLine(file, megabytes);
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let length = 0;
  for await (const batch of readLineBatches(file)) for (const line of batch.lines) length += line.length;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await rm(file);
  console.log(JSON.stringify({ measure: 'line-reader', megabytes, seconds: +seconds.toFixed(3), msPerMB: +((seconds * 1000) / megabytes).toFixed(2), characters: length, peakRssGrowthMB: Math.round((peak - baseline) / MB) }));
}

const maxMb = option('max-mb', 64);
for (let megabytes = 1; megabytes <= maxMb; megabytes *= 2) await timeLineReader(megabytes);
const bigMb = option('big-mb', 200);
if (bigMb > 0) await timeLineReader(bigMb);

const gpt2 = loadTokenizer(path.resolve(process.env.ADAPTERS_DATA ?? path.join(import.meta.dirname, '../../shared/data'), 'vocab/gpt2'));
for (const characters of [16_384, 65_536]) {
  let word = '';
  for (let index = 0; word.length < characters; index++) word += 'abcdefghijklmnopqrstuvwxyz'[(index * 7 + (index >> 3)) % 26];
  const started = performance.now();
  const ids = gpt2.encode(word, null, { addSpecialTokens: false }).inputIds;
  console.log(JSON.stringify({ measure: 'byte-level-bpe-one-word', characters, seconds: +((performance.now() - started) / 1000).toFixed(3), tokens: ids.length }));
}

// BERT encode of a 16 MB text truncated to 512 tokens (the run_* scripts' case): bounded by maxLength now.
const bert = loadTokenizer(path.resolve(process.env.ADAPTERS_DATA ?? path.join(import.meta.dirname, '../../shared/data'), 'vocab/bert-base-uncased'));
{
  const text = 'The quick brown fox jumps over the lazy dog, naïvely. '.repeat(Math.ceil((16 * MB) / 54));
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const ids = bert.encode(text, null, { truncation: true, maxLength: 512 }).inputIds;
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ measure: 'bert-encode-16MB-maxLength-512', seconds: +seconds.toFixed(3), tokens: ids.length, rssGrowthMB: Math.round((process.memoryUsage().rss - before) / MB) }));
  const small = text.slice(0, MB);
  const startedWhole = performance.now();
  const wholeIds = bert.encode(small, null, { truncation: false }).inputIds;
  console.log(JSON.stringify({ measure: 'bert-encode-1MB-untruncated', seconds: +((performance.now() - startedWhole) / 1000).toFixed(3), tokens: wholeIds.length }));
}

const entries = Array.from({ length: 200_000 }, (_, index) => `"key_${index}": {"name": "value number ${index} with some text", "scale": ${index}.5, "ids": [1, 2, 3]}`);
const jsonText = `{${entries.join(', ')}}`;
await writeFile(path.join(folder, 'big.json'), jsonText);
const started = performance.now();
parsePythonJson(jsonText);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ measure: 'parsePythonJson', megabytes: +(jsonText.length / MB).toFixed(1), seconds: +seconds.toFixed(3), mbPerSecond: +(jsonText.length / MB / seconds).toFixed(1) }));
await rm(folder, { recursive: true, force: true });
