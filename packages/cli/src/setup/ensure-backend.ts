import { gradientsRegistered, initBackend, type BackendChoice } from '@adapters/core';

/**
 * Picks the backend for a command: the `--backend` flag when given; otherwise the one the application
 * already set up (gradients registered means `initBackend` ran), else the best installed one.
 */
export async function ensureBackend(backend: string | undefined): Promise<void> {
  if (backend !== undefined) {
    await initBackend({ backend: backend as BackendChoice });
    return;
  }
  if (gradientsRegistered()) return;
  await initBackend();
}
