/**
 * HF Trainer's no-decay name rule (`bias|layernorm|rmsnorm|(^|\.)norm($|\.)|_norm($|\.)` on lower-cased names),
 * widened so that `norm` as a whole `_`-separated word also counts (`(^|[._])norm([._]|$)`). HF additionally
 * excludes every parameter of an `nn.LayerNorm` module by type, which is how AdapterHub's
 * `adapter_norm_before.weight` escapes decay there; the widened word rule catches those names here.
 * `scaling` and `gate.weight` match nothing, so they are decayed (as in the `train_trace_ln` fixture).
 */
const NO_DECAY_PATTERN = /bias|layernorm|rmsnorm|(^|[._])norm([._]|$)/;

/**
 * AdapterFusion's value matrices start at the identity and are regularised towards it; decay would pull them
 * to zero. The library means to exclude them (v1: substring `adapter_fusion_layer.{name}.value`); its current
 * `re.match` anchors at the start of `bert.…` names and never matches. Ours matches anywhere, as intended.
 */
const FUSION_VALUE_PATTERN = /(^|\.)adapter_fusion_layer\.[^.]+\.value\./;

/** Extra knowledge for the decay-group rule. */
export interface WeightDecayGroupOptions {
  /**
   * Marks parameters of LayerNorm modules whose names the pattern cannot recognise (for example a masked-LM
   * head's `heads.mlm.2.weight`): HF excludes every `nn.LayerNorm` parameter by module type, which names alone cannot tell.
   */
  readonly isLayerNormParameter?: (name: string) => boolean;
}

/** True when `name` is in the no-decay group (biases, normalisation parameters, fusion value matrices). */
export function isNoDecayParameterName(name: string, options: WeightDecayGroupOptions = {}): boolean {
  return NO_DECAY_PATTERN.test(name.toLowerCase()) || FUSION_VALUE_PATTERN.test(name) || options.isLayerNormParameter?.(name) === true;
}

/**
 * The names, in input order, of the parameters that get decoupled weight decay. Accepts names or
 * `[name, variable]` pairs (what `TrainableModel.namedTrainableParameters()` returns).
 */
export function weightDecayParameterNames(
  named: Iterable<string | readonly [string, unknown]>,
  options: WeightDecayGroupOptions = {},
): string[] {
  const names: string[] = [];
  for (const entry of named) {
    const name = typeof entry === 'string' ? entry : entry[0];
    if (!isNoDecayParameterName(name, options)) names.push(name);
  }
  return names;
}
