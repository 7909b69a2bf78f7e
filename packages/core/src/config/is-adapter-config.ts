import type { AdapterConfig } from './adapter-config';

// A camelCase field only the typed form of each architecture has (the JSON dict has the snake_case one).
const TYPED_MARKERS: Readonly<Record<string, string>> = {
  bottleneck: 'mhAdapter',
  lora: 'selfattnLora',
  prefix_tuning: 'prefixLength',
  prompt_tuning: 'promptLength',
};

/** True for a typed config (camelCase, `architecture` set), false for a snake_case AdapterHub dict. */
export function isAdapterConfig(value: unknown): value is AdapterConfig {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Readonly<Record<string, unknown>>;
  if (record.architecture === 'union') return Array.isArray(record.configs) && record.configs.every(isAdapterConfig);
  const architecture = record.architecture;
  const marker = typeof architecture === 'string' && Object.hasOwn(TYPED_MARKERS, architecture) ? TYPED_MARKERS[architecture] : undefined;
  return marker !== undefined && marker in record;
}
