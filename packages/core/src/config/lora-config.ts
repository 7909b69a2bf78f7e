import { buildConfig, type ConfigSchema, field, fieldOmittedAtDefault } from './config-schema';
import {
  booleanRule,
  choiceRule,
  floatRule,
  integerRule,
  leaveOutRule,
  listRule,
  nullableRule,
  numberRule,
  probabilityRule,
  seedRule,
  textRule,
} from './field-rules';

export type AttentionMatrix = 'q' | 'k' | 'v';
export type LoRACompositionMode = 'add' | 'scale';
export type LoRAInitWeights = 'lora' | 'bert' | 'ia3' | 'vera';

/**
 * AdapterHub `LoRAConfig` (spec A.8). (IA)^3 is the same class with `compositionMode: 'scale'`
 * (see `createIA3Config`); VeRA sets `veraD` / `veraB`.
 */
export interface LoRAConfig {
  readonly architecture: 'lora';
  readonly selfattnLora: boolean;
  readonly intermediateLora: boolean;
  readonly outputLora: boolean;
  readonly leaveOut: readonly number[];
  readonly r: number;
  /** Scale is alpha / r (adapters >= 1.1.0). */
  readonly alpha: number;
  readonly dropout: number;
  readonly attnMatrices: readonly AttentionMatrix[];
  readonly compositionMode: LoRACompositionMode;
  readonly initWeights: LoRAInitWeights;
  readonly initWeightsSeed: number | null;
  readonly useGating: boolean;
  readonly useDora: boolean;
  readonly veraD: number | null;
  readonly veraB: number | null;
  /** torch dtype name of the LoRA weights, e.g. 'float32'; null = the model's. */
  readonly dtype: string | null;
}

export type LoRAConfigOptions = Partial<Omit<LoRAConfig, 'architecture'>>;

export const LORA_SCHEMA: ConfigSchema<LoRAConfig> = {
  architecture: 'lora',
  writesArchitecture: true,
  fields: {
    selfattnLora: field('selfattn_lora', booleanRule, true),
    intermediateLora: field('intermediate_lora', booleanRule, false),
    outputLora: field('output_lora', booleanRule, false),
    leaveOut: field('leave_out', leaveOutRule, Object.freeze([])),
    r: field('r', integerRule(1), 8),
    alpha: field('alpha', numberRule(), 8),
    dropout: field('dropout', probabilityRule, 0),
    attnMatrices: field(
      'attn_matrices',
      listRule(choiceRule<AttentionMatrix>(['q', 'k', 'v']), "a list of 'q', 'k', 'v'"),
      Object.freeze<AttentionMatrix[]>(['q', 'v']),
    ),
    compositionMode: field('composition_mode', choiceRule<LoRACompositionMode>(['add', 'scale']), 'add'),
    initWeights: field('init_weights', choiceRule<LoRAInitWeights>(['lora', 'bert', 'ia3', 'vera']), 'lora'),
    initWeightsSeed: field('init_weights_seed', seedRule, null),
    useGating: field('use_gating', booleanRule, false),
    // adapters 1.2.0's LoRAConfig has no use_dora (its from_dict would refuse it): written only when set.
    useDora: fieldOmittedAtDefault('use_dora', booleanRule, false),
    veraD: field('vera_d', nullableRule(floatRule()), null),
    veraB: field('vera_b', nullableRule(floatRule()), null),
    dtype: field('dtype', nullableRule(textRule), null),
  },
  // The (IA)^3 module refuses r > 1 ("Can only use composition_mode='scale' when r == 1").
  check: (config) =>
    config.compositionMode === 'scale' && config.r !== 1
      ? { key: 'r', expected: "1 when compositionMode is 'scale'", received: config.r }
      : undefined,
};

/** The field values `IA3Config` changes from `LoRAConfig`. */
export const IA3_DEFAULTS: LoRAConfigOptions = Object.freeze({
  selfattnLora: true,
  intermediateLora: true,
  outputLora: false,
  r: 1,
  alpha: 1,
  attnMatrices: Object.freeze<AttentionMatrix[]>(['k', 'v']),
  compositionMode: 'scale',
  initWeights: 'ia3',
});

/** A validated, frozen LoRA config; fields not given take `LoRAConfig`'s defaults. */
export function createLoRAConfig(options: LoRAConfigOptions = {}): LoRAConfig {
  return buildConfig(LORA_SCHEMA, options);
}

/** `IA3Config`: a LoRA config with the (IA)^3 defaults, then `options`. */
export function createIA3Config(options: LoRAConfigOptions = {}): LoRAConfig {
  return buildConfig(LORA_SCHEMA, { ...IA3_DEFAULTS, ...withoutUndefined(options) });
}

function withoutUndefined(options: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
