import type { AdapterSetup } from './composition-block';

/** Every adapter name in the setup, depth first, each once (the library's `flatten()`, kept in order). */
export function flattenAdapterNames(setup: AdapterSetup): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const visit = (node: AdapterSetup): void => {
    if (typeof node === 'string') {
      if (!seen.has(node)) {
        seen.add(node);
        names.push(node);
      }
      return;
    }
    for (const child of node.children) visit(child);
  };
  visit(setup);
  return names;
}

/**
 * The first adapter reached by following first children (the library's `.first()`).
 * The executor runs this adapter's invertible adapter on the embeddings.
 */
export function firstAdapter(setup: AdapterSetup): string {
  let node = setup;
  while (typeof node !== 'string') {
    const child = node.children[0];
    if (child === undefined) throw new RangeError(`firstAdapter: empty ${node.kind} block has no adapter`);
    node = child;
  }
  return node;
}

/**
 * The last adapter reached by following last children (the library's `.last()`).
 * It names the default head and a Stack's contribution to a fusion name.
 */
export function lastAdapter(setup: AdapterSetup): string {
  let node = setup;
  while (typeof node !== 'string') {
    const child = node.children[node.children.length - 1];
    if (child === undefined) throw new RangeError(`lastAdapter: empty ${node.kind} block has no adapter`);
    node = child;
  }
  return node;
}
