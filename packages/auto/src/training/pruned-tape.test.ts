import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { clearDropoutSeed, seedDropout, variableGradsPruned, type Batch } from '@adapters/core';
import type { BertModel } from '@adapters/models';
import { maxAbsDifference, tinyBert } from '@adapters/test-utils';
import { ModelWithHeads } from '../model-with-heads';
import { TrainableModelWithHeads } from './trainable-model-with-heads';

// The trainer's step takes its gradients with `variableGradsPruned` (the tape starts at the first trainable
// parameter). Here it is compared with tfjs's own `variableGrads` on the same seeded training forward
// (dropout on), for the training modes of the bench and prefix tuning (a trainable input to every layer).

const batch: Batch = {
  inputIds: Int32Array.from([5, 17, 33, 9, 41, 3, 11, 8, 12, 3, 0, 0]),
  attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
  tokenTypeIds: Int32Array.from([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]),
  labels: Int32Array.from([1, 0]),
  shape: [2, 6],
};

const MODES = ['seq_bn', 'lora', 'prefix_tuning', 'head_only', 'full'] as const;
type Mode = (typeof MODES)[number];

let backbone: BertModel | undefined;
let model: ModelWithHeads | undefined;

afterEach(() => {
  model?.dispose();
  backbone?.dispose();
  model = undefined;
  backbone = undefined;
});

function trainableFor(mode: Mode): TrainableModelWithHeads {
  backbone = tinyBert({ hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1 });
  model = new ModelWithHeads(backbone);
  model.addClassificationHead('task', { numLabels: 2 });
  if (mode === 'seq_bn' || mode === 'lora' || mode === 'prefix_tuning') {
    model.addAdapter('task', mode);
    model.trainAdapter('task');
    // LoRA's B starts at zero (so A's gradient would be zero): move every adapter weight off its init.
    tf.tidy(() => {
      for (const variable of model!.adapterEntry('task').variables()) variable.assign(tf.add(variable, tf.randomUniform(variable.shape, -0.05, 0.05, 'float32', 3)));
    });
  }
  if (mode === 'head_only') model.freezeModel(true);
  model.activeHead = 'task';
  return new TrainableModelWithHeads(model);
}

/** Loss and gradients of one seeded training forward, with `run` taking the gradients. */
function lossAndGradients(trainable: TrainableModelWithHeads, run: typeof variableGradsPruned) {
  const variables = trainable.namedTrainableParameters().map(([, variable]) => variable);
  seedDropout(11, 0);
  try {
    return run(() => tf.tidy(() => trainable.loss(batch, { training: true })), variables);
  } finally {
    clearDropoutSeed();
  }
}

describe('variableGradsPruned on a BERT with heads', () => {
  it.each(MODES)('%s: the loss and every gradient equal tf.variableGrads’, with fewer kernels', async (mode) => {
    const trainable = trainableFor(mode);
    const plain = lossAndGradients(trainable, tf.variableGrads);
    const pruned = lossAndGradients(trainable, variableGradsPruned);
    expect(Object.keys(pruned.grads).sort()).toEqual(Object.keys(plain.grads).sort());
    expect(maxAbsDifference(pruned.value, plain.value)).toBeLessThanOrEqual(1e-6);
    for (const [name, gradient] of Object.entries(plain.grads)) {
      expect(maxAbsDifference(pruned.grads[name]!, gradient), name).toBeLessThanOrEqual(1e-6);
    }
    // Some gradient is non-zero (the comparison is not between zeros).
    expect(Math.max(...Object.values(plain.grads).map((gradient) => tf.tidy(() => tf.max(tf.abs(gradient)).dataSync()[0]!)))).toBeGreaterThan(0);
    tf.dispose([plain.value, pruned.value, ...Object.values(plain.grads), ...Object.values(pruned.grads)]);

    const kernels = async (run: typeof variableGradsPruned) => {
      const profile = await tf.profile(() => {
        const { value, grads } = lossAndGradients(trainable, run);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return profile.kernels.length;
    };
    // Frozen ops (the embeddings' lookups at least, every lower layer in head_only) no longer clone saved tensors.
    expect(await kernels(variableGradsPruned)).toBeLessThan(await kernels(tf.variableGrads));
  });
});
