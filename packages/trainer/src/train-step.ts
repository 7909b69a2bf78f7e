import * as tf from '@tensorflow/tfjs-core';
import { clearDropoutSeed, InvalidConfigError, seedDropout, variableGradsPruned, type Batch, type TrainableModel } from '@adapters/core';
import { clipGradientTensors } from './gradients/clip-gradients';
import type { AdamW } from './optimizers/adamw';
import type { LearningRateSchedule } from './schedules/learning-rate-schedule';

/** Inputs of one `trainStep`. */
export interface TrainStepOptions {
  readonly model: TrainableModel;
  /** One batch, or the micro-batches of one accumulated step. */
  readonly batches: Batch | readonly Batch[];
  readonly optimizer: AdamW;
  readonly schedule: LearningRateSchedule;
  /** 0-based index of this optimizer update (picks the learning rate). */
  readonly step: number;
  /** Global-norm clipping threshold. Default 1.0 (HF); 0 turns clipping off. */
  readonly maxGradNorm?: number;
  /** Run seed: dropout masks then depend only on (seed, step), so runs repeat and resume exactly. */
  readonly seed?: number;
}

/** What one update reports, read back as numbers. */
export interface TrainStepResult {
  /** Mean of the micro-batch losses, before the update. */
  readonly loss: number;
  /**
   * Global gradient L2 norm before clipping; NaN when clipping is off (`maxGradNorm` 0), where, as in HF's
   * Trainer (which logs `grad_norm` only from `clip_grad_norm_`), it is not computed.
   */
  readonly gradNorm: number;
  /** The learning rate this update used. */
  readonly learningRate: number;
  /** Rows seen by this step (sum of the batches' first dimension). */
  readonly examples: number;
}

/**
 * One optimizer update, in HF Trainer order: for each micro-batch, forward and backward of `loss / count`
 * (so the summed gradients are those of the mean loss), then global-norm clipping, then AdamW with the
 * scheduled rate. Gradients are taken only for `model.namedTrainableParameters()`. Every tensor it creates is
 * disposed before it returns; the model's and optimizer's variables are updated in place.
 */
export async function trainStep(options: TrainStepOptions): Promise<TrainStepResult> {
  const { model, optimizer } = options;
  const batches: readonly Batch[] = isBatchList(options.batches) ? options.batches : [options.batches];
  if (batches.length === 0) throw new InvalidConfigError({ path: 'batches', expected: 'at least one batch', received: [] });
  const learningRate = options.schedule.learningRateAt(options.step);
  const { variables, nameOfVariable } = trainableVariables(model);
  const count = batches.length;

  // The frozen-layer cache fills outside the tape (eval mode, async reads): nothing of the lower layers is recorded.
  if (model.prepareBatch !== undefined) for (const batch of batches) await model.prepareBatch(batch);
  let lossSum: tf.Scalar | undefined;
  const summed = new Map<string, tf.Tensor>();
  if (options.seed !== undefined) seedDropout(options.seed, options.step);
  try {
    for (const batch of batches) {
      // Scaling the loss before backward, as HF does with `loss / gradient_accumulation_steps`. The tape records
      // only ops downstream of a trainable parameter (frozen embeddings and lower layers run untaped).
      // (x / 1 is x: one batch skips the division and its gradient.)
      const { value, grads } = variableGradsPruned(
        () => tf.tidy(() => (count === 1 ? model.loss(batch, { training: true }) : tf.div(model.loss(batch, { training: true }), count))),
        variables,
      );
      lossSum = accumulate(lossSum, value);
      for (const [variableName, gradient] of Object.entries(grads)) {
        if (gradient === null) continue;
        const name = nameOfVariable.get(variableName) as string;
        summed.set(name, accumulate(summed.get(name), gradient));
      }
    }
    clearDropoutSeed();
    const maxGradNorm = options.maxGradNorm ?? 1;
    // Without clipping the summed gradients go to the optimizer as they are (no norm, no copies).
    const clipped = maxGradNorm === 0 ? undefined : clipGradientTensors(summed, maxGradNorm);
    try {
      optimizer.step(clipped?.gradients ?? summed, learningRate);
      // Read back after the update is queued, so the read does not stall it.
      const [lossValues, normValues] = await Promise.all([(lossSum as tf.Scalar).data(), clipped?.norm.data()]);
      return {
        loss: lossValues[0] ?? Number.NaN,
        gradNorm: normValues?.[0] ?? Number.NaN,
        learningRate,
        examples: batches.reduce((total, batch) => total + batch.shape[0], 0),
      };
    } finally {
      clipped?.norm.dispose();
      for (const gradient of clipped?.gradients.values() ?? []) gradient.dispose();
    }
  } finally {
    clearDropoutSeed();
    lossSum?.dispose();
    for (const gradient of summed.values()) gradient.dispose();
  }
}

function isBatchList(batches: Batch | readonly Batch[]): batches is readonly Batch[] {
  return Array.isArray(batches);
}

/** `previous + next`, disposing both inputs (they belong to this step). */
function accumulate<T extends tf.Tensor>(previous: T | undefined, next: T): T {
  if (previous === undefined) return next;
  const total = tf.add(previous, next) as T;
  previous.dispose();
  next.dispose();
  return total;
}

function trainableVariables(model: TrainableModel): { variables: tf.Variable[]; nameOfVariable: Map<string, string> } {
  const variables: tf.Variable[] = [];
  const nameOfVariable = new Map<string, string>();
  for (const [name, variable] of model.namedTrainableParameters()) {
    // tfjs silently drops non-trainable variables from variableGrads; a parameter listed here must train.
    if (!variable.trainable) {
      throw new InvalidConfigError({ path: `namedTrainableParameters()['${name}'].trainable`, expected: 'true', received: false });
    }
    variables.push(variable);
    nameOfVariable.set(variable.name, name);
  }
  if (variables.length === 0) {
    throw new InvalidConfigError({ path: 'namedTrainableParameters()', expected: 'at least one parameter to train', received: [] });
  }
  return { variables, nameOfVariable };
}
