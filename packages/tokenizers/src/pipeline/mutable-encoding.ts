import type { Encoding } from '@adapters/core';

/** An encoding under construction; every array has one entry per token. */
export interface MutableEncoding {
  tokens: string[];
  inputIds: number[];
  tokenTypeIds: number[];
  attentionMask: number[];
  offsets: [number, number][];
  sequenceIds: (number | null)[];
}

/** Pads to `length` with the pad token (type id 0, mask 0, offsets [0, 0], sequence id null). */
export function padEncoding(
  encoding: MutableEncoding,
  length: number,
  pad: { readonly token: string; readonly id: number },
  side: 'left' | 'right',
): MutableEncoding {
  const count = length - encoding.tokens.length;
  if (count <= 0) return encoding;
  const fill = <T>(values: T[], value: T): T[] => {
    const padding = new Array<T>(count).fill(value);
    return side === 'right' ? [...values, ...padding] : [...padding, ...values];
  };
  return {
    tokens: fill(encoding.tokens, pad.token),
    inputIds: fill(encoding.inputIds, pad.id),
    tokenTypeIds: fill(encoding.tokenTypeIds, 0),
    attentionMask: fill(encoding.attentionMask, 0),
    offsets: side === 'right'
      ? [...encoding.offsets, ...Array.from({ length: count }, (): [number, number] => [0, 0])]
      : [...Array.from({ length: count }, (): [number, number] => [0, 0]), ...encoding.offsets],
    sequenceIds: fill<number | null>(encoding.sequenceIds, null),
  };
}

/** The public, read-only view; offsets only when asked for. */
export function freezeEncoding(encoding: MutableEncoding, returnOffsets: boolean): Encoding {
  return {
    tokens: encoding.tokens,
    inputIds: encoding.inputIds,
    tokenTypeIds: encoding.tokenTypeIds,
    attentionMask: encoding.attentionMask,
    sequenceIds: encoding.sequenceIds,
    ...(returnOffsets ? { offsets: encoding.offsets } : {}),
  };
}
