import { describe, expect, it } from 'vitest';
import type { SingleAdapterConfig } from './adapter-config';
import { ADAPTER_PRESETS } from './adapter-presets';
import { createBottleneckConfig } from './bottleneck-config';
import { expectInvalidConfig } from './config-test-helpers';
import { createConfigUnion } from './config-union';
import { createLoRAConfig } from './lora-config';

describe('createConfigUnion', () => {
  it('combines different architectures and freezes the result', () => {
    const union = createConfigUnion([ADAPTER_PRESETS.prefix_tuning, ADAPTER_PRESETS.lora]);
    expect(union.configs.map((config) => config.architecture)).toEqual(['prefix_tuning', 'lora']);
    expect(Object.isFrozen(union.configs)).toBe(true);
  });

  it('allows two bottlenecks only with different mhAdapter and outputAdapter flags', () => {
    const attentionOnly = createBottleneckConfig({ ...ADAPTER_PRESETS.seq_bn, mhAdapter: true, outputAdapter: false });
    expect(createConfigUnion([ADAPTER_PRESETS.seq_bn, attentionOnly]).configs).toHaveLength(2);
    expectInvalidConfig(() => createConfigUnion([ADAPTER_PRESETS.seq_bn, ADAPTER_PRESETS.par_bn]), 'configs[1]', /mhAdapter/);
    expectInvalidConfig(() => createConfigUnion([ADAPTER_PRESETS.seq_bn, ADAPTER_PRESETS.double_seq_bn]), 'configs[1]');
  });

  it('allows a repeated architecture when either side has a leaveOut (Python cannot decide then)', () => {
    const firstHalf = createLoRAConfig({ leaveOut: [6, 7, 8, 9, 10, 11] });
    expect(createConfigUnion([firstHalf, ADAPTER_PRESETS.lora]).configs).toHaveLength(2);
    expectInvalidConfig(() => createConfigUnion([ADAPTER_PRESETS.lora, ADAPTER_PRESETS.ia3]), 'configs[1]', /both are lora/);
    expectInvalidConfig(() => createConfigUnion([ADAPTER_PRESETS.prompt_tuning, ADAPTER_PRESETS.prompt_tuning]), 'configs[1]');
  });

  it('rejects nesting, emptiness and invalid members by path', () => {
    const nested = ADAPTER_PRESETS.mam as unknown as SingleAdapterConfig;
    expectInvalidConfig(() => createConfigUnion([ADAPTER_PRESETS.lora, nested]), 'configs[1]', /do not nest/);
    expectInvalidConfig(() => createConfigUnion([]), 'configs');
    expectInvalidConfig(() => createConfigUnion([{ ...ADAPTER_PRESETS.lora, r: 0 }]), 'configs[0].r');
  });
});
