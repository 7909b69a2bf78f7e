// Every adapter method and composition block the library offers runs on GPT-2 and Llama through the hook points.
// Fixture cases pin the numbers of seq_bn, LoRA, IA3 and prefix tuning; this checks that the rest runs, changes the
// output, and that zero-initialised bottlenecks (HF init: zero up-projection for parallel ones) start as identities.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Average, Fuse, Parallel, Stack, type AdapterSetup } from '@adapters/core';
import { fixturesRoot, maxAbsDifference } from '@adapters/test-utils';
import { loadBackbone } from '@adapters/models';
import { ModelWithHeads } from './model-with-heads';

async function withDecoder(backbone: string, body: (model: ModelWithHeads, inputIds: tf.Tensor2D, mask: tf.Tensor2D) => void | Promise<void>): Promise<void> {
  const { model: encoder } = await loadBackbone(path.join(fixturesRoot(), '_backbones', backbone));
  const model = new ModelWithHeads(encoder);
  const inputIds = tf.tensor2d([[5, 9, 17, 3, 22, 8], [7, 2, 11, 0, 0, 0]], [2, 6], 'int32');
  const mask = tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]], [2, 6], 'int32');
  try {
    await body(model, inputIds, mask);
  } finally {
    tf.dispose([inputIds, mask]);
    model.dispose();
    encoder.dispose();
  }
}

/** Makes every adapter weight non-zero so the method really changes the output. */
function randomize(model: ModelWithHeads, name: string, seed: number): void {
  for (const [, variable] of model.adapterEntry(name).namedParameters()) {
    tf.tidy(() => variable.assign(tf.add(variable, tf.randomNormal(variable.shape, 0, 0.3, 'float32', seed++))));
  }
}

function hidden(model: ModelWithHeads, inputIds: tf.Tensor2D, attentionMask: tf.Tensor2D, setup: AdapterSetup | null): tf.Tensor {
  model.setActiveAdapters(setup);
  const output = model.forward({ inputIds, attentionMask });
  output.attentionMask.dispose();
  return output.lastHiddenState;
}

describe.each(['gpt2-tiny-a', 'llama-tiny-a'])('adapter methods on %s', (backbone) => {
  it.each(['double_seq_bn', 'par_bn', 'seq_bn_inv', 'prompt_tuning', 'prefix_tuning_flat', 'ia3', 'lora'])('%s runs and changes the output', async (config) => {
    await withDecoder(backbone, (model, inputIds, mask) => {
      model.addAdapter('a', config);
      const base = hidden(model, inputIds, mask, null);
      if (config === 'par_bn') {
        // the library initialises the up-projection of parallel adapters to zero: an identity at first
        const fresh = hidden(model, inputIds, mask, 'a');
        expect(maxAbsDifference(fresh, base)).toBeLessThan(1e-5);
        fresh.dispose();
      }
      randomize(model, 'a', 3);
      const adapted = hidden(model, inputIds, mask, 'a');
      // prompt tuning prepends its prompt tokens
      const rows = config === 'prompt_tuning' ? tf.slice(adapted, [0, adapted.shape[1]! - 6, 0], [-1, 6, -1]) : adapted;
      expect(rows.shape).toEqual(base.shape);
      expect(maxAbsDifference(rows, base)).toBeGreaterThan(1e-3);
      expect(Number.isFinite(tf.tidy(() => tf.sum(adapted).dataSync()[0] as number))).toBe(true);
      tf.dispose([base, adapted, rows]);
    });
  });

  it('composes bottlenecks: Stack, Parallel (batch replicated), Average and Fuse', async () => {
    await withDecoder(backbone, (model, inputIds, mask) => {
      model.addAdapter('a', 'seq_bn');
      model.addAdapter('b', 'double_seq_bn');
      randomize(model, 'a', 10);
      randomize(model, 'b', 20);
      model.addAdapterFusion(Fuse('a', 'b'));
      const single = hidden(model, inputIds, mask, 'a');
      const stacked = hidden(model, inputIds, mask, Stack('a', 'b'));
      const parallel = hidden(model, inputIds, mask, Parallel('a', 'b'));
      const average = hidden(model, inputIds, mask, Average('a', 'b'));
      const fused = hidden(model, inputIds, mask, Fuse('a', 'b'));
      expect(parallel.shape[0]).toBe(4);
      // Parallel branch 0 is adapter a alone
      const branch = tf.slice(parallel, [0, 0, 0], [2, -1, -1]);
      expect(maxAbsDifference(branch, single)).toBeLessThan(1e-5);
      for (const other of [stacked, average, fused]) expect(maxAbsDifference(other, single)).toBeGreaterThan(1e-3);
      tf.dispose([single, stacked, parallel, average, fused, branch]);
    });
  });
});
