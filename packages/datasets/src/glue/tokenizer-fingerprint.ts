import { nodeModule } from '@adapters/core';
import type { Tokenizer } from '@adapters/core';

const { createHash } = nodeModule<typeof import('node:crypto')>('node:crypto');

// A probe that exercises casing, accents, punctuation, digits, CJK, a special token and a pair: two tokenizers
// with the same vocabulary but different normalization (cased vs uncased) encode it differently.
const PROBE_TEXT = "Hello, WORLD! Naïve café's 12.5% [MASK] 東京 unaffable";
const PROBE_PAIR = 'a second sentence';

/**
 * A short id of a tokenizer for cache keys: vocab size, plus a hash of a sample of its tokens (the first and
 * last 16 ids and 256 evenly spaced ones), its special tokens and how it encodes a probe pair. Tokenizers
 * that differ in vocabulary, special tokens or normalization get different fingerprints.
 */
export function tokenizerFingerprint(tokenizer: Tokenizer): string {
  const hash = createHash('sha256');
  const size = tokenizer.vocabSize;
  const sampled = new Set<number>();
  for (let id = 0; id < Math.min(16, size); id += 1) sampled.add(id);
  for (let id = Math.max(0, size - 16); id < size; id += 1) sampled.add(id);
  const step = Math.max(1, Math.floor(size / 256));
  for (let id = 0; id < size; id += step) sampled.add(id);
  for (const id of [...sampled].sort((left, right) => left - right)) hash.update(`${id}\u0000${tokenizer.idToToken(id) ?? ''}\u0001`);
  hash.update(JSON.stringify(tokenizer.specialTokens));
  const probe = tokenizer.encode(PROBE_TEXT, PROBE_PAIR, { addSpecialTokens: true });
  hash.update(`${probe.inputIds.join(',')}|${probe.tokenTypeIds.join(',')}`);
  return `vocab${size}-${hash.digest('hex').slice(0, 16)}`;
}
