// Generation on stories260K (a real llama2.c Llama, converted to an HF folder) against llama2.c's own greedy run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError } from '@adapters/core';
import { dataRoot, fixturesRoot } from '@adapters/test-utils';
import { loadBackbone } from '@adapters/models';
import { AutoModelWithHeads } from '../auto-model-with-heads';
import { ModelWithHeads } from '../model-with-heads';
import { generate } from './generate';

const folder = path.join(dataRoot(), 'models/stories260K-hf');
const expected = JSON.parse(readFileSync(path.join(folder, 'expected_greedy_ids.json'), 'utf8')) as { ids: number[]; text: string };

describe('generate on stories260K', () => {
  let model: ModelWithHeads;
  beforeAll(async () => {
    model = await AutoModelWithHeads.fromPretrained(folder);
  });
  afterAll(() => {
    model.dispose();
    model.encoder.dispose();
  });

  it('converts LlamaForCausalLM into a causal_lm head tied to embed_tokens (tie_word_embeddings)', () => {
    expect(model.encoder.modelType).toBe('llama');
    expect(model.getHead('default').headType).toBe('causal_lm');
    expect(model.getHead('default').tiedParameterNames()).toEqual(['0.weight']);
  });

  it('greedy decoding from BOS reproduces the 256 tokens of llama2.c, and their text', async () => {
    const { sequences } = await generate(model, [[1]], { maxNewTokens: 256 });
    expect(sequences[0]).toEqual(expected.ids);
    expect(`${model.tokenizer!.decode(sequences[0]!)}\n`).toBe(expected.text);
  });

  it('the key/value cache gives the same ids as recomputing the full sequence every step', async () => {
    const prompt = model.tokenizer!.encode('The little dog').inputIds;
    const cached = await generate(model, [prompt], { maxNewTokens: 48, useCache: true });
    const recomputed = await generate(model, [prompt], { maxNewTokens: 48, useCache: false });
    expect(cached.generated[0]).toHaveLength(48);
    expect(cached.sequences).toEqual(recomputed.sequences);
  });

  it('caches prefix-tuning prefixes: with an active prefix adapter the cached and full runs agree, and differ from the base run', async () => {
    model.addAdapter('prefix', { architecture: 'prefix_tuning', prefix_length: 5, bottleneck_size: 16, init_weights_seed: null });
    try {
      // large prefix values (the default init is too small to change the greedy tokens)
      for (const [name, variable] of model.adapterEntry('prefix').namedParameters()) {
        if (name.endsWith('control_trans.2.bias')) tf.tidy(() => variable.assign(tf.randomNormal(variable.shape, 0, 3, 'float32', 11)));
      }
      model.setActiveAdapters('prefix');
      const cached = await generate(model, [[1]], { maxNewTokens: 24 });
      const recomputed = await generate(model, [[1]], { maxNewTokens: 24, useCache: false });
      expect(cached.sequences).toEqual(recomputed.sequences);
      expect(cached.sequences[0]).not.toEqual(expected.ids.slice(0, 25));
    } finally {
      model.deleteAdapter('prefix');
    }
  });

  it('prompt tuning changes the sequence length: refused with the cache, runs without it', async () => {
    model.addAdapter('prompt', 'prompt_tuning');
    try {
      model.setActiveAdapters('prompt');
      await expect(generate(model, [[1]], { maxNewTokens: 3 })).rejects.toThrow(/prompt tuning/);
      expect((await generate(model, [[1]], { maxNewTokens: 3, useCache: false })).generated[0]).toHaveLength(3);
    } finally {
      model.deleteAdapter('prompt');
    }
  });

  it('a left-padded batch generates for every row what the row generates alone', async () => {
    const prompts = [[1], model.tokenizer!.encode('Tom had a red').inputIds, model.tokenizer!.encode('She').inputIds];
    const batched = await generate(model, prompts, { maxNewTokens: 16 });
    for (const [row, prompt] of prompts.entries()) {
      const alone = await generate(model, [prompt], { maxNewTokens: 16 });
      expect(batched.sequences[row]).toEqual(alone.sequences[0]);
    }
    // and without the cache
    const full = await generate(model, prompts, { maxNewTokens: 16, useCache: false });
    expect(full.sequences).toEqual(batched.sequences);
  });

  it('seeded sampling is reproducible; top_k 1 is greedy; other seeds and high temperature change the text', async () => {
    const options = { maxNewTokens: 32, doSample: true, temperature: 1.5, topP: 0.95, seed: 7 };
    const first = await generate(model, [[1]], options);
    const again = await generate(model, [[1]], options);
    expect(again.sequences).toEqual(first.sequences);
    const other = await generate(model, [[1]], { ...options, seed: 8 });
    expect(other.sequences).not.toEqual(first.sequences);
    expect(first.sequences[0]).not.toEqual(expected.ids.slice(0, 33));
    const topOne = await generate(model, [[1]], { maxNewTokens: 32, doSample: true, topK: 1, seed: 3 });
    expect(topOne.sequences[0]).toEqual(expected.ids.slice(0, 33));
  });

  it('stops a row at EOS and pads finished rows; max_new_tokens 0 returns the prompt', async () => {
    const stopAt = expected.ids[3] as number;
    const result = await generate(model, [[1], [1, 403]], { maxNewTokens: 10, eosTokenIds: [stopAt] });
    expect(result.generated[0]).toEqual(expected.ids.slice(1, 4));
    expect(result.generated[1]).toEqual(expected.ids.slice(2, 4));
    expect((await generate(model, [[1, 403]], { maxNewTokens: 0 })).sequences).toEqual([[1, 403]]);
  });

  it('rejects bad options with typed errors', async () => {
    await expect(generate(model, [[1]], { doSample: true, temperature: 0 })).rejects.toThrow(InvalidConfigError);
    await expect(generate(model, [[1]], { topP: 1.5, doSample: true })).rejects.toThrow(/top_p/);
    await expect(generate(model, [[]])).rejects.toThrow(/prompts/);
    await expect(generate(model, [[100000]])).rejects.toThrow(/token ids/);
  });
});

describe('generate on GPT-2 (gpt2-tiny-a with the fixture causal_lm head, tied to wte)', () => {
  it('cached and recomputed greedy runs agree, for a left-padded batch too', async () => {
    const { model: encoder } = await loadBackbone(path.join(fixturesRoot(), '_backbones/gpt2-tiny-a'));
    const model = new ModelWithHeads(encoder);
    try {
      await model.loadHead(path.join(fixturesRoot(), 'gpt2_head_causal_lm/heads/lm'));
      const prompts = [[5, 9, 17], [3]];
      const cached = await generate(model, prompts, { maxNewTokens: 12, eosTokenIds: [] });
      const recomputed = await generate(model, prompts, { maxNewTokens: 12, eosTokenIds: [], useCache: false });
      expect(cached.sequences).toEqual(recomputed.sequences);
      expect((await generate(model, [[3]], { maxNewTokens: 12, eosTokenIds: [] })).sequences[0]).toEqual(cached.sequences[1]);
      // n_positions is 32: the cache refuses to grow past it
      await expect(generate(model, [[3]], { maxNewTokens: 40, eosTokenIds: [] })).rejects.toThrow(/n_positions/);
    } finally {
      model.dispose();
      encoder.dispose();
    }
  });
});
