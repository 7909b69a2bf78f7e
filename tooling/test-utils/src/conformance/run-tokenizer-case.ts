import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PaddingStrategy, TruncationStrategy } from '@adapters/core';
import { loadBertTokenizer } from '@adapters/tokenizers';
import type { DiscoveredCase } from './case-files';
import type { CaseResult } from './run-case';

interface TokenizerExample {
  text: string;
  text_pair: string | null;
  wordpieces: string[];
  tokens: string[];
  input_ids: number[];
  token_type_ids: number[];
  attention_mask: number[];
}

/** Runs a `tokenizer` case: every example's wordpieces and encoded fields must match exactly. */
export async function runTokenizerCase(discovered: DiscoveredCase): Promise<CaseResult> {
  const { spec, folder } = discovered;
  const vocab = path.resolve(folder, spec.vocab as string);
  const tokenizer = loadBertTokenizer(path.dirname(vocab));
  const { examples } = JSON.parse(readFileSync(path.resolve(folder, spec.expected), 'utf8')) as { examples: TokenizerExample[] };
  const compared: string[] = [];
  const mismatches: string[] = [];
  const options = {
    maxLength: spec.max_length as number,
    truncation: spec.truncation as TruncationStrategy,
    padding: spec.padding as PaddingStrategy,
  };
  examples.forEach((example, index) => {
    const label = `example ${index} (${JSON.stringify(example.text).slice(0, 40)})`;
    const encoding = tokenizer.encode(example.text, example.text_pair, options);
    const fields: Array<[string, unknown, unknown]> = [
      ['wordpieces', tokenizer.tokenize(example.text), example.wordpieces],
      ['tokens', encoding.tokens, example.tokens],
      ['input_ids', encoding.inputIds, example.input_ids],
      ['token_type_ids', encoding.tokenTypeIds, example.token_type_ids],
      ['attention_mask', encoding.attentionMask, example.attention_mask],
    ];
    for (const [field, actual, expected] of fields) {
      compared.push(`${label}.${field}`);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${label}.${field}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
      }
    }
  });
  return { compared, mismatches };
}
