/** One token produced by a tokenizer model, with its offsets `[start, end)` (UTF-16 code units) in the input text. */
export interface TokenPiece {
  readonly token: string;
  readonly id: number;
  readonly start: number;
  readonly end: number;
}
