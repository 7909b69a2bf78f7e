import { InvalidConfigError } from '@adapters/core';
import { listCheckpoints } from '@adapters/trainer';
import type { TrainingFlagValues } from './trainer-from-flags';

/**
 * The checks between training flags that parsing alone cannot make (each flag's own range is checked while
 * parsing), run before the backend or the model loads so a bad command line fails at once, naming its flag.
 */
export async function checkTrainingFlags(flags: TrainingFlagValues): Promise<void> {
  if (flags.maxSteps <= 0 && !(flags.numTrainEpochs > 0)) {
    throw new InvalidConfigError({ path: '--num_train_epochs', expected: 'a number of epochs > 0 (or a positive --max_steps)', received: flags.numTrainEpochs });
  }
  if (flags.warmupRatio > 1) throw new InvalidConfigError({ path: '--warmup_ratio', expected: 'a share of the updates between 0 and 1', received: flags.warmupRatio });
  const saveStrategy = flags.saveStrategy ?? (flags.saveSteps !== undefined ? 'steps' : 'epoch');
  if (saveStrategy === 'steps' && flags.saveSteps === undefined) {
    throw new InvalidConfigError({ path: '--save_steps', expected: 'a number of updates with --save_strategy steps', received: undefined });
  }
  const resume = flags.resumeFromCheckpoint;
  if (flags.doTrain && resume !== undefined && /^(latest|true)$/i.test(resume) && (await listCheckpoints(flags.outputDir)).length === 0) {
    throw new InvalidConfigError({
      path: '--resume_from_checkpoint',
      expected: `a checkpoint-<step> folder in --output_dir ${flags.outputDir} to resume from (none there; leave the flag out to start afresh)`,
      received: resume,
    });
  }
}

/** The longest input the model's position embeddings allow (RoBERTa-style models start positions after the pad id). */
export function longestModelInput(config: { readonly maxPositionEmbeddings?: number; readonly modelType?: string; readonly padTokenId?: number }): number | undefined {
  if (config.maxPositionEmbeddings === undefined) return undefined;
  const offset = /roberta/.test(config.modelType ?? '') ? (config.padTokenId ?? 1) + 1 : 0;
  return config.maxPositionEmbeddings - offset;
}

/**
 * HF run_glue's guard: a `--max_seq_length` above what the model takes is lowered to it, with a warning,
 * instead of failing mid-run on a long example.
 */
export function clampMaxSeqLength<Flags extends { readonly maxSeqLength: number }>(flags: Flags, longest: number | undefined, print: (line: string) => void): Flags {
  if (longest === undefined || flags.maxSeqLength <= longest) return flags;
  print(`warning: --max_seq_length ${flags.maxSeqLength} is larger than the model takes (${longest} positions); using --max_seq_length ${longest}`);
  return { ...flags, maxSeqLength: longest };
}
