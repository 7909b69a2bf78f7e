import { InvalidConfigError } from '../errors/invalid-config-error';
import { UnknownConfigKeyError } from '../errors/unknown-config-key-error';
import { type FieldRule, INVALID } from './field-rules';

/** One field of a config: its snake_case JSON name, its rule and its default (absent = required). */
export interface ConfigField<Value> {
  readonly jsonKey: string;
  readonly rule: FieldRule<Value>;
  readonly required: boolean;
  readonly defaultValue: Value | undefined;
  /** Left out of the JSON while it holds its default (see `includeDefaultPhmWeightFields`). */
  readonly omittedAtDefault: boolean;
}

export function field<Value>(jsonKey: string, rule: FieldRule<Value>, defaultValue: Value): ConfigField<Value> {
  return { jsonKey, rule, required: false, defaultValue, omittedAtDefault: false };
}

export function requiredField<Value>(jsonKey: string, rule: FieldRule<Value>): ConfigField<Value> {
  return { jsonKey, rule, required: true, defaultValue: undefined, omittedAtDefault: false };
}

/** A field the fixture files leave out when it holds its default (they write 31 bottleneck fields, not 33). */
export function fieldOmittedAtDefault<Value>(jsonKey: string, rule: FieldRule<Value>, defaultValue: Value): ConfigField<Value> {
  return { jsonKey, rule, required: false, defaultValue, omittedAtDefault: true };
}

/** A field problem found by a cross-field check, reported like any other invalid value. */
export interface FieldProblem {
  readonly key: string;
  readonly expected: string;
  readonly received: unknown;
}

/** Converts a legacy key (e.g. v1 `invertible_adapter`) into current camelCase field values. */
export type LegacyKeyReader = (value: unknown, path: string, source: string | undefined) => Readonly<Record<string, unknown>>;

type ConfigFields<Config> = { readonly [Key in Exclude<keyof Config, 'architecture'>]-?: ConfigField<Config[Key]> };

/** Everything needed to build, validate, read and write one config class. Field order = Python's `asdict` order. */
export interface ConfigSchema<Config extends { readonly architecture: string }> {
  readonly architecture: Config['architecture'];
  /** Whether the JSON carries `architecture` (bottleneck JSON does not). */
  readonly writesArchitecture: boolean;
  readonly fields: ConfigFields<Config>;
  readonly legacyKeys?: Readonly<Record<string, LegacyKeyReader>>;
  readonly check?: (config: Config) => FieldProblem | undefined;
}

/** How fields are named in error messages (the spelling the caller used) and which file they came from. */
export interface FieldNaming {
  readonly nameOf: (key: string) => string;
  readonly source?: string;
}

export const CAMEL_CASE_NAMING: FieldNaming = { nameOf: (key) => key };

function fieldEntries<Config extends { readonly architecture: string }>(
  schema: ConfigSchema<Config>,
): Array<[string, ConfigField<unknown>]> {
  return Object.entries(schema.fields) as Array<[string, ConfigField<unknown>]>;
}

/** The camelCase key of `key` given in camelCase or snake_case, or undefined when the schema has no such field. */
export function resolveFieldKey<Config extends { readonly architecture: string }>(
  schema: ConfigSchema<Config>,
  key: string,
): string | undefined {
  for (const [camelKey, configField] of fieldEntries(schema)) {
    if (key === camelKey || key === configField.jsonKey) return camelKey;
  }
  return undefined;
}

/** The snake_case names of every field, for error messages. */
export function jsonFieldNames<Config extends { readonly architecture: string }>(schema: ConfigSchema<Config>): string[] {
  return fieldEntries(schema).map(([, configField]) => configField.jsonKey);
}

/**
 * Builds a frozen, validated config from camelCase `values`: missing fields take their defaults,
 * missing required fields and invalid values throw `InvalidConfigError` naming the field.
 */
export function buildConfig<Config extends { readonly architecture: string }>(
  schema: ConfigSchema<Config>,
  values: Readonly<Record<string, unknown>>,
  naming: FieldNaming = CAMEL_CASE_NAMING,
): Config {
  for (const key of Object.keys(values)) {
    if (key !== 'architecture' && !Object.hasOwn(schema.fields, key)) {
      throw new UnknownConfigKeyError({ path: naming.nameOf(key), key, architecture: schema.architecture, knownKeys: Object.keys(schema.fields), source: naming.source });
    }
  }
  if (values.architecture !== undefined && values.architecture !== schema.architecture) {
    throw new InvalidConfigError({
      path: naming.nameOf('architecture'),
      expected: `'${schema.architecture}'`,
      received: values.architecture,
      source: naming.source,
    });
  }
  const config: Record<string, unknown> = { architecture: schema.architecture };
  for (const [key, configField] of fieldEntries(schema)) {
    const raw = values[key];
    if (raw === undefined) {
      if (configField.required) {
        throw new InvalidConfigError({
          path: naming.nameOf(key),
          expected: `${configField.rule.expected} (required)`,
          received: undefined,
          source: naming.source,
        });
      }
      config[key] = configField.defaultValue;
      continue;
    }
    const value = configField.rule.read(raw);
    if (value === INVALID) {
      throw new InvalidConfigError({ path: naming.nameOf(key), expected: configField.rule.expected, received: raw, source: naming.source });
    }
    config[key] = value;
  }
  const typed = Object.freeze(config) as unknown as Config;
  const problem = schema.check?.(typed);
  if (problem !== undefined) {
    throw new InvalidConfigError({
      path: naming.nameOf(problem.key),
      expected: problem.expected,
      received: problem.received,
      source: naming.source,
    });
  }
  return typed;
}

/**
 * Reads a snake_case JSON dict (`architecture` already dispatched on) into camelCase values and builds
 * the config. Legacy keys are applied after the regular ones, as Python sets them after construction.
 */
export function readConfigJson<Config extends { readonly architecture: string }>(
  schema: ConfigSchema<Config>,
  json: Readonly<Record<string, unknown>>,
  pathPrefix: string,
  source: string | undefined,
): Config {
  const values: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const legacyValues: Array<{ readonly jsonKey: string; readonly values: Readonly<Record<string, unknown>> }> = [];
  for (const [jsonKey, value] of Object.entries(json)) {
    if (jsonKey === 'architecture') continue;
    const legacyReader = legacyReaderOf(schema, jsonKey);
    if (legacyReader !== undefined) {
      legacyValues.push({ jsonKey, values: legacyReader(value, `${pathPrefix}${jsonKey}`, source) });
      continue;
    }
    const key = fieldEntries(schema).find(([, configField]) => configField.jsonKey === jsonKey)?.[0];
    if (key === undefined) {
      throw new UnknownConfigKeyError({ path: `${pathPrefix}${jsonKey}`, key: jsonKey, architecture: schema.architecture, knownKeys: jsonFieldNames(schema), source });
    }
    values[key] = value;
    names.set(key, `${pathPrefix}${jsonKey}`);
  }
  for (const legacy of legacyValues) {
    for (const [key, value] of Object.entries(legacy.values)) {
      values[key] = value;
      names.set(key, `${pathPrefix}${legacy.jsonKey}`);
    }
  }
  const naming: FieldNaming = {
    nameOf: (key) => names.get(key) ?? `${pathPrefix}${schema.fields[key as keyof typeof schema.fields]?.jsonKey ?? key}`,
    source,
  };
  return buildConfig(schema, values, naming);
}

/** The legacy-key reader for `key`, own properties only (a key like 'constructor' is just unknown). */
export function legacyReaderOf<Config extends { readonly architecture: string }>(
  schema: ConfigSchema<Config>,
  key: string,
): LegacyKeyReader | undefined {
  return schema.legacyKeys !== undefined && Object.hasOwn(schema.legacyKeys, key) ? schema.legacyKeys[key] : undefined;
}

export interface WriteConfigOptions {
  /** Also write fields that are left out at their default (fields adapters 1.2.0 does not have, such as `use_dora`). */
  readonly includeFieldsOmittedAtDefault?: boolean;
}

/** The snake_case JSON dict Python's `to_dict()` gives, with PythonFloat where Python holds floats. */
export function writeConfigJson<Config extends { readonly architecture: string }>(
  schema: ConfigSchema<Config>,
  config: Config,
  options: WriteConfigOptions = {},
): Record<string, unknown> {
  const json: Record<string, unknown> = schema.writesArchitecture ? { architecture: schema.architecture } : {};
  const record = config as unknown as Readonly<Record<string, unknown>>;
  for (const [key, configField] of fieldEntries(schema)) {
    const value = record[key];
    if (configField.omittedAtDefault && options.includeFieldsOmittedAtDefault !== true && value === configField.defaultValue) continue;
    json[configField.jsonKey] = configField.rule.write(value);
  }
  return json;
}
