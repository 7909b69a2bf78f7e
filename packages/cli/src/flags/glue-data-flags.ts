import type { FlagSpecs } from '../arguments/flag-spec';
import { SEQUENCE_FLAGS } from './sequence-flags';

/** The GLUE task and its data (glue, fusion, eval). */
export const GLUE_DATA_FLAGS = {
  task_name: { type: 'string', required: true, valueName: 'TASK', group: 'Data', help: 'GLUE task: cola, sst-2, mrpc, sts-b, qqp, mnli, mnli-mm, qnli, rte, wnli.' },
  data_dir: { type: 'string', valueName: 'DIR', group: 'Data', help: "Folder holding the task's train.tsv and dev.tsv (default: $ADAPTERS_DATA/glue/<Task>)." },
  ...SEQUENCE_FLAGS,
  features_cache_dir: { type: 'string', valueName: 'DIR', group: 'Data', help: 'Cache tokenized features here (none by default).' },
  overwrite_cache: { type: 'boolean', default: false, group: 'Data', help: 'Re-tokenize even when cached features exist.' },
  max_train_samples: { type: 'integer', min: 1, valueName: 'N', group: 'Data', help: 'Train on the first N training rows only (for quick runs).' },
  pad_to_max_length: { type: 'boolean', default: false, group: 'Data', help: "Pad every batch to --max_seq_length (run_glue's default); without it batches pad to their longest row (faster, same results)." },
  max_eval_samples: { type: 'integer', min: 1, valueName: 'N', group: 'Data', help: 'Evaluate on the first N dev rows only.' },
} as const satisfies FlagSpecs;
