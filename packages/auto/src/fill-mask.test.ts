// The bundled pretrained BERT (weak: 7.6M tokens of pretraining) with its converted MLM head fills masks.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataRoot } from '@adapters/test-utils';
import { AutoModelWithHeads } from './auto-model-with-heads';
import { fillMask } from './predict';

/** Sentence → the top-1 prediction pinned from this implementation (the model mostly knows function words). */
const SENTENCES: ReadonlyArray<[string, string]> = [
  ['to be or not to [MASK] .', '.'],
  ['he was born in [MASK] .', '.'],
  ['my lord , i [MASK] you .', ':'],
  ['the [MASK] was released in 1995 .', 'the'],
  ['what [MASK] you doing ?', '.'],
];

describe('bert-tiny-mlm fill-mask', () => {
  it('converts the static cls.* head, predicts real words and pins the top-1 of five sentences', async () => {
    const model = await AutoModelWithHeads.fromPretrained(path.join(dataRoot(), 'models/bert-tiny-mlm'));
    try {
      expect(model.headNames()).toEqual(['default']);
      expect(model.getHead('default').headType).toBe('masked_lm');
      for (const [sentence, expectedTop] of SENTENCES) {
        const predictions = await fillMask(model, sentence, { topK: 5 });
        expect(predictions).toHaveLength(1);
        const top5 = predictions[0]!;
        console.log(sentence, '->', top5.map((entry) => `${entry.token} ${entry.score.toFixed(3)}`).join(', '));
        // real vocabulary entries: whole words or punctuation, never [UNK], special tokens or '##' pieces
        for (const { token, score } of top5) {
          expect(token).toMatch(/^([a-z]+|[.,:;!?'-])$/);
          expect(score).toBeGreaterThan(0.005);
        }
        expect(top5[0]!.token).toBe(expectedTop);
        expect(top5.map((entry) => entry.score)).toEqual([...top5.map((entry) => entry.score)].sort((a, b) => b - a));
      }
    } finally {
      model.dispose();
      model.encoder.dispose();
    }
  });
});
