import { InvalidConfigError } from '@adapters/core';
import type { ModelWithHeads } from '@adapters/auto';

/**
 * Makes `name` the model's only head: drops the others (a pretrained MLM head would otherwise be trained and
 * saved for nothing), keeps one loaded with the adapter when `fits` accepts its config (else an error naming
 * `loadedFrom`), or adds a new one with `add`.
 */
export function ensureTaskHead(
  model: ModelWithHeads,
  name: string,
  options: { add: () => void; fits?: (config: Record<string, unknown>) => string | undefined; loadedFrom?: string },
): void {
  for (const other of model.headNames()) if (other !== name) model.deleteHead(other);
  if (model.hasHead(name)) {
    const problem = options.fits?.(model.getHead(name).headConfig());
    if (problem !== undefined) throw new InvalidConfigError({ path: options.loadedFrom ?? '--load_adapter', expected: problem, received: `head '${name}' (${model.getHead(name).headType})` });
  } else {
    options.add();
  }
  model.activeHead = name;
}
