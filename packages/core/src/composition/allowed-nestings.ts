import { CompositionError } from '../errors/composition-error';
import { LIBRARY_BLOCK_NAMES, type AdapterSetup, type BlockKind } from './composition-block';
import { describeSetup } from './describe-setup';

/** A child of a block: a plain adapter `name` or a block of the given kind. */
export type NestableKind = 'name' | BlockKind;

/**
 * Which children each block may hold: the library's `ALLOWED_NESTINGS` (`composition.py`), spec C.1.
 * The executor only implements these pairs, so everything else is rejected before a forward pass.
 */
export const ALLOWED_NESTINGS: Readonly<Record<BlockKind, readonly NestableKind[]>> = Object.freeze({
  stack: Object.freeze(['name', 'fuse', 'split', 'parallel', 'batch-split', 'average'] as const),
  fuse: Object.freeze(['name', 'stack'] as const),
  split: Object.freeze(['name', 'split', 'stack', 'batch-split', 'average'] as const),
  parallel: Object.freeze(['name', 'stack', 'batch-split', 'average'] as const),
  'batch-split': Object.freeze(['name', 'stack', 'split', 'batch-split', 'average'] as const),
  average: Object.freeze(['name', 'stack', 'split', 'batch-split'] as const),
});

/** `'name'` for an adapter name, else the block's kind. */
export function nestableKindOf(setup: AdapterSetup): NestableKind {
  return typeof setup === 'string' ? 'name' : setup.kind;
}

/** Whether a block of kind `parent` may hold `child` directly. */
export function isNestingAllowed(parent: BlockKind, child: AdapterSetup): boolean {
  return ALLOWED_NESTINGS[parent].includes(nestableKindOf(child));
}

/** Human wording of `ALLOWED_NESTINGS[parent]`, e.g. "adapter names and Stack blocks". */
export function describeAllowedChildren(parent: BlockKind): string {
  const blocks = ALLOWED_NESTINGS[parent].filter((kind) => kind !== 'name').map((kind) => LIBRARY_BLOCK_NAMES[kind as BlockKind]);
  const items = ['adapter names', ...blocks.slice(0, -1)];
  const last = blocks[blocks.length - 1];
  return last === undefined ? 'adapter names' : `${items.join(', ')} and ${last} blocks`;
}

/**
 * Throws when `child` may not sit directly inside a `parent` block. `context` (the whole parent, when it
 * exists already) is appended so a deep error can be located.
 */
export function assertNestingAllowed(parent: BlockKind, child: AdapterSetup, context?: AdapterSetup): void {
  if (isNestingAllowed(parent, child)) return;
  const parentName = LIBRARY_BLOCK_NAMES[parent];
  const childText = describeSetup(child);
  const where = context === undefined ? '' : ` (in ${describeSetup(context)})`;
  throw new CompositionError({
    block: parentName,
    child: childText,
    message: `Adapter setup is invalid: ${parentName} cannot contain ${childText}${where}. ${parentName} accepts ${describeAllowedChildren(parent)}.`,
  });
}
