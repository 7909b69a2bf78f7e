import { getBackend } from '@tensorflow/tfjs-core';
import { BACKEND_CANDIDATES, gradientsRegistered, initBackend, type BackendChoice, type BackendReport } from '@adapters/core';

/** The names `--backend` takes: exactly what `initBackend` (and env ADAPTERS_BACKEND) accepts. */
export const BACKEND_NAMES: readonly BackendChoice[] = BACKEND_CANDIDATES.map((candidate) => candidate.choice);

const REASONS: Readonly<Record<BackendReport['reason'], string>> = { argument: '--backend', environment: 'ADAPTERS_BACKEND', auto: 'auto' };

// The report of the backend the CLI set up in this process, so later commands can say it again.
let current: BackendReport | undefined;

/** `backend: wasm (auto; installed: native, wasm, cpu)` and a `note:` line per better backend it skipped. */
export function describeBackend(report: BackendReport): string[] {
  return [`backend: ${report.choice} (${REASONS[report.reason]}; installed: ${report.available.join(', ')})`, ...report.notes.map((note) => `note: ${note}`)];
}

/**
 * Picks the backend for a command and prints which one runs: the `--backend` flag when given; otherwise the
 * one already set up (gradients registered means `initBackend` ran), else the best installed one.
 */
export async function ensureBackend(backend: string | undefined, print: (line: string) => void = () => {}): Promise<void> {
  if (backend === undefined && gradientsRegistered()) {
    if (current !== undefined && current.tfjsName === getBackend()) describeBackend(current).forEach((line) => print(line));
    else print(`backend: ${getBackend()} (set up by the application)`);
    return;
  }
  current = await initBackend(backend === undefined ? {} : { backend: backend as BackendChoice });
  describeBackend(current).forEach((line) => print(line));
}
