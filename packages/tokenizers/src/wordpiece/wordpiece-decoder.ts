import { cleanUpTokenization } from '../pipeline/clean-up-tokenization';

/**
 * HF's WordPiece decoding: tokens joined by spaces, continuation pieces glued to the previous token (a leading
 * continuation piece keeps its prefix), then optionally `clean_up_tokenization`.
 */
export function decodeWordPieces(tokens: readonly string[], prefix: string, cleanUp: boolean): string {
  let text = '';
  tokens.forEach((token, index) => {
    if (index === 0) text += token;
    else if (prefix.length > 0 && token.startsWith(prefix)) text += token.slice(prefix.length);
    else text += ` ${token}`;
  });
  return cleanUp ? cleanUpTokenization(text) : text;
}
