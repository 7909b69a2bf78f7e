import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@adapters/core';
import { TrainableModelWithHeads } from '@adapters/auto';
import { AdamW, createLearningRateSchedule, trainStep, weightDecayParameterNames } from '@adapters/trainer';
import type { DiscoveredCase } from './case-files';
import { buildCase, UnsupportedCaseError } from './run-forward-case';

interface TrainRecipe {
  optimizer: string;
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  schedule: string;
  warmup_steps: number;
  total_steps: number;
  max_grad_norm: number;
  trainable_parameters: string[];
  weight_decay_parameters: string[];
}

/** Runs a `train` case: the HF Trainer recipe for `total_steps` updates on the fixed batch. */
export async function runTrainCase(discovered: DiscoveredCase): Promise<Map<string, tf.Tensor>> {
  const recipe = discovered.spec.train as unknown as TrainRecipe;
  if (recipe.optimizer !== 'AdamW') throw new UnsupportedCaseError(`optimizer ${recipe.optimizer}`);
  const built = await buildCase(discovered);
  const optimizer: { current?: AdamW } = {};
  try {
    const named = built.model.namedParameters();
    const wanted = new Set(recipe.trainable_parameters);
    for (const [name, variable] of named) variable.trainable = wanted.has(name);
    const trainable = named.filter(([name]) => wanted.has(name));
    if (trainable.length !== wanted.size) throw new UnsupportedCaseError('every trainable parameter of the recipe');
    const decay = weightDecayParameterNames(trainable);
    if (JSON.stringify([...decay].sort()) !== JSON.stringify([...recipe.weight_decay_parameters].sort())) {
      throw new Error(`weight-decay group differs: ${decay.join(', ')}`);
    }
    optimizer.current = new AdamW(trainable, {
      weightDecay: recipe.weight_decay,
      beta1: recipe.betas[0],
      beta2: recipe.betas[1],
      epsilon: recipe.eps,
      decayParameterNames: decay,
    });
    const schedule = createLearningRateSchedule({ kind: recipe.schedule as 'linear', learningRate: recipe.lr, totalSteps: recipe.total_steps, warmupSteps: recipe.warmup_steps });
    const dropout = (discovered.spec.train as { dropout?: boolean }).dropout !== false;
    const model = new TrainableModelWithHeads(built.model, { head: typeof built.head === 'string' ? built.head : undefined, dropout });
    const batch: Batch = await toBatch(built);
    const losses: number[] = [];
    const rates: number[] = [];
    const norms: number[] = [];
    for (let step = 0; step < recipe.total_steps; step++) {
      const result = await trainStep({ model, batches: batch, optimizer: optimizer.current, schedule, step, maxGradNorm: recipe.max_grad_norm });
      losses.push(result.loss);
      rates.push(result.learningRate);
      norms.push(result.gradNorm);
    }
    const produced = new Map<string, tf.Tensor>([
      ['losses', tf.tensor1d(losses)],
      ['learning_rates', tf.tensor1d(rates)],
      ['grad_norms', tf.tensor1d(norms)],
    ]);
    for (const [name, variable] of trainable) produced.set(`param.${name}`, tf.clone(variable));
    // the ln_before LayerNorm is also stored under its adapter_down.0 alias
    for (const [name, variable] of trainable) {
      if (name.includes('.adapter_norm_before.')) produced.set(`param.${name.replace('.adapter_norm_before.', '.adapter_down.0.')}`, tf.clone(variable));
    }
    return produced;
  } finally {
    optimizer.current?.dispose();
    built.dispose();
  }
}

async function toBatch(built: Awaited<ReturnType<typeof buildCase>>): Promise<Batch> {
  const { inputIds, attentionMask, tokenTypeIds } = built.inputs;
  const labels = built.labels?.labels;
  return {
    inputIds: (await inputIds.data()) as Int32Array,
    attentionMask: attentionMask === undefined ? new Int32Array(inputIds.size).fill(1) : ((await attentionMask.data()) as Int32Array),
    tokenTypeIds: tokenTypeIds === undefined ? undefined : ((await tokenTypeIds.data()) as Int32Array),
    labels: labels === undefined ? undefined : labels.dtype === 'float32' ? ((await labels.data()) as Float32Array) : ((await labels.data()) as Int32Array),
    labelShape: labels === undefined ? undefined : labels.shape,
    shape: [inputIds.shape[0], inputIds.shape[1]],
  };
}
