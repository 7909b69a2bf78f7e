import { CompositionError } from '../errors/composition-error';
import { assertNestingAllowed } from './allowed-nestings';
import { assertBlockArguments, safeJson } from './block-arguments';
import { LIBRARY_BLOCK_NAMES, isCompositionBlock, type AdapterSetup, type CompositionBlock } from './composition-block';
import { describeSetup } from './describe-setup';
import { PARALLEL_MODEL_TYPES, supportsParallel } from './parallel-model-types';

export interface ValidateSetupOptions {
  /** The adapters the model has; when given, every name in the setup must be one of them. */
  readonly available?: ReadonlySet<string> | readonly string[];
  /** The model's `model_type`; when given, blocks the architecture cannot run (Parallel) are rejected. */
  readonly modelType?: string;
}

/**
 * Throws a `CompositionError` unless `setup` can be executed: the library's `validate_composition`, plus the
 * argument checks its constructors leave to the forward pass.
 *
 * - Nesting follows `ALLOWED_NESTINGS`.
 * - Depth: below level 1 (the top block is level 0) only `Stack` blocks and names may appear, as in the library.
 * - No empty blocks; `splits` / `batchSizes` / `weights` have one positive entry per child.
 * - Names are known when `available` is given.
 * - `Parallel` only for `PARALLEL_MODEL_TYPES` when `modelType` is given. The library checks this only on the
 *   top block (it drops `model_type` when recursing); we check every Parallel, since a nested one fails the
 *   same way at run time.
 */
export function validateSetup(setup: AdapterSetup, options: ValidateSetupOptions = {}): void {
  const available = options.available === undefined ? undefined : new Set(options.available);
  visit(setup, 0, undefined, available, options.modelType);
}

function visit(
  node: AdapterSetup,
  level: number,
  parent: CompositionBlock | undefined,
  available: ReadonlySet<string> | undefined,
  modelType: string | undefined,
): void {
  const parentName = parent === undefined ? 'AdapterSetup' : LIBRARY_BLOCK_NAMES[parent.kind];
  if (typeof node === 'string') {
    assertKnownName(node, parent, parentName, available);
    return;
  }
  if (!isCompositionBlock(node)) {
    const childText = safeJson(node);
    throw new CompositionError({
      block: parentName,
      child: childText,
      message: `Adapter setup is invalid: expected an adapter name or a composition block, got ${childText}${parent === undefined ? '' : ` in ${describeSetup(parent)}`}.`,
    });
  }
  if (level > 1 && node.kind !== 'stack' && parent !== undefined) {
    const childText = describeSetup(node);
    throw new CompositionError({
      block: parentName,
      child: childText,
      message: `Adapter setup is too deep: ${parentName} cannot contain ${childText} at level ${level} (in ${describeSetup(parent)}). Below level 1 only adapter names and Stack blocks are allowed.`,
    });
  }
  assertBlockArguments(node);
  if (node.kind === 'parallel' && modelType !== undefined && !supportsParallel(modelType)) {
    throw new CompositionError({
      block: 'Parallel',
      message: `Models of type "${modelType}" do not support adapter composition using Parallel (${describeSetup(node)}). Supported model types: ${PARALLEL_MODEL_TYPES.join(', ')}.`,
    });
  }
  for (const child of node.children) {
    assertNestingAllowed(node.kind, child, node);
    visit(child, level + 1, node, available, modelType);
  }
}

function assertKnownName(name: string, parent: CompositionBlock | undefined, parentName: string, available: ReadonlySet<string> | undefined): void {
  const where = parent === undefined ? '' : ` in ${describeSetup(parent)}`;
  if (name.length === 0) {
    throw new CompositionError({ block: parentName, child: '""', message: `Adapter setup is invalid: empty adapter name${where}.` });
  }
  if (available === undefined || available.has(name)) return;
  const names = [...available];
  throw new CompositionError({
    block: parentName,
    child: name,
    message: `Unknown adapter "${name}"${where}. Available adapters: ${names.length === 0 ? '(none added)' : names.join(', ')}.`,
  });
}
