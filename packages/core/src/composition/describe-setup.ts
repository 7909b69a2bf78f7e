import { LIBRARY_BLOCK_NAMES, type AdapterSetup } from './composition-block';

/**
 * A one-line rendering such as `Stack[a, Fuse[b, c]]`, the same text the library's `repr` prints.
 * Used in error messages, so it never throws, even on malformed input.
 */
export function describeSetup(setup: AdapterSetup): string {
  if (typeof setup === 'string') return setup;
  const name = (LIBRARY_BLOCK_NAMES as Record<string, string | undefined>)[setup.kind] ?? String(setup.kind);
  const children = Array.isArray(setup.children) ? setup.children : [];
  return `${name}[${children.map(describeSetup).join(', ')}]`;
}
