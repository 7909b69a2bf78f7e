import { InvalidConfigError } from '@adapters/core';

/** Per-sequence labels: class ids (classification) or targets (regression). */
export type LabelArray = Int32Array | Float32Array;

/** Which typed array per-sequence labels use. */
export type LabelType = 'int32' | 'float32';

/** The arrays a `SequenceStore` is made of. */
export interface SequenceStoreParts {
  /** `size + 1` ascending offsets into `inputIds`; sequence `i` is `[offsets[i], offsets[i + 1])`. */
  readonly offsets: Int32Array;
  readonly inputIds: Int32Array;
  /** Segment ids aligned with `inputIds` (0 or 1 for BERT pairs); absent means all 0. */
  readonly tokenTypeIds?: Uint8Array | undefined;
  /** One label per sequence. */
  readonly labels?: LabelArray | undefined;
}

/**
 * Tokenized sequences of varying length stored back to back in flat typed arrays (no padding, no per-row
 * objects), so a corpus of millions of rows costs a few arrays and a cache file is a straight copy of them.
 * Padding happens later, per batch, in a collator.
 */
export class SequenceStore {
  readonly size: number;
  readonly offsets: Int32Array;
  readonly inputIds: Int32Array;
  readonly tokenTypeIds: Uint8Array | undefined;
  readonly labels: LabelArray | undefined;

  constructor(parts: SequenceStoreParts) {
    const { offsets, inputIds } = parts;
    if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== inputIds.length) {
      throw new InvalidConfigError({
        path: 'offsets',
        expected: `size + 1 ascending offsets from 0 to inputIds.length (${inputIds.length})`,
        received: `${offsets.length} offsets from ${String(offsets[0])} to ${String(offsets[offsets.length - 1])}`,
      });
    }
    for (let index = 1; index < offsets.length; index += 1) {
      if ((offsets[index] ?? 0) < (offsets[index - 1] ?? 0)) {
        throw new InvalidConfigError({ path: `offsets[${index}]`, expected: 'ascending offsets', received: offsets[index] });
      }
    }
    this.size = offsets.length - 1;
    if (parts.tokenTypeIds !== undefined && parts.tokenTypeIds.length !== inputIds.length) {
      throw new InvalidConfigError({ path: 'tokenTypeIds.length', expected: `inputIds.length (${inputIds.length})`, received: parts.tokenTypeIds.length });
    }
    if (parts.labels !== undefined && parts.labels.length !== this.size) {
      throw new InvalidConfigError({ path: 'labels.length', expected: `one label per sequence (${this.size})`, received: parts.labels.length });
    }
    this.offsets = offsets;
    this.inputIds = inputIds;
    this.tokenTypeIds = parts.tokenTypeIds;
    this.labels = parts.labels;
  }

  /** From plain arrays, e.g. hand-made examples or another library's output. */
  static fromSequences(
    sequences: readonly ArrayLike<number>[],
    options: { tokenTypeIds?: readonly ArrayLike<number>[]; labels?: ArrayLike<number>; labelType?: LabelType } = {},
  ): SequenceStore {
    const builder = new SequenceStoreBuilder({
      withTokenTypeIds: options.tokenTypeIds !== undefined,
      labelType: options.labels === undefined ? undefined : (options.labelType ?? 'int32'),
    });
    sequences.forEach((sequence, index) => builder.append(sequence, options.tokenTypeIds?.[index], options.labels?.[index]));
    return builder.build();
  }

  /** Number of tokens over all sequences. */
  get totalTokens(): number {
    return this.inputIds.length;
  }

  lengthOf(index: number): number {
    return (this.offsets[index + 1] ?? 0) - (this.offsets[index] ?? 0);
  }

  /** A view (no copy) of sequence `index`. */
  inputIdsAt(index: number): Int32Array {
    this.assertIndex(index);
    return this.inputIds.subarray(this.offsets[index], this.offsets[index + 1]);
  }

  /** A view of the segment ids of sequence `index`, or undefined when the store has none. */
  tokenTypeIdsAt(index: number): Uint8Array | undefined {
    this.assertIndex(index);
    return this.tokenTypeIds?.subarray(this.offsets[index], this.offsets[index + 1]);
  }

  labelAt(index: number): number | undefined {
    this.assertIndex(index);
    return this.labels?.[index];
  }

  /** The first `count` sequences (all of them when `count >= size`), as HF's `dataset.select(range(count))`. */
  head(count: number): SequenceStore {
    if (!(Number.isInteger(count) && count >= 0)) throw new InvalidConfigError({ path: 'count', expected: 'a whole number >= 0', received: count });
    if (count >= this.size) return this;
    const tokens = this.offsets[count] ?? 0;
    return new SequenceStore({
      inputIds: this.inputIds.slice(0, tokens),
      offsets: this.offsets.slice(0, count + 1),
      tokenTypeIds: this.tokenTypeIds?.slice(0, tokens),
      labels: this.labels?.slice(0, count),
    });
  }

  /** The length of every sequence. */
  lengths(): Int32Array {
    const lengths = new Int32Array(this.size);
    for (let index = 0; index < this.size; index += 1) lengths[index] = this.lengthOf(index);
    return lengths;
  }

  private assertIndex(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) {
      throw new InvalidConfigError({ path: 'index', expected: `an integer in [0, ${this.size})`, received: index });
    }
  }
}

/** Fills a `SequenceStore` one sequence at a time, growing its arrays by doubling. */
export class SequenceStoreBuilder {
  private readonly withTokenTypeIds: boolean;
  private readonly labelType: LabelType | undefined;
  private inputIds = new Int32Array(1024);
  private tokenTypeIds: Uint8Array | undefined;
  private offsets = new Int32Array(256);
  private labels: LabelArray | undefined;
  private tokenCount = 0;
  private sequenceCount = 0;

  constructor(options: { withTokenTypeIds?: boolean; labelType?: LabelType | undefined } = {}) {
    this.withTokenTypeIds = options.withTokenTypeIds ?? false;
    this.labelType = options.labelType;
    if (this.withTokenTypeIds) this.tokenTypeIds = new Uint8Array(1024);
    if (this.labelType !== undefined) this.labels = this.labelType === 'int32' ? new Int32Array(256) : new Float32Array(256);
  }

  get size(): number {
    return this.sequenceCount;
  }

  /** Appends one sequence; `tokenTypeIds` and `label` are required exactly when the builder was made with them. */
  append(inputIds: ArrayLike<number>, tokenTypeIds?: ArrayLike<number>, label?: number): void {
    const length = inputIds.length;
    this.reserveTokens(this.tokenCount + length);
    this.reserveSequences(this.sequenceCount + 1);
    this.inputIds.set(inputIds, this.tokenCount);
    if (this.tokenTypeIds !== undefined) {
      if (tokenTypeIds === undefined || tokenTypeIds.length !== length) {
        throw new InvalidConfigError({ path: 'tokenTypeIds', expected: `${length} segment ids, one per token`, received: tokenTypeIds?.length });
      }
      for (let index = 0; index < length; index += 1) {
        const typeId = tokenTypeIds[index] ?? 0;
        // Stored as bytes: BERT uses 0/1, and no model has 256 segment types.
        if (!(typeId >= 0 && typeId <= 255)) throw new InvalidConfigError({ path: `tokenTypeIds[${index}]`, expected: 'an integer in [0, 255]', received: typeId });
        this.tokenTypeIds[this.tokenCount + index] = typeId;
      }
    }
    if (this.labels !== undefined) {
      if (label === undefined) throw new InvalidConfigError({ path: 'label', expected: 'a label for every sequence of a labelled store', received: label });
      this.labels[this.sequenceCount] = label;
    }
    this.tokenCount += length;
    this.sequenceCount += 1;
    this.offsets[this.sequenceCount] = this.tokenCount;
  }

  /** The finished store; the builder should not be used afterwards. */
  build(): SequenceStore {
    return new SequenceStore({
      offsets: this.offsets.slice(0, this.sequenceCount + 1),
      inputIds: this.inputIds.slice(0, this.tokenCount),
      tokenTypeIds: this.tokenTypeIds?.slice(0, this.tokenCount),
      labels: this.labels?.slice(0, this.sequenceCount),
    });
  }

  private reserveTokens(needed: number): void {
    if (needed <= this.inputIds.length) return;
    const capacity = Math.max(needed, this.inputIds.length * 2);
    this.inputIds = grow(this.inputIds, new Int32Array(capacity));
    if (this.tokenTypeIds !== undefined) this.tokenTypeIds = grow(this.tokenTypeIds, new Uint8Array(capacity));
  }

  private reserveSequences(needed: number): void {
    // offsets holds one more entry than there are sequences.
    if (needed + 1 <= this.offsets.length) return;
    const capacity = Math.max(needed + 1, this.offsets.length * 2);
    this.offsets = grow(this.offsets, new Int32Array(capacity));
    if (this.labels !== undefined) this.labels = grow(this.labels, this.labels instanceof Int32Array ? new Int32Array(capacity) : new Float32Array(capacity));
  }
}

function grow<T extends Int32Array | Uint8Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
