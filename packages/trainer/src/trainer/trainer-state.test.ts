import { describe, expect, it } from 'vitest';
import { FileFormatError } from '@adapters/core';
import { createTrainerState, trainerStateFromJson, trainerStateToJson, type TrainerStateSettings } from './trainer-state';

const settings: TrainerStateSettings = { maxSteps: 30, epochs: 3, logEvery: 5, evalEvery: 'epoch', saveEvery: 10, earlyStoppingPatience: 2, earlyStoppingThreshold: 0 };

describe('trainer state JSON', () => {
  it('writes HF trainer_state.json fields and reads back everything a resume needs', () => {
    const state = createTrainerState();
    Object.assign(state, {
      globalStep: 12,
      epoch: 1.2,
      position: { epoch: 1, batchesDone: 2 },
      logHistory: [{ loss: 0.5, learning_rate: 1e-3, epoch: 1, step: 10 }, { eval_loss: Number.NaN, epoch: 1, step: 10 }],
      bestMetric: 0.4,
      bestStep: 10,
      bestModelCheckpoint: 'out/checkpoint-10',
      earlyStoppingPatienceCounter: 1,
      pendingLossSum: 0.9,
      pendingSteps: 2,
      totalLossSum: 7.5,
      lastEvaluationStep: 10,
      lastSaveStep: 10,
    });
    const json = JSON.parse(JSON.stringify(trainerStateToJson(state, settings))) as Record<string, unknown>;
    expect(json).toMatchObject({ global_step: 12, epoch: 1.2, best_metric: 0.4, best_model_checkpoint: 'out/checkpoint-10', max_steps: 30, logging_steps: 5 });
    expect(json.stateful_callbacks).toEqual({
      EarlyStoppingCallback: { args: { early_stopping_patience: 2, early_stopping_threshold: 0 }, attributes: { early_stopping_patience_counter: 1 } },
    });
    // NaN travels as null in JSON and comes back as NaN.
    expect(trainerStateFromJson(json, 'trainer_state.json')).toEqual(state);
  });

  it('names the file and field of a malformed state', () => {
    expect(() => trainerStateFromJson({ global_step: 1 }, 'x/trainer_state.json')).toThrow(FileFormatError);
    expect(() => trainerStateFromJson({ resume: {}, log_history: [], global_step: 1.5 }, 'x/trainer_state.json')).toThrow(/global_step/);
  });
});
