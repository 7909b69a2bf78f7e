/** Scratch keys shared by every hook of one forward call. */
const PARALLELIZED = 'adapters.parallelized';
const ORIGINAL_BATCH = 'adapters.originalBatchSize';

/**
 * A Parallel block replicates the batch at the first adapter location it reaches; later locations (and
 * other methods) find the batch already replicated. This mirrors the library's `ForwardContext` flags,
 * kept per call in the hook context's scratch map instead of a thread-local.
 */
export function parallelBatchInfo(
  scratch: Map<string, unknown>,
  batchSize: number,
  channels: number,
  options: { allowMultiParallelize?: boolean } = {},
): { replicate: boolean; originalBatchSize: number } {
  if (scratch.get(PARALLELIZED) !== true) {
    scratch.set(PARALLELIZED, true);
    scratch.set(ORIGINAL_BATCH, batchSize);
    return { replicate: true, originalBatchSize: batchSize };
  }
  const original = scratch.get(ORIGINAL_BATCH) as number;
  if (options.allowMultiParallelize === true && batchSize === original) {
    return { replicate: true, originalBatchSize: batchSize };
  }
  if (batchSize % channels !== 0) {
    throw new RangeError(`batch of ${batchSize} rows cannot be split into ${channels} Parallel channels`);
  }
  return { replicate: false, originalBatchSize: batchSize / channels };
}
