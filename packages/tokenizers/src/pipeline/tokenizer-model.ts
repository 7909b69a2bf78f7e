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
  /**
   * True when the tokens of whole words never depend on the text after the next whitespace (WordPiece,
   * byte-level BPE): then a long text truncated to `maxLength` is tokenized only as far as needed.
   */
  readonly prefixStable?: boolean;
  /** Joins tokens back into text (WordPiece glues `##` pieces, byte-level BPE decodes UTF-8 bytes). */
  decodeTokens(tokens: readonly string[]): string;
}
