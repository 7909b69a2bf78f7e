/**
 * Activation names an adapter config may use (matched lower-cased, as HF `get_activation` does), the
 * same set `module/activations.ts` can run. `gelu_orig` and `leakyrelu` are AdapterHub's own spellings.
 */
export const NON_LINEARITIES: readonly string[] = Object.freeze([
  'relu',
  'gelu',
  'gelu_new',
  'gelu_orig',
  'gelu_fast',
  'gelu_pytorch_tanh',
  'swish',
  'silu',
  'tanh',
  'sigmoid',
  'leakyrelu',
  'leaky_relu',
  'linear',
  'identity',
]);

/** True when `name` (any case) is a known activation. */
export function isKnownNonLinearity(name: string): boolean {
  return NON_LINEARITIES.includes(name.toLowerCase());
}
