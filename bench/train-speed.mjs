#!/usr/bin/env node
// Training throughput on the shapes of ../shared/bench/torch_reference_bench.py (layers 4, hidden 256, heads 4,
// FFN 1024, batch 16, seq 128, vocab 30522; classification head on the CLS state; AdamW on the trainable
// parameters only) for the modes full, seq_bn, lora and head_only. One JSON line per mode and backend, then the
// PyTorch yardstick's line from the same run (when python3 + torch are installed) and the ratio.
// Usage: node bench/train-speed.mjs [--steps 3] [--backends wasm] [--modes full,seq_bn,lora,head_only] [--no-torch]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@adapters/core';
import { ModelWithHeads, TrainableModelWithHeads } from '@adapters/auto';
import { BertModel, normalizeEncoderConfig } from '@adapters/models';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const steps = Number(option('steps', '3'));
const backends = option('backends', 'wasm').split(',');
const modes = option('modes', 'full,seq_bn,lora,head_only').split(',');
const withTorch = !process.argv.includes('--no-torch');
const shapes = { layers: 4, hidden: 256, batch: 16, seq: 128, vocab: 30522 };
const torchScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/bench/torch_reference_bench.py');

function buildModel(mode) {
  const encoder = new BertModel(
    normalizeEncoderConfig({
      model_type: 'bert',
      vocab_size: shapes.vocab,
      hidden_size: shapes.hidden,
      num_hidden_layers: shapes.layers,
      num_attention_heads: shapes.hidden / 64,
      intermediate_size: 4 * shapes.hidden,
      max_position_embeddings: 512,
    }),
  );
  const model = new ModelWithHeads(encoder);
  model.addClassificationHead('task', { numLabels: 2 });
  if (mode === 'seq_bn') model.addAdapter('task', 'seq_bn');
  if (mode === 'lora') model.addAdapter('task', 'lora[r=8,alpha=8]');
  if (mode === 'seq_bn' || mode === 'lora') model.trainAdapter('task');
  if (mode === 'head_only') model.freezeModel(true);
  model.activeHead = 'task';
  return model;
}

function randomBatch() {
  const count = shapes.batch * shapes.seq;
  const inputIds = new Int32Array(count).map(() => Math.floor(Math.random() * shapes.vocab));
  return {
    inputIds,
    attentionMask: new Int32Array(count).fill(1),
    tokenTypeIds: new Int32Array(count),
    labels: new Int32Array(shapes.batch).map(() => Math.floor(Math.random() * 2)),
    shape: [shapes.batch, shapes.seq],
  };
}

const results = [];
for (const backend of backends) {
  await initBackend({ backend });
  for (const mode of modes) {
    const model = buildModel(mode);
    const trainable = new TrainableModelWithHeads(model, { dropout: false });
    const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
    const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-4, totalSteps: steps + 1 });
    const batch = randomBatch();
    let peakRss = process.memoryUsage().rss;
    await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: 0, maxGradNorm: 0 });
    const tensorsAfterWarmup = tf.memory().numTensors;
    const started = performance.now();
    for (let step = 1; step <= steps; step++) {
      await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 0 });
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const stepMs = (performance.now() - started) / steps;
    const line = {
      source: 'adapters',
      backend,
      mode,
      ...shapes,
      step_ms: Math.round(stepMs),
      examples_per_s: Number(((shapes.batch * 1000) / stepMs).toFixed(2)),
      peak_rss_mb: Math.round(peakRss / 2 ** 20),
      trainable_parameters: trainable.namedTrainableParameters().reduce((total, [, variable]) => total + variable.size, 0),
      tensor_count_flat: tf.memory().numTensors === tensorsAfterWarmup,
    };
    console.log(JSON.stringify(line));
    results.push(line);
    optimizer.dispose();
    model.dispose();
    model.encoder.dispose();
  }
}

if (withTorch) {
  for (const mode of modes) {
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const run = spawnSync(python, [torchScript, '--mode', mode, '--layers', String(shapes.layers), '--hidden', String(shapes.hidden), '--steps', String(steps)], { encoding: 'utf8' });
    if (run.status !== 0) {
      console.log(JSON.stringify({ source: 'pytorch', mode, error: (run.stderr || run.error?.message || 'not available').trim().split('\n').pop() }));
      continue;
    }
    const torch = JSON.parse(run.stdout.trim().split('\n').pop());
    console.log(JSON.stringify({ source: 'pytorch', ...torch }));
    for (const ours of results.filter((line) => line.mode === mode)) {
      console.log(JSON.stringify({ source: 'ratio', mode, backend: ours.backend, ratio_vs_pytorch: Number((ours.examples_per_s / torch.examples_per_s).toFixed(3)) }));
    }
  }
}
