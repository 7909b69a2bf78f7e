/** Truncation strategies of Hugging Face tokenizers. */
export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second' | 'do_not_truncate';

/** Padding: to a fixed `maxLength`, to the longest sequence of a batch, or none. */
export type PaddingStrategy = 'max_length' | 'longest' | 'do_not_pad';

export interface EncodeOptions {
  readonly addSpecialTokens?: boolean;
  readonly maxLength?: number;
  readonly truncation?: TruncationStrategy | boolean;
  readonly padding?: PaddingStrategy | boolean;
  readonly returnOffsets?: boolean;
}

/** One encoded sequence (or pair), as plain arrays: no tensors cross the tokenizer boundary. */
export interface Encoding {
  readonly tokens: readonly string[];
  readonly inputIds: readonly number[];
  readonly tokenTypeIds: readonly number[];
  readonly attentionMask: readonly number[];
  /** Character offsets `[start, end)` into the original text (or pair text); `[0, 0]` for special tokens and pads. */
  readonly offsets?: readonly (readonly [number, number])[];
  /** Which input each token came from: 0, 1, or null for special tokens and pads. */
  readonly sequenceIds?: readonly (number | null)[];
}

export interface SpecialTokens {
  readonly pad: string;
  readonly unk: string;
  readonly cls?: string;
  readonly sep?: string;
  readonly mask?: string;
  readonly bos?: string;
  readonly eos?: string;
}

/** What datasets and examples need from a tokenizer. */
export interface Tokenizer {
  readonly vocabSize: number;
  readonly specialTokens: SpecialTokens;
  /** Sub-word tokens of `text`, before special tokens, truncation and padding. */
  tokenize(text: string): string[];
  encode(text: string, pair?: string | null, options?: EncodeOptions): Encoding;
  encodeBatch(inputs: readonly (readonly [string, (string | null)?])[], options?: EncodeOptions): Encoding[];
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
}
