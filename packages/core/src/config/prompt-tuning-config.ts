import { buildConfig, type ConfigSchema, field } from './config-schema';
import { choiceRule, integerRule, nullableRule, seedRule, textRule } from './field-rules';

export type PromptInit = 'random_uniform' | 'from_string';
export type PromptCombine = 'prefix' | 'prefix_after_bos';

/**
 * AdapterHub `PromptTuningConfig` (spec A.8). Python's `random_uniform_scale = 0.5` is a class
 * attribute, never serialized, so it is the constant `PROMPT_RANDOM_UNIFORM_SCALE` here.
 */
export interface PromptTuningConfig {
  readonly architecture: 'prompt_tuning';
  readonly promptLength: number;
  readonly promptInit: PromptInit;
  /** Required when promptInit is 'from_string'. */
  readonly promptInitText: string | null;
  readonly combine: PromptCombine;
  readonly initWeightsSeed: number | null;
}

export type PromptTuningConfigOptions = Partial<Omit<PromptTuningConfig, 'architecture'>>;

/** Prompt embeddings start as U(-0.5, 0.5) under 'random_uniform'. */
export const PROMPT_RANDOM_UNIFORM_SCALE = 0.5;

export const PROMPT_TUNING_SCHEMA: ConfigSchema<PromptTuningConfig> = {
  architecture: 'prompt_tuning',
  writesArchitecture: true,
  fields: {
    promptLength: field('prompt_length', integerRule(1), 10),
    promptInit: field('prompt_init', choiceRule<PromptInit>(['random_uniform', 'from_string']), 'random_uniform'),
    promptInitText: field('prompt_init_text', nullableRule(textRule), null),
    combine: field('combine', choiceRule<PromptCombine>(['prefix', 'prefix_after_bos']), 'prefix'),
    initWeightsSeed: field('init_weights_seed', seedRule, null),
  },
  check: (config) =>
    config.promptInit === 'from_string' && config.promptInitText === null
      ? { key: 'promptInitText', expected: "a string when promptInit is 'from_string'", received: null }
      : undefined,
};

/** A validated, frozen prompt-tuning config; fields not given take `PromptTuningConfig`'s defaults. */
export function createPromptTuningConfig(options: PromptTuningConfigOptions = {}): PromptTuningConfig {
  return buildConfig(PROMPT_TUNING_SCHEMA, options);
}
