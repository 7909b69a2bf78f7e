import { beforeAll } from 'vitest';
import { initBackend } from '@adapters/core';

/**
 * The command tests train real (tiny) models end to end; the wasm backend runs them several times faster than
 * the cpu backend, whose UnsortedSegmentSum (the gradient of a gather: embeddings, the masked-LM loss) takes
 * minutes at a 30522-token vocabulary. Runs after the shared setup, which picked cpu.
 */
export function useWasmBackend(): void {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });
}
