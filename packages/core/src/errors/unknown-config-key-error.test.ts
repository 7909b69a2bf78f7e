import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdapterConfig } from '../config/adapter-config';
import { InvalidConfigError } from './invalid-config-error';
import { UnknownConfigKeyError } from './unknown-config-key-error';

describe('UnknownConfigKeyError', () => {
  it('reports a misspelt adapter_config.json key by the key, with the nearest field, not by its value', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'adapters-config-key-'));
    try {
      const file = path.join(folder, 'adapter_config.json');
      writeFileSync(file, JSON.stringify({ config: { architecture: 'bottleneck', reduction_factr: 16, mh_adapter: false, output_adapter: true, non_linearity: 'relu' } }));
      let error: unknown;
      try {
        AdapterConfig.load(file);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UnknownConfigKeyError);
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(error).toMatchObject({ code: 'invalid-config', key: 'reduction_factr', received: 'reduction_factr', suggestion: 'reduction_factor', path: 'config.reduction_factr' });
      expect((error as Error).message).toMatch(new RegExp(`^Unknown key 'reduction_factr' \\('config\\.reduction_factr'\\) in ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a bottleneck config field\\. Did you mean 'reduction_factor'\\?`));
      expect((error as Error).message).not.toContain('16');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
