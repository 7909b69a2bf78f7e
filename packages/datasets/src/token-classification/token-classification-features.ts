import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import { IGNORE_INDEX } from '../collators/batch';
import { SequenceStoreBuilder, type SequenceStore } from '../sequences/sequence-store';
import { insideTag } from './iob-tags';

/** Tokenized sentences with one label per sub-token, aligned with `store.inputIds`. */
export interface TokenClassificationFeatures {
  readonly store: SequenceStore;
  /** Label id per token of `store` (same offsets); -100 where nothing is predicted. */
  readonly tokenLabels: Int32Array;
  readonly labelList: readonly string[];
  /** Words per sentence that fit into `maxSeqLength` (the rest were cut off). */
  readonly wordCounts: Int32Array;
}

export interface TokenClassificationFeatureOptions {
  readonly labelList: readonly string[];
  /** Longest sequence, [CLS] and [SEP] included. Default 128. */
  readonly maxSeqLength?: number;
  /**
   * Label every sub-token of a word (later pieces get the I- form of the word's tag, HF's `b_to_i_label`)
   * instead of only the first. Default false: the rest get -100, as HF's run_ner.
   */
  readonly labelAllTokens?: boolean;
}

/**
 * Word-level tags → sub-token labels, as HF's `tokenize_and_align_labels`: each word is tokenized on its own,
 * its first piece carries the word's label and the other pieces -100 (or the I- label with `labelAllTokens`);
 * [CLS]/[SEP] get -100. Sentences longer than `maxSeqLength` are cut at a word boundary.
 */
export function convertTokenClassificationExamples(
  sentences: readonly { readonly words: readonly string[]; readonly tags: readonly string[] }[],
  tokenizer: Tokenizer,
  options: TokenClassificationFeatureOptions,
): TokenClassificationFeatures {
  const maxSeqLength = options.maxSeqLength ?? 128;
  if (!(Number.isInteger(maxSeqLength) && maxSeqLength > 2)) throw new InvalidConfigError({ path: 'maxSeqLength', expected: 'an integer > 2', received: maxSeqLength });
  const labelIds = new Map(options.labelList.map((label, index) => [label, index]));
  const clsId = specialId(tokenizer, 'cls');
  const sepId = specialId(tokenizer, 'sep');
  const builder = new SequenceStoreBuilder({ withTokenTypeIds: true });
  const labels: number[] = [];
  const wordCounts = new Int32Array(sentences.length);
  sentences.forEach((sentence, sentenceIndex) => {
    const ids = [clsId];
    const rowLabels = [IGNORE_INDEX];
    let words = 0;
    for (let index = 0; index < sentence.words.length; index += 1) {
      const pieces = tokenizer.tokenize(sentence.words[index] ?? '');
      // A word the tokenizer drops entirely (control characters) has no piece to carry its label.
      if (pieces.length === 0) continue;
      if (ids.length + pieces.length + 1 > maxSeqLength) break;
      const tag = sentence.tags[index] ?? 'O';
      const id = labelIds.get(tag);
      if (id === undefined) throw new InvalidConfigError({ path: `sentences[${sentenceIndex}].tags[${index}]`, expected: `one of ${options.labelList.join(', ')}`, received: tag });
      const inside = labelIds.get(insideTag(tag)) ?? id;
      pieces.forEach((piece, pieceIndex) => {
        ids.push(tokenizer.tokenToId(piece) ?? tokenizer.tokenToId(tokenizer.specialTokens.unk) ?? 0);
        rowLabels.push(pieceIndex === 0 ? id : options.labelAllTokens === true ? inside : IGNORE_INDEX);
      });
      words += 1;
    }
    ids.push(sepId);
    rowLabels.push(IGNORE_INDEX);
    builder.append(ids, new Uint8Array(ids.length));
    for (const label of rowLabels) labels.push(label);
    wordCounts[sentenceIndex] = words;
  });
  return { store: builder.build(), tokenLabels: Int32Array.from(labels), labelList: options.labelList, wordCounts };
}

/** The id of the tokenizer's [CLS] or [SEP] token, or an error saying it has none. */
export function specialId(tokenizer: Tokenizer, role: 'cls' | 'sep'): number {
  const token = tokenizer.specialTokens[role];
  const id = token === undefined ? undefined : tokenizer.tokenToId(token);
  if (id === undefined) throw new InvalidConfigError({ path: `tokenizer.specialTokens.${role}`, expected: 'a token in the vocabulary', received: token });
  return id;
}
