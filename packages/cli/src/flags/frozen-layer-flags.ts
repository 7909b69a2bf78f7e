import type { FlagSpecs } from '../arguments/flag-spec';

/** AdapterDrop's frozen-layer cache, for the commands whose examples stay the same every epoch (glue, ner, qa, mc). */
export const FROZEN_LAYER_FLAGS = {
  cache_frozen_layers: {
    type: 'integer',
    min: 0,
    valueName: 'K',
    group: 'Training',
    help:
      'AdapterDrop: the new adapter leaves out layers 0..K-1 (added to its leave_out) and their output is computed once per example ' +
      '(eval mode: no dropout there) and cached in memory, so training runs layers K.. only; 0 caches the embedding output. ' +
      'Needs --train_adapter; a loaded adapter must already leave those layers out. Changes results (fewer adapter layers); off by default.',
  },
} as const satisfies FlagSpecs;
