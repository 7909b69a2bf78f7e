import type { FlagSpecs } from '../arguments/flag-spec';

/** The corpus flags of `run_language_modeling.py`. */
export const LANGUAGE_MODELING_FLAGS = {
  train_data_file: { type: 'string', valueName: 'FILE', group: 'Data', help: 'Text file to train on (needed with --do_train).' },
  eval_data_file: { type: 'string', valueName: 'FILE', group: 'Data', help: 'Text file to evaluate perplexity on (needed with --do_eval).' },
  line_by_line: { type: 'boolean', default: false, group: 'Data', help: 'One example per non-blank line, instead of the whole text cut into blocks.' },
  mlm: { type: 'boolean', default: false, group: 'Data', help: 'Masked language modelling (required for BERT-like models).' },
  mlm_probability: { type: 'number', default: 0.15, group: 'Data', help: 'Share of tokens to mask.' },
  whole_word_mask: { type: 'boolean', default: false, group: 'Data', help: 'Mask whole words rather than word pieces.' },
  block_size: { type: 'integer', default: -1, group: 'Data', help: "Tokens per example, special tokens included (default: the model's max_position_embeddings)." },
} as const satisfies FlagSpecs;
