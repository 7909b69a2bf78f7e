import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bertOptionsFromConfig } from './loading/options-from-config';
import { normalizeTokenizerConfig } from './loading/tokenizer-config';
import { fixturesRoot } from './testing/test-paths';
import { BertTokenizer } from './wordpiece/bert-tokenizer';

// The shared golden case: HF BertTokenizer (slow) outputs for a 30k-token uncased vocab, every field exact.

interface FixtureCase {
  readonly vocab: string;
  readonly tokenizer_config: string;
  readonly expected: string;
  readonly max_length: number;
  readonly truncation: 'longest_first' | 'only_first' | 'only_second';
  readonly padding: 'max_length' | 'longest';
  readonly special_tokens: Readonly<Record<string, string>>;
}

interface FixtureExample {
  readonly text: string;
  readonly text_pair: string | null;
  readonly wordpieces: readonly string[];
  readonly wordpieces_pair: readonly string[] | null;
  readonly tokens: readonly string[];
  readonly input_ids: readonly number[];
  readonly token_type_ids: readonly number[];
  readonly attention_mask: readonly number[];
}

const caseFolder = path.join(fixturesRoot(), 'tokenizer');
const fixture = JSON.parse(readFileSync(path.join(caseFolder, 'case.json'), 'utf8')) as FixtureCase;
const examples = (JSON.parse(readFileSync(path.join(caseFolder, fixture.expected), 'utf8')) as { examples: FixtureExample[] }).examples;
const config = normalizeTokenizerConfig(
  JSON.parse(readFileSync(path.join(caseFolder, fixture.tokenizer_config), 'utf8')),
  fixture.tokenizer_config,
);
const tokenizer = BertTokenizer.fromVocab(readFileSync(path.join(caseFolder, fixture.vocab), 'utf8'), bertOptionsFromConfig(config));

describe('golden fixture: tokenizer (HF BertTokenizer)', () => {
  it('has examples and the special tokens the case names', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const [role, token] of Object.entries(fixture.special_tokens)) {
      expect(tokenizer.specialTokens[role as keyof typeof tokenizer.specialTokens]).toBe(token);
    }
  });

  describe.each(examples.map((example, index) => ({ ...example, index })))('example $index: $text', (example) => {
    it('tokenizes to the expected wordpieces', () => {
      expect(tokenizer.tokenize(example.text)).toEqual(example.wordpieces);
      if (example.text_pair !== null) expect(tokenizer.tokenize(example.text_pair)).toEqual(example.wordpieces_pair);
    });

    it('encodes every field exactly', () => {
      const encoding = tokenizer.encode(example.text, example.text_pair, {
        maxLength: fixture.max_length,
        truncation: fixture.truncation,
        padding: fixture.padding,
      });
      expect(encoding.tokens).toEqual(example.tokens);
      expect(encoding.inputIds).toEqual(example.input_ids);
      expect(encoding.tokenTypeIds).toEqual(example.token_type_ids);
      expect(encoding.attentionMask).toEqual(example.attention_mask);
    });

    it('encodes the same inside a batch', () => {
      const [batched] = tokenizer.encodeBatch([[example.text, example.text_pair]], {
        maxLength: fixture.max_length,
        truncation: fixture.truncation,
        padding: fixture.padding,
      });
      expect(batched?.inputIds).toEqual(example.input_ids);
    });
  });
});
