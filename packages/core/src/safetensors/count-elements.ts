/** Product of the dimensions; a scalar (shape []) has one element. Exceeds 2^53 only for absurd shapes. */
export function countElements(shape: readonly number[]): number {
  let count = 1;
  for (const dimension of shape) count *= dimension;
  return count;
}
