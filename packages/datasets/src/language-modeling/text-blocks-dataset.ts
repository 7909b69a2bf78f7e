import { DatasetFormatError, InvalidConfigError, type Tokenizer } from '@adapters/core';
import { readTextChunks } from '../io/read-text-chunks';
import { SequenceStoreBuilder, type SequenceStore } from '../sequences/sequence-store';
import { checkBlockSize, type LanguageModelingOptions } from './language-modeling-options';
import { singleSequenceTemplate } from './special-token-template';

/** A corpus cut into fixed-size blocks, with what was dropped. */
export interface TextBlocksDataset {
  readonly file: string;
  /** Every block is exactly `blockSize` tokens, special tokens included. */
  readonly sequences: SequenceStore;
  /** Tokens of the whole text, before special tokens. */
  readonly tokensRead: number;
  /** Tokens of the final partial block, dropped as HF drops them. */
  readonly tokensDropped: number;
}

// Text is tokenized in pieces of about this many characters, cut where tokenizing the pieces separately gives
// the same tokens as tokenizing the whole text (see `safeCut`).
const PIECE_CHARACTERS = 1 << 16;
const CUT_SPACE = new Set([' ', '\t', '\n']);
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Streams a text file as HF `TextDataset` (and `group_texts`) cut it: the whole text tokenized without special
 * tokens and concatenated, split into runs of `blockSize − specials` tokens, each wrapped in the tokenizer's
 * special tokens (`[CLS] … [SEP]` for BERT), the last partial run dropped. Line ends are read as '\n' (Python
 * text mode). The file is never held whole: text is tokenized in pieces of about 64K characters, cut where
 * neither WordPiece nor byte-level BPE pre-tokenization joins across the cut (see `safeCut`), so the tokens
 * equal those of the whole text.
 */
export async function* streamTextBlocks(
  file: string,
  tokenizer: Tokenizer,
  options: LanguageModelingOptions,
  onDone?: (counts: { tokensRead: number; tokensDropped: number }) => void,
): AsyncGenerator<Int32Array> {
  const blockSize = checkBlockSize(options.blockSize);
  const { prefix, suffix } = singleSequenceTemplate(tokenizer);
  const content = blockSize - prefix.length - suffix.length;
  if (content <= 0) {
    throw new InvalidConfigError({ path: 'blockSize', expected: `more than the ${prefix.length + suffix.length} special tokens added to every block`, received: blockSize });
  }
  const encodeOptions = { addSpecialTokens: false, truncation: 'do_not_truncate', padding: 'do_not_pad' } as const;
  let pending = new Int32Array(Math.max(2 * content, 1 << 16));
  let pendingLength = 0;
  let tokensRead = 0;

  function* consume(text: string): Generator<Int32Array> {
    if (text === '') return;
    const ids = tokenizer.encode(text, null, encodeOptions).inputIds;
    tokensRead += ids.length;
    if (pendingLength + ids.length > pending.length) {
      const grown = new Int32Array(Math.max(pendingLength + ids.length, pending.length * 2));
      grown.set(pending.subarray(0, pendingLength));
      pending = grown;
    }
    pending.set(ids, pendingLength);
    pendingLength += ids.length;
    let start = 0;
    for (; start + content <= pendingLength; start += content) {
      const block = new Int32Array(blockSize);
      block.set(prefix, 0);
      block.set(pending.subarray(start, start + content), prefix.length);
      block.set(suffix, prefix.length + content);
      yield block;
    }
    pending.copyWithin(0, start, pendingLength);
    pendingLength -= start;
  }

  let carry = '';
  for await (const chunk of readTextChunks(file, options)) {
    carry += chunk.text;
    // Bounded pieces: a tokenizer handed megabytes at once builds huge arrays (and may overflow the stack).
    let start = 0;
    while (carry.length - start >= PIECE_CHARACTERS) {
      const cut = safeCut(carry, start, start + PIECE_CHARACTERS);
      if (cut === -1) break;
      yield* consume(carry.slice(start, cut));
      start = cut;
    }
    carry = carry.slice(start);
  }
  yield* consume(carry);
  onDone?.({ tokensRead, tokensDropped: pendingLength });
}

/** `streamTextBlocks` collected into a `SequenceStore`. Text shorter than one block throws a `DatasetFormatError`. */
export async function loadTextBlocksDataset(file: string, tokenizer: Tokenizer, options: LanguageModelingOptions): Promise<TextBlocksDataset> {
  const builder = new SequenceStoreBuilder();
  let counts = { tokensRead: 0, tokensDropped: 0 };
  for await (const block of streamTextBlocks(file, tokenizer, options, (done) => (counts = done))) builder.append(block);
  if (builder.size === 0) {
    throw new DatasetFormatError({ file, message: `${counts.tokensRead} token(s) of text; expected at least one block of ${options.blockSize} tokens` });
  }
  return { file, sequences: builder.build(), ...counts };
}

/**
 * Where to end a piece that starts at `from`: the last safe cut at or before `preferredEnd`, else the first one
 * after it, else -1. A cut is safe between a visible character (letter, number, punctuation, symbol) and an
 * ASCII space, tab or line end: BERT splits words there, and no GPT-2 pre-token spans it (none ends in
 * whitespace, and the regex has no lookbehind), so both halves tokenize as they would inside the whole text.
 */
function safeCut(text: string, from: number, preferredEnd: number): number {
  const isSafe = (index: number): boolean => CUT_SPACE.has(text[index] ?? '') && VISIBLE.test(text[index - 1] ?? ' ');
  for (let index = Math.min(preferredEnd, text.length - 1); index > from; index -= 1) if (isSafe(index)) return index;
  for (let index = preferredEnd + 1; index < text.length; index += 1) if (isSafe(index)) return index;
  return -1;
}
