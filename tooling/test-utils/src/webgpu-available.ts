import { initBackend } from '@adapters/core';

/**
 * Whether the webgpu backend starts here (any adapter, SwiftShader included). With
 * `ADAPTERS_REQUIRE_WEBGPU=1`, which `.ci/run` sets once it has installed SwiftShader, it must: the
 * reason it did not becomes the error. Leaves the cpu backend active.
 */
export async function webgpuAvailable(): Promise<boolean> {
  const outcome = await initBackend({ backend: 'webgpu' }).catch((caught: unknown) => caught);
  await initBackend({ backend: 'cpu' });
  if (!(outcome instanceof Error)) return true;
  if (process.env.ADAPTERS_REQUIRE_WEBGPU === '1') {
    throw new Error(`ADAPTERS_REQUIRE_WEBGPU=1 but the webgpu backend did not start: ${outcome.message}`, { cause: outcome });
  }
  return false;
}
