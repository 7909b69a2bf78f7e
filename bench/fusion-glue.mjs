#!/usr/bin/env node
// AdapterFusion end to end on real GLUE data with the bundled BERT: train a pfeiffer task adapter (+ head) on
// each source task (a seeded subset), train one on the target task, then fuse all of them on the target task
// (`dynamic` fusion, adapters frozen) and report every dev score. Prints JSON lines. Needs `npm run build`.
// Usage: node bench/fusion-glue.mjs [--sources SST-2:4000,MRPC:3668,CoLA:4000] [--target RTE] [--epochs 1]
//        [--fusion-epochs 2] [--lr 1e-3] [--fusion-lr 5e-4]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdapterConfig, Fuse, initBackend } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads } from '@adapters/auto';
import { evaluateGlue } from '@adapters/cli';
import { SeededRandom, batchIndices, createPaddingCollator, getGlueTask, loadGlueFeatures, padTokenIdOf } from '@adapters/datasets';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelFolder = path.resolve(repoRoot, option('model', '../shared/data/models/bert-tiny-mlm'));
const sources = option('sources', 'SST-2:4000,MRPC:3668,CoLA:4000').split(',').map((entry) => {
  const [task, rows] = entry.split(':');
  return { task, rows: Number(rows ?? Infinity) };
});
const target = option('target', 'RTE');
const epochs = Number(option('epochs', '1'));
const fusionEpochs = Number(option('fusion-epochs', '2'));
const learningRate = Number(option('lr', '1e-3'));
const fusionLearningRate = Number(option('fusion-lr', '5e-4'));
const maxSeqLength = Number(option('max-seq-length', '128'));
const batchSize = 32;
const outputDir = path.resolve(repoRoot, option('output', 'bench/results/fusion'));
const cacheDir = path.join(repoRoot, '.cache');

const backend = await initBackend();
const model = await AutoModelWithHeads.fromPretrained(modelFolder);
const tokenizer = model.tokenizer;
const collate = createPaddingCollator({ padTokenId: padTokenIdOf(tokenizer) });
const nameOf = (task) => task.toLowerCase().replace(/[^a-z0-9]/g, '');

async function features(task, split) {
  return (await loadGlueFeatures(task, split, { tokenizer, maxSeqLength, cacheDir })).features;
}

async function train(task, rows, runEpochs, rate, label) {
  const store = await features(task, 'train');
  const random = new SeededRandom(42);
  const order = Array.from({ length: store.size }, (_, index) => index);
  for (let index = order.length - 1; index > 0; index--) {
    const other = random.nextInt(index + 1);
    [order[index], order[other]] = [order[other], order[index]];
  }
  const subset = order.slice(0, Math.min(rows, store.size)).sort((a, b) => a - b);
  const trainable = new TrainableModelWithHeads(model);
  const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
  const steps = Math.ceil(subset.length / batchSize) * runEpochs;
  const schedule = createLearningRateSchedule({ kind: 'linear', learningRate: rate, totalSteps: steps, warmupSteps: 0 });
  const started = performance.now();
  let step = 0;
  for (let epoch = 0; epoch < runEpochs; epoch++) {
    for (const positions of batchIndices(subset.length, { batchSize, shuffle: true, seed: 42 }, epoch)) {
      await trainStep({ model: trainable, batches: collate(store, Array.from(positions, (position) => subset[position])), optimizer, schedule, step, maxGradNorm: 1 });
      step += 1;
    }
  }
  optimizer.dispose();
  return { label, trainRows: subset.length, epochs: runEpochs, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
}

async function evaluate(task) {
  return evaluateGlue(model, getGlueTask(task), await features(task, 'dev'), { head: model.activeHead, batchSize: 64, padTokenId: padTokenIdOf(tokenizer) });
}

const adapterNames = [];
for (const { task, rows } of [...sources, { task: target, rows: Infinity }]) {
  const name = nameOf(task);
  const glue = getGlueTask(task);
  model.addAdapter(name, 'text_task', AdapterConfig.load('pfeiffer'));
  model.addClassificationHead(name, { numLabels: glue.numLabels });
  model.trainAdapter([name]);
  const run = await train(task, rows, epochs, learningRate, `adapter ${name}`);
  const metrics = await evaluate(task);
  await model.saveAdapter(path.join(outputDir, name), name);
  console.log(JSON.stringify({ ...run, task, dev: metrics, backend: backend.choice }));
  adapterNames.push(name);
}

const fusionHead = `${nameOf(target)}-fusion`;
const fuse = Fuse(...adapterNames);
model.addAdapterFusion(fuse, 'dynamic');
model.addClassificationHead(fusionHead, { numLabels: getGlueTask(target).numLabels });
model.trainAdapterFusion(fuse);
model.activeHead = fusionHead;
const run = await train(target, Infinity, fusionEpochs, fusionLearningRate, `fusion ${fuse.name}`);
const metrics = await evaluate(target);
await model.saveAdapterFusion(path.join(outputDir, fuse.name), fuse.name);
await model.saveHead(path.join(outputDir, fusionHead), fusionHead);
console.log(JSON.stringify({ ...run, task: target, dev: metrics, fused: adapterNames }));
model.dispose();
model.encoder.dispose();
