import { InvalidConfigError, NoSuchEntryError, type Tokenizer } from '@adapters/core';
import { getGlueTask, GLUE_TASK_NAMES, loadGlueFeatures, type GlueSplit, type GlueTask, type SequenceStore } from '@adapters/datasets';

/** `--task_name` → the GLUE task, or an error that names the flag and the tasks there are. */
export function glueTaskFromFlag(taskName: string): GlueTask {
  try {
    return getGlueTask(taskName);
  } catch (error) {
    if (!(error instanceof NoSuchEntryError)) throw error;
    throw new InvalidConfigError({ path: '--task_name', expected: `a GLUE task (${GLUE_TASK_NAMES.filter((name) => name !== 'ax').join(', ')})`, received: taskName, cause: error });
  }
}

export interface GlueDataFlags {
  readonly dataDir?: string | undefined;
  readonly maxSeqLength: number;
  readonly featuresCacheDir?: string | undefined;
  readonly overwriteCache: boolean;
  readonly maxTrainSamples?: number | undefined;
  readonly maxEvalSamples?: number | undefined;
  readonly maxPredictSamples?: number | undefined;
}

/** Tokenized features of one split, read the way `run_glue.py` reads them (cut by `--max_{train,eval,predict}_samples`). */
export async function loadGlueSplit(task: GlueTask, split: GlueSplit, tokenizer: Tokenizer, flags: GlueDataFlags): Promise<SequenceStore> {
  const { features } = await loadGlueFeatures(task, split, {
    tokenizer,
    maxSeqLength: flags.maxSeqLength,
    dataDir: flags.dataDir,
    cacheDir: flags.featuresCacheDir,
    overwriteCache: flags.overwriteCache,
  });
  const [limit, flag] = split === 'train' ? [flags.maxTrainSamples, '--max_train_samples'] : split === 'test' ? [flags.maxPredictSamples, '--max_predict_samples'] : [flags.maxEvalSamples, '--max_eval_samples'];
  if (limit === undefined) return features;
  if (limit < 1) throw new InvalidConfigError({ path: flag, expected: 'a number of rows >= 1', received: limit });
  return features.head(limit);
}
