import { InvalidConfigError } from '../errors/invalid-config-error';
import { PythonFloat } from '../format/python-json';
import { buildConfig, type ConfigSchema, field, requiredField } from './config-schema';
import {
  booleanRule,
  choiceRule,
  eitherRule,
  floatRule,
  integerRule,
  leaveOutRule,
  nonLinearityRule,
  nullableRule,
  numberRule,
  probabilityRule,
  type ReductionFactor,
  reductionFactorRule,
  seedRule,
} from './field-rules';

export type { ReductionFactor } from './field-rules';
export type BottleneckInitWeights = 'bert' | 'mam_adapter' | 'houlsby';
export type BottleneckScaling = number | 'learned' | 'channel';
export type ResidualBeforeLn = boolean | 'post_add';
export type InvertibleAdapterType = 'nice' | 'glow';
export type PhmInit = 'normal' | 'uniform';
export type HypercomplexNonlinearity = 'glorot-uniform' | 'glorot-normal' | 'normal';

/** AdapterHub `BnConfig` (spec A.2): a bottleneck adapter. The JSON form has no `architecture` key. */
export interface BottleneckConfig {
  readonly architecture: 'bottleneck';
  /** Adapter after the attention output (`BertSelfOutput`). */
  readonly mhAdapter: boolean;
  /** Adapter after the FFN output (`BertOutput`). */
  readonly outputAdapter: boolean;
  /** Bottleneck = int(hidden // rf), at least 1; or per layer `{"<layer>": rf, "default": rf}`. */
  readonly reductionFactor: ReductionFactor;
  readonly nonLinearity: string;
  readonly originalLnBefore: boolean;
  readonly originalLnAfter: boolean;
  readonly lnBefore: boolean;
  readonly lnAfter: boolean;
  readonly initWeights: BottleneckInitWeights;
  readonly initWeightsSeed: number | null;
  readonly isParallel: boolean;
  readonly scaling: BottleneckScaling;
  readonly useGating: boolean;
  readonly residualBeforeLn: ResidualBeforeLn;
  readonly adapterResidualBeforeLn: boolean;
  readonly invAdapter: InvertibleAdapterType | null;
  readonly invAdapterReductionFactor: number | null;
  readonly crossAdapter: boolean;
  /** 0-based layer ids that get no adapter. */
  readonly leaveOut: readonly number[];
  readonly dropout: number;
  readonly phmLayer: boolean;
  readonly phmDim: number;
  readonly factorizedPhmW: boolean;
  readonly sharedWPhm: boolean;
  readonly sharedPhmRule: boolean;
  readonly factorizedPhmRule: boolean;
  readonly phmCInit: PhmInit;
  readonly phmInitRange: number;
  readonly learnPhm: boolean;
  readonly hypercomplexNonlinearity: HypercomplexNonlinearity;
  readonly phmRank: number;
  readonly phmBias: boolean;
  readonly stochasticDepth: number;
}

type BottleneckFields = Omit<BottleneckConfig, 'architecture'>;

/** Options of `createBottleneckConfig`: the four fields `BnConfig` requires, the rest optional. */
export type BottleneckConfigOptions = Pick<BottleneckFields, 'mhAdapter' | 'outputAdapter' | 'reductionFactor' | 'nonLinearity'> &
  Partial<BottleneckFields>;

/** v1 kept the invertible adapter in a nested dict; Python maps it onto the two flat keys (if truthy). */
function readInvertibleAdapter(value: unknown, path: string, source: string | undefined): Readonly<Record<string, unknown>> {
  if (value === null || value === false || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof PythonFloat) {
    throw new InvalidConfigError({
      path,
      expected: 'a dict {block_type, non_linearity, reduction_factor} or null',
      received: value,
      source,
    });
  }
  const block = value as Readonly<Record<string, unknown>>;
  if (Object.keys(block).length === 0) return {};
  return { invAdapter: block.block_type ?? block.blockType, invAdapterReductionFactor: block.reduction_factor ?? block.reductionFactor };
}

export const BOTTLENECK_SCHEMA: ConfigSchema<BottleneckConfig> = {
  architecture: 'bottleneck',
  writesArchitecture: false,
  fields: {
    mhAdapter: requiredField('mh_adapter', booleanRule),
    outputAdapter: requiredField('output_adapter', booleanRule),
    reductionFactor: requiredField('reduction_factor', reductionFactorRule),
    nonLinearity: requiredField('non_linearity', nonLinearityRule),
    originalLnBefore: field('original_ln_before', booleanRule, false),
    originalLnAfter: field('original_ln_after', booleanRule, true),
    lnBefore: field('ln_before', booleanRule, false),
    lnAfter: field('ln_after', booleanRule, false),
    initWeights: field('init_weights', choiceRule<BottleneckInitWeights>(['bert', 'mam_adapter', 'houlsby']), 'bert'),
    initWeightsSeed: field('init_weights_seed', seedRule, null),
    isParallel: field('is_parallel', booleanRule, false),
    scaling: field('scaling', eitherRule(floatRule(), choiceRule(['learned', 'channel'] as const)), 1),
    useGating: field('use_gating', booleanRule, false),
    residualBeforeLn: field('residual_before_ln', eitherRule(booleanRule, choiceRule(['post_add'] as const)), true),
    adapterResidualBeforeLn: field('adapter_residual_before_ln', booleanRule, false),
    invAdapter: field('inv_adapter', nullableRule(choiceRule<InvertibleAdapterType>(['nice', 'glow'])), null),
    invAdapterReductionFactor: field('inv_adapter_reduction_factor', nullableRule(numberRule({ above: 0 })), null),
    crossAdapter: field('cross_adapter', booleanRule, false),
    leaveOut: field('leave_out', leaveOutRule, Object.freeze([])),
    dropout: field('dropout', probabilityRule, 0),
    phmLayer: field('phm_layer', booleanRule, false),
    phmDim: field('phm_dim', integerRule(1), 4),
    factorizedPhmW: field('factorized_phm_W', booleanRule, true),
    sharedWPhm: field('shared_W_phm', booleanRule, false),
    sharedPhmRule: field('shared_phm_rule', booleanRule, true),
    factorizedPhmRule: field('factorized_phm_rule', booleanRule, false),
    phmCInit: field('phm_c_init', choiceRule<PhmInit>(['normal', 'uniform']), 'normal'),
    phmInitRange: field('phm_init_range', floatRule({ atLeast: 0 }), 0.0001),
    learnPhm: field('learn_phm', booleanRule, true),
    hypercomplexNonlinearity: field(
      'hypercomplex_nonlinearity',
      choiceRule<HypercomplexNonlinearity>(['glorot-uniform', 'glorot-normal', 'normal']),
      'glorot-uniform',
    ),
    phmRank: field('phm_rank', integerRule(1), 1),
    phmBias: field('phm_bias', booleanRule, true),
    stochasticDepth: field('stochastic_depth', probabilityRule, 0),
  },
  legacyKeys: { invertible_adapter: readInvertibleAdapter, invertibleAdapter: readInvertibleAdapter },
  check: (config) =>
    config.invAdapter !== null && config.invAdapterReductionFactor === null
      ? { key: 'invAdapterReductionFactor', expected: 'a number > 0 when invAdapter is set', received: null }
      : undefined,
};

/** A validated, frozen bottleneck config; fields not given take `BnConfig`'s base defaults. */
export function createBottleneckConfig(options: BottleneckConfigOptions): BottleneckConfig {
  return buildConfig(BOTTLENECK_SCHEMA, options);
}
