import { InvalidConfigError } from '../errors/invalid-config-error';
import type { SingleAdapterConfig } from './adapter-config';
import { normalizeSingleConfig } from './single-config-schemas';

/** AdapterHub `ConfigUnion`: several methods on one adapter (e.g. MAM, UniPELT). JSON: `{"architecture": "union", "configs": [...]}`. */
export interface ConfigUnion {
  readonly architecture: 'union';
  readonly configs: readonly SingleAdapterConfig[];
}

/**
 * Validates per spec A.9 and freezes: no nested unions; two configs of the same architecture only when
 * both are bottlenecks with different `mhAdapter` and different `outputAdapter` flags, or when either
 * has a `leaveOut` (Python cannot decide then, so it allows it).
 */
export function createConfigUnion(configs: readonly SingleAdapterConfig[], source?: string): ConfigUnion {
  if (!Array.isArray(configs) || configs.length === 0) {
    throw new InvalidConfigError({ path: 'configs', expected: 'a non-empty list of adapter configs', received: configs, source });
  }
  const members = configs.map((config, index) => {
    const path = `configs[${index}]`;
    if ((config as { architecture?: unknown }).architecture === 'union') {
      throw new InvalidConfigError({ path, expected: 'a single adapter config (unions do not nest)', received: 'union', source });
    }
    return normalizeSingleConfig(config, { nameOf: (key) => `${path}.${key}`, source }, path);
  });
  for (let later = 1; later < members.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const problem = conflict(members[later] as SingleAdapterConfig, members[earlier] as SingleAdapterConfig);
      if (problem !== undefined) {
        throw new InvalidConfigError({
          path: `configs[${later}]`,
          expected: `a config that can be combined with configs[${earlier}]: ${problem}`,
          received: members[later]?.architecture,
          source,
        });
      }
    }
  }
  return Object.freeze({ architecture: 'union', configs: Object.freeze(members) });
}

function conflict(first: SingleAdapterConfig, second: SingleAdapterConfig): string | undefined {
  if (first.architecture !== second.architecture) return undefined;
  if (hasLeaveOut(first) || hasLeaveOut(second)) return undefined;
  if (first.architecture === 'bottleneck' && second.architecture === 'bottleneck') {
    const disjoint = first.mhAdapter !== second.mhAdapter && first.outputAdapter !== second.outputAdapter;
    return disjoint ? undefined : 'two bottlenecks need different mhAdapter and different outputAdapter flags';
  }
  return `both are ${first.architecture}`;
}

function hasLeaveOut(config: SingleAdapterConfig): boolean {
  return 'leaveOut' in config && config.leaveOut.length > 0;
}
