import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError, readSafetensorsHeader, writeSafetensors } from '@adapters/core';
import type { AdamWState } from './adamw';
import { readAdamWState, writeAdamWState } from './adamw-state-file';

describe('AdamW state file', () => {
  it('round-trips moments and step counts through optimizer.safetensors with torch slot names', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'adamw-state-'));
    try {
      const state: AdamWState = {
        stepCount: 3,
        parameters: new Map([
          ['heads.a.1.weight', { step: 3, shape: [2, 2], firstMoment: Float32Array.of(1, 2, 3, 4), secondMoment: Float32Array.of(5, 6, 7, 8) }],
          ['heads.a.1.bias', { step: 2, shape: [2], firstMoment: Float32Array.of(-1, 1), secondMoment: Float32Array.of(0.5, 0.25) }],
        ]),
      };
      const path = join(folder, 'optimizer.safetensors');
      await writeAdamWState(path, state);
      const header = await readSafetensorsHeader(path);
      expect(header.entries.map((entry) => entry.name).sort()).toEqual([
        'heads.a.1.bias.exp_avg',
        'heads.a.1.bias.exp_avg_sq',
        'heads.a.1.weight.exp_avg',
        'heads.a.1.weight.exp_avg_sq',
      ]);
      expect(await readAdamWState(path)).toEqual(state);

      const foreign = join(folder, 'other.safetensors');
      await writeSafetensors(foreign, { x: { dtype: 'float32', shape: [1], values: Float32Array.of(1) } });
      await expect(readAdamWState(foreign)).rejects.toBeInstanceOf(FileFormatError);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
