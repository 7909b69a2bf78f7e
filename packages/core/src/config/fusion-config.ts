import { nodeModule } from '../platform/node-module';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { NoSuchEntryError } from '../errors/no-such-entry-error';
import { PythonFloat } from '../format/python-json';

const { readFileSync } = nodeModule<typeof import('node:fs')>('node:fs');

/** AdapterFusion settings (spec B.1), camelCase; `adapter_fusion_config.json` uses the snake_case names. */
export interface AdapterFusionConfig {
  readonly key: boolean;
  readonly query: boolean;
  readonly value: boolean;
  readonly queryBeforeLn: boolean;
  readonly regularization: boolean;
  readonly residualBefore: boolean;
  readonly temperature: boolean;
  readonly valueBeforeSoftmax: boolean;
  readonly valueInitialized: boolean;
  /** Dropout on the attention logits; null = the model's `attention_probs_dropout_prob`. */
  readonly dropoutProb: number | null;
}

const FIELDS: ReadonlyArray<[keyof AdapterFusionConfig, string]> = [
  ['key', 'key'],
  ['query', 'query'],
  ['value', 'value'],
  ['queryBeforeLn', 'query_before_ln'],
  ['regularization', 'regularization'],
  ['residualBefore', 'residual_before'],
  ['temperature', 'temperature'],
  ['valueBeforeSoftmax', 'value_before_softmax'],
  ['valueInitialized', 'value_initialized'],
  ['dropoutProb', 'dropout_prob'],
];

export const ADAPTER_FUSION_PRESETS: Readonly<Record<'dynamic' | 'static', AdapterFusionConfig>> = Object.freeze({
  dynamic: Object.freeze({
    key: true,
    query: true,
    value: true,
    queryBeforeLn: false,
    regularization: true,
    residualBefore: false,
    temperature: false,
    valueBeforeSoftmax: true,
    valueInitialized: true,
    dropoutProb: null,
  }),
  static: Object.freeze({
    key: true,
    query: true,
    value: false,
    queryBeforeLn: false,
    regularization: false,
    residualBefore: false,
    temperature: false,
    valueBeforeSoftmax: true,
    valueInitialized: false,
    dropoutProb: null,
  }),
});

/** The default preset, as `DEFAULT_ADAPTERFUSION_CONFIG`. */
export const DEFAULT_ADAPTER_FUSION_PRESET = 'dynamic';

function unwrap(value: unknown): unknown {
  return value instanceof PythonFloat ? value.value : value;
}

/** Builds a fusion config from a snake_case or camelCase dict (a whole `adapter_fusion_config.json` works too). */
export function adapterFusionConfigFromDict(json: unknown, base: AdapterFusionConfig = ADAPTER_FUSION_PRESETS.dynamic, source?: string): AdapterFusionConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidConfigError({ path: 'fusion config', expected: 'an object', received: json, source });
  }
  const record = ('config' in json && typeof (json as { config: unknown }).config === 'object' ? (json as { config: object }).config : json) as Record<string, unknown>;
  const result: Record<string, unknown> = { ...base };
  for (const [key, raw] of Object.entries(record)) {
    const field = FIELDS.find(([camel, snake]) => camel === key || snake === key);
    if (field === undefined) {
      throw new InvalidConfigError({ path: key, expected: `one of ${FIELDS.map(([, snake]) => snake).join(', ')}`, received: raw, source });
    }
    const value = unwrap(raw);
    if (value === undefined) continue;
    const [camel, snake] = field;
    if (camel === 'dropoutProb') {
      if (value !== null && (typeof value !== 'number' || value < 0 || value > 1)) {
        throw new InvalidConfigError({ path: snake, expected: 'null or a probability in [0, 1]', received: value, source });
      }
    } else if (typeof value !== 'boolean') {
      throw new InvalidConfigError({ path: snake, expected: 'a boolean', received: value, source });
    }
    result[camel] = value;
  }
  return Object.freeze(result) as unknown as AdapterFusionConfig;
}

/** The snake_case dict AdapterHub writes (`dropout_prob` a float or null). */
export function adapterFusionConfigToDict(config: AdapterFusionConfig): Record<string, unknown> {
  const dict: Record<string, unknown> = {};
  for (const [camel, snake] of FIELDS) {
    const value = config[camel];
    dict[snake] = camel === 'dropoutProb' && typeof value === 'number' ? new PythonFloat(value) : value;
  }
  return dict;
}

/** `AdapterFusionConfig.load`: a preset name, a dict, a typed config or a JSON file path, with overrides. */
export function loadAdapterFusionConfig(
  config: 'dynamic' | 'static' | string | AdapterFusionConfig | Readonly<Record<string, unknown>> = DEFAULT_ADAPTER_FUSION_PRESET,
  overrides: Partial<AdapterFusionConfig> | Readonly<Record<string, unknown>> = {},
): AdapterFusionConfig {
  let base: AdapterFusionConfig;
  if (typeof config === 'string') {
    const preset = ADAPTER_FUSION_PRESETS[config as 'dynamic' | 'static'];
    if (preset !== undefined) base = preset;
    else if (config.endsWith('.json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(config, 'utf8'));
      } catch (error) {
        throw new InvalidConfigError({ path: 'fusion config', expected: 'a readable JSON file', received: config, source: config, cause: error });
      }
      base = adapterFusionConfigFromDict(parsed, ADAPTER_FUSION_PRESETS.dynamic, config);
    } else {
      throw new NoSuchEntryError({ registry: 'fusion preset', key: config, available: Object.keys(ADAPTER_FUSION_PRESETS) });
    }
  } else {
    base = adapterFusionConfigFromDict(config);
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return Object.keys(defined).length === 0 ? base : adapterFusionConfigFromDict(defined, base);
}
