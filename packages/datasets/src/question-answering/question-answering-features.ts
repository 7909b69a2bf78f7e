import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import { SequenceStoreBuilder, type SequenceStore } from '../sequences/sequence-store';
import { specialId } from '../token-classification/token-classification-features';
import type { SquadExample } from './read-squad-file';

export interface QuestionAnsweringFeatureOptions {
  /** Longest window, special tokens included (HF `max_seq_length`). Default 384. */
  readonly maxSeqLength?: number;
  /** Context tokens shared by consecutive windows (HF run_qa's `doc_stride`, the tokenizer's `stride`). Default 128. */
  readonly docStride?: number;
  /** Longest question in tokens; longer ones are cut. Default 64. */
  readonly maxQueryLength?: number;
}

/**
 * Sliding windows `[CLS] question [SEP] context-window [SEP]` over every example, with what post-processing
 * needs to map token positions back to the context.
 */
export interface QuestionAnsweringFeatures {
  /** One row per window; token type 1 on the context window and the last [SEP]. */
  readonly store: SequenceStore;
  /** The answer's first / last token in each window; 0 (the [CLS] token) when the window does not hold the whole answer or there is none. */
  readonly startPositions: Int32Array;
  readonly endPositions: Int32Array;
  /** The example each window belongs to. */
  readonly exampleIndex: Int32Array;
  /** Character span `[start, end)` in the context per token (two entries per token, aligned with `store.inputIds`); -1 for question and special tokens. */
  readonly offsets: Int32Array;
  readonly examples: readonly SquadExample[];
}

/**
 * HF run_qa's `prepare_train_features` / `prepare_validation_features` for WordPiece tokenizers: the context
 * is tokenized once with character offsets, cut into windows of at most `maxSeqLength - question - 3` tokens
 * that overlap by `docStride`, and the first gold answer is located in each window by its character span.
 */
export function convertQuestionAnsweringExamples(examples: readonly SquadExample[], tokenizer: Tokenizer, options: QuestionAnsweringFeatureOptions = {}): QuestionAnsweringFeatures {
  const maxSeqLength = options.maxSeqLength ?? 384;
  const docStride = options.docStride ?? 128;
  const maxQueryLength = options.maxQueryLength ?? 64;
  for (const [name, value] of [['maxSeqLength', maxSeqLength], ['docStride', docStride], ['maxQueryLength', maxQueryLength]] as const) {
    if (!(Number.isInteger(value) && value > 0)) throw new InvalidConfigError({ path: name, expected: 'a positive integer', received: value });
  }
  const clsId = specialId(tokenizer, 'cls');
  const sepId = specialId(tokenizer, 'sep');
  const plain = { addSpecialTokens: false, truncation: 'do_not_truncate', padding: 'do_not_pad' } as const;
  const builder = new SequenceStoreBuilder({ withTokenTypeIds: true });
  const starts: number[] = [];
  const ends: number[] = [];
  const owners: number[] = [];
  const offsets: number[] = [];
  examples.forEach((example, index) => {
    const question = tokenizer.encode(example.question, null, plain).inputIds.slice(0, maxQueryLength);
    const context = tokenizer.encode(example.context, null, { ...plain, returnOffsets: true });
    const spans = context.offsets ?? [];
    const budget = maxSeqLength - question.length - 3;
    if (budget <= docStride) {
      throw new InvalidConfigError({
        path: 'docStride',
        expected: `fewer tokens than a window's context part (${budget} with maxSeqLength ${maxSeqLength} and a ${question.length}-token question)`,
        received: docStride,
      });
    }
    const answer = example.answers[0];
    const answerStart = answer?.answerStart ?? -1;
    const answerEnd = answer === undefined ? -1 : answer.answerStart + answer.text.length;
    for (let windowStart = 0; ; windowStart += budget - docStride) {
      const windowEnd = Math.min(context.inputIds.length, windowStart + budget);
      const ids = [clsId, ...question, sepId, ...context.inputIds.slice(windowStart, windowEnd), sepId];
      const types = ids.map((_, position) => (position >= question.length + 2 ? 1 : 0));
      builder.append(ids, types);
      const contextOffset = question.length + 2;
      for (let position = 0; position < ids.length; position += 1) {
        const token = position - contextOffset + windowStart;
        const span = position >= contextOffset && token < windowEnd ? spans[token] : undefined;
        offsets.push(span?.[0] ?? -1, span?.[1] ?? -1);
      }
      const [start, end] = locateAnswer(spans, windowStart, windowEnd, answerStart, answerEnd);
      starts.push(start < 0 ? 0 : start - windowStart + contextOffset);
      ends.push(end < 0 ? 0 : end - windowStart + contextOffset);
      owners.push(index);
      if (windowEnd >= context.inputIds.length) break;
    }
  });
  return {
    store: builder.build(),
    startPositions: Int32Array.from(starts),
    endPositions: Int32Array.from(ends),
    exampleIndex: Int32Array.from(owners),
    offsets: Int32Array.from(offsets),
    examples,
  };
}

/** The context tokens (absolute indices) of the answer span when the window holds all of it, else [-1, -1]. */
function locateAnswer(spans: readonly (readonly [number, number])[], windowStart: number, windowEnd: number, answerStart: number, answerEnd: number): [number, number] {
  if (answerStart < 0 || windowEnd <= windowStart) return [-1, -1];
  const first = spans[windowStart];
  const last = spans[windowEnd - 1];
  if (first === undefined || last === undefined || first[0] > answerStart || last[1] < answerEnd) return [-1, -1];
  // As HF run_qa: the last token starting at or before the answer, the first token ending at or after it.
  let start = windowStart;
  while (start < windowEnd && (spans[start]?.[0] ?? 0) <= answerStart) start += 1;
  let end = windowEnd - 1;
  while (end >= windowStart && (spans[end]?.[1] ?? 0) >= answerEnd) end -= 1;
  start -= 1;
  end += 1;
  return [start, Math.max(start, end)];
}
