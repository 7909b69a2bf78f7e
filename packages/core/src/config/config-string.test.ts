import { describe, expect, it } from 'vitest';
import { expectInvalidConfig } from './config-test-helpers';
import { parseAdapterConfigString } from './config-string';

describe('parseAdapterConfigString', () => {
  it('splits names and arguments, with union parts separated by "|"', () => {
    expect(parseAdapterConfigString('seq_bn[reduction_factor=8,non_linearity=gelu]|lora')).toEqual([
      { name: 'seq_bn', arguments: { reduction_factor: 8, non_linearity: 'gelu' } },
      { name: 'lora', arguments: {} },
    ]);
    expect(parseAdapterConfigString(' prefix_tuning[bottleneck_size=800] | parallel ')).toEqual([
      { name: 'prefix_tuning', arguments: { bottleneck_size: 800 } },
      { name: 'parallel', arguments: {} },
    ]);
  });

  it('reads Python and JSON literals, quoted and bare strings, lists and dicts', () => {
    const [part] = parseAdapterConfigString(
      "x[a=1, b=-2.5, c=1e-3, d=True, e=false, f=None, g=null, h='q|[,]', i=\"dq\", j=bare, k=[0, 1,], l={'1': 4, 'default': 16}, m=(1, 2), n=[]]",
    );
    expect(part?.arguments).toEqual({
      a: 1,
      b: -2.5,
      c: 0.001,
      d: true,
      e: false,
      f: null,
      g: null,
      h: 'q|[,]',
      i: 'dq',
      j: 'bare',
      k: [0, 1],
      l: { '1': 4, default: 16 },
      m: [1, 2],
      n: [],
    });
  });

  it('rejects malformed strings, naming the config', () => {
    expectInvalidConfig(() => parseAdapterConfigString('seq_bn[reduction_factor=]'), 'config', /missing value/);
    expectInvalidConfig(() => parseAdapterConfigString('seq_bn[reduction_factor=8'), 'config', /unbalanced/);
    expectInvalidConfig(() => parseAdapterConfigString('seq_bn[8]'), 'config', /key=value/);
    expectInvalidConfig(() => parseAdapterConfigString('seq_bn|'), 'config', /bad adapter name/);
    expectInvalidConfig(() => parseAdapterConfigString("lora[dtype='float32]"), 'config', /unterminated quote/);
  });
});
