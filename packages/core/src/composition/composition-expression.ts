// The fixtures' composition expressions (fixtures README section 4): `{"stack": [...]}`, `{"fuse": [...], "name": "a,b"}`,
// `{"batch_split": [...], "batch_sizes": [...]}`, `{"split": [...], "splits": [...]}`, `{"parallel": [...]}`,
// `{"average": [...], "weights": [...], "normalize_weights": true}`.
import { CompositionError } from '../errors/composition-error';
import { safeJson } from './block-arguments';
import { Average, BatchSplit, Fuse, Parallel, Split, Stack } from './block-constructors';
import { isCompositionBlock, type AdapterSetup, type BlockKind } from './composition-block';

export type CompositionExpression =
  | string
  | { stack: CompositionExpression[] }
  | { fuse: CompositionExpression[]; name?: string }
  | { parallel: CompositionExpression[] }
  | { batch_split: CompositionExpression[]; batch_sizes: number | number[] }
  | { split: CompositionExpression[]; splits: number | number[] }
  | { average: CompositionExpression[]; weights?: number[] | null; normalize_weights?: boolean };

/** The key naming the block in an expression, and the other keys that block allows. */
const EXPRESSION_KEYS: Readonly<Record<string, { kind: BlockKind; extras: readonly string[] }>> = {
  stack: { kind: 'stack', extras: [] },
  fuse: { kind: 'fuse', extras: ['name'] },
  parallel: { kind: 'parallel', extras: [] },
  batch_split: { kind: 'batch-split', extras: ['batch_sizes'] },
  split: { kind: 'split', extras: ['splits'] },
  average: { kind: 'average', extras: ['weights', 'normalize_weights'] },
};

/** Whether `value` is an expression object: a plain object with exactly one block key. */
export function isCompositionExpression(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.keys(value).filter((key) => Object.hasOwn(EXPRESSION_KEYS, key)).length === 1;
}

/**
 * A setup from an expression. A bare name stays a name here: the top-level wrap into `Stack(name)` is done by
 * `parseComposition`. Children may be names, expressions, existing blocks, or plain lists, which become a
 * Stack as in the library's block constructors (`Fuse("a", ["b", "c"])` is `Fuse(a, Stack(b, c))`).
 */
export function parseCompositionExpression(value: unknown): AdapterSetup {
  if (typeof value === 'string') return value;
  if (isCompositionBlock(value)) return value;
  if (Array.isArray(value)) return Stack(...value.map(parseCompositionExpression));
  if (!isCompositionExpression(value)) {
    throw new CompositionError({
      block: 'AdapterSetup',
      message: `Expected a composition expression (an adapter name or an object with one of the keys ${Object.keys(EXPRESSION_KEYS).join(', ')}), got ${safeJson(value)}.`,
    });
  }
  const record = value as Record<string, unknown>;
  const blockKey = Object.keys(record).find((key) => Object.hasOwn(EXPRESSION_KEYS, key)) as string;
  const { kind, extras } = EXPRESSION_KEYS[blockKey] as { kind: BlockKind; extras: readonly string[] };
  for (const key of Object.keys(record)) {
    if (key !== blockKey && !extras.includes(key)) {
      throw new CompositionError({
        block: blockKey,
        message: `"${blockKey}" expression does not take the key "${key}"; it accepts ${extras.length === 0 ? 'no other keys' : extras.join(', ')}.`,
      });
    }
  }
  const rawChildren = record[blockKey];
  if (!Array.isArray(rawChildren)) {
    throw new CompositionError({ block: blockKey, message: `"${blockKey}" must hold a list of children, got ${safeJson(rawChildren)}.` });
  }
  const children = rawChildren.map(parseCompositionExpression);
  switch (kind) {
    case 'stack':
      return Stack(...children);
    case 'parallel':
      return Parallel(...children);
    case 'fuse':
      return record.name === undefined ? Fuse(...children) : Fuse({ name: record.name as string }, ...children);
    case 'batch-split':
      return BatchSplit({ batchSizes: record.batch_sizes as number[] }, ...children);
    case 'split':
      return Split({ splits: record.splits as number[] }, ...children);
    case 'average':
      return Average(
        { weights: (record.weights ?? undefined) as number[] | undefined, normalizeWeights: record.normalize_weights as boolean | undefined },
        ...children,
      );
  }
}

/**
 * The expression form of a setup, as the fixtures write it. Fuse always carries its `name`; Average writes
 * its stored weights, which parse back to the same values because they are already normalised.
 */
export function compositionToExpression(setup: AdapterSetup): CompositionExpression {
  if (typeof setup === 'string') return setup;
  const children = setup.children.map(compositionToExpression);
  switch (setup.kind) {
    case 'stack':
      return { stack: children };
    case 'parallel':
      return { parallel: children };
    case 'fuse':
      return { fuse: children, name: setup.name };
    case 'batch-split':
      return { batch_split: children, batch_sizes: [...setup.batchSizes] };
    case 'split':
      return { split: children, splits: [...setup.splits] };
    case 'average':
      return { average: children, weights: [...setup.weights], normalize_weights: setup.normalizeWeights };
  }
}
