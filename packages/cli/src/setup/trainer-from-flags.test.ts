import { describe, expect, it } from 'vitest';
import type { TrainableModel } from '@adapters/core';
import { parseCommandLine } from '../arguments/parse-command-line';
import { GLUE_COMMAND } from '../commands/glue-command';
import { evaluationSchedule, resumeFromFlag, trainerFromFlags, wantsEvaluation } from './trainer-from-flags';

const flagsOf = (...extra: string[]) => parseCommandLine(GLUE_COMMAND, ['--model_name_or_path', 'm', '--task_name', 'rte', '--output_dir', 'out', ...extra]).flags;

// The trainer only resolves options in its constructor; nothing here trains.
const model = { trainsAdaptersOnly: true } as unknown as TrainableModel;
const setup = { trainingData: { batches: () => [], length: 1 }, evaluate: async () => ({ acc: 1 }), adapterTraining: true };

describe('trainerFromFlags', () => {
  it('maps the HF evaluation flags to an evaluation schedule', () => {
    expect(evaluationSchedule(flagsOf())).toBeUndefined();
    expect(evaluationSchedule(flagsOf('--do_eval'))).toBe('epoch');
    expect(evaluationSchedule(flagsOf('--evaluate_during_training', '--logging_steps', '25'))).toBe(25);
    expect(evaluationSchedule(flagsOf('--eval_steps', '10'))).toBe(10);
    expect(evaluationSchedule(flagsOf('--do_eval', '--evaluation_strategy', 'no'))).toBeUndefined();
    expect(wantsEvaluation(flagsOf('--early_stopping_patience', '2'))).toBe(true);
    expect(wantsEvaluation(flagsOf('--do_train'))).toBe(false);
  });

  it('passes the flags through to the trainer and reports refused values by their flag', () => {
    const trainer = trainerFromFlags(model, flagsOf('--learning_rate', '1e-3', '--save_steps', '5', '--eval_steps', '7', '--max_steps', '20', '--num_train_epochs', '0.5'), setup, {});
    expect(trainer.options).toMatchObject({ learningRate: 1e-3, saveEvery: 5, evalEvery: 7, maxSteps: 20, adapterTraining: true, schedule: 'linear' });
    expect(trainerFromFlags(model, flagsOf('--lr_scheduler_type', 'constant_with_warmup'), setup, {}).options.schedule).toBe('constant-with-warmup');
    expect(() => trainerFromFlags(model, flagsOf('--load_best_model_at_end'), { ...setup, evaluate: undefined }, {})).toThrow(expect.objectContaining({ path: '--load_best_model_at_end' }));
  });

  it('trains a fractional --num_train_epochs as HF does: ceil(epochs x updates per epoch) updates', () => {
    const data = { batches: () => [], length: 63 };
    expect(trainerFromFlags(model, flagsOf('--num_train_epochs', '0.5'), { ...setup, trainingData: data }, {}).options).toMatchObject({ maxSteps: 32, epochs: 1 });
    expect(trainerFromFlags(model, flagsOf('--num_train_epochs', '1.5', '--gradient_accumulation_steps', '2'), { ...setup, trainingData: data }, {}).options).toMatchObject({ maxSteps: 48, epochs: 2 });
    expect(trainerFromFlags(model, flagsOf('--num_train_epochs', '2'), { ...setup, trainingData: data }, {}).options).toMatchObject({ maxSteps: undefined, epochs: 2 });
  });

  it('refuses out-of-range values while parsing, naming the flag, before anything loads', () => {
    for (const [flag, value] of [['--logging_steps', '0'], ['--per_device_train_batch_size', '-1'], ['--save_total_limit', '0'], ['--max_seq_length', '0'], ['--learning_rate', '-1'], ['--gradient_accumulation_steps', '0']]) {
      expect(() => flagsOf(flag as string, value as string), flag).toThrow(expect.objectContaining({ path: flag, received: Number(value) }));
    }
  });

  it('reads --resume_from_checkpoint as the newest checkpoint or a folder', () => {
    expect(resumeFromFlag(undefined)).toBeUndefined();
    expect(resumeFromFlag('latest')).toBe(true);
    expect(resumeFromFlag('True')).toBe(true);
    expect(() => resumeFromFlag('/no/such/checkpoint-9')).toThrow(expect.objectContaining({ path: '--resume_from_checkpoint' }));
  });
});
