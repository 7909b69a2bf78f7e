export { BertTokenizer } from './wordpiece/bert-tokenizer';
export type { BertSpecialTokenRole, BertTokenizerOptions } from './wordpiece/bert-tokenizer';
export { basicTokenize } from './wordpiece/bert-basic-tokenizer';
export type { BasicToken, BasicTokenizerOptions } from './wordpiece/bert-basic-tokenizer';
export { createWordPieceVocabulary, wordPieceTokenize } from './wordpiece/wordpiece';
export type { WordPieceVocabulary } from './wordpiece/wordpiece';
export { decodeWordPieces } from './wordpiece/wordpiece-decoder';
export { parseVocabText } from './wordpiece/parse-vocab-text';

export { ByteLevelBpeTokenizer } from './bpe/byte-level-bpe-tokenizer';
export type { ByteLevelBpeTokenizerOptions, ByteLevelFlavor, ByteLevelSpecialTokenRole } from './bpe/byte-level-bpe-tokenizer';
export { createBpeMerger } from './bpe/bpe-merger';
export type { BpeMerger } from './bpe/bpe-merger';
export { parseMergesText } from './bpe/parse-merges';
export type { Merge } from './bpe/parse-merges';
export { GPT2_SPLIT_PATTERN, gpt2PreTokenize } from './bpe/gpt2-pre-tokenizer';
export type { PreToken } from './bpe/gpt2-pre-tokenizer';
export { BYTE_TO_CHARACTER, CHARACTER_TO_BYTE } from './bpe/byte-to-unicode';
export { decodeByteLevel } from './bpe/byte-level-decoder';

export { PipelineTokenizer } from './pipeline/pipeline-tokenizer';
export type { BatchInput, TokenizerParts } from './pipeline/pipeline-tokenizer';
export type { TokenizerModel } from './pipeline/tokenizer-model';
export type { TokenPiece } from './pipeline/token-piece';
export { addedToken } from './pipeline/added-tokens';
export type { AddedToken } from './pipeline/added-tokens';
export { bertPostProcessor, plainPostProcessor, robertaPostProcessor } from './pipeline/post-processor';
export type { PostProcessor, SpecialTokenRef, TemplateItem } from './pipeline/post-processor';
export type { SpecialTokenSpec } from './pipeline/special-token-registry';
export { truncateSequences } from './pipeline/truncation';
export { cleanUpTokenization } from './pipeline/clean-up-tokenization';

export { tokenizerFromJson, TOKENIZER_JSON_BUILDERS } from './loading/tokenizer-from-json';
export { normalizeTokenizerConfig, mergeSpecialTokensMap, parseAddedTokensJson } from './loading/tokenizer-config';
export type { ConfiguredAddedToken, SpecialTokenRole, SpecialTokenSetting, TokenizerConfig } from './loading/tokenizer-config';
export { bertOptionsFromConfig, byteLevelOptionsFromConfig, sentencePieceOptionsFromConfig } from './loading/options-from-config';
export { SentencePieceTokenizer } from './sentencepiece/sentencepiece-tokenizer';
export type { SentencePieceSpecialTokenRole, SentencePieceTokenizerOptions } from './sentencepiece/sentencepiece-tokenizer';
export { loadBertTokenizer, loadByteLevelBpeTokenizer, loadTokenizer, readConfig as readTokenizerConfig } from './loading/load-tokenizer';
