export * from './errors/index';
export type {
  EncodeOptions,
  Encoding,
  PaddingStrategy,
  SpecialTokens,
  Tokenizer,
  TruncationStrategy,
} from './interfaces/tokenizer';
export * from './backend/index';
