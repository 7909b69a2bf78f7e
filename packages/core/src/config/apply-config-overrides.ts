import { InvalidConfigError } from '../errors/invalid-config-error';
import { UnknownConfigKeyError } from '../errors/unknown-config-key-error';
import type { AdapterConfig, SingleAdapterConfig } from './adapter-config';
import { buildConfig, legacyReaderOf, resolveFieldKey } from './config-schema';
import { createConfigUnion } from './config-union';
import { schemaOf } from './single-config-schemas';

/** Field overrides: camelCase (`reductionFactor`) or snake_case (`reduction_factor`) keys. */
export type AdapterConfigOverrides = Readonly<Record<string, unknown>>;

/**
 * A copy of `config` with `overrides` applied and validated. Like Python's `AdapterConfig.load`, keys
 * whose value is undefined or null are skipped (CLI flags left unset). On a union each override goes to
 * every member that has the field. A key no config has is an `InvalidConfigError` naming it.
 */
export function applyConfigOverrides(config: AdapterConfig, overrides: AdapterConfigOverrides, source?: string): AdapterConfig {
  const given = Object.entries(overrides).filter(([, value]) => value !== undefined && value !== null);
  if (given.length === 0) return config;
  if (config.architecture !== 'union') return overrideSingle(config, given, '', source);

  for (const [key, value] of given) {
    if (!config.configs.some((member) => knowsKey(member, key))) {
      throw new InvalidConfigError({
        path: key,
        expected: `a field of one of the union's configs (${config.configs.map((member) => member.architecture).join(', ')})`,
        received: value,
        source,
      });
    }
  }
  const members = config.configs.map((member, index) =>
    overrideSingle(
      member,
      given.filter(([key]) => knowsKey(member, key)),
      `configs[${index}].`,
      source,
    ),
  );
  return createConfigUnion(members, source);
}

function knowsKey(config: SingleAdapterConfig, key: string): boolean {
  const schema = schemaOf(config.architecture);
  return resolveFieldKey(schema, key) !== undefined || legacyReaderOf(schema, key) !== undefined;
}

function overrideSingle(
  config: SingleAdapterConfig,
  overrides: ReadonlyArray<readonly [string, unknown]>,
  pathPrefix: string,
  source: string | undefined,
): SingleAdapterConfig {
  if (overrides.length === 0) return config;
  const schema = schemaOf(config.architecture);
  const values: Record<string, unknown> = { ...config };
  const names = new Map<string, string>();
  for (const [key, value] of overrides) {
    const legacyReader = legacyReaderOf(schema, key);
    if (legacyReader !== undefined) {
      for (const [legacyKey, legacyValue] of Object.entries(legacyReader(value, `${pathPrefix}${key}`, source))) {
        values[legacyKey] = legacyValue;
        names.set(legacyKey, key);
      }
      continue;
    }
    const camelKey = resolveFieldKey(schema, key);
    if (camelKey === undefined) {
      throw new UnknownConfigKeyError({ path: `${pathPrefix}${key}`, key, architecture: schema.architecture, knownKeys: Object.keys(schema.fields), source });
    }
    values[camelKey] = value;
    names.set(camelKey, key);
  }
  return buildConfig(schema, values, { nameOf: (key) => `${pathPrefix}${names.get(key) ?? key}`, source });
}
