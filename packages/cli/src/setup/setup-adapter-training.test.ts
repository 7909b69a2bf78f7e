import { describe, expect, it } from 'vitest';
import { checkAdapterFlags, loadConfigFromFlags } from './setup-adapter-training';

describe('loadConfigFromFlags', () => {
  it('names the flag, suggests the nearest preset for a typo, and does not nest the loader message', () => {
    let error: Error | undefined;
    try {
      loadConfigFromFlags('pfeifer', undefined, undefined);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toMatchObject({ code: 'invalid-config', path: '--adapter_config', received: 'pfeifer' });
    expect(error?.message).toMatch(/^Invalid value for '--adapter_config': expected a preset name \(pfeiffer, houlsby, .*\), a config string like .*, or a readable JSON file; did you mean 'pfeiffer'\?, received "pfeifer"\.$/);
    expect(error?.message.match(/Invalid value/g)).toHaveLength(1);
    expect(() => loadConfigFromFlags('pfeiffer', 'sparkle', undefined)).toThrow(expect.objectContaining({ path: '--adapter_non_linearity', received: 'sparkle' }));
  });

  it('is checked with the other flags, before a model is loaded', () => {
    const flags = { trainAdapter: true, loadAdapter: '', adapterConfig: 'pfeifer' };
    expect(() => checkAdapterFlags(flags)).toThrow(/did you mean 'pfeiffer'/);
    expect(() => checkAdapterFlags({ ...flags, adapterConfig: 'seq_bn[reduction_factor=8]' })).not.toThrow();
  });
});
