import type { TokenPiece } from './token-piece';

/** The model stage of a tokenizer: normalizes and splits plain text into vocabulary tokens, and decodes back. */
export interface TokenizerModel {
  /** Token to id for the model's own vocabulary (added tokens live in the pipeline). */
  readonly vocab: ReadonlyMap<string, number>;
  /**
   * Tokens of one stretch of plain text found at `start` in the input. `atInputStart` is true for a stretch
   * that begins the input (where byte-level BPE may add a prefix space).
   */
  tokenizeText(text: string, start: number, atInputStart: boolean): TokenPiece[];
  /** Joins tokens back into text (WordPiece glues `##` pieces, byte-level BPE decodes UTF-8 bytes). */
  decodeTokens(tokens: readonly string[]): string;
}
