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
