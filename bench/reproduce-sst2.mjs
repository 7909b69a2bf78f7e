#!/usr/bin/env node
// Reproduction of the issue-6 recipe with the bundled BERT: pfeiffer adapter on a seeded random 20,000-row
// subset of SST-2 train, max_seq_length 64, batch 32, lr 1e-3, 3 epochs, AdamW (HF defaults: no weight decay,
// linear decay, no warmup), full SST-2 dev. Prints one JSON line. Needs the built packages (`npm run build`).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdapterConfig, initBackend } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads } from '@adapters/auto';
import { evaluateGlue } from '@adapters/cli';
import { SeededRandom, batchIndices, createPaddingCollator, getGlueTask, loadGlueFeatures, padTokenIdOf } from '@adapters/datasets';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';

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

const backend = await initBackend();
const model = await AutoModelWithHeads.fromPretrained(modelFolder);
const tokenizer = model.tokenizer;
model.addAdapter('sst-2', 'text_task', AdapterConfig.load('pfeiffer'));
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
const stepsPerEpoch = Math.ceil(subset.length / batchSize);
const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
const schedule = createLearningRateSchedule({ kind: 'linear', learningRate, totalSteps: stepsPerEpoch * epochs, warmupSteps: 0 });

const started = performance.now();
let step = 0;
let lastLoss = NaN;
for (let epoch = 0; epoch < epochs; epoch++) {
  for (const positions of batchIndices(subset.length, { batchSize, shuffle: true, seed }, epoch)) {
    const batch = collate(train, Array.from(positions, (position) => subset[position]));
    const result = await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 1 });
    lastLoss = result.loss;
    step += 1;
    if (step % 100 === 0) console.error(JSON.stringify({ step, epoch, loss: result.loss, seconds: (performance.now() - started) / 1000 }));
  }
}
const trainSeconds = (performance.now() - started) / 1000;
const metrics = await evaluateGlue(model, getGlueTask('sst-2'), dev, { head: model.activeHead, batchSize: 64, padTokenId: padTokenIdOf(model.tokenizer) });
await model.saveAdapter(path.join(outputDir, 'sst-2'), 'sst-2');
console.log(JSON.stringify({ task: 'sst-2', backend: backend.choice, trainRows: subset.length, epochs, batchSize, learningRate, steps: step, lastLoss, trainSeconds, examplesPerSecond: (subset.length * epochs) / trainSeconds, devAccuracy: metrics.accuracy, adapter: path.join(outputDir, 'sst-2') }));
optimizer.dispose();
model.dispose();
model.encoder.dispose();
