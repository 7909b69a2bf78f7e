import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesRoot } from '@adapters/test-utils';
import { isNoDecayParameterName, weightDecayParameterNames } from './weight-decay-parameter-names';

interface TrainCase {
  readonly train: { readonly trainable_parameters: string[]; readonly weight_decay_parameters: string[] };
}

async function readTrainCase(name: string): Promise<TrainCase> {
  return JSON.parse(await readFile(join(fixturesRoot(), name, 'case.json'), 'utf8')) as TrainCase;
}

describe('weightDecayParameterNames', () => {
  it.each(['train_trace', 'train_trace_ln'])('reproduces the decay group spelled out in the %s fixture', async (name) => {
    const { train } = await readTrainCase(name);
    // The fixture lists the group in PyTorch's parameter-group order; membership is what matters.
    expect(weightDecayParameterNames(train.trainable_parameters).sort()).toEqual([...train.weight_decay_parameters].sort());
  });

  it('excludes biases and norms, keeps scaling and gate weights, and accepts [name, variable] pairs', () => {
    expect(isNoDecayParameterName('bert.embeddings.LayerNorm.weight')).toBe(true);
    expect(isNoDecayParameterName('model.norm.weight')).toBe(true);
    expect(isNoDecayParameterName('norm')).toBe(true);
    expect(isNoDecayParameterName('layers.0.input_norm.weight')).toBe(true);
    expect(isNoDecayParameterName('llama.RMSNorm.weight')).toBe(true);
    // AdapterHub's LayerNorms, which HF excludes by module type.
    expect(isNoDecayParameterName('adapters.a.adapter_norm_before.weight')).toBe(true);
    expect(isNoDecayParameterName('adapters.a.adapter_norm_after.bias')).toBe(true);
    expect(isNoDecayParameterName('adapters.a.normalizer.weight')).toBe(false);
    expect(isNoDecayParameterName('adapters.a.abnorm.weight')).toBe(false);
    expect(weightDecayParameterNames([['adapters.a.scaling', 0], ['adapters.a.gate.weight', 0], ['adapters.a.gate.bias', 0]])).toEqual([
      'adapters.a.scaling',
      'adapters.a.gate.weight',
    ]);
  });

  it('excludes AdapterFusion value matrices (as the library intends), not its query and key', () => {
    const fusion = 'bert.encoder.layer.0.output.adapter_fusion_layer.sst2,mrpc,cola';
    expect(isNoDecayParameterName(`${fusion}.value.weight`)).toBe(true);
    expect(isNoDecayParameterName(`${fusion}.query.weight`)).toBe(false);
    expect(isNoDecayParameterName(`${fusion}.key.weight`)).toBe(false);
    expect(isNoDecayParameterName('heads.value.weight')).toBe(false);
  });

  it('lets callers mark LayerNorm modules that names alone do not reveal', () => {
    const names = ['heads.mlm.0.weight', 'heads.mlm.2.weight', 'heads.mlm.2.bias'];
    expect(weightDecayParameterNames(names, { isLayerNormParameter: (name) => name.startsWith('heads.mlm.2.') })).toEqual(['heads.mlm.0.weight']);
  });
});
