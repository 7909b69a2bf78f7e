import { InvalidConfigError } from '../errors/invalid-config-error';
import type { SingleAdapterConfig } from './adapter-config';
import { BOTTLENECK_SCHEMA } from './bottleneck-config';
import { buildConfig, type ConfigSchema, type FieldNaming } from './config-schema';
import { LORA_SCHEMA } from './lora-config';
import { PREFIX_TUNING_SCHEMA } from './prefix-tuning-config';
import { PROMPT_TUNING_SCHEMA } from './prompt-tuning-config';

export type SingleArchitecture = SingleAdapterConfig['architecture'];

type SchemaOf<Architecture extends SingleArchitecture> = ConfigSchema<Extract<SingleAdapterConfig, { architecture: Architecture }>>;

export const SINGLE_CONFIG_SCHEMAS: { readonly [Architecture in SingleArchitecture]: SchemaOf<Architecture> } = {
  bottleneck: BOTTLENECK_SCHEMA,
  lora: LORA_SCHEMA,
  prefix_tuning: PREFIX_TUNING_SCHEMA,
  prompt_tuning: PROMPT_TUNING_SCHEMA,
};

export function isSingleArchitecture(value: unknown): value is SingleArchitecture {
  return typeof value === 'string' && Object.hasOwn(SINGLE_CONFIG_SCHEMAS, value);
}

/** The schema of `architecture`, typed loosely for code that handles every architecture alike. */
export function schemaOf(architecture: SingleArchitecture): ConfigSchema<SingleAdapterConfig> {
  return SINGLE_CONFIG_SCHEMAS[architecture] as unknown as ConfigSchema<SingleAdapterConfig>;
}

/** Re-validates a typed single config (it may be a hand-written literal) into a frozen one. */
export function normalizeSingleConfig(config: unknown, naming: FieldNaming, path: string): SingleAdapterConfig {
  const architecture =
    typeof config === 'object' && config !== null ? (config as { architecture?: unknown }).architecture : undefined;
  if (!isSingleArchitecture(architecture)) {
    throw new InvalidConfigError({
      path,
      expected: `a single adapter config (architecture ${Object.keys(SINGLE_CONFIG_SCHEMAS).join(', ')})`,
      received: architecture === undefined ? config : architecture,
      source: naming.source,
    });
  }
  return buildConfig(schemaOf(architecture), config as Readonly<Record<string, unknown>>, naming);
}
