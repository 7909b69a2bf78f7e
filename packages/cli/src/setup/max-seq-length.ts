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
