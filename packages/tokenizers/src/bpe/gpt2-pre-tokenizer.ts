/**
 * GPT-2's split pattern, `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, with
 * `\s` spelled as the Unicode White_Space property, which is what Python's `regex` module and Oniguruma use
 * (JavaScript's `\s` also matches U+FEFF).
 */
export const GPT2_SPLIT_PATTERN =
  /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\p{White_Space}\p{L}\p{N}]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu;

/** One pre-token and where it starts in the text (UTF-16 code units). */
export interface PreToken {
  readonly text: string;
  readonly start: number;
}

/** Splits text into GPT-2 pre-tokens; the pieces cover the text exactly. */
export function gpt2PreTokenize(text: string): PreToken[] {
  const preTokens: PreToken[] = [];
  for (const match of text.matchAll(GPT2_SPLIT_PATTERN)) preTokens.push({ text: match[0], start: match.index });
  return preTokens;
}
