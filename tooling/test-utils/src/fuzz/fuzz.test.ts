// Fuzz suite: seeded mutations of valid inputs through every parser in FUZZ_TARGETS. Each input must end in
// success or a typed AdaptersError, each within 5 s. CI runs ADAPTERS_FUZZ_RUNS (default 200) inputs per
// parser; bench/fuzz-long.sh runs many more. A failure names its target, seed and iteration: rerun with
// ADAPTERS_FUZZ_SEED=<seed> to get the same inputs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdaptersError } from '@adapters/core';
import { FUZZ_TARGETS } from './fuzz-targets';
import { mutate, seededRandom } from './seeded-mutator';

const RUNS = Number(process.env.ADAPTERS_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.ADAPTERS_FUZZ_SEED ?? 19);
const LIMIT_MS = 5000;

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'adapters-fuzz-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('fuzz: every parser ends in success or a typed AdaptersError', () => {
  it.each(FUZZ_TARGETS.map((target) => [target.name, target] as const))('%s', async (_name, target) => {
    const seeds = target.seeds();
    expect(seeds.length).toBeGreaterThan(0);
    // The seeds themselves are valid inputs.
    for (const seed of seeds) await target.run(seed, scratch);
    const random = seededRandom(SEED);
    const failures: string[] = [];
    let typedErrors = 0;
    for (let iteration = 0; iteration < RUNS; iteration++) {
      const input = mutate(seeds[iteration % seeds.length] as Uint8Array, random, seeds);
      const started = performance.now();
      try {
        await target.run(input, scratch);
      } catch (error) {
        if (AdaptersError.isInstance(error)) typedErrors += 1;
        else failures.push(`iteration ${iteration} (seed ${SEED}): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`.slice(0, 300));
      }
      const elapsed = performance.now() - started;
      if (elapsed > LIMIT_MS) failures.push(`iteration ${iteration} (seed ${SEED}): took ${Math.round(elapsed)} ms`);
    }
    expect(failures).toEqual([]);
    // The mutations do break inputs: a suite where nothing fails would test nothing.
    if (target.acceptsAnything !== true) expect(typedErrors).toBeGreaterThan(0);
  });
});
