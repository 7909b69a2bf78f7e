import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import { SeededRandom } from '../random/seeded-random';
import type { SequenceStore } from '../sequences/sequence-store';
import { IGNORE_INDEX, type Batch, type Collator } from './batch';
import { padSequences } from './pad-sequences';
import { padTokenIdOf } from './padding-collator';
import { wholeWordMaskPositions } from './whole-word-mask';

/** Options of `createMaskedLMCollator`; every probability is in [0, 1]. */
export interface MaskedLMOptions {
  /** Seed of the collator's own PRNG; the same seed and the same calls give the same masks. */
  readonly seed: number;
  /** Share of tokens to predict (HF `mlm_probability`). Default 0.15. */
  readonly probability?: number;
  /** Of the predicted tokens, the share replaced by the mask token. Default 0.8. */
  readonly maskReplaceProbability?: number;
  /** Of the predicted tokens, the share replaced by a random token; the rest stay unchanged. Default 0.1. */
  readonly randomReplaceProbability?: number;
  /**
   * Mask whole words (HF `DataCollatorForWholeWordMask`): a word is a token plus the continuation pieces that
   * follow it. Default false.
   */
  readonly wholeWordMasking?: boolean;
  /** Prefix of WordPiece continuation pieces. Default '##'. */
  readonly continuationPrefix?: string;
  /** More ids never to mask, besides the tokenizer's special tokens (e.g. additional special tokens). */
  readonly extraSpecialTokenIds?: readonly number[];
  readonly padTo?: 'longest' | number;
  readonly padToMultipleOf?: number;
}

/**
 * HF `DataCollatorForLanguageModeling(mlm=True)`: pads the rows, picks each token with probability
 * `probability` (special tokens and padding never), and replaces a picked token by the mask token (80%), a
 * uniformly random id in [0, vocabSize) (10%) or leaves it (10%). Labels are the original ids at picked
 * positions and -100 elsewhere. Like HF, the unknown token counts as special and is never picked.
 * With `wholeWordMasking`, HF's whole-word rule applies instead of the per-token draw: words are shuffled and
 * taken whole until round(probability × row length) tokens are picked (at least 1, at most 512).
 */
export function createMaskedLMCollator(tokenizer: Tokenizer, options: MaskedLMOptions): Collator {
  const probability = checkProbability(options.probability ?? 0.15, 'probability');
  const maskReplace = checkProbability(options.maskReplaceProbability ?? 0.8, 'maskReplaceProbability');
  const randomReplace = checkProbability(options.randomReplaceProbability ?? 0.1, 'randomReplaceProbability');
  if (maskReplace + randomReplace > 1) {
    throw new InvalidConfigError({ path: 'randomReplaceProbability', expected: `at most 1 - maskReplaceProbability (${1 - maskReplace})`, received: randomReplace });
  }
  const maskTokenId = tokenizer.specialTokens.mask === undefined ? undefined : tokenizer.tokenToId(tokenizer.specialTokens.mask);
  if (maskTokenId === undefined) {
    throw new InvalidConfigError({ path: 'tokenizer.specialTokens.mask', expected: 'a mask token in the vocabulary (masked LM needs one)', received: tokenizer.specialTokens.mask });
  }
  const padTokenId = padTokenIdOf(tokenizer);
  const vocabSize = tokenizer.vocabSize;
  const special = specialTokenTable(tokenizer, options.extraSpecialTokenIds ?? []);
  const continuation = options.wholeWordMasking === true ? continuationTable(tokenizer, options.continuationPrefix ?? '##') : undefined;
  const random = new SeededRandom(options.seed);

  return (store: SequenceStore, indices: ArrayLike<number>): Batch => {
    const padded = padSequences(store, indices, { padTokenId, padTo: options.padTo, padToMultipleOf: options.padToMultipleOf });
    const [rows, length] = padded.shape;
    const inputIds = padded.inputIds;
    const labels = new Int32Array(rows * length).fill(IGNORE_INDEX);
    const isSpecial = (id: number): boolean => id >= 0 && id < special.length && special[id] === 1;

    const replace = (position: number): void => {
      const original = inputIds[position] ?? 0;
      labels[position] = original;
      const draw = random.nextFloat();
      if (draw < maskReplace) inputIds[position] = maskTokenId;
      else if (draw < maskReplace + randomReplace) inputIds[position] = random.nextInt(vocabSize);
    };

    for (let row = 0; row < rows; row += 1) {
      const base = row * length;
      const rowLength = store.lengthOf(indices[row] ?? 0);
      if (continuation !== undefined) {
        const ids = inputIds.subarray(base, base + rowLength);
        for (const position of wholeWordMaskPositions(ids, { isSpecial, isContinuation: (id) => continuation[id] === 1, probability, random })) {
          replace(base + position);
        }
        continue;
      }
      for (let position = base; position < base + rowLength; position += 1) {
        if (isSpecial(inputIds[position] ?? 0)) continue;
        if (random.nextFloat() < probability) replace(position);
      }
    }
    return { ...padded, labels };
  };
}

function checkProbability(value: number, path: string): number {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) throw new InvalidConfigError({ path, expected: 'a probability in [0, 1]', received: value });
  return value;
}

/** 1 at the ids of every special token of the tokenizer (HF `all_special_ids`), plus the extra ones. */
function specialTokenTable(tokenizer: Tokenizer, extra: readonly number[]): Uint8Array {
  const ids: number[] = [...extra];
  for (const token of Object.values(tokenizer.specialTokens) as (string | undefined)[]) {
    const id = token === undefined ? undefined : tokenizer.tokenToId(token);
    if (id !== undefined) ids.push(id);
  }
  const table = new Uint8Array(Math.max(tokenizer.vocabSize, ...ids.map((id) => id + 1)));
  for (const id of ids) table[id] = 1;
  return table;
}

/** 1 at the ids whose token starts with the continuation prefix ('##piece'). */
function continuationTable(tokenizer: Tokenizer, prefix: string): Uint8Array {
  const table = new Uint8Array(tokenizer.vocabSize);
  for (let id = 0; id < tokenizer.vocabSize; id += 1) if (tokenizer.idToToken(id)?.startsWith(prefix) === true) table[id] = 1;
  return table;
}
