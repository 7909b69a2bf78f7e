// dispose() frees everything the model owns: after fromPretrained, adapters of every method, a fusion, heads of
// every kind, loaded adapter folders, a forward and a generation, tf.memory() is back where it started.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dataRoot, fixturesRoot } from '@adapters/test-utils';
import { AutoModelWithHeads } from './auto-model-with-heads';
import { generate } from './generation/generate';
import type { ModelWithHeads } from './model-with-heads';

// Compacter's bottleneck must split into phm_dim (4) blocks: hidden 32 / 8.
const METHODS = ['seq_bn', 'double_seq_bn', 'par_bn', 'seq_bn_inv', 'compacter[reduction_factor=8]', 'lora', 'ia3', 'prefix_tuning', 'prompt_tuning'];

const fixture = (...parts: string[]): string => path.join(fixturesRoot(), ...parts);

const inputs = (): { inputIds: tf.Tensor2D; attentionMask: tf.Tensor2D } => ({
  inputIds: tf.tensor2d([[2, 9, 17, 3, 22, 3], [2, 11, 3, 0, 0, 0]], [2, 6], 'int32'),
  attentionMask: tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]], [2, 6], 'int32'),
});

/** One forward through every adapter (Stack) and the given head, training mode with labels: every tensor freed. */
function forwardOnce(model: ModelWithHeads, head: string, labels: tf.Tensor): void {
  const batch = inputs();
  const output = model.forward(batch, { head, labels: { labels }, training: true });
  tf.dispose([batch.inputIds, batch.attentionMask, labels, ...Object.values(output).flat().filter((value): value is tf.Tensor => value instanceof tf.Tensor)]);
}

async function dressAndDispose(folder: string, decoder: boolean, adapterFolder: string | null): Promise<{ added: number; left: number }> {
  const baseline = tf.memory().numTensors;
  const model = await AutoModelWithHeads.fromPretrained(folder);
  for (const method of METHODS) model.addAdapter(method, method);
  model.addAdapter('fused_a', 'seq_bn');
  model.addAdapter('fused_b', 'seq_bn');
  model.addAdapterFusion(['fused_a', 'fused_b']);
  model.addClassificationHead('classify', { numLabels: 3 });
  model.addTaggingHead('tag', { numLabels: 4 });
  model.addQaHead('qa');
  if (decoder) model.addCausalLmHead('lm');
  else model.addMaskedLmHead('mlm');
  if (adapterFolder !== null) await model.loadAdapter(adapterFolder, { loadAs: 'loaded' });
  model.setActiveAdapters('seq_bn');
  forwardOnce(model, 'classify', tf.tensor1d([0, 2], 'int32'));
  if (decoder) {
    model.setActiveAdapters('prefix_tuning');
    await generate(model, [[2, 9], [2]], { maxNewTokens: 3, head: 'lm' });
  }
  const added = tf.memory().numTensors - baseline;
  model.dispose();
  return { added, left: tf.memory().numTensors - baseline };
}

// AutoAdapterModel is AutoModelWithHeads (the same object), so this covers both names.
describe('dispose() after fromPretrained, adapters of every method, a fusion, heads and a loaded adapter', () => {
  it.each([
    ['bert-tiny-mlm (data/models, with its MLM head and tokenizer)', path.join(dataRoot(), 'models', 'bert-tiny-mlm'), false, null],
    ['bert-tiny-a, + the lora case\'s adapter', fixture('_backbones', 'bert-tiny-a'), false, fixture('lora', 'adapters', 'a')],
    ['gpt2-tiny-a (decoder), + the gpt2_lora case\'s adapter', fixture('_backbones', 'gpt2-tiny-a'), true, fixture('gpt2_lora', 'adapters', 'a')],
    ['llama-tiny-a (decoder), + the llama_lora case\'s adapter', fixture('_backbones', 'llama-tiny-a'), true, fixture('llama_lora', 'adapters', 'a')],
  ] as const)('%s: tf.memory().numTensors is back to the baseline', async (_name, folder, decoder, adapterFolder) => {
    const { added, left } = await dressAndDispose(folder, decoder, adapterFolder);
    expect(added).toBeGreaterThan(0);
    expect(left).toBe(0);
  });
});
