import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DisposedError, InvalidConfigError, ShapeMismatchError } from '@adapters/core';
import { AdamW } from './adamw';

function gradients(entries: Record<string, number[]>): Map<string, tf.Tensor> {
  return new Map(Object.entries(entries).map(([name, values]) => [name, tf.tensor1d(values)]));
}

/** Created inside tidy so the initial value does not outlive the variable (house rule 6.7.3). */
function variable(values: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor1d(values)));
}

function disposeAll(tensors: Map<string, tf.Tensor>): void {
  for (const tensor of tensors.values()) tensor.dispose();
}

describe('AdamW', () => {
  it('matches a hand-computed two-step torch AdamW update, with decay only for the decay group', async () => {
    const weight = variable([1.0, -2.0]);
    const bias = variable([0.5]);
    const optimizer = new AdamW([['layer.weight', weight], ['layer.bias', bias]], { weightDecay: 0.1 });
    expect(optimizer.decayParameterNames).toEqual(['layer.weight']);

    const first = gradients({ 'layer.weight': [0.5, -1.0], 'layer.bias': [2.0] });
    optimizer.step(first, 0.1);
    disposeAll(first);
    // Step 1 (t = 1): m = 0.1 g, v = 0.001 g², the bias-corrected ratio is sign(g), so p -= 0.1 · sign(g)
    // after the decay p *= 1 - 0.1·0.1: 1 · 0.99 - 0.1 = 0.89; -2 · 0.99 + 0.1 = -1.88; bias 0.5 - 0.1 = 0.4.
    expect(Array.from(await weight.data())).toEqual([expect.closeTo(0.89, 6), expect.closeTo(-1.88, 6)]);
    expect((await bias.data())[0]).toBeCloseTo(0.4, 6);

    const second = gradients({ 'layer.weight': [-0.25, 0.5], 'layer.bias': [1.0] });
    optimizer.step(second, 0.05);
    disposeAll(second);
    // Step 2 (t = 2), worked in float64: weight[0]: 0.89·0.995 = 0.88555; m = 0.02; v = 0.00031225;
    // 0.05/0.19 · 0.02 / (√v/√0.001999 + 1e-8) = 0.0133168 → 0.8722331503.
    const weightValues = await weight.data();
    expect(weightValues[0]).toBeCloseTo(0.8722331503, 6);
    expect(weightValues[1]).toBeCloseTo(-1.8572831492, 6);
    // bias (no decay): m = 0.28, v = 0.004996 → 0.35339101885.
    expect((await bias.data())[0]).toBeCloseTo(0.3533910189, 6);

    const state = await optimizer.exportState();
    expect(state.stepCount).toBe(2);
    const weightState = state.parameters.get('layer.weight');
    expect(weightState?.step).toBe(2);
    expect(Array.from(weightState?.firstMoment ?? [])).toEqual([expect.closeTo(0.02, 7), expect.closeTo(-0.04, 7)]);
    expect(Array.from(weightState?.secondMoment ?? [])).toEqual([expect.closeTo(0.00031225, 9), expect.closeTo(0.001249, 9)]);

    optimizer.dispose();
    weight.dispose();
    bias.dispose();
  });

  it('creates moments lazily and still advances them when the learning rate is 0', async () => {
    const weight = variable([3.0, 4.0]);
    const optimizer = new AdamW([['weight', weight]], { weightDecay: 0.5 });
    const tensorsBefore = tf.memory().numTensors;
    expect((await optimizer.exportState()).parameters.size).toBe(0);

    const gradient = gradients({ weight: [1.0, -2.0] });
    optimizer.step(gradient, 0);
    disposeAll(gradient);
    // Two moment variables appear at the first step, nothing else stays behind.
    expect(tf.memory().numTensors).toBe(tensorsBefore + 2);
    expect(Array.from(await weight.data())).toEqual([3, 4]);
    const state = (await optimizer.exportState()).parameters.get('weight');
    expect(Array.from(state?.firstMoment ?? [])).toEqual([expect.closeTo(0.1, 7), expect.closeTo(-0.2, 7)]);
    expect(Array.from(state?.secondMoment ?? [])).toEqual([expect.closeTo(0.001, 8), expect.closeTo(0.004, 8)]);

    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    weight.dispose();
  });

  it('leaves a parameter without a gradient untouched (no decay, no moments), as torch skips grad None', async () => {
    const updated = variable([1]);
    const skipped = variable([1]);
    const optimizer = new AdamW([['updated.weight', updated], ['skipped.weight', skipped]], { weightDecay: 0.5 });
    const gradient = gradients({ 'updated.weight': [1] });
    optimizer.step(gradient, 0.1);
    disposeAll(gradient);
    expect((await skipped.data())[0]).toBe(1);
    expect((await updated.data())[0]).toBeCloseTo(1 * 0.95 - 0.1, 6);
    expect([...(await optimizer.exportState()).parameters.keys()]).toEqual(['updated.weight']);
    optimizer.dispose();
    updated.dispose();
    skipped.dispose();
  });

  it('exports and imports its state so that a fresh optimizer continues identically', async () => {
    const run = async (interrupt: boolean): Promise<number[]> => {
      const weight = variable([0.3, -0.7, 1.1]);
      let optimizer = new AdamW([['weight', weight]], { weightDecay: 0.01 });
      const steps = [[0.1, 0.2, -0.3], [-0.5, 0.4, 0.05], [0.2, -0.1, 0.3], [0.7, 0.7, -0.7]];
      for (const [index, values] of steps.entries()) {
        if (interrupt && index === 2) {
          const state = await optimizer.exportState();
          optimizer.dispose();
          optimizer = new AdamW([['weight', weight]], { weightDecay: 0.01 });
          optimizer.importState(state);
          expect(optimizer.stepCount).toBe(2);
        }
        const gradient = gradients({ weight: values });
        optimizer.step(gradient, 0.01 * (index + 1));
        disposeAll(gradient);
      }
      optimizer.dispose();
      const result = Array.from(await weight.data());
      weight.dispose();
      return result;
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it('rejects bad options, unknown names, wrong shapes and use after dispose', () => {
    const weight = variable([1, 2]);
    expect(() => new AdamW([['weight', weight]], { beta1: 1 })).toThrow(InvalidConfigError);
    expect(() => new AdamW([['weight', weight], ['weight', weight]])).toThrow(InvalidConfigError);
    expect(() => new AdamW([['weight', weight]], { decayParameterNames: ['other'] })).toThrow(InvalidConfigError);
    const optimizer = new AdamW([['weight', weight]]);
    const unknown = gradients({ other: [1, 2] });
    expect(() => optimizer.step(unknown, 0.1)).toThrow(InvalidConfigError);
    disposeAll(unknown);
    const wrongShape = gradients({ weight: [1, 2, 3] });
    expect(() => optimizer.step(wrongShape, 0.1)).toThrow(ShapeMismatchError);
    expect(() => optimizer.step(new Map(), Number.NaN)).toThrow(InvalidConfigError);
    disposeAll(wrongShape);
    optimizer.dispose();
    expect(() => optimizer.step(new Map(), 0.1)).toThrow(DisposedError);
    weight.dispose();
  });
});
