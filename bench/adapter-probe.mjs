#!/usr/bin/env node
// How much a trained task adapter carries to another task: load the adapter (without its head), keep it
// frozen, train only a new classification head for the target GLUE task, report the target's dev metrics.
// The single-adapter baseline next to AdapterFusion (bench/fusion-glue-cli.sh). Prints one JSON line per adapter.
// Usage: node bench/adapter-probe.mjs --task RTE --adapters DIR [DIR ...] [--epochs 3] [--lr 1e-3] [--model DIR]
import path from 'node:path';
import { initBackend } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads } from '@adapters/auto';
import { evaluateGlue } from '@adapters/cli';
import { createPaddingCollator, getGlueTask, iterateBatches, loadGlueFeatures, padTokenIdOf } from '@adapters/datasets';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? fallback : argv[index + 1];
};
const adapterIndex = argv.indexOf('--adapters');
const adapterDirs = adapterIndex === -1 ? [] : argv.slice(adapterIndex + 1).filter((_, index, rest) => !rest.slice(0, index + 1).some((value) => value.startsWith('--')));
const task = getGlueTask(option('task', 'RTE'));
const epochs = Number(option('epochs', '3'));
const learningRate = Number(option('lr', '1e-3'));
const maxSeqLength = Number(option('max-seq-length', '128'));
const modelFolder = option('model', 'models/bert-tiny-mlm');
const batchSize = 32;

const backend = await initBackend();
for (const adapterDir of adapterDirs) {
  const model = await AutoModelWithHeads.fromPretrained(modelFolder);
  const collate = createPaddingCollator({ padTokenId: padTokenIdOf(model.tokenizer) });
  const load = async (split) => (await loadGlueFeatures(task.name, split, { tokenizer: model.tokenizer, maxSeqLength, dataDir: option('data-dir', undefined) })).features;
  const [train, dev] = [await load('train'), await load('dev')];
  const name = await model.loadAdapter(adapterDir, { withHead: false });
  const head = `${task.name}-probe`;
  model.addClassificationHead(head, { numLabels: task.numLabels });
  // Only the new head trains: the backbone and the adapter stay frozen, other heads (the MLM head) go.
  for (const other of model.headNames()) if (other !== head) model.deleteHead(other);
  model.freezeModel(true);
  model.getHead(head).setTrainable(true);
  model.setActiveAdapters(name);
  model.activeHead = head;
  const trainable = new TrainableModelWithHeads(model);
  const headOnly = trainable.namedTrainableParameters().every(([parameter]) => parameter.startsWith(`heads.${head}.`));
  if (!headOnly) throw new Error(`only the head should train, got ${trainable.namedTrainableParameters().map(([parameter]) => parameter).join(', ')}`);
  const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
  const totalSteps = Math.ceil(train.size / batchSize) * epochs;
  const schedule = createLearningRateSchedule({ kind: 'linear', learningRate, totalSteps });
  const started = performance.now();
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const batch of iterateBatches(train, collate, { batchSize, shuffle: true, seed: 42 }, epoch)) {
      await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 1, seed: 42 });
      step += 1;
    }
  }
  const metrics = await evaluateGlue(model, task, dev, { head, batchSize: 64, padTokenId: padTokenIdOf(model.tokenizer) });
  const trainableCount = trainable.namedTrainableParameters().reduce((total, [, variable]) => total + variable.size, 0);
  console.log(JSON.stringify({
    adapter: name, folder: path.relative(process.cwd(), adapterDir), task: task.name, trainedParameters: trainableCount, steps: step,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)), dev: metrics, backend: backend.choice,
  }));
  optimizer.dispose();
  model.dispose();
  model.encoder.dispose();
}
