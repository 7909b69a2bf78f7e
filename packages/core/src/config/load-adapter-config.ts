import { nodeModule } from '../platform/node-module';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { parsePythonJson } from '../format/parse-python-json';
import { PythonFloat } from '../format/python-json';
import type { AdapterConfig } from './adapter-config';
import { normalizeAdapterConfig, readAdapterConfigDict } from './adapter-config-dict';
import { findAdapterPreset, presetNames, type AdapterPresetName } from './adapter-presets';
import { type AdapterConfigOverrides, applyConfigOverrides } from './apply-config-overrides';
import { configStringNames, parseAdapterConfigString } from './config-string';
import { createConfigUnion } from './config-union';
import { isAdapterConfig } from './is-adapter-config';

const { readFileSync } = nodeModule<typeof import('node:fs')>('node:fs');

/** What `AdapterConfig.load` takes: a preset name, a config string, a JSON file path, a dict or a typed config. */
export type AdapterConfigSpecifier = string | AdapterConfig | Readonly<Record<string, unknown>>;

type KebabCase<Name extends string> = Name extends `${infer Head}_${infer Tail}` ? `${Head}-${KebabCase<Tail>}` : Name;

/** A preset name as `AdapterConfig.load` accepts it: `seq_bn`, `pfeiffer`, or kebab-case (`seq-bn`). */
export type AdapterPresetSpelling = AdapterPresetName | KebabCase<AdapterPresetName>;

/**
 * Compile-time check of a string literal given to `AdapterConfig.load`: a preset name, a config string
 * (`seq_bn[reduction_factor=8]`, `lora|prefix_tuning`) or a file path (with `/` or `.json`) pass; another
 * literal (`'pfeifer'`) is a type error listing the presets. A `string` variable passes (checked at run time).
 */
export type CheckedAdapterConfigName<Name extends string> = string extends Name
  ? Name
  : Name extends AdapterPresetSpelling | `${string}[${string}` | `${string}|${string}` | `${string}/${string}` | `${string}\\${string}` | `${string}.json`
    ? Name
    : AdapterPresetSpelling;

/**
 * Python's `AdapterConfig.load(config, **overrides)`:
 * - a preset name (`'pfeiffer'`, `'lora'`, ...) or a config string (`'seq_bn[reduction_factor=8]|lora'`);
 * - otherwise a string is the path of a JSON file (its nested `config` is used when present);
 * - a snake_case dict, or a whole adapter_config.json object (its `config` is used);
 * - a typed config (re-validated).
 * Then `overrides` apply (undefined / null values skipped, see `applyConfigOverrides`).
 */
export function loadAdapterConfig<const Config extends AdapterConfigSpecifier>(
  config: Config extends string ? CheckedAdapterConfigName<Config> : Config,
  overrides: AdapterConfigOverrides = {},
): AdapterConfig {
  if (typeof config === 'string') return loadFromString(config, overrides);
  if (isAdapterConfig(config)) return applyConfigOverrides(normalizeAdapterConfig(config), overrides);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidConfigError({
      path: 'config',
      expected: 'a preset name, config string, file path, dict or config',
      received: config,
    });
  }
  return applyConfigOverrides(readWholeOrInnerDict(config, undefined), overrides);
}

function loadFromString(text: string, overrides: AdapterConfigOverrides): AdapterConfig {
  const preset = findAdapterPreset(text);
  if (preset !== undefined) return applyConfigOverrides(preset, overrides);
  const names = configStringNames(text);
  if (names !== undefined && names.every((name) => findAdapterPreset(name) !== undefined)) {
    const source = `config string '${text}'`;
    const members = parseAdapterConfigString(text).map((part) =>
      applyConfigOverrides(findAdapterPreset(part.name) as AdapterConfig, part.arguments, source),
    );
    const combined = members.length === 1 ? (members[0] as AdapterConfig) : createConfigUnionOf(members, source);
    return applyConfigOverrides(combined, overrides);
  }
  return applyConfigOverrides(loadFromFile(text), overrides, text);
}

function createConfigUnionOf(members: readonly AdapterConfig[], source: string): AdapterConfig {
  const nested = members.findIndex((member) => member.architecture === 'union');
  if (nested !== -1) {
    throw new InvalidConfigError({
      path: `configs[${nested}]`,
      expected: 'a single adapter config (unions do not nest)',
      received: 'union',
      source,
    });
  }
  return createConfigUnion(members as Exclude<AdapterConfig, { architecture: 'union' }>[], source);
}

function loadFromFile(file: string): AdapterConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidConfigError({
      path: 'config',
      expected:
        `a preset name (${presetNames().join(', ')}), ` +
        "a config string like 'seq_bn[reduction_factor=8]|lora', or a readable JSON file",
      received: file,
      cause: error,
    });
  }
  return readWholeOrInnerDict(parsePythonJson(text, file), file);
}

/** adapter_config.json nests the config under `config`; Python's loader unwraps it. */
function readWholeOrInnerDict(json: unknown, source: string | undefined): AdapterConfig {
  const isDict = typeof json === 'object' && json !== null && !Array.isArray(json) && !(json instanceof PythonFloat);
  if (isDict && 'config' in json) {
    return readAdapterConfigDict((json as { config: unknown }).config, 'config.', source);
  }
  return readAdapterConfigDict(json, '', source);
}
