import { describe, expect, it } from 'vitest';
import { TokenizerError } from '@adapters/core';
import { mergeSpecialTokensMap, normalizeTokenizerConfig, parseAddedTokensJson } from './tokenizer-config';

describe('normalizeTokenizerConfig', () => {
  it('converts snake_case keys and special-token forms', () => {
    const config = normalizeTokenizerConfig({
      do_lower_case: false,
      strip_accents: null,
      model_max_length: 512,
      padding_side: 'left',
      unk_token: '[UNK]',
      mask_token: { __type: 'AddedToken', content: '<mask>', lstrip: true, rstrip: false },
      added_tokens_decoder: { '0': { content: '<s>', special: true }, '7': { content: 'extra', special: false } },
      unrelated_key: 1,
    });
    expect(config).toMatchObject({
      doLowerCase: false,
      stripAccents: undefined,
      modelMaxLength: 512,
      paddingSide: 'left',
      specialTokens: { unk: { content: '[UNK]' }, mask: { content: '<mask>', leftStrip: true, rightStrip: false } },
      addedTokens: [{ id: 0, content: '<s>', special: true }, { id: 7, content: 'extra', special: false }],
    });
  });

  it("treats HF's 'no limit' model_max_length as none", () => {
    expect(normalizeTokenizerConfig({ model_max_length: 1000000000000000019884624838656 }).modelMaxLength).toBeUndefined();
  });

  it('names the file and key of a wrong type', () => {
    expect(() => normalizeTokenizerConfig({ do_lower_case: 'yes' }, 'x/tokenizer_config.json')).toThrow(
      /x\/tokenizer_config\.json: do_lower_case: expected a boolean, received "yes"/,
    );
    expect(() => normalizeTokenizerConfig([])).toThrow(TokenizerError);
    expect(() => normalizeTokenizerConfig({ padding_side: 'up' })).toThrow(/padding_side/);
  });

  it('merges special_tokens_map.json under the config and reads added_tokens.json', () => {
    const merged = mergeSpecialTokensMap(normalizeTokenizerConfig({ unk_token: '<u>' }), { unk_token: '<other>', pad_token: '<p>' });
    expect(merged.specialTokens).toEqual({ unk: { content: '<u>' }, pad: { content: '<p>' } });
    expect(parseAddedTokensJson({ '<x>': 5 })).toEqual([{ content: '<x>', id: 5, special: false }]);
    expect(() => parseAddedTokensJson({ '<x>': 'five' })).toThrow(/added_tokens\.json/);
  });
});
