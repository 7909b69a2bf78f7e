import { InvalidConfigError } from '../errors/invalid-config-error';

/**
 * Upper bounds for the config values that size allocations, checked before anything is allocated so a
 * hostile or corrupt config (`"layers": 4294967296`, `"num_labels": 2147483648`) is an `invalid-config`
 * error naming the field instead of a hang or tfjs's `RangeError`. Each is far above any released model.
 */
export const SIZE_LIMITS = Object.freeze({
  /** Encoder layers (`num_hidden_layers`) and layer ids (`leave_out`, per-layer reduction factors). */
  layers: 1024,
  /** Layers of one prediction head (`layers` in head_config.json; AdapterHub heads use 1 to 3). */
  headLayers: 64,
  /** Widths: `hidden_size`, `intermediate_size`, `embedding_size`, bottleneck sizes, LoRA `r`, prefix/prompt lengths. */
  width: 1 << 17,
  /** `vocab_size`, `type_vocab_size`. */
  vocab: 1 << 22,
  /** `max_position_embeddings`. */
  positions: 1 << 20,
  /** `num_labels`, `num_choices`, label maps. */
  labels: 1 << 20,
  /** Elements of one parameter tensor (1 GiB of float32), whatever the fields that sized it. */
  tensorElements: 1 << 28,
});

export type SizeLimitKind = keyof typeof SIZE_LIMITS;

/** Refuses a parameter of `shape` with more than `SIZE_LIMITS.tensorElements` elements, before it is allocated. */
export function assertTensorSize(shape: readonly number[], name: string): void {
  let elements = 1;
  for (const size of shape) elements *= size;
  if (!(elements <= SIZE_LIMITS.tensorElements) || shape.some((size) => !Number.isSafeInteger(size) || size < 0)) {
    throw new InvalidConfigError({
      path: name,
      expected: `a parameter of at most ${SIZE_LIMITS.tensorElements} elements (the config fields that size it are too large)`,
      received: [...shape],
    });
  }
}
