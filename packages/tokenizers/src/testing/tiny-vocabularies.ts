// Test-only: small hand-written vocabularies, so unit tests do not depend on the shared data folder.

/** A 30-entry WordPiece vocab; ids are the line numbers. */
export const TINY_WORDPIECE_VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'hello', 'world', ',', '!', 'un', '##aff', '##able', 'the', 'a', '##s', '.', "'", 't', 'don', 'cafe',
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', '中', '##ing',
].join('\n');

/** A byte-level BPE vocab and merges spelling "hello", " world" and "low"/"lower". */
export const TINY_BPE_VOCAB: Readonly<Record<string, number>> = {
  '<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3,
  h: 4, e: 5, l: 6, o: 7, w: 8, r: 9, d: 10, 'Ġ': 11, '!': 12,
  he: 13, ll: 14, hell: 15, hello: 16, 'Ġw': 17, or: 18, 'Ġwor': 19, 'Ġworl': 20, 'Ġworld': 21, lo: 22, low: 23, er: 24, lower: 25,
  '<mask>': 26,
};

export const TINY_BPE_MERGES = ['#version: 0.2', 'h e', 'l l', 'he ll', 'hell o', 'Ġ w', 'o r', 'Ġw or', 'Ġwor l', 'Ġworl d', 'l o', 'lo w', 'e r', 'low er', ''].join('\n');
