// mergeAdapter on decoders: GPT-2's fused c_attn LoRA (Conv1D, [in, out] weights) and Llama IA3, from the fixtures.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fixturesRoot, maxAbsDifference } from '@adapters/test-utils';
import { loadBackbone } from '@adapters/models';
import { ModelWithHeads } from './model-with-heads';

describe.each([
  ['gpt2-tiny-a', 'gpt2_lora'],
  ['llama-tiny-a', 'llama_ia3'],
  ['llama-tiny-a', 'llama_lora'],
])('mergeAdapter on %s (%s)', (backbone, fixtureCase) => {
  it('gives the unmerged outputs within 1e-5 and resetAdapter restores the weights', async () => {
    const { model: encoder } = await loadBackbone(path.join(fixturesRoot(), '_backbones', backbone));
    const model = new ModelWithHeads(encoder);
    const inputIds = tf.tensor2d([[5, 9, 17, 3, 22, 8]], [1, 6], 'int32');
    try {
      const name = await model.loadAdapter(path.join(fixturesRoot(), fixtureCase, 'adapters/a'), { withHead: false });
      const run = (setup: string | null): tf.Tensor => {
        const output = model.forward({ inputIds }, { adapterNames: setup === null ? null : [setup] });
        output.attentionMask.dispose();
        return output.lastHiddenState;
      };
      const base = run(null);
      const unmerged = run(name);
      model.mergeAdapter(name);
      const merged = run(name);
      model.resetAdapter();
      const reset = run(null);
      expect(maxAbsDifference(unmerged, base)).toBeGreaterThan(0.1);
      expect(maxAbsDifference(merged, unmerged)).toBeLessThan(1e-5);
      expect(maxAbsDifference(reset, base)).toBeLessThan(1e-5);
      tf.dispose([base, unmerged, merged, reset]);
    } finally {
      inputIds.dispose();
      model.dispose();
      encoder.dispose();
    }
  });
});
