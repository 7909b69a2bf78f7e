import { buildConfig, type ConfigSchema, field } from './config-schema';
import { booleanRule, integerRule, leaveOutRule, nonLinearityRule, probabilityRule, seedRule } from './field-rules';

/** AdapterHub `PrefixTuningConfig` (spec A.8). */
export interface PrefixTuningConfig {
  readonly architecture: 'prefix_tuning';
  readonly encoderPrefix: boolean;
  readonly crossPrefix: boolean;
  readonly leaveOut: readonly number[];
  /** Train the prefix directly instead of through the bottleneck MLP. */
  readonly flat: boolean;
  readonly prefixLength: number;
  readonly bottleneckSize: number;
  readonly nonLinearity: string;
  readonly dropout: number;
  readonly useGating: boolean;
  readonly sharedGating: boolean;
  readonly initWeightsSeed: number | null;
}

export type PrefixTuningConfigOptions = Partial<Omit<PrefixTuningConfig, 'architecture'>>;

export const PREFIX_TUNING_SCHEMA: ConfigSchema<PrefixTuningConfig> = {
  architecture: 'prefix_tuning',
  writesArchitecture: true,
  fields: {
    encoderPrefix: field('encoder_prefix', booleanRule, true),
    crossPrefix: field('cross_prefix', booleanRule, true),
    leaveOut: field('leave_out', leaveOutRule, Object.freeze([])),
    flat: field('flat', booleanRule, false),
    prefixLength: field('prefix_length', integerRule(1), 30),
    bottleneckSize: field('bottleneck_size', integerRule(1), 512),
    nonLinearity: field('non_linearity', nonLinearityRule, 'tanh'),
    dropout: field('dropout', probabilityRule, 0),
    useGating: field('use_gating', booleanRule, false),
    sharedGating: field('shared_gating', booleanRule, true),
    initWeightsSeed: field('init_weights_seed', seedRule, null),
  },
};

/** A validated, frozen prefix-tuning config; fields not given take `PrefixTuningConfig`'s defaults. */
export function createPrefixTuningConfig(options: PrefixTuningConfigOptions = {}): PrefixTuningConfig {
  return buildConfig(PREFIX_TUNING_SCHEMA, options);
}
