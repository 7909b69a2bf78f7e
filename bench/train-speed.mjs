#!/usr/bin/env node
// Training throughput on the shapes of ../shared/bench/torch_reference_bench.py (layers 4, hidden 256, heads 4,
// FFN 1024, batch 16, seq 128, vocab 30522; classification head on the CLS state; AdamW on the trainable
// parameters only) for the modes full, seq_bn, lora and head_only. For each mode, back to back: one JSON line per
// backend (each in a fresh child process, so peak RSS is its own), then the PyTorch yardstick's line and the ratios.
// `npm run bench` runs it under `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE` so both sides use the same OpenBLAS.
// Usage: node bench/train-speed.mjs [--steps 3] [--backends native,wasm] [--modes full,seq_bn,lora,head_only] [--no-torch]
// cpu is ~50x slower than native: when asked for, it runs one step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const steps = Number(option('steps', '3'));
const backends = option('backends', 'native,wasm').split(',');
const modes = option('modes', 'full,seq_bn,lora,head_only').split(',');
const withTorch = !process.argv.includes('--no-torch');
const shapes = { layers: 4, hidden: 256, batch: 16, seq: 128, vocab: 30522 };
const here = path.dirname(fileURLToPath(import.meta.url));
const torchScript = path.resolve(here, '../../shared/bench/torch_reference_bench.py');
const environment = { openblas_coretype: process.env.OPENBLAS_CORETYPE ?? null };

async function measure(backend, mode, stepCount) {
  const tf = await import('@tensorflow/tfjs-core');
  const { initBackend } = await import('@adapters/core');
  const { ModelWithHeads, TrainableModelWithHeads } = await import('@adapters/auto');
  const { BertModel, normalizeEncoderConfig } = await import('@adapters/models');
  const { AdamW, createLearningRateSchedule, trainStep } = await import('@adapters/trainer');
  await initBackend({ backend });
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
  const trainable = new TrainableModelWithHeads(model, { dropout: false });
  const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
  const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-4, totalSteps: stepCount + 1 });
  const count = shapes.batch * shapes.seq;
  const batch = {
    inputIds: new Int32Array(count).map(() => Math.floor(Math.random() * shapes.vocab)),
    attentionMask: new Int32Array(count).fill(1),
    tokenTypeIds: new Int32Array(count),
    labels: new Int32Array(shapes.batch).map(() => Math.floor(Math.random() * 2)),
    shape: [shapes.batch, shapes.seq],
  };
  let peakRss = process.memoryUsage().rss;
  await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: 0, maxGradNorm: 0 });
  const tensorsAfterWarmup = tf.memory().numTensors;
  const started = performance.now();
  for (let step = 1; step <= stepCount; step++) {
    await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 0 });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const stepMs = (performance.now() - started) / stepCount;
  return {
    source: 'adapters',
    backend,
    mode,
    ...shapes,
    steps: stepCount,
    step_ms: Math.round(stepMs),
    examples_per_s: Number(((shapes.batch * 1000) / stepMs).toFixed(2)),
    peak_rss_mb: Math.round(peakRss / 2 ** 20),
    trainable_parameters: trainable.namedTrainableParameters().reduce((total, [, variable]) => total + variable.size, 0),
    tensor_count_flat: tf.memory().numTensors === tensorsAfterWarmup,
    ...environment,
  };
}

if (process.argv[2] === '--child') {
  // One measurement per process: clean peak RSS, and no backend's pool or heap carried into the next.
  try {
    console.log(JSON.stringify(await measure(process.argv[3], process.argv[4], Number(process.argv[5]))));
  } catch (error) {
    console.log(JSON.stringify({ source: 'adapters', backend: process.argv[3], mode: process.argv[4], error: String(error?.message ?? error).split('\n')[0] }));
  }
  process.exit(0);
}

function lastJsonLine(output) {
  const line = output.trim().split('\n').filter((text) => text.startsWith('{')).pop();
  return line === undefined ? undefined : JSON.parse(line);
}

for (const mode of modes) {
  const ours = [];
  for (const backend of backends) {
    const stepCount = backend === 'cpu' ? 1 : steps;
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', backend, mode, String(stepCount)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const line = lastJsonLine(run.stdout ?? '') ?? { source: 'adapters', backend, mode, error: (run.stderr || 'no output').trim().split('\n').pop() };
    console.log(JSON.stringify(line));
    if (line.examples_per_s !== undefined) ours.push(line);
  }
  if (!withTorch) continue;
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const run = spawnSync(python, [torchScript, '--mode', mode, '--layers', String(shapes.layers), '--hidden', String(shapes.hidden), '--steps', String(steps)], { encoding: 'utf8' });
  const torch = run.status === 0 ? lastJsonLine(run.stdout) : undefined;
  if (torch === undefined) {
    console.log(JSON.stringify({ source: 'pytorch', mode, error: (run.stderr || run.error?.message || 'not available').trim().split('\n').pop() }));
    continue;
  }
  console.log(JSON.stringify({ source: 'pytorch', ...torch, ...environment }));
  for (const line of ours) {
    console.log(JSON.stringify({ source: 'ratio', mode, backend: line.backend, ratio_vs_pytorch: Number((line.examples_per_s / torch.examples_per_s).toFixed(3)) }));
  }
}
