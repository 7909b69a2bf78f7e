import type { ByteLevelBpeTokenizerOptions, ByteLevelSpecialTokenRole } from '../bpe/byte-level-bpe-tokenizer';
import { addedToken, type AddedToken } from '../pipeline/added-tokens';
import type { SpecialTokenSpec } from '../pipeline/special-token-registry';
import type { SentencePieceSpecialTokenRole, SentencePieceTokenizerOptions } from '../sentencepiece/sentencepiece-tokenizer';
import type { BertSpecialTokenRole, BertTokenizerOptions } from '../wordpiece/bert-tokenizer';
import type { TokenizerConfig } from './tokenizer-config';

/** BERT options from a normalized tokenizer_config.json. */
export function bertOptionsFromConfig(config: TokenizerConfig): BertTokenizerOptions {
  return {
    doLowerCase: config.doLowerCase,
    stripAccents: config.stripAccents,
    tokenizeChineseChars: config.tokenizeChineseChars,
    neverSplit: config.neverSplit,
    modelMaxLength: config.modelMaxLength,
    paddingSide: config.paddingSide,
    cleanUpTokenizationSpaces: config.cleanUpTokenizationSpaces,
    specialTokens: pickRoles(config, ['unk', 'sep', 'pad', 'cls', 'mask'] as const satisfies readonly BertSpecialTokenRole[]),
    additionalSpecialTokens: config.additionalSpecialTokens,
    addedTokens: configuredAddedTokens(config),
  };
}

/** Byte-level BPE options from a normalized tokenizer_config.json (`tokenizer_class` picks the flavor). */
export function byteLevelOptionsFromConfig(config: TokenizerConfig): ByteLevelBpeTokenizerOptions {
  const tokenizerClass = config.tokenizerClass?.toLowerCase() ?? '';
  return {
    flavor: tokenizerClass.includes('roberta') ? 'roberta' : tokenizerClass.includes('gpt2') ? 'gpt2' : undefined,
    addPrefixSpace: config.addPrefixSpace,
    modelMaxLength: config.modelMaxLength,
    paddingSide: config.paddingSide,
    cleanUpTokenizationSpaces: config.cleanUpTokenizationSpaces,
    specialTokens: pickRoles(config, ['unk', 'pad', 'bos', 'eos', 'cls', 'sep', 'mask'] as const satisfies readonly ByteLevelSpecialTokenRole[]),
    additionalSpecialTokens: config.additionalSpecialTokens,
    addedTokens: configuredAddedTokens(config),
  };
}

/** SentencePiece (Unigram, Llama BPE) options from a normalized tokenizer_config.json. */
export function sentencePieceOptionsFromConfig(config: TokenizerConfig): SentencePieceTokenizerOptions {
  return {
    modelMaxLength: config.modelMaxLength,
    paddingSide: config.paddingSide,
    specialTokens: pickRoles(config, ['unk', 'pad', 'bos', 'eos', 'cls', 'sep', 'mask'] as const satisfies readonly SentencePieceSpecialTokenRole[]),
    additionalSpecialTokens: config.additionalSpecialTokens,
    addedTokens: configuredAddedTokens(config),
  };
}

function pickRoles<R extends BertSpecialTokenRole | ByteLevelSpecialTokenRole | SentencePieceSpecialTokenRole>(config: TokenizerConfig, roles: readonly R[]): Partial<Record<R, SpecialTokenSpec>> {
  const picked: Partial<Record<R, SpecialTokenSpec>> = {};
  for (const role of roles) {
    const setting = config.specialTokens[role];
    if (setting !== undefined) picked[role] = setting;
  }
  return picked;
}

function configuredAddedTokens(config: TokenizerConfig): AddedToken[] {
  return config.addedTokens.map((token) =>
    addedToken(token.content, token.id, {
      special: token.special,
      leftStrip: token.leftStrip ?? false,
      rightStrip: token.rightStrip ?? false,
      singleWord: token.singleWord ?? false,
    }),
  );
}
