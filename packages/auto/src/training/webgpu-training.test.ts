import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, type Batch } from '@adapters/core';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';
import { randomize, tinyBert, webgpuAvailable } from '@adapters/test-utils';
import { ModelWithHeads } from '../model-with-heads';
import { TrainableModelWithHeads } from './trainable-model-with-heads';

// Training on webgpu against the cpu backend, on identical weights. CI runs webgpu on SwiftShader
// (ADAPTERS_REQUIRE_WEBGPU=1); without any WebGPU adapter the same comparison runs on wasm.
const other = (await webgpuAvailable()) ? 'webgpu' : 'wasm';

type Mode = 'lora' | 'seq_bn' | 'fusion';
type Snapshot = Map<string, { values: Float32Array; shape: number[] }>;

// Three rows, the last padded, and token types in use.
const batch: Batch = {
  inputIds: Int32Array.from([2, 14, 27, 9, 40, 3, 2, 6, 19, 33, 3, 60, 2, 21, 3, 0, 0, 0]),
  attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
  tokenTypeIds: Int32Array.from([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]),
  labels: Int32Array.from([0, 1, 1]),
  shape: [3, 6],
};

function build(mode: Mode): { model: ModelWithHeads; dispose: () => void } {
  const backbone = tinyBert();
  const model = new ModelWithHeads(backbone);
  if (mode === 'lora') model.addAdapter('task', 'lora');
  if (mode === 'seq_bn') model.addAdapter('task', 'seq_bn');
  if (mode === 'fusion') {
    model.addAdapter('task', 'seq_bn');
    model.addAdapter('other', 'seq_bn');
    model.addAdapterFusion(['task', 'other'], 'dynamic');
  }
  model.addClassificationHead('task', { numLabels: 2 });
  if (mode === 'fusion') model.trainAdapterFusion(['task', 'other']);
  else model.trainAdapter('task');
  model.activeHead = 'task';
  return { model, dispose: () => (model.dispose(), backbone.dispose()) };
}

async function snapshot(model: ModelWithHeads): Promise<Snapshot> {
  const taken: Snapshot = new Map();
  for (const [name, variable] of model.namedParameters()) taken.set(name, { values: (await variable.data()) as Float32Array, shape: variable.shape });
  return taken;
}

function restore(model: ModelWithHeads, taken: Snapshot): void {
  for (const [name, variable] of model.namedParameters()) {
    const saved = taken.get(name)!;
    tf.tidy(() => variable.assign(tf.tensor(saved.values, saved.shape)));
  }
}

/** Five AdamW steps with gradient clipping (AddN over every trainable tensor); returns the losses. */
async function train(model: ModelWithHeads, steps = 5): Promise<number[]> {
  const trainable = new TrainableModelWithHeads(model, { dropout: false });
  const optimizer = new AdamW(trainable.namedTrainableParameters());
  const schedule = createLearningRateSchedule({ kind: 'linear', learningRate: 1e-2, totalSteps: steps, warmupSteps: 1 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) losses.push((await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 1 })).loss);
  optimizer.dispose();
  return losses;
}

describe(`training on ${other} matches cpu`, () => {
  afterAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it.each(['lora', 'seq_bn', 'fusion'] as const)('%s: the loss of 5 steps within 1e-4 of cpu from the same weights', async (mode) => {
    await initBackend({ backend: 'cpu' });
    const reference = build(mode);
    // adapter inits are exact no-ops (LoRA B = 0, bottleneck up = 0): give every weight a value
    randomize(reference.model.namedParameters().map(([, variable]) => variable), 0.05);
    const weights = await snapshot(reference.model);
    const cpuLosses = await train(reference.model);
    reference.dispose();

    await initBackend({ backend: other });
    const candidate = build(mode);
    restore(candidate.model, weights);
    const losses = await train(candidate.model);
    expect(tf.getBackend()).toBe(other);
    candidate.dispose();
    expect(cpuLosses[4]).toBeLessThan(cpuLosses[0]!);
    losses.forEach((loss, step) => expect(Math.abs(loss - cpuLosses[step]!), `step ${step}: ${loss} vs cpu ${cpuLosses[step]}`).toBeLessThan(1e-4));
  });

  // The losses check their class ids synchronously; webgpu in Node has no synchronous read of a tensor it
  // computed, so the labels heads derive (masked, shifted) must come from the host. Above 1000 elements tfjs
  // stops forwarding small ops to the CPU, so the labels here are [8, 128].
  it('gives cpu-equal losses of the tagging and causal LM heads on 1024 labels', async () => {
    const inputIds = tf.tensor2d(Array.from({ length: 1024 }, (_, index) => (index * 7) % 64), [8, 128], 'int32');
    const attentionMask = tf.tensor2d(Array.from({ length: 1024 }, (_, index) => (index % 128 < 120 ? 1 : 0)), [8, 128], 'int32');
    const labels = { labels: tf.tensor2d(Array.from({ length: 1024 }, (_, index) => (index * 5) % 3), [8, 128], 'int32') };
    const losses: Record<string, number[]> = {};
    let weights: Snapshot | undefined;
    for (const backend of ['cpu', other] as const) {
      await initBackend({ backend });
      const backbone = tinyBert({ max_position_embeddings: 128 });
      const model = new ModelWithHeads(backbone);
      model.addTaggingHead('tags', { numLabels: 3 });
      model.addCausalLmHead('lm');
      if (weights === undefined) weights = await snapshot(model);
      else restore(model, weights);
      for (const head of ['tags', 'lm']) {
        const output = model.forward({ inputIds, attentionMask }, { head, labels });
        (losses[head] ??= []).push((await output.loss!.data())[0]!);
        tf.dispose(Object.values(output).filter((value): value is tf.Tensor => value instanceof tf.Tensor));
      }
      model.dispose();
      backbone.dispose();
    }
    tf.dispose([inputIds, attentionMask, labels.labels]);
    for (const [head, [cpu, candidate]] of Object.entries(losses)) expect(Math.abs(candidate! - cpu!), head).toBeLessThan(1e-4);
  });

  it('keeps tensors and device memory flat from step to step', async () => {
    await initBackend({ backend: other });
    const { model, dispose } = build('lora');
    const trainable = new TrainableModelWithHeads(model, { dropout: true });
    const optimizer = new AdamW(trainable.namedTrainableParameters());
    const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-3, totalSteps: 12 });
    const usage = () => ({ tensors: tf.memory().numTensors, bytes: (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU ?? tf.memory().numBytes });
    await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: 0, maxGradNorm: 1 });
    const after = usage();
    for (let step = 1; step < 12; step++) await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 1 });
    expect(usage()).toEqual(after);
    optimizer.dispose();
    dispose();
  });
});
