import { InvalidConfigError, type Tokenizer } from '@adapters/core';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random';
import { SequenceStore } from '../sequences/sequence-store';
import { sharedTokenizer, tinyTokenizer, TINY_VOCAB } from '../testing/test-support';
import { IGNORE_INDEX, type Batch } from './batch';
import { createMaskedLMCollator } from './masked-lm-collator';

const bert = sharedTokenizer('bert-base-uncased');
const [PAD, UNK, CLS, SEP, MASK] = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((token) => bert.tokenToId(token) ?? -1) as [number, number, number, number, number];

/** ~100k tokens: rows of 20-128 tokens, `[CLS] … [SEP]`, with some [UNK]s inside, ids drawn from the real vocab. */
function syntheticCorpus(): SequenceStore {
  const random = new SeededRandom(2024);
  const rows: number[][] = [];
  let total = 0;
  while (total < 100_000) {
    const length = 20 + random.nextInt(109);
    const row = [CLS];
    for (let index = 0; index < length - 2; index += 1) row.push(random.nextInt(50) === 0 ? UNK : 1000 + random.nextInt(bert.vocabSize - 1000));
    row.push(SEP);
    rows.push(row);
    total += row.length;
  }
  return SequenceStore.fromSequences(rows);
}

function everyBatch(store: SequenceStore, collate: (store: SequenceStore, indices: number[]) => Batch, batchSize: number): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < store.size; start += batchSize) {
    batches.push(collate(store, Array.from({ length: Math.min(batchSize, store.size - start) }, (_, offset) => start + offset)));
  }
  return batches;
}

describe('createMaskedLMCollator', () => {
  it('masks 15% of ordinary tokens, split 80/10/10, over 100k tokens, and never a special token or pad', () => {
    const store = syntheticCorpus();
    const batches = everyBatch(store, createMaskedLMCollator(bert, { seed: 13 }), 32);
    let eligible = 0;
    let tokens = 0;
    let masked = 0;
    let replacedByMask = 0;
    let replacedByRandom = 0;
    let unchanged = 0;
    let originalRow = 0;
    for (const batch of batches) {
      const [rows, length] = batch.shape;
      const labels = batch.labels as Int32Array;
      for (let row = 0; row < rows; row += 1, originalRow += 1) {
        const original = store.inputIdsAt(originalRow);
        for (let position = 0; position < length; position += 1) {
          const at = row * length + position;
          const id = batch.inputIds[at] ?? -1;
          const label = labels[at] ?? -1;
          if (position >= original.length) {
            // Padding: untouched and unlabelled.
            if (id !== PAD || label !== IGNORE_INDEX || batch.attentionMask[at] !== 0) throw new Error(`padding changed at row ${originalRow}`);
            continue;
          }
          tokens += 1;
          const source = original[position] ?? -1;
          if (source === CLS || source === SEP || source === UNK) {
            if (id !== source || label !== IGNORE_INDEX) throw new Error(`special token ${source} was masked at row ${originalRow}, position ${position}`);
            continue;
          }
          eligible += 1;
          if (label === IGNORE_INDEX) {
            if (id !== source) throw new Error('an unmasked token changed');
            continue;
          }
          if (label !== source) throw new Error(`label ${label} is not the original id ${source}`);
          masked += 1;
          if (id === MASK) replacedByMask += 1;
          else if (id === source) unchanged += 1;
          else replacedByRandom += 1;
        }
      }
    }
    expect(tokens).toBeGreaterThanOrEqual(100_000);
    // The share is of the tokens that may be masked; [CLS], [SEP] and [UNK] (about 3.5% here) never are.
    expect(Math.abs(masked / eligible - 0.15)).toBeLessThan(0.005);
    expect(Math.abs(replacedByMask / masked - 0.8)).toBeLessThan(0.01);
    expect(Math.abs(replacedByRandom / masked - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(unchanged / masked - 0.1)).toBeLessThan(0.01);
  });

  it('is deterministic per seed, and differs between seeds', () => {
    const store = SequenceStore.fromSequences(Array.from({ length: 8 }, (_, row) => [CLS, ...Array.from({ length: 30 }, (_, index) => 2000 + row * 31 + index), SEP]));
    const run = (seed: number): number[] => {
      const collate = createMaskedLMCollator(bert, { seed });
      return [...collate(store, [0, 1, 2, 3]).inputIds, ...collate(store, [4, 5, 6, 7]).inputIds];
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('pads before masking and honours padTo', () => {
    const store = SequenceStore.fromSequences([[CLS, 2000, 2001, SEP], [CLS, SEP]]);
    const batch = createMaskedLMCollator(bert, { seed: 0, probability: 1, maskReplaceProbability: 1, randomReplaceProbability: 0, padTo: 6 })(store, [0, 1]);
    expect(batch.shape).toEqual([2, 6]);
    expect([...batch.inputIds]).toEqual([CLS, MASK, MASK, SEP, PAD, PAD, CLS, SEP, PAD, PAD, PAD, PAD]);
    expect([...(batch.labels ?? [])]).toEqual([-100, 2000, 2001, -100, -100, -100, -100, -100, -100, -100, -100, -100]);
  });

  it('masks whole words of WordPiece continuation pieces', () => {
    const tiny = tinyTokenizer();
    const id = (token: string): number => TINY_VOCAB.indexOf(token);
    // "[CLS] un ##aff ##able play ##ing the cat run ##ner ... [SEP]", repeated to give the draw some room.
    const words = [['un', '##aff', '##able'], ['play', '##ing'], ['the'], ['cat'], ['run', '##ner'], ['play', '##ed'], ['dog']];
    const row = [id('[CLS]'), ...words.flat().map(id), ...words.flat().map(id), id('[SEP]')];
    const store = SequenceStore.fromSequences([row]);
    const collate = createMaskedLMCollator(tiny, { seed: 5, wholeWordMasking: true, probability: 0.3 });
    for (let call = 0; call < 30; call += 1) {
      const labels = [...(collate(store, [0]).labels ?? [])];
      const masked = labels.map((label) => label !== IGNORE_INDEX);
      expect(masked.filter(Boolean)).toHaveLength(Math.round(row.length * 0.3)); // 32 × 0.3 = 9.6 → 10, always reachable with 1-piece words
      expect(masked[0]).toBe(false);
      expect(masked[row.length - 1]).toBe(false);
      // A continuation piece is masked exactly when the piece before it is.
      for (let position = 1; position < row.length - 1; position += 1) {
        if (TINY_VOCAB[row[position] ?? 0]?.startsWith('##') === true) expect(masked[position]).toBe(masked[position - 1]);
      }
    }
  });

  it('rejects a tokenizer without a mask token and bad probabilities', () => {
    // The real tokenizer with its mask token taken away.
    const noMask: Tokenizer = Object.assign(Object.create(bert) as Tokenizer, { specialTokens: { ...bert.specialTokens, mask: undefined } });
    expect(() => createMaskedLMCollator(noMask, { seed: 0 })).toThrow(/mask token/);
    expect(() => createMaskedLMCollator(bert, { seed: 0, probability: 1.5 })).toThrow(InvalidConfigError);
    expect(() => createMaskedLMCollator(bert, { seed: 0, maskReplaceProbability: 0.95, randomReplaceProbability: 0.1 })).toThrow(/randomReplaceProbability/);
  });
});
