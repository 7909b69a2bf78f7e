#!/usr/bin/env node
// Reproduction of the issue-6 recipe with the bundled BERT: pfeiffer adapter on a seeded random 20,000-row
// subset of SST-2 train, max_seq_length 64, batch 32, lr 1e-3, 3 epochs, AdamW (HF defaults: no weight decay,
// linear decay, no warmup), full SST-2 dev. Batches are padded to their longest row (dynamic padding, as the
// CLI does unless --pad_to_max_length). Prints one JSON line. Needs the built packages (`npm run build`).
//
// Options that change the computation (each off by default; see docs/performance.md):
//   --cache_frozen_layers k  AdapterDrop: the adapter leaves out layers 0..k-1 (leave_out) and the trainer caches
//                            their output per example (computed once, eval mode); 0 caches the embedding output
//   --group_by_length        length bucketing (HF group_by_length): rows of similar length share a batch
// --seed (default 42) picks the subset, the batch order, the initial adapter and head weights and every dropout
// mask (the trainer's seeded dropout).
// Other options: --rows, --epochs, --batch, --lr, --seed, --frozen_cache_mb (default 1024), --no-torch (skip the
// PyTorch yardstick: bench/torch-train-bench.py at the same shapes, seq 64, times this run's steps).
// Compare under the same OpenBLAS on both sides: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE node bench/reproduce-sst2.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdapterConfig, initBackend, setInitializerSeed } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads } from '@adapters/auto';
import { evaluateGlue } from '@adapters/cli';
import { SeededRandom, batchIndices, createPaddingCollator, getGlueTask, loadGlueFeatures, padTokenIdOf } from '@adapters/datasets';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';

const wallStarted = performance.now();
const loadAtStart = os.loadavg()[0];
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelFolder = path.resolve(repoRoot, argument('model', '../shared/data/models/bert-tiny-mlm'));
const rows = Number(argument('rows', '20000'));
const epochs = Number(argument('epochs', '3'));
const batchSize = Number(argument('batch', '32'));
const learningRate = Number(argument('lr', '1e-3'));
const seed = Number(argument('seed', '42'));
const outputDir = path.resolve(repoRoot, argument('output', 'bench/results/sst2-pfeiffer'));
const flag = (name) => process.argv.includes(`--${name}`);
const cacheArgument = argument('cache_frozen_layers', undefined);
const cacheFrozenLayers = cacheArgument === undefined ? undefined : Number(cacheArgument);
const frozenCacheBytes = Number(argument('frozen_cache_mb', '1024')) * 2 ** 20;
const groupByLength = flag('group_by_length');
const withTorch = !flag('no-torch');

const backend = await initBackend();
// HF's set_seed: the adapter's and the head's initial weights come from --seed too.
setInitializerSeed(seed);
const model = await AutoModelWithHeads.fromPretrained(modelFolder);
const tokenizer = model.tokenizer;
// AdapterDrop: nothing trains below layer k, so those layers' output can be cached per example.
const leaveOut = Array.from({ length: cacheFrozenLayers ?? 0 }, (_, layer) => layer);
model.addAdapter('sst-2', 'text_task', AdapterConfig.load('pfeiffer', { leave_out: leaveOut }));
model.addClassificationHead('sst-2', { numLabels: 2, id2label: { 0: '0', 1: '1' } });
model.trainAdapter(['sst-2']);

const { features: train } = await loadGlueFeatures('SST-2', 'train', { tokenizer, maxSeqLength: 64, cacheDir: path.join(repoRoot, '.cache') });
const { features: dev } = await loadGlueFeatures('SST-2', 'dev', { tokenizer, maxSeqLength: 64, cacheDir: path.join(repoRoot, '.cache') });
// a seeded random subset of train rows
const random = new SeededRandom(seed);
const order = Array.from({ length: train.size }, (_, index) => index);
for (let index = order.length - 1; index > 0; index--) {
  const other = random.nextInt(index + 1);
  [order[index], order[other]] = [order[other], order[index]];
}
const subset = order.slice(0, Math.min(rows, train.size)).sort((a, b) => a - b);
const collate = createPaddingCollator({ padTokenId: padTokenIdOf(tokenizer) });
const trainable = new TrainableModelWithHeads(model);
if (cacheFrozenLayers !== undefined) trainable.enableFrozenLayerCache({ layers: cacheFrozenLayers, maxBytes: frozenCacheBytes });
const lengths = groupByLength ? Int32Array.from(subset, (row) => train.lengthOf(row)) : undefined;
const stepsPerEpoch = Math.ceil(subset.length / batchSize);
const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
const schedule = createLearningRateSchedule({ kind: 'linear', learningRate, totalSteps: stepsPerEpoch * epochs, warmupSteps: 0 });

const started = performance.now();
let step = 0;
let lastLoss = NaN;
for (let epoch = 0; epoch < epochs; epoch++) {
  for (const positions of batchIndices(lengths ?? subset.length, { batchSize, shuffle: true, seed, groupByLength }, epoch)) {
    const batch = collate(train, Array.from(positions, (position) => subset[position]));
    const result = await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 1, seed });
    lastLoss = result.loss;
    step += 1;
    if (step % 100 === 0) console.error(JSON.stringify({ step, epoch, loss: result.loss, seconds: (performance.now() - started) / 1000 }));
  }
}
const trainSeconds = (performance.now() - started) / 1000;
const cache = trainable.frozenLayerCacheStats;
const metrics = await evaluateGlue(model, getGlueTask('sst-2'), dev, { head: model.activeHead, batchSize: 64, padTokenId: padTokenIdOf(model.tokenizer) });
await model.saveAdapter(path.join(outputDir, 'sst-2'), 'sst-2');
const loadAfterTraining = os.loadavg()[0];
const wallSeconds = (performance.now() - wallStarted) / 1000;

// PyTorch's yardstick: its measured step time at the same shapes (seq 64, full width) times this run's steps.
let torch;
if (withTorch) {
  const config = model.encoder.config;
  const script = path.join(repoRoot, 'bench', 'torch-train-bench.py');
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const torchArgs = ['--mode', 'seq_bn', '--layers', String(config.numHiddenLayers), '--hidden', String(config.hiddenSize), '--heads', String(config.numAttentionHeads), '--vocab', String(config.vocabSize), '--batch', String(batchSize), '--seq', '64', '--steps', argument('torch_steps', '30')];
  const run = spawnSync(python, [script, ...torchArgs], { encoding: 'utf8' });
  const line = run.status === 0 ? run.stdout.trim().split('\n').pop() : undefined;
  if (line === undefined) {
    torch = { error: (run.stderr || run.error?.message || 'not available').trim().split('\n').pop() };
  } else {
    const measured = JSON.parse(line);
    const yardstickSeconds = (measured.step_ms / 1000) * step;
    torch = { stepMs: measured.step_ms, threads: measured.threads, yardstickSeconds, speedupVsPytorch: yardstickSeconds / trainSeconds, loadAverage: os.loadavg()[0] };
  }
}
console.log(
  JSON.stringify({
    task: 'sst-2',
    backend: backend.choice,
    trainRows: subset.length,
    epochs,
    batchSize,
    learningRate,
    options: { cacheFrozenLayers: cacheFrozenLayers ?? null, groupByLength, dynamicPadding: true },
    steps: step,
    lastLoss,
    trainSeconds,
    wallSeconds,
    examplesPerSecond: (subset.length * epochs) / trainSeconds,
    devAccuracy: metrics.accuracy,
    torch: torch ?? null,
    loadAverage: { start: loadAtStart, afterTraining: loadAfterTraining },
    frozenLayerCache: cache ?? null,
    adapter: path.join(outputDir, 'sst-2'),
  }),
);
optimizer.dispose();
model.dispose();
model.encoder.dispose();
