// The conformance runner: every case under ADAPTERS_FIXTURES, on cpu, wasm and (when built) native.
// A case in pending-cases.json must still fail (so the list only shrinks); every other case must pass.
import { beforeAll, describe, expect, it } from 'vitest';
import { registerNativeBackend } from '@adapters/backend-native';
import { initBackend } from '@adapters/core';
import { fixturesRoot } from '../paths';
import { discoverCases, pendingCases } from './case-files';
import { runCase } from './run-case';

const cases = discoverCases(fixturesRoot());
const pending = pendingCases();

// The native backend joins when its addon is built (its own tests cover the unavailable path).
const backends = registerNativeBackend().status === 'available' ? (['cpu', 'wasm', 'native'] as const) : (['cpu', 'wasm'] as const);

describe.each(backends)('fixture conformance on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ backend });
  });

  it('found fixture cases', () => {
    expect(cases.length, `no case.json under ${fixturesRoot()}`).toBeGreaterThan(0);
  });

  it.each(cases.map((discovered) => [discovered.name, discovered] as const))('%s', async (name, discovered) => {
    const result = await runCase(discovered);
    if (pending.has(name)) {
      expect(
        result.mismatches.length,
        `'${name}' is listed as pending but now passes: remove it from pending-cases.json`,
      ).toBeGreaterThan(0);
    } else {
      expect(result.mismatches, `'${name}' (${discovered.spec.description ?? discovered.spec.kind})`).toEqual([]);
      expect(result.compared.length).toBeGreaterThan(0);
    }
  });
});
