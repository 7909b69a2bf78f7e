import type { FlagSpecs } from '../arguments/flag-spec';
import { SEQUENCE_FLAGS } from './sequence-flags';

/** Train and dev files of the tasks beyond GLUE (ner, qa, mc); the defaults are per command, under $ADAPTERS_DATA. */
export const DATA_FILE_FLAGS = {
  train_file: { type: 'string', valueName: 'FILE', group: 'Data', help: 'Training data (default: the shared data set of the command, see --help examples).' },
  validation_file: { type: 'string', valueName: 'FILE', group: 'Data', help: 'Dev data; without it, every --dev_every-th article (qa) or example (ner, mc) of --train_file is held out as dev (ner defaults to eng.testa).' },
  dev_every: { type: 'integer', default: 5, valueName: 'N', group: 'Data', help: 'Without --validation_file: hold out every Nth article (qa) or example (mc) of --train_file as dev; 0 turns the split off.' },
  ...SEQUENCE_FLAGS,
} as const satisfies FlagSpecs;
