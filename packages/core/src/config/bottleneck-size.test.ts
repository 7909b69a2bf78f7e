import { describe, expect, it } from 'vitest';
import { ADAPTER_PRESETS } from './adapter-presets';
import { bottleneckSize } from './bottleneck-size';
import { expectInvalidConfig } from './config-test-helpers';

describe('bottleneckSize', () => {
  it('is int(hidden // rf), at least 1', () => {
    expect(bottleneckSize(ADAPTER_PRESETS.seq_bn, 768, 0)).toBe(48);
    expect(bottleneckSize(ADAPTER_PRESETS.par_bn, 768, 0)).toBe(384);
    expect(bottleneckSize({ reductionFactor: 0.5 }, 768, 0)).toBe(1536);
    expect(bottleneckSize({ reductionFactor: 5 }, 32, 0)).toBe(6);
    expect(bottleneckSize({ reductionFactor: 64 }, 32, 0)).toBe(1);
    // Python: 1 // 0.1 == 9.0 (floor(1 / 0.1) would be 10).
    expect(bottleneckSize({ reductionFactor: 0.1 }, 1, 0)).toBe(9);
  });

  it('uses the per-layer map, falling back to "default"', () => {
    const config = { reductionFactor: { '1': 4, default: 16 } };
    expect(bottleneckSize(config, 32, 1)).toBe(8);
    expect(bottleneckSize(config, 32, 0)).toBe(2);
    expectInvalidConfig(() => bottleneckSize({ reductionFactor: { '1': 4 } }, 32, 0), 'reductionFactor', /default/);
    expectInvalidConfig(() => bottleneckSize(ADAPTER_PRESETS.seq_bn, 0, 0), 'hiddenSize');
  });
});
