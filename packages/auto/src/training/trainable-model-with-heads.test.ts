import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '@adapters/core';
import type { BertModel } from '@adapters/models';
import { AdamW, createLearningRateSchedule, trainStep } from '@adapters/trainer';
import { maxAbsDifference, tinyBert } from '@adapters/test-utils';
import { ModelWithHeads } from '../model-with-heads';
import { TrainableModelWithHeads } from './trainable-model-with-heads';

let backbone: BertModel;
let model: ModelWithHeads;
let folder: string;

const batch: Batch = {
  // different first tokens: a random tiny BERT gives two [CLS]-like first states that barely differ otherwise
  inputIds: Int32Array.from([5, 17, 33, 9, 41, 3, 11, 8, 12, 3, 0, 0]),
  attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
  tokenTypeIds: new Int32Array(12),
  labels: Int32Array.from([1, 0]),
  shape: [2, 6],
};

beforeEach(async () => {
  backbone = tinyBert();
  model = new ModelWithHeads(backbone);
  model.addAdapter('task', 'seq_bn');
  model.addClassificationHead('task', { numLabels: 2 });
  model.trainAdapter('task');
  folder = await mkdtemp(path.join(os.tmpdir(), 'adapters-trainable-'));
});

afterEach(async () => {
  model.dispose();
  backbone.dispose();
  await rm(folder, { recursive: true, force: true });
});

describe('TrainableModelWithHeads', () => {
  it('learns a fixed batch, keeps the tensor count flat over 200 steps, and trains adapters only', async () => {
    const trainable = new TrainableModelWithHeads(model, { dropout: false });
    expect(trainable.trainsAdaptersOnly).toBe(true);
    expect(trainable.namedTrainableParameters().every(([name]) => name.includes('.adapters.task.') || name.startsWith('heads.task.'))).toBe(true);
    const optimizer = new AdamW(trainable.namedTrainableParameters());
    const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-2, totalSteps: 201 });
    const first = await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: 0 });
    const tensors = tf.memory().numTensors;
    let last = first;
    for (let step = 1; step <= 200; step++) last = await trainStep({ model: trainable, batches: batch, optimizer, schedule, step });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(last.loss).toBeLessThan(first.loss / 10);
    optimizer.dispose();
  });

  it('checkpoints hold adapters and heads in the AdapterHub layout and restore the weights in place', async () => {
    const trainable = new TrainableModelWithHeads(model);
    await trainable.saveCheckpoint(folder);
    expect((await readdir(path.join(folder, 'task'))).sort()).toEqual(['adapter.safetensors', 'adapter_config.json', 'head_config.json', 'model_head.safetensors']);
    const saved = trainable.namedTrainableParameters().map(([, variable]) => tf.clone(variable));
    const optimizer = new AdamW(trainable.namedTrainableParameters());
    await trainStep({ model: trainable, batches: batch, optimizer, schedule: createLearningRateSchedule({ kind: 'constant', learningRate: 0.1, totalSteps: 1 }), step: 0 });
    optimizer.dispose();
    expect(maxAbsDifference(trainable.namedTrainableParameters()[0]![1], saved[0]!)).toBeGreaterThan(0);
    await trainable.loadCheckpoint(folder);
    trainable.namedTrainableParameters().forEach(([, variable], index) => expect(maxAbsDifference(variable, saved[index]!)).toBe(0));
    expect(trainable.namedTrainableParameters()).toHaveLength(saved.length);
    tf.dispose(saved);
  });

  it('adds the fusion regularisation term to the loss of a dynamic fusion', () => {
    model.addAdapter('other', 'seq_bn');
    model.addAdapterFusion(['task', 'other'], 'dynamic');
    model.trainAdapterFusion(['task', 'other']);
    model.activeHead = 'task';
    const trainable = new TrainableModelWithHeads(model, { dropout: false });
    const fusion = model.fusionEntry('task,other');
    const value = fusion.namedParameters().find(([name]) => name.endsWith('value.weight'))![1];
    const withLoss = () => tf.tidy(() => trainable.loss(batch, { training: false }).dataSync()[0]!);
    const before = withLoss();
    tf.tidy(() => value.assign(tf.add(value, 1)));
    const regularization = tf.tidy(() => fusion.regularizationLoss().dataSync()[0]!);
    expect(regularization).toBeGreaterThan(1);
    expect(withLoss()).not.toBeCloseTo(before, 3);
  });

  it('passes QA start/end positions of a batch to the question-answering head', () => {
    model.addQaHead('qa');
    const trainable = new TrainableModelWithHeads(model, { head: 'qa', dropout: false });
    const lossOf = (start: number[], end: number[]): number =>
      tf.tidy(() => trainable.loss({ ...batch, labels: undefined, startPositions: Int32Array.from(start), endPositions: Int32Array.from(end) }, { training: false }).dataSync()[0]!);
    // The positions reach the head's cross-entropy: other positions, another loss.
    expect(Number.isFinite(lossOf([1, 2], [3, 2]))).toBe(true);
    expect(lossOf([1, 2], [3, 2])).not.toBeCloseTo(lossOf([2, 1], [2, 3]), 6);
  });
});

