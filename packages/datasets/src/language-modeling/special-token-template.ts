import { InvalidConfigError, type Tokenizer } from '@adapters/core';

/** The special-token ids a tokenizer puts around one sequence: `[CLS] … [SEP]` for BERT, `<s> … </s>` for RoBERTa, none for GPT-2. */
export interface SpecialTokenTemplate {
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
}

const PROBE = 'a';

/**
 * Finds a tokenizer's single-sequence template (HF `build_inputs_with_special_tokens`) through the core
 * `Tokenizer` interface alone: encode a probe with and without special tokens and see what surrounds it.
 */
export function singleSequenceTemplate(tokenizer: Tokenizer): SpecialTokenTemplate {
  const withSpecial = tokenizer.encode(PROBE, null, { addSpecialTokens: true }).inputIds;
  const plain = tokenizer.encode(PROBE, null, { addSpecialTokens: false }).inputIds;
  for (let start = 0; start + plain.length <= withSpecial.length; start += 1) {
    if (plain.every((id, offset) => withSpecial[start + offset] === id)) {
      return { prefix: withSpecial.slice(0, start), suffix: withSpecial.slice(start + plain.length) };
    }
  }
  throw new InvalidConfigError({
    path: 'tokenizer',
    expected: `a tokenizer whose special tokens surround the sequence (encode('${PROBE}') = [${plain.join(', ')}] was not found inside [${withSpecial.join(', ')}])`,
    received: 'a tokenizer that rewrites the sequence when adding special tokens',
  });
}
