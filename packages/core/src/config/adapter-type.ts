/** The v1 (seed-era) adapter types: task adapters and language adapters (the latter get an invertible adapter). */
export const AdapterType = Object.freeze({ textTask: 'text_task', textLang: 'text_lang' } as const);

export type AdapterType = (typeof AdapterType)[keyof typeof AdapterType];

const ADAPTER_TYPE_VALUES: readonly string[] = Object.values(AdapterType);

/** Python's `AdapterType.has(value)`. */
export function isAdapterType(value: unknown): value is AdapterType {
  return typeof value === 'string' && ADAPTER_TYPE_VALUES.includes(value);
}
