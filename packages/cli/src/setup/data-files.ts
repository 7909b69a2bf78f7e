import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidConfigError } from '@adapters/core';
import { dataRoot, splitEveryNth } from '@adapters/datasets';

/** The data-file flags of ner, qa and mc. */
export interface DataFileFlags {
  readonly trainFile?: string | undefined;
  readonly validationFile?: string | undefined;
  readonly devEvery: number;
}

/** A file of the shared data folder (`$ADAPTERS_DATA`), for the commands' defaults. */
export function sharedDataFile(...parts: string[]): string {
  return path.join(dataRoot(), ...parts);
}

/**
 * The examples of one split. Train: `--train_file` (default `defaults.train`). Dev: `--validation_file`, else
 * `defaults.validation`, else every `--dev_every`-th group (article, or example) of the training file, which
 * then leaves the training split. `read` parses a file; `groupOf` keeps related examples together.
 */
export async function loadDataSplit<T>(
  flags: DataFileFlags,
  split: 'train' | 'dev',
  read: (file: string) => Promise<readonly T[]>,
  defaults: { train: string; validation?: string; groupOf?: (item: T, index: number) => number },
): Promise<{ examples: readonly T[]; description: string }> {
  const trainFile = checkFile(flags.trainFile ?? defaults.train, '--train_file');
  const validationFile = flags.validationFile ?? defaults.validation;
  if (validationFile !== undefined) {
    const file = checkFile(split === 'train' ? trainFile : validationFile, split === 'train' ? '--train_file' : '--validation_file');
    return { examples: await read(file), description: file };
  }
  if (flags.devEvery === 0) {
    if (split === 'dev') throw new InvalidConfigError({ path: '--validation_file', expected: 'a dev file for evaluation (or --dev_every N to hold out part of --train_file)', received: undefined });
    return { examples: await read(trainFile), description: trainFile };
  }
  let parts: { train: T[]; dev: T[] };
  try {
    parts = splitEveryNth(await read(trainFile), flags.devEvery, defaults.groupOf);
  } catch (error) {
    if (!(error instanceof InvalidConfigError) || error.path !== 'every') throw error;
    throw new InvalidConfigError({ path: '--dev_every', expected: error.expected, received: flags.devEvery, cause: error });
  }
  return { examples: parts[split], description: `${trainFile} (${split}: ${split === 'dev' ? '' : 'all but '}every ${flags.devEvery}th ${defaults.groupOf === undefined ? 'example' : 'group'})` };
}

function checkFile(file: string, flag: string): string {
  if (!existsSync(file)) throw new InvalidConfigError({ path: flag, expected: 'an existing data file', received: file });
  return file;
}
