import type { FlagSpecs } from '../arguments/flag-spec';

/** Input length, shared by every command that tokenizes data. */
export const SEQUENCE_FLAGS = {
  max_seq_length: { type: 'integer', default: 128, min: 1, group: 'Data', help: "Longest input in tokens after tokenization; longer inputs are truncated (QA: cut into windows). Batches are padded to their longest row. More than the model's max_position_embeddings is lowered to it, with a warning, as HF does." },
} as const satisfies FlagSpecs;
