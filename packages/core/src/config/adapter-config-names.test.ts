// Type test, run by `npm run typecheck` (tsc checks every test file): a misspelt preset literal must not compile.
// Each `@ts-expect-error` line fails the typecheck if it ever compiles; the runtime checks below hold either way.
import { describe, expect, it } from 'vitest';
import { AdapterConfig } from './adapter-config';

describe('AdapterConfig.load preset names are typed', () => {
  it('accepts presets, kebab-case spellings, config strings, paths and string variables; refuses misspelt literals', () => {
    expect(AdapterConfig.load('pfeiffer').architecture).toBe('bottleneck');
    expect(AdapterConfig.load('prefix-tuning').architecture).toBe('prefix_tuning');
    expect(AdapterConfig.load('seq_bn[reduction_factor=8]').architecture).toBe('bottleneck');
    expect(AdapterConfig.load('lora|prefix_tuning').architecture).toBe('union');
    const fromUser: string = 'houlsby';
    expect(AdapterConfig.load(fromUser).architecture).toBe('bottleneck');
    const missingFile = '/no/such/dir/adapter_config.json';
    expect(() => AdapterConfig.load(missingFile)).toThrow(/readable JSON file/);
    // @ts-expect-error -- 'pfeifer' is not a preset name ('pfeiffer' is)
    expect(() => AdapterConfig.load('pfeifer')).toThrow(/preset name/);
    // @ts-expect-error -- nor is 'lora2'
    expect(() => AdapterConfig.load('lora2')).toThrow(/preset name/);
  });
});
