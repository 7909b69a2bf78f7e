import { describe, expect, it } from 'vitest';
import { BACKEND_CANDIDATES, type BackendReport } from '@adapters/core';
import { parseCommandLine } from '../arguments/parse-command-line';
import { GLUE_COMMAND } from '../commands/glue-command';
import { describeBackend, ensureBackend } from './ensure-backend';

describe('ensureBackend', () => {
  it('--backend takes every name initBackend (and ADAPTERS_BACKEND) takes', () => {
    const names = BACKEND_CANDIDATES.map((candidate) => candidate.choice);
    expect(names).toContain('native');
    for (const name of names) {
      expect(parseCommandLine(GLUE_COMMAND, ['--model_name_or_path', 'm', '--task_name', 'rte', '--output_dir', 'o', '--backend', name]).flags.backend).toBe(name);
    }
  });

  it('says which backend runs and why, with a note for each better backend it skipped', async () => {
    const report: BackendReport = {
      choice: 'wasm',
      tfjsName: 'wasm',
      module: '@tensorflow/tfjs-backend-wasm',
      reason: 'auto',
      available: ['native', 'wasm', 'cpu'],
      gradients: true,
      notes: ['native unavailable (addon not built (build/Release/adapters_native.node is missing; install libopenblas-dev and reinstall)); using wasm'],
    };
    expect(describeBackend(report)).toEqual([
      'backend: wasm (auto; installed: native, wasm, cpu)',
      'note: native unavailable (addon not built (build/Release/adapters_native.node is missing; install libopenblas-dev and reinstall)); using wasm',
    ]);
    const lines: string[] = [];
    await ensureBackend('cpu', (line) => lines.push(line));
    expect(lines[0]).toMatch(/^backend: cpu \(--backend; installed: [\w-, ]*cpu\)$/);
    // A later command in the same process says the same again.
    await ensureBackend(undefined, (line) => lines.push(line));
    expect(lines.at(-1)).toBe(lines[0]);
  });
});
