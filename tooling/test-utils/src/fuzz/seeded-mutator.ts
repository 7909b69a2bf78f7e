// Seeded mutation of valid inputs (fixtures), the cheap half of a fuzzer: every run with the same seed
// produces the same inputs, so a failure reproduces from its seed and iteration alone.

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Byte strings that break parsers more often than random bytes: structure, escapes, huge or odd numbers. */
const INTERESTING = [
  '[', ']', '{', '}', '"', '\\', ',', ':', '\n', '\r', '\t', '\u0000', '\ufeff', '\u2028', 'null', 'true', 'NaN', '-Infinity',
  '-1', '0', '1e309', '4294967296', '2147483648', '9007199254740993', '-0.0', '1.5', '"__proto__"', '\\u0000', '\\ud800',
  '[[[[[[[[[[[[[[[[', '{"a":{"a":{"a":', '#', '\t\t\t', 'O', 'B-PER', '"dtype":"F32"', '"shape":[4294967296,4294967296]',
  '"data_offsets":[0,18446744073709551615]', '"layers":4294967296', '"num_labels":2147483648', '"reduction_factor":1e-300',
].map((text) => new TextEncoder().encode(text));

/** One to four random edits of `input`; `corpus` supplies other inputs to splice in. */
export function mutate(input: Uint8Array, random: () => number, corpus: readonly Uint8Array[]): Uint8Array {
  const pick = (length: number): number => Math.floor(random() * length);
  let bytes = input;
  const edits = 1 + pick(4);
  for (let edit = 0; edit < edits; edit++) {
    const at = pick(bytes.length + 1);
    switch (pick(8)) {
      case 0: {
        // flip bits of one byte
        if (bytes.length === 0) break;
        bytes = bytes.slice();
        const index = Math.min(at, bytes.length - 1);
        bytes[index] = (bytes[index] as number) ^ (1 << pick(8));
        break;
      }
      case 1:
        bytes = concat(bytes.subarray(0, at), new Uint8Array([pick(256)]), bytes.subarray(at));
        break;
      case 2:
        bytes = concat(bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + 1 + pick(64))));
        break;
      case 3: {
        const start = pick(bytes.length + 1);
        const piece = bytes.subarray(start, Math.min(bytes.length, start + 1 + pick(256)));
        bytes = concat(bytes.subarray(0, at), piece, piece, bytes.subarray(at));
        break;
      }
      case 4:
      case 5:
        bytes = concat(bytes.subarray(0, at), INTERESTING[pick(INTERESTING.length)] as Uint8Array, bytes.subarray(at));
        break;
      case 6:
        bytes = bytes.subarray(0, at);
        break;
      default: {
        const other = corpus[pick(corpus.length)] ?? bytes;
        const start = pick(other.length + 1);
        bytes = concat(bytes.subarray(0, at), other.subarray(start, start + pick(512)), bytes.subarray(at));
      }
    }
  }
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
