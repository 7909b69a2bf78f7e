import { AdapterConfig } from '@adapters/core';

/**
 * The config with layers 0..layers-1 added to `leave_out` (every part of a union that has one): what
 * `--cache_frozen_layers` does to an adapter it adds, so nothing trains below the cached layers (AdapterDrop).
 */
export function leaveOutLowerLayers(config: AdapterConfig, layers: number): AdapterConfig {
  if (layers === 0) return config;
  const lower = Array.from({ length: layers }, (_, layer) => layer);
  const extend = (dict: Record<string, unknown>): Record<string, unknown> => {
    if (!Array.isArray(dict.leave_out)) return dict;
    return { ...dict, leave_out: [...new Set([...(dict.leave_out as number[]), ...lower])].sort((left, right) => left - right) };
  };
  const dict = AdapterConfig.toDict(config) as Record<string, unknown>;
  const configs = dict.configs;
  return AdapterConfig.fromDict(dict.architecture === 'union' && Array.isArray(configs) ? { ...dict, configs: configs.map((part: Record<string, unknown>) => extend(part)) } : extend(dict));
}
