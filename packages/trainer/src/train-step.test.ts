import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dropout, InvalidConfigError, nextDropoutSeed } from '@adapters/core';
import { AdamW } from './optimizers/adamw';
import { createLearningRateSchedule } from './schedules/learning-rate-schedule';
import { makeBatch, TinyClassifier, toyDataset } from './testing/tiny-classifier';
import { trainStep } from './train-step';

const batchOfFour = makeBatch([[0, 1], [2, 3], [4, 5], [6, 7]], [1, 0, 1, 1]);
const firstHalf = makeBatch([[0, 1], [2, 3]], [1, 0]);
const secondHalf = makeBatch([[4, 5], [6, 7]], [1, 1]);

function setup(seed = 1): { model: TinyClassifier; optimizer: AdamW } {
  const model = new TinyClassifier({ seed });
  return { model, optimizer: new AdamW(model.namedTrainableParameters(), { weightDecay: 0.01 }) };
}

describe('trainStep', () => {
  it('reports the pre-update loss, the pre-clip gradient norm and the scheduled rate, and updates the weights', async () => {
    const { model, optimizer } = setup();
    const schedule = createLearningRateSchedule({ learningRate: 1e-2, totalSteps: 5, warmupSteps: 2 });
    const lossBefore = tf.tidy(() => model.loss(batchOfFour, { training: false }));
    const expectedLoss = (await lossBefore.data())[0];
    lossBefore.dispose();
    // The same gradients, taken by hand.
    const { value, grads } = tf.variableGrads(() => model.loss(batchOfFour, { training: true }), model.namedTrainableParameters().map(([, variable]) => variable));
    const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((gradient) => tf.sum(tf.square(gradient))))));
    const expectedNorm = (await norm.data())[0];
    tf.dispose([value, norm, ...Object.values(grads)]);

    const weightsBefore = await model.weights();
    const result = await trainStep({ model, batches: batchOfFour, optimizer, schedule, step: 1 });
    expect(result.loss).toBeCloseTo(expectedLoss ?? Number.NaN, 6);
    expect(result.gradNorm).toBeCloseTo(expectedNorm ?? Number.NaN, 6);
    expect(result.learningRate).toBeCloseTo(5e-3, 12);
    expect(result.examples).toBe(4);
    expect(await model.weights()).not.toEqual(weightsBefore);
    optimizer.dispose();
    model.dispose();
  });

  it('gives the same update for 2 accumulated micro-batches of 2 as for 1 batch of 4', async () => {
    const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 0.05, totalSteps: 3 });
    const whole = setup(3);
    const accumulated = setup(3);
    for (let step = 0; step < 3; step += 1) {
      const one = await trainStep({ model: whole.model, batches: batchOfFour, optimizer: whole.optimizer, schedule, step, maxGradNorm: 0.5 });
      const two = await trainStep({ model: accumulated.model, batches: [firstHalf, secondHalf], optimizer: accumulated.optimizer, schedule, step, maxGradNorm: 0.5 });
      expect(two.loss).toBeCloseTo(one.loss, 6);
      expect(two.gradNorm).toBeCloseTo(one.gradNorm, 6);
      expect(two.examples).toBe(4);
    }
    const wholeWeights = await whole.model.weights();
    (await accumulated.model.weights()).forEach((weight, index) => expect(weight).toBeCloseTo(wholeWeights[index] ?? Number.NaN, 5));
    for (const run of [whole, accumulated]) {
      run.optimizer.dispose();
      run.model.dispose();
    }
  });

  it('with clipping off (maxGradNorm 0) makes the unclipped update without computing the norm (HF: no grad_norm)', async () => {
    const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 0.05, totalSteps: 3 });
    // Infinity computes the norm but never clips: the same update as clipping off.
    const [off, infinite] = [setup(7), setup(7)];
    for (let step = 0; step < 3; step += 1) {
      const withoutNorm = await trainStep({ model: off.model, batches: batchOfFour, optimizer: off.optimizer, schedule, step, maxGradNorm: 0 });
      const withNorm = await trainStep({ model: infinite.model, batches: batchOfFour, optimizer: infinite.optimizer, schedule, step, maxGradNorm: Infinity });
      expect(withoutNorm.gradNorm).toBeNaN();
      expect(withNorm.gradNorm).toBeGreaterThan(0);
      expect(withoutNorm.loss).toBe(withNorm.loss);
    }
    expect(await off.model.weights()).toEqual(await infinite.model.weights());
    // The norm squares each gradient once: clipping off runs none of those squares.
    const squares = async (maxGradNorm: number) =>
      (await tf.profile(async () => void (await trainStep({ model: off.model, batches: batchOfFour, optimizer: off.optimizer, schedule, step: 3, maxGradNorm })))).kernels.filter((kernel) => kernel.name === 'Square').length;
    expect(await squares(Infinity)).toBe((await squares(0)) + off.model.namedTrainableParameters().length);
    for (const run of [off, infinite]) {
      run.optimizer.dispose();
      run.model.dispose();
    }
  });

  it('learns a learnable toy problem: the loss goes down', async () => {
    const { model, optimizer } = setup(5);
    const data = toyDataset({ examples: 32, batchSize: 8 });
    const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 0.05, totalSteps: 60 });
    const losses: number[] = [];
    for (let step = 0; step < 60; step += 1) {
      const batches = data.batches(Math.floor(step / data.length), 1);
      const result = await trainStep({ model, batches: batches[step % data.length] ?? [], optimizer, schedule, step });
      losses.push(result.loss);
    }
    const mean = (values: number[]): number => values.reduce((total, value) => total + value, 0) / values.length;
    expect(mean(losses.slice(-8))).toBeLessThan(0.6 * mean(losses.slice(0, 8)));
    optimizer.dispose();
    model.dispose();
  });

  it('keeps the tensor count flat over 50 steps after the first', async () => {
    const { model, optimizer } = setup();
    const schedule = createLearningRateSchedule({ learningRate: 1e-2, totalSteps: 51, warmupSteps: 5 });
    await trainStep({ model, batches: [firstHalf, secondHalf], optimizer, schedule, step: 0 });
    const tensorsAfterFirst = tf.memory().numTensors;
    for (let step = 1; step <= 50; step += 1) {
      await trainStep({ model, batches: [firstHalf, secondHalf], optimizer, schedule, step });
      expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    }
    optimizer.dispose();
    model.dispose();
  });

  it('refuses a listed parameter that tfjs would silently skip (trainable = false) and an empty batch list', async () => {
    const { model, optimizer } = setup();
    const schedule = createLearningRateSchedule({ learningRate: 1e-2, totalSteps: 1 });
    await expect(trainStep({ model, batches: [], optimizer, schedule, step: 0 })).rejects.toBeInstanceOf(InvalidConfigError);
    model.parameter('classifier.bias').trainable = false;
    await expect(trainStep({ model, batches: batchOfFour, optimizer, schedule, step: 0 })).rejects.toThrow(/classifier\.bias/);
    optimizer.dispose();
    model.dispose();
  });
});

describe('trainStep with dropout', () => {
  /** A one-weight model whose loss goes through dropout, so its value shows which mask was drawn. */
  function dropoutModel(): { model: import('@adapters/core').TrainableModel; weight: tf.Variable } {
    const weight = tf.tidy(() => tf.variable(tf.ones([256]), true, 'dropout-test/weight'));
    const model = {
      loss: (_batch: unknown, options: { readonly training: boolean }) => tf.tidy(() => tf.sum(dropout(tf.mul(weight, 1), 0.5, options.training)) as tf.Scalar),
      predict: () => tf.clone(weight),
      namedTrainableParameters: (): Array<[string, tf.Variable]> => [['weight', weight]],
    } as unknown as import('@adapters/core').TrainableModel;
    return { model, weight };
  }

  it('draws the same masks for the same (seed, step), so a resumed run repeats the uninterrupted one', async () => {
    const losses: number[] = [];
    for (const step of [5, 5, 6]) {
      const { model, weight } = dropoutModel();
      const optimizer = new AdamW(model.namedTrainableParameters(), { weightDecay: 0 });
      const schedule = createLearningRateSchedule({ learningRate: 1e-3, totalSteps: 10 });
      losses.push((await trainStep({ model, batches: batchOfFour, optimizer, schedule, step, seed: 42 })).loss);
      optimizer.dispose();
      weight.dispose();
    }
    expect(losses[0]).toBe(losses[1]);
    expect(losses[2]).not.toBe(losses[0]);
    expect(nextDropoutSeed()).toBeUndefined();
  });
});
