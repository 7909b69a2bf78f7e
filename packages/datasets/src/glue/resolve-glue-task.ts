import { NoSuchEntryError } from '@adapters/core';
import { GLUE_TASKS, type GlueTask, type GlueTaskName } from './glue-task';

// Keys are names with case, '-', '_' and spaces dropped, so `SST-2`, `sst2`, `sst_2` and `Sst-2` all match.
const ALIASES: Readonly<Record<string, GlueTaskName>> = {
  cola: 'cola',
  sst2: 'sst-2',
  mrpc: 'mrpc',
  stsb: 'sts-b',
  qqp: 'qqp',
  mnli: 'mnli',
  mnlim: 'mnli',
  mnlimatched: 'mnli',
  mnlimm: 'mnli-mm',
  mnlimismatched: 'mnli-mm',
  qnli: 'qnli',
  rte: 'rte',
  wnli: 'wnli',
  ax: 'ax',
  diagnostic: 'ax',
};

/** Every canonical GLUE task name. */
export const GLUE_TASK_NAMES = Object.keys(GLUE_TASKS) as GlueTaskName[];

/** Folds a task name the way the seed's `--task_name` is matched: case-insensitive, with or without '-'/'_'. */
export function normalizeTaskKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

/**
 * The GLUE task for a name as the seed accepts it (`MNLI`, `SST-2`, `sst2`, `sst-2`, `STS-B`, `mnli-mm`,
 * `mnli_mismatched`, `AX`, `diagnostic`...). Throws `NoSuchEntryError` listing the canonical names.
 */
export function getGlueTask(name: string): GlueTask {
  const canonical = typeof name === 'string' ? ALIASES[normalizeTaskKey(name)] : undefined;
  if (canonical === undefined) throw new NoSuchEntryError({ registry: 'GLUE task', key: String(name), available: GLUE_TASK_NAMES });
  return GLUE_TASKS[canonical];
}
