import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { dataRoot } from '../testing/test-paths';
import { Llama2cTokenizer } from './llama2c-tokenizer';

const folder = path.join(dataRoot(), 'models', 'stories260K-hf');
const expected = JSON.parse(readFileSync(path.join(folder, 'expected_greedy_ids.json'), 'utf8')) as { ids: number[]; text: string };

describe('Llama2cTokenizer (stories260K tok512)', () => {
  const tokenizer = Llama2cTokenizer.fromFolder(folder);

  it('decodes the llama2.c greedy run to its printed text (llama2.c prints a final newline)', () => {
    expect(tokenizer.decode(expected.ids)).toBe(expected.text.slice(0, -1));
    expect(expected.text.endsWith('\n')).toBe(true);
  });

  it('encodes like llama2.c: the first generated line is the canonical encoding of its text', () => {
    const firstLine = expected.text.split('\n')[0] as string;
    const ids = tokenizer.encodeIds(firstLine);
    expect(ids).toEqual(expected.ids.slice(1, 1 + ids.length));
    expect(tokenizer.decode(ids)).toBe(firstLine);
  });

  it('falls back to byte pieces <0xXX> (id = byte + 3) for code points without a piece', () => {
    const ids = tokenizer.encodeIds('wörld');
    // ö is C3 B6 in UTF-8
    expect(ids).toContain(0xc3 + 3);
    expect(ids).toContain(0xb6 + 3);
    expect(tokenizer.idToToken(0xc3 + 3)).toBe('<0xC3>');
    expect(tokenizer.decode(ids)).toBe('wörld');
  });

  it('adds BOS (not EOS) by default and pads with max_length', () => {
    const encoding = tokenizer.encode('Once upon', null, { maxLength: 6, padding: 'max_length' });
    expect(encoding.inputIds[0]).toBe(1);
    expect(encoding.inputIds).toHaveLength(6);
    expect(encoding.attentionMask.filter((bit) => bit === 1).length).toBe(1 + tokenizer.encodeIds('Once upon').length);
    expect(tokenizer.encode('', null, { addSpecialTokens: false }).inputIds).toEqual([]);
  });

  it('merges exactly as the quadratic llama2.c loop (best score, leftmost on ties) on a long text', () => {
    const text = readFileSync(path.join(dataRoot(), 'text/tinyshakespeare/input.txt'), 'utf8').slice(0, 3000);
    const { pieces, scores } = tokenizer.vocabulary;
    // llama2.c `encode`, transcribed: one piece per code point, then merge the best pair until none is left
    const tokens = [...` ${text}`.replaceAll(' ', '\u2581')].flatMap((character) =>
      tokenizer.tokenToId(character) !== undefined ? [tokenizer.tokenToId(character) as number] : [...new TextEncoder().encode(character)].map((byte) => byte + 3),
    );
    for (;;) {
      let best = -1;
      let bestScore = -Infinity;
      for (let index = 0; index + 1 < tokens.length; index++) {
        const merged = tokenizer.tokenToId(`${pieces[tokens[index]!]}${pieces[tokens[index + 1]!]}`);
        if (merged !== undefined && scores[merged]! > bestScore) {
          bestScore = scores[merged]!;
          best = index;
        }
      }
      if (best < 0) break;
      tokens.splice(best, 2, tokenizer.tokenToId(`${pieces[tokens[best]!]}${pieces[tokens[best + 1]!]}`)!);
    }
    expect(tokenizer.encodeIds(text)).toEqual(tokens);
  });

  it('rejects a vocabulary whose scores do not match its pieces', () => {
    expect(() => Llama2cTokenizer.fromJson('{"pieces": ["a", "b"], "scores": [0]}', 'bad.json')).toThrow(TokenizerError);
    expect(() => Llama2cTokenizer.fromJson('{"pieces": ["a", "b"], "scores": [0]}', 'bad.json')).toThrow(/bad\.json.*scores/);
  });
});
