import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { Embedding } from '../module/embedding';
import { Linear } from '../module/linear';
import { adapterConfigFromDict } from './adapter-config-dict';
import { bottleneckSize } from './bottleneck-size';
import { SIZE_LIMITS } from './size-limits';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).path;
  }
  return undefined;
}

describe('size limits', () => {
  it('adapter config sizes are bounded with the field named (prefix length, LoRA r, leave_out, per-layer factors)', () => {
    expect(fieldOf(() => adapterConfigFromDict({ architecture: 'prefix_tuning', prefix_length: 2 ** 32 }))).toBe('prefix_length');
    expect(fieldOf(() => adapterConfigFromDict({ architecture: 'prefix_tuning', bottleneck_size: 2 ** 31 }))).toBe('bottleneck_size');
    expect(fieldOf(() => adapterConfigFromDict({ architecture: 'lora', r: 1e12 }))).toBe('r');
    expect(fieldOf(() => adapterConfigFromDict({ architecture: 'prompt_tuning', prompt_length: 2 ** 40 }))).toBe('prompt_length');
    expect(fieldOf(() => adapterConfigFromDict({ mh_adapter: false, output_adapter: true, reduction_factor: 16, non_linearity: 'relu', leave_out: [2 ** 40] }))).toBe('leave_out');
    expect(fieldOf(() => adapterConfigFromDict({ mh_adapter: false, output_adapter: true, non_linearity: 'relu', reduction_factor: { '99999999': 2, default: 16 } }))).toBe('reduction_factor');
    // Within bounds still loads.
    expect(fieldOf(() => adapterConfigFromDict({ architecture: 'lora', r: SIZE_LIMITS.width }))).toBeUndefined();
  });

  it('a reduction factor that would make the bottleneck wider than the limit is refused before allocation', () => {
    expect(bottleneckSize({ reductionFactor: 16 }, 768, 0)).toBe(48);
    expect(fieldOf(() => bottleneckSize({ reductionFactor: 1e-9 }, 768, 0))).toBe('reductionFactor');
  });

  it('a parameter larger than SIZE_LIMITS.tensorElements is refused before tfjs allocates it', () => {
    expect(fieldOf(() => new Linear(2 ** 16, 2 ** 16))).toBe('Linear.weight');
    expect(fieldOf(() => new Embedding(2 ** 31, 8))).toBe('Embedding.weight');
  });
});
