import { describe, expect, it } from 'vitest';
import { decodeWordPieces } from './wordpiece-decoder';

describe('decodeWordPieces', () => {
  it('glues continuation pieces and cleans up spaces before punctuation', () => {
    expect(decodeWordPieces(['[CLS]', 'hello', ',', 'world', '!', '[SEP]'], '##', true)).toBe('[CLS] hello, world! [SEP]');
    expect(decodeWordPieces(['una', '##ffa', '##ble'], '##', true)).toBe('unaffable');
    expect(decodeWordPieces(['don', "'", 't', 'go', '.'], '##', true)).toBe("don't go.");
    expect(decodeWordPieces(['it', "'", 's'], '##', true)).toBe("it's");
  });

  it('keeps spaces without clean-up, and the prefix of a leading continuation piece', () => {
    expect(decodeWordPieces(['hello', ',', 'world'], '##', false)).toBe('hello , world');
    expect(decodeWordPieces(['##s', 'a'], '##', true)).toBe('##s a');
    expect(decodeWordPieces([], '##', true)).toBe('');
  });
});
