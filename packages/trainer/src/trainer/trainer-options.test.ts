import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@adapters/core';
import { makeBatch } from '../testing/tiny-classifier';
import { resolveTrainerOptions, type TrainerOptions } from './trainer-options';
import { countEpochBatches, toTrainingDataSource } from './training-data';

const batch = makeBatch([[1]], [0]);
const trainingData = (): Iterable<ReturnType<typeof makeBatch>> => [batch, batch, batch];
const evaluate = (): Promise<Record<string, number>> => Promise.resolve({ accuracy: 1 });

describe('resolveTrainerOptions', () => {
  it('leaves the frozen-layer cache off by default; with cacheFrozenLayers its budget defaults to 1 GiB; bad values name the option', () => {
    expect(resolveTrainerOptions({ trainingData })).toMatchObject({ cacheFrozenLayers: undefined, frozenLayerCacheBytes: 2 ** 30 });
    expect(resolveTrainerOptions({ trainingData, cacheFrozenLayers: 0, frozenLayerCacheBytes: 4096 })).toMatchObject({ cacheFrozenLayers: 0, frozenLayerCacheBytes: 4096 });
    expect(() => resolveTrainerOptions({ trainingData, cacheFrozenLayers: -1 })).toThrow(expect.objectContaining({ path: 'cacheFrozenLayers' }));
    expect(() => resolveTrainerOptions({ trainingData, frozenLayerCacheBytes: 0 })).toThrow(expect.objectContaining({ path: 'frozenLayerCacheBytes' }));
  });

  it('applies HF defaults', () => {
    const options = resolveTrainerOptions({ trainingData });
    expect(options).toMatchObject({
      epochs: 3,
      learningRate: 5e-5,
      weightDecay: 0,
      maxGradNorm: 1,
      gradientAccumulationSteps: 1,
      seed: 42,
      schedule: 'linear',
      evalEvery: undefined,
      saveEvery: 'epoch',
      metricForBestModel: 'eval_loss',
      greaterIsBetter: false,
      loadBestModelAtEnd: false,
    });
    expect(resolveTrainerOptions({ trainingData, evaluate, metricForBestModel: 'accuracy' })).toMatchObject({
      evalEvery: 'epoch',
      metricForBestModel: 'eval_accuracy',
      greaterIsBetter: true,
    });
    expect(resolveTrainerOptions({ trainingData, schedule: 'constant_with_warmup' as TrainerOptions['schedule'] }).schedule).toBe('constant-with-warmup');
  });

  it.each<[string, Partial<TrainerOptions>]>([
    ['loadBestModelAtEnd', { loadBestModelAtEnd: true, evaluate }],
    ['evaluate', { evalEvery: 10 }],
    ['evaluate', { earlyStoppingPatience: 3 }],
    ['evalEvery', { evaluate, evalEvery: 0 }],
    ['gradientAccumulationSteps', { gradientAccumulationSteps: 1.5 }],
    ['schedule', { schedule: 'polynomial' as TrainerOptions['schedule'] }],
    ['warmupRatio', { warmupRatio: 2 }],
    ['learningRate', { learningRate: -1 }],
    ['saveEvery', { saveEvery: -2 }],
  ])('rejects a bad %s', (path, overrides) => {
    const attempt = (): unknown => resolveTrainerOptions({ trainingData, ...overrides });
    expect(attempt).toThrow(InvalidConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidConfigError).path).toBe(path);
    }
  });
});

describe('training data', () => {
  it('takes a function or a source with a length, and counts epoch 0 when no length is given', () => {
    expect(countEpochBatches(toTrainingDataSource(trainingData), 0)).toBe(3);
    expect(countEpochBatches(toTrainingDataSource({ batches: trainingData, length: 7 }), 0)).toBe(7);
    expect(() => countEpochBatches(toTrainingDataSource(() => []), 0)).toThrow(InvalidConfigError);
    expect(() => toTrainingDataSource(42 as unknown as TrainerOptions['trainingData'])).toThrow(InvalidConfigError);
  });
});
