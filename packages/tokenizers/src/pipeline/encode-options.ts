import { TokenizerError } from '@adapters/core';
import type { EncodeOptions, PaddingStrategy, TruncationStrategy } from '@adapters/core';

/** Encode options after HF's defaulting rules, with every field decided. */
export interface ResolvedEncodeOptions {
  readonly addSpecialTokens: boolean;
  readonly truncation: TruncationStrategy;
  readonly padding: PaddingStrategy;
  readonly maxLength: number | undefined;
  readonly returnOffsets: boolean;
}

const TRUNCATION_STRATEGIES: readonly TruncationStrategy[] = ['longest_first', 'only_first', 'only_second', 'do_not_truncate'];
const PADDING_STRATEGIES: readonly PaddingStrategy[] = ['max_length', 'longest', 'do_not_pad'];

/**
 * Applies HF's `_get_padding_truncation_strategies` rules: `true` means `longest_first` / `longest`; a
 * `maxLength` with neither truncation nor padding given turns on `longest_first`; a missing `maxLength` falls
 * back to the tokenizer's `modelMaxLength`.
 */
export function resolveEncodeOptions(options: EncodeOptions, modelMaxLength: number | undefined): ResolvedEncodeOptions {
  const padding = resolvePadding(options.padding);
  const truncation = resolveTruncation(options.truncation, options.maxLength, padding);
  if (options.maxLength !== undefined && !(Number.isInteger(options.maxLength) && options.maxLength > 0)) {
    throw new TokenizerError({ message: `maxLength must be a positive integer, received ${String(options.maxLength)}` });
  }
  const needsLength = truncation !== 'do_not_truncate' || padding === 'max_length';
  const maxLength = options.maxLength ?? (needsLength ? modelMaxLength : undefined);
  if (padding === 'max_length' && maxLength === undefined) {
    throw new TokenizerError({
      message: "padding 'max_length' needs maxLength, and this tokenizer has no modelMaxLength; expected options.maxLength",
    });
  }
  return {
    addSpecialTokens: options.addSpecialTokens ?? true,
    truncation,
    padding,
    maxLength,
    returnOffsets: options.returnOffsets ?? false,
  };
}

function resolvePadding(padding: EncodeOptions['padding']): PaddingStrategy {
  if (padding === undefined || padding === false) return 'do_not_pad';
  if (padding === true) return 'longest';
  if (PADDING_STRATEGIES.includes(padding)) return padding;
  throw new TokenizerError({
    message: `padding must be a boolean or one of ${PADDING_STRATEGIES.join(', ')}, received ${JSON.stringify(padding)}`,
  });
}

function resolveTruncation(
  truncation: EncodeOptions['truncation'],
  maxLength: number | undefined,
  padding: PaddingStrategy,
): TruncationStrategy {
  if (truncation === undefined) {
    // HF: a max_length with no truncation and no padding asked for means longest_first.
    return maxLength !== undefined && padding === 'do_not_pad' ? 'longest_first' : 'do_not_truncate';
  }
  if (truncation === false) return 'do_not_truncate';
  if (truncation === true) return 'longest_first';
  if (TRUNCATION_STRATEGIES.includes(truncation)) return truncation;
  throw new TokenizerError({
    message: `truncation must be a boolean or one of ${TRUNCATION_STRATEGIES.join(', ')}, received ${JSON.stringify(truncation)}`,
  });
}
