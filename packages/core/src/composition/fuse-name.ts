import { lastAdapter } from './adapter-names';
import type { AdapterSetup, FuseBlock } from './composition-block';

/**
 * The name the library gives a `Fuse` without an explicit one: the children joined by commas, where a block
 * child (only `Stack` is allowed) contributes its last adapter. It matches `add_adapter_fusion(["a", "b"])`.
 */
export function defaultFuseName(children: readonly AdapterSetup[]): string {
  return children.map((child) => (typeof child === 'string' ? child : lastAdapter(child))).join(',');
}

/** The fusion layer a `Fuse` block reads: its `name`, or the default when a hand-written block left it empty. */
export function fuseName(block: FuseBlock): string {
  return block.name === '' || block.name === undefined ? defaultFuseName(block.children) : block.name;
}
