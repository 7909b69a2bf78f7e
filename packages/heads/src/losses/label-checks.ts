// Label checks shared by the losses and the heads: a wrong dtype or shape fails early with what was expected.
import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError, ShapeMismatchError } from '@adapters/core';

/** Names the labels in error messages, e.g. `{ name: 'labels', owner: "head 'sst' (classification, 3 labels)" }`. */
export interface LabelDescription {
  /** The argument, e.g. `labels` or `startPositions`. */
  readonly name?: string;
  /** Whose labels they are. */
  readonly owner?: string;
}

export interface ExpectedLabels {
  /** Accepted dtypes, the preferred one first. */
  readonly dtypes: readonly tf.DataType[];
  /** Accepted shapes, the preferred one first. */
  readonly shapes: ReadonlyArray<readonly number[]>;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function sameShape(left: readonly number[], right: readonly number[]): boolean {
  return left.length === right.length && left.every((size, axis) => size === right[axis]);
}

/**
 * Throws `InvalidConfigError` for a wrong dtype (the message gives the expected dtype and shape and what came) and
 * `ShapeMismatchError` for a wrong shape.
 */
export function checkLabelTensor(labels: tf.Tensor, expected: ExpectedLabels, description: LabelDescription = {}): void {
  const name = description.name ?? 'labels';
  const preferredShape = expected.shapes[0] ?? [];
  if (!expected.dtypes.includes(labels.dtype)) {
    throw new InvalidConfigError({
      path: name,
      expected: `${expected.dtypes.join(' or ')} of shape ${formatShape(preferredShape)}`,
      received: `${labels.dtype} ${formatShape(labels.shape)}`,
      source: description.owner,
    });
  }
  if (!expected.shapes.some((shape) => sameShape(shape, labels.shape))) {
    throw new ShapeMismatchError({ key: name, expected: preferredShape, actual: labels.shape, source: description.owner });
  }
}

/**
 * Every class id must be in `[0, numClasses)` or equal the ignore index (torch raises "Target out of bounds").
 * Returns the ids as read back.
 */
export function checkClassIds(labels: tf.Tensor, numClasses: number, ignoreIndex: number, description: LabelDescription = {}): tf.TypedArray {
  const values = labels.dataSync();
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (value === ignoreIndex || (value >= 0 && value < numClasses)) continue;
    throw new InvalidConfigError({
      path: `${description.name ?? 'labels'}[${index}]`,
      expected: `a class id in [0, ${numClasses}) or ${ignoreIndex} (ignored)`,
      received: value,
      source: description.owner,
    });
  }
  return values;
}

/** Checks the logits of a loss: float32 with the given rank. */
export function checkLogits(logits: tf.Tensor, rank: number, description: LabelDescription): void {
  if (logits.rank !== rank || logits.dtype !== 'float32') {
    throw new InvalidConfigError({
      path: 'logits',
      expected: `float32 of rank ${rank}`,
      received: `${logits.dtype} ${formatShape(logits.shape)}`,
      source: description.owner,
    });
  }
}
