import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TinyUnigramOptions {
  /** `[piece, score]` after XLM-R's four specials (<s>=0, <pad>=1, </s>=2, <unk>=3); <mask> comes last. */
  readonly pieces: readonly (readonly [string, number])[];
  readonly byteFallback?: boolean;
  /** tokenizer.json `pre_tokenizer`; default the current converter's `Metaspace` (prepend always, split). */
  readonly preTokenizer?: Record<string, unknown>;
  /** tokenizer.json `normalizer`; default NFKC then runs of spaces to one (XLM-R's nmt_nfkc charsmap does both). */
  readonly normalizer?: Record<string, unknown> | null;
}

/**
 * An HF tokenizer.json for a SentencePiece Unigram model laid out as XLM-R's: the four specials first, the
 * pieces, then <mask> (lstrip) as the last id; post-processor `<s> A </s>` / `<s> A </s></s> B </s>`.
 */
export function tinyUnigramTokenizerJson(options: TinyUnigramOptions): Record<string, unknown> {
  const vocab: [string, number][] = [['<s>', 0], ['<pad>', 0], ['</s>', 0], ['<unk>', 0], ...options.pieces.map(([piece, score]) => [piece, score] as [string, number]), ['<mask>', 0]];
  const maskId = vocab.length - 1;
  const added = (id: number, content: string, lstrip = false) => ({ id, content, single_word: false, lstrip, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [added(0, '<s>'), added(1, '<pad>'), added(2, '</s>'), added(3, '<unk>'), added(maskId, '<mask>', true)],
    normalizer:
      options.normalizer === undefined
        ? { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] }
        : options.normalizer,
    pre_tokenizer: options.preTokenizer ?? { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: {
        '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] },
        '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] },
      },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: options.byteFallback ?? false },
  };
}

/**
 * A Unigram vocabulary that covers any ASCII text: every printable character alone and after ▁, plus `words`
 * (whole words after ▁, scored higher so Viterbi prefers them).
 */
export function asciiUnigramPieces(words: readonly string[] = []): [string, number][] {
  const pieces: [string, number][] = [['▁', -3]];
  for (let code = 33; code < 127; code++) {
    const character = String.fromCharCode(code);
    pieces.push([character, -6], [`▁${character}`, -7]);
  }
  for (const word of words) pieces.push([`▁${word}`, -4]);
  return pieces;
}

/** Writes tokenizer.json (+ a tokenizer_config.json naming XLMRobertaTokenizer) into `folder`. */
export async function saveTinyUnigramTokenizer(folder: string, options: TinyUnigramOptions): Promise<{ folder: string; vocabSize: number }> {
  const json = tinyUnigramTokenizerJson(options);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'tokenizer.json'), `${JSON.stringify(json)}\n`);
  await writeFile(path.join(folder, 'tokenizer_config.json'), `${JSON.stringify({ tokenizer_class: 'XLMRobertaTokenizer', model_max_length: 512 })}\n`);
  return { folder, vocabSize: (json.model as { vocab: unknown[] }).vocab.length };
}
