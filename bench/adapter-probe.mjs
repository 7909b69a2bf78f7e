#!/usr/bin/env node
// How much a trained task adapter carries to another task: load the adapter (without its head), keep it and
// the backbone frozen, train only a new classification head for the target GLUE task, report the target's dev
// metrics: the single-adapter baseline next to AdapterFusion (bench/fusion-glue-cli.sh). Everything below the
// head is frozen, so the [CLS] states are computed once per split (eval mode) and the head trains on them.
// Prints one JSON line per adapter.
// Usage: node bench/adapter-probe.mjs --task RTE --adapters DIR [DIR ...] [--epochs 10] [--lr 1e-3] [--model DIR]
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@adapters/core';
import { AutoModelWithHeads, batchTensors } from '@adapters/auto';
import { SeededRandom, createPaddingCollator, getGlueTask, glueComputeMetrics, iterateBatches, loadGlueFeatures, padTokenIdOf } from '@adapters/datasets';
import { AdamW, createLearningRateSchedule } from '@adapters/trainer';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? fallback : argv[index + 1];
};
const adapterIndex = argv.indexOf('--adapters');
const adapterDirs = [];
for (let index = adapterIndex + 1; adapterIndex !== -1 && index < argv.length && !argv[index].startsWith('--'); index++) adapterDirs.push(argv[index]);
const task = getGlueTask(option('task', 'RTE'));
const epochs = Number(option('epochs', '10'));
const learningRate = Number(option('lr', '1e-3'));
const maxSeqLength = Number(option('max-seq-length', '128'));
const modelFolder = option('model', 'models/bert-tiny-mlm');
const batchSize = 32;

/** The [CLS] state of every row, [N, 1, H], and the labels. */
async function clsStates(model, store, collate) {
  const parts = [];
  const labels = [];
  for (const batch of iterateBatches(store, collate, { batchSize: 64, shuffle: false }, 0)) {
    parts.push(tf.tidy(() => {
      const { inputs } = batchTensors(batch);
      const hidden = model.forward(inputs, { head: null }).lastHiddenState;
      return tf.slice(hidden, [0, 0, 0], [hidden.shape[0], 1, hidden.shape[2]]);
    }));
    labels.push(...batch.labels);
  }
  const states = tf.concat(parts, 0);
  tf.dispose(parts);
  return { states, labels: Int32Array.from(labels) };
}

const backend = await initBackend();
for (const adapterDir of adapterDirs) {
  const started = performance.now();
  const model = await AutoModelWithHeads.fromPretrained(modelFolder);
  const collate = createPaddingCollator({ padTokenId: padTokenIdOf(model.tokenizer) });
  const load = async (split) => (await loadGlueFeatures(task.name, split, { tokenizer: model.tokenizer, maxSeqLength, dataDir: option('data-dir', undefined) })).features;
  const name = await model.loadAdapter(adapterDir, { withHead: false });
  model.setActiveAdapters(name);
  const train = await clsStates(model, await load('train'), collate);
  const dev = await clsStates(model, await load('dev'), collate);
  const head = model.addClassificationHead(`${task.name}-probe`, { numLabels: task.numLabels });
  const parameters = head.namedParameters();
  const optimizer = new AdamW(parameters, { weightDecay: 0 });
  const stepsPerEpoch = Math.ceil(train.labels.length / batchSize);
  const schedule = createLearningRateSchedule({ kind: 'linear', learningRate, totalSteps: stepsPerEpoch * epochs });
  const random = new SeededRandom(42);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = random.shuffle(Int32Array.from({ length: train.labels.length }, (_, row) => row));
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.subarray(start, start + batchSize);
      const gradientList = tf.tidy(() => {
        const index = tf.tensor1d(rows, 'int32');
        const states = tf.gather(train.states, index);
        const labels = tf.gather(tf.tensor1d(train.labels, 'int32'), index);
        const { value, grads } = tf.variableGrads(
          () => head.forward({ lastHiddenState: states, attentionMask: tf.ones([rows.length, 1], 'int32') }, { labels }, { training: true }).loss,
          parameters.map(([, variable]) => variable),
        );
        value.dispose();
        return parameters.map(([, variable]) => grads[variable.name]);
      });
      optimizer.step(new Map(parameters.map(([parameter], index) => [parameter, gradientList[index]])), schedule.learningRateAt(step));
      tf.dispose(gradientList);
      step += 1;
    }
  }
  const predictions = tf.tidy(() => {
    const logits = head.forward({ lastHiddenState: dev.states, attentionMask: tf.ones([dev.labels.length, 1], 'int32') }).logits;
    return Array.from(tf.argMax(logits, -1).dataSync());
  });
  console.log(JSON.stringify({
    adapter: name, folder: path.relative(process.cwd(), adapterDir), task: task.name, trainedParameters: parameters.reduce((total, [, variable]) => total + variable.size, 0),
    epochs, steps: step, seconds: Number(((performance.now() - started) / 1000).toFixed(1)), dev: glueComputeMetrics(task.name, predictions, Array.from(dev.labels)), backend: backend.choice,
  }));
  tf.dispose([train.states, dev.states]);
  optimizer.dispose();
  model.dispose();
  model.encoder.dispose();
}
