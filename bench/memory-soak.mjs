#!/usr/bin/env node
// Memory soak: trains seq_bn for many steps and prints JSON lines with the tensor count, tensor bytes, RSS and
// (on native) the buffer pool's state, so flatness over 500 steps can be checked. Smaller shapes than
// train-speed.mjs keep 500 steps to about a minute on native.
// Usage: node bench/memory-soak.mjs [--backend native] [--steps 500] [--every 100]
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@adapters/core';
import { ModelWithHeads, TrainableModelWithHeads } from '@adapters/auto';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';
import { bertEncoder } from './lib/measure-train-step.mjs';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const backend = option('backend', 'native');
const steps = Number(option('steps', '500'));
const every = Number(option('every', '100'));
const shapes = { layers: 2, hidden: 128, batch: 8, seq: 64, vocab: 1000 };

const report = await initBackend({ backend });
const encoder = await bertEncoder(shapes);
const model = new ModelWithHeads(encoder);
model.addClassificationHead('task', { numLabels: 2 });
model.addAdapter('task', 'seq_bn');
model.trainAdapter('task');
model.activeHead = 'task';
const trainable = new TrainableModelWithHeads(model, { dropout: false });
const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-4, totalSteps: steps + 1 });
const count = shapes.batch * shapes.seq;
const batchAt = (step) => ({
  inputIds: new Int32Array(count).map((_, index) => (index * 31 + step * 7) % shapes.vocab),
  attentionMask: new Int32Array(count).fill(1),
  tokenTypeIds: new Int32Array(count),
  labels: new Int32Array(shapes.batch).map((_, index) => (index + step) % 2),
  shape: [shapes.batch, shapes.seq],
});

const samples = [];
const started = performance.now();
for (let step = 1; step <= steps; step++) {
  await trainStep({ model: trainable, batches: batchAt(step), optimizer, schedule, step, maxGradNorm: 1 });
  if (step === 10 || step % every === 0) {
    const memory = tf.memory();
    const pool = tf.backend().pool?.stats();
    const sample = {
      source: 'memory-soak',
      backend: report.choice,
      step,
      tensors: memory.numTensors,
      tensor_mb: Number((memory.numBytes / 2 ** 20).toFixed(2)),
      rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
      ...(pool === undefined ? {} : { pool_free_mb: Number((pool.freeBytes / 2 ** 20).toFixed(2)), pool_misses: pool.misses }),
    };
    samples.push(sample);
    console.log(JSON.stringify(sample));
  }
}
const first = samples[0];
const last = samples[samples.length - 1];
console.log(
  JSON.stringify({
    source: 'memory-soak-summary',
    backend: report.choice,
    steps,
    ms_per_step: Math.round((performance.now() - started) / steps),
    tensors_flat: samples.every((sample) => sample.tensors === first.tensors),
    tensor_bytes_flat: samples.every((sample) => sample.tensor_mb === first.tensor_mb),
    // V8 and the pool warm up over the first ~100 steps; after that RSS should stay flat.
    rss_growth_mb_after_step_10: last.rss_mb - first.rss_mb,
    rss_growth_mb_after_step_100: last.rss_mb - (samples.find((sample) => sample.step >= 100) ?? first).rss_mb,
    pool_allocations_flat: samples.every((sample) => sample.pool_misses === first.pool_misses),
  }),
);
optimizer.dispose();
model.dispose();
encoder.dispose();
