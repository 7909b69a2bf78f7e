import type { AverageBlock } from './composition-block';

/**
 * The weights an executor multiplies the children's outputs by, as the library stores them: normalised to sum
 * 1 when `normalizeWeights` is set, as given otherwise, `1/N` each by default.
 *
 * The 1/N quirk (spec I.1, fixture `average`): the library combines the outputs with
 * `mean_i(w_i * out_i) = (1/N) * sum_i(w_i * out_i)`, a *mean* over already-normalised weights, so the result
 * carries an extra factor 1/N. For bottleneck adapters `out_i` includes the residual, so the residual stream
 * shrinks by 1/N too. We reproduce that on purpose to match the library's numbers: the executor must apply the
 * mean over these weights, not a plain weighted sum. This function only returns the weights; it does not fold
 * the 1/N into them, so the saved `weights` stay byte-identical to the library's `adapter_setup.json`.
 */
export function averageWeights(block: AverageBlock): readonly number[] {
  return block.weights;
}

/**
 * The weights an `Average` stores: `1/N` each when none are given (whatever `normalize` says, as the library
 * does), else the given ones divided by their sum when `normalize` is true. Inputs are checked by the caller.
 */
export function normalizeAverageWeights(weights: readonly number[] | undefined, childCount: number, normalize: boolean): number[] {
  if (weights === undefined) return Array.from({ length: childCount }, () => 1 / childCount);
  if (!normalize) return [...weights];
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return weights.map((weight) => weight / sum);
}
