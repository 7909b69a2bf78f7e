#!/usr/bin/env node
// Step time of the SST-2 adapter recipe's training step on the bundled model (pfeiffer, batch 32, 32 tokens),
// with the frozen-layer cache at each k and without it, in alternating rounds so load from other jobs hits every
// variant alike. After warm-up every row is cached, so this is the steady state of epochs 2 and later.
// Usage: node bench/frozen-layer-step.mjs [--ks none,0,1,2] [--rounds 3] [--steps 20]. Prints one JSON line per variant.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdapterConfig, initBackend } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads } from '@adapters/auto';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';

const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelFolder = path.resolve(repoRoot, argument('model', '../shared/data/models/bert-tiny-mlm'));
const variants = argument('ks', 'none,0,1,2').split(',').map((value) => (value === 'none' ? undefined : Number(value)));
const rounds = Number(argument('rounds', '3'));
const steps = Number(argument('steps', '20'));
const [batchSize, length] = [32, 32];

await initBackend();
const setups = [];
for (const k of variants) {
  const model = await AutoModelWithHeads.fromPretrained(modelFolder);
  model.addAdapter('sst-2', 'text_task', AdapterConfig.load('pfeiffer', { leave_out: Array.from({ length: k ?? 0 }, (_, layer) => layer) }));
  model.addClassificationHead('sst-2', { numLabels: 2 });
  model.trainAdapter(['sst-2']);
  const trainable = new TrainableModelWithHeads(model);
  if (k !== undefined) trainable.enableFrozenLayerCache({ layers: k, maxBytes: 2 ** 30 });
  setups.push({ k, model, trainable, optimizer: new AdamW(trainable.namedTrainableParameters()), times: [] });
}
const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-4, totalSteps: 1 });
// a few fixed batches of distinct rows, right-padded like a collator's
const batches = Array.from({ length: 4 }, (_, index) => {
  const inputIds = Int32Array.from({ length: batchSize * length }, (_, position) => 1000 + ((position + index * 4099) * 7919) % 20000);
  return { inputIds, attentionMask: new Int32Array(batchSize * length).fill(1), tokenTypeIds: new Int32Array(batchSize * length), labels: Int32Array.from({ length: batchSize }, (_, row) => row % 2), shape: [batchSize, length] };
});
let step = 0;
for (let round = 0; round <= rounds; round++) {
  for (const setup of setups) {
    for (let index = 0; index < steps; index++) {
      const started = performance.now();
      await trainStep({ model: setup.trainable, batches: batches[index % batches.length], optimizer: setup.optimizer, schedule, step: step++ });
      // round 0 warms up (and fills the cache)
      if (round > 0) setup.times.push(performance.now() - started);
    }
  }
}
for (const setup of setups) {
  const sorted = [...setup.times].sort((left, right) => left - right);
  console.log(JSON.stringify({ cacheFrozenLayers: setup.k ?? null, medianStepMs: Number(sorted[sorted.length >> 1].toFixed(1)), fastestStepMs: Number(sorted[0].toFixed(1)), steps: sorted.length, loadAverage: os.loadavg()[0] }));
  setup.optimizer.dispose();
  setup.model.dispose();
}
