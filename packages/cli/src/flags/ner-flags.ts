import type { FlagSpecs } from '../arguments/flag-spec';

/** Token classification (run_ner.py). */
export const NER_FLAGS = {
  task_name: { type: 'string', default: 'ner', valueName: 'NAME', group: 'Data', help: 'Name of the adapter and the tagging head.' },
  label_all_tokens: { type: 'boolean', default: false, group: 'Data', help: "Train on every sub-token of a word (later pieces get the word's I- tag) instead of only the first; evaluation always scores words." },
} as const satisfies FlagSpecs;
