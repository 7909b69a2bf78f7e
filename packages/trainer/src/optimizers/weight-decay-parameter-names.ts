/**
 * HF Trainer's no-decay rule on lower-cased names (`Trainer.get_decay_parameter_names` plus the
 * `bias`/norm patterns of recent versions). `_norm` catches AdapterHub's `adapter_norm_before`/`_after`,
 * `layernorm` catches BERT's `LayerNorm`; `scaling` and `gate.weight` do not match, so they are decayed.
 */
const NO_DECAY_PATTERN = /bias|layernorm|rmsnorm|(^|\.)norm($|\.)|_norm($|\.)/;

export interface WeightDecayGroupOptions {
  /**
   * Marks parameters of LayerNorm modules whose names the pattern cannot recognise (for example a head's
   * `heads.mlm.2.weight`): HF excludes every `nn.LayerNorm` parameter by module type, which names alone cannot tell.
   */
  readonly isLayerNormParameter?: (name: string) => boolean;
}

/** True when `name` is in the no-decay group (biases and normalisation parameters). */
export function isNoDecayParameterName(name: string, options: WeightDecayGroupOptions = {}): boolean {
  return NO_DECAY_PATTERN.test(name.toLowerCase()) || options.isLayerNormParameter?.(name) === true;
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
