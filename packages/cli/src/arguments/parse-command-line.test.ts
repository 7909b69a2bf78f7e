import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '@adapters/core';
import type { CommandSpec, FlagSpecs } from './flag-spec';
import { formatHelp } from './format-help';
import { parseCommandLine } from './parse-command-line';
import { UnknownFlagError } from './unknown-flag-error';

const FLAGS = {
  model_name_or_path: { type: 'string', required: true, help: 'model' },
  learning_rate: { type: 'number', default: 5e-5, help: 'lr' },
  num_train_epochs: { type: 'integer', default: 3, help: 'epochs' },
  do_train: { type: 'boolean', default: false, help: 'train' },
  regularization: { type: 'boolean', help: 'tri-state' },
  per_device_train_batch_size: { type: 'integer', default: 8, aliases: ['per_gpu_train_batch_size'], help: 'batch' },
  lr_scheduler_type: { type: 'string', default: 'linear', choices: ['linear', 'cosine'], help: 'schedule' },
  adapters: { type: 'strings', default: [], help: 'folders' },
} as const satisfies FlagSpecs;

const COMMAND = { name: 'glue', summary: 'Train.', flags: FLAGS } as const satisfies CommandSpec;
const WITH_POSITIONALS = { ...COMMAND, name: 'predict', positionals: [{ name: 'sentences', help: 'text', variadic: true, required: true }] } as const satisfies CommandSpec;

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('parseCommandLine', () => {
  it('reads snake_case, kebab-case and --flag=value spellings into camelCase values with defaults', () => {
    const parsed = parseCommandLine(COMMAND, ['--model_name_or_path', 'models/bert', '--learning-rate', '1e-3', '--num_train_epochs=2']);
    expect(parsed.help).toBe(false);
    expect(parsed.flags).toEqual({
      modelNameOrPath: 'models/bert',
      learningRate: 0.001,
      numTrainEpochs: 2,
      doTrain: false,
      regularization: undefined,
      perDeviceTrainBatchSize: 8,
      lrSchedulerType: 'linear',
      adapters: [],
    });
    expect([...parsed.given].sort()).toEqual(['learning_rate', 'model_name_or_path', 'num_train_epochs']);
    expect(parseCommandLine(COMMAND, ['--model-name-or-path=m', '--per-gpu-train-batch-size', '4']).flags.perDeviceTrainBatchSize).toBe(4);
  });

  it('takes booleans as bare flags, with true/false values, and as --no_<flag>', () => {
    const base = ['--model_name_or_path', 'm'];
    expect(parseCommandLine(COMMAND, [...base, '--do_train']).flags.doTrain).toBe(true);
    expect(parseCommandLine(COMMAND, [...base, '--do_train', 'False']).flags.doTrain).toBe(false);
    expect(parseCommandLine(COMMAND, [...base, '--do-train=true']).flags.doTrain).toBe(true);
    expect(parseCommandLine(COMMAND, [...base, '--no_regularization']).flags.regularization).toBe(false);
    expect(parseCommandLine(COMMAND, [...base, '--no-regularization']).flags.regularization).toBe(false);
    expect(parseCommandLine(COMMAND, base).flags.regularization).toBeUndefined();
    expect(errorOf(() => parseCommandLine(COMMAND, [...base, '--do_train=maybe']))).toMatchObject({ path: '--do_train' });
  });

  it('refuses an unknown flag, naming it and the closest known one', () => {
    const error = errorOf(() => parseCommandLine(COMMAND, ['--model_name_or_path', 'm', '--lerning_rate', '1e-3']));
    expect(error).toBeInstanceOf(UnknownFlagError);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error).toMatchObject({ code: 'invalid-config', path: '--lerning_rate', suggestion: 'learning_rate' });
    expect(error.message).toContain('did you mean --learning_rate?');
    expect(errorOf(() => parseCommandLine(COMMAND, ['--per-gpu-train-batch', '2'])).message).toContain('--per_device_train_batch_size');
    // Nothing close: no suggestion, still the flag's name.
    const far = errorOf(() => parseCommandLine(COMMAND, ['--zzz']));
    expect(far).toMatchObject({ path: '--zzz', suggestion: undefined });
    expect(errorOf(() => parseCommandLine(COMMAND, ['-x']))).toMatchObject({ path: '--x' });
  });

  it('checks values: integers, numbers, choices, missing values and required flags, naming the flag', () => {
    const base = ['--model_name_or_path', 'm'];
    expect(errorOf(() => parseCommandLine(COMMAND, [...base, '--num_train_epochs', '1.5']))).toMatchObject({ path: '--num_train_epochs', expected: 'an integer' });
    expect(errorOf(() => parseCommandLine(COMMAND, [...base, '--learning_rate', 'fast']))).toMatchObject({ path: '--learning_rate', expected: 'a number' });
    expect(errorOf(() => parseCommandLine(COMMAND, [...base, '--lr_scheduler_type', 'step']))).toMatchObject({ path: '--lr_scheduler_type' });
    expect(errorOf(() => parseCommandLine(COMMAND, [...base, '--learning_rate']))).toMatchObject({ path: '--learning_rate' });
    expect(errorOf(() => parseCommandLine(COMMAND, [...base, '--learning_rate', '--do_train']))).toMatchObject({ path: '--learning_rate' });
    expect(errorOf(() => parseCommandLine(COMMAND, ['--do_train']))).toMatchObject({ path: '--model_name_or_path' });
    // Negative numbers are values, not flags; the last repetition of a flag wins.
    expect(parseCommandLine(COMMAND, [...base, '--num_train_epochs', '-1', '--num_train_epochs', '4']).flags.numTrainEpochs).toBe(4);
  });

  it('collects list flags greedily without positionals, one value per occurrence with them', () => {
    expect(parseCommandLine(COMMAND, ['--model_name_or_path', 'm', '--adapters', 'a', 'b', '--adapters', 'c', '--do_train']).flags.adapters).toEqual(['a', 'b', 'c']);
    const parsed = parseCommandLine(WITH_POSITIONALS, ['--model_name_or_path', 'm', '--adapters', 'a', 'a fine film', '--adapters=b', '--', '--not a flag']);
    expect(parsed.flags.adapters).toEqual(['a', 'b']);
    expect(parsed.positionals).toEqual(['a fine film', '--not a flag']);
    expect(errorOf(() => parseCommandLine(WITH_POSITIONALS, ['--model_name_or_path', 'm']))).toMatchObject({ path: 'sentences' });
    expect(errorOf(() => parseCommandLine(COMMAND, ['--model_name_or_path', 'm', 'stray']))).toMatchObject({ path: 'stray' });
  });

  it('--help and -h skip the required checks; the help lists every flag with its default', () => {
    expect(parseCommandLine(COMMAND, ['--help']).help).toBe(true);
    expect(parseCommandLine(WITH_POSITIONALS, ['-h']).help).toBe(true);
    const help = formatHelp(COMMAND);
    expect(help).toContain('Usage: adapters glue --model_name_or_path VALUE [options]');
    expect(help).toContain('--learning_rate X');
    expect(help).toContain('(default: 0.00005)');
    expect(help).toContain('--per_device_train_batch_size N, --per_gpu_train_batch_size');
    expect(help).toContain('--lr_scheduler_type {linear,cosine}');
    expect(help).toContain('model (required)');
    expect(formatHelp(WITH_POSITIONALS)).toContain('[options] <sentences>...');
  });
});
