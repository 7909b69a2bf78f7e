// HF PEFT folders, built here by hand from PEFT's documented layout (adapter_config.json with peft_type, keys
// `base_model.model.<module>.lora_A.weight`, `y = W x + (lora_alpha / r) * B A x`), load into the library's LoRA
// and reproduce the fixture outputs of the same LoRA; and our PEFT folders follow that layout.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileFormatError, dumpPythonJson, parseSafetensors, readSafetensorsHeader, writeSafetensors, type TensorData } from '@adapters/core';
import { loadEncoder, type BertModel } from '@adapters/models';
import { fixturesRoot, tinyBert } from '@adapters/test-utils';
import { AdapterModel } from '../model/adapter-model';

let backbone: BertModel;
let scratch: string;

beforeAll(async () => {
  ({ model: backbone } = await loadEncoder(path.join(fixturesRoot(), '_backbones/bert-tiny-a')));
  scratch = await mkdtemp(path.join(os.tmpdir(), 'adapters-peft-'));
});

afterAll(async () => {
  backbone.dispose();
  await rm(scratch, { recursive: true, force: true });
});

function fixtureTensors(relative: string): Map<string, TensorData> {
  return parseSafetensors(readFileSync(path.join(fixturesRoot(), relative))).tensors;
}

/** The `lora` case's adapter (q, v; r 8, alpha 16) written as PEFT would write it for a task model (`bert.` keys). */
async function peftFolderFromLoraCase(name: string, options: { stripBertPrefix?: boolean; config?: Record<string, unknown> } = {}): Promise<string> {
  const folder = path.join(scratch, name);
  await mkdir(folder, { recursive: true });
  const tensors = new Map<string, TensorData>();
  for (const [key, value] of fixtureTensors('lora/adapters/a/adapter.safetensors')) {
    const module = key.replace(/\.loras\.a\.lora_([AB])$/, '');
    const matrix = /lora_([AB])$/.exec(key)![1];
    const modulePath = options.stripBertPrefix === true ? module.replace(/^bert\./, '') : module;
    tensors.set(`base_model.model.${modulePath}.lora_${matrix}.weight`, value);
  }
  await writeSafetensors(path.join(folder, 'adapter_model.safetensors'), tensors, { format: 'pt' });
  const json = { peft_type: 'LORA', r: 8, lora_alpha: 16, lora_dropout: 0.0, target_modules: ['query', 'value'], bias: 'none', task_type: 'SEQ_CLS', use_dora: false, use_rslora: false, rank_pattern: {}, alpha_pattern: {}, modules_to_save: null, ...options.config };
  await writeFile(path.join(folder, 'adapter_config.json'), JSON.stringify(json, null, 2));
  return folder;
}

/** last_hidden_state of the fixture batch with `name` active, against the `lora` case's expected output. */
function maxDifferenceFromLoraCase(model: AdapterModel<Parameters<BertModel['forward']>[0], ReturnType<BertModel['forward']>>, name: string): number {
  const batch = JSON.parse(readFileSync(path.join(fixturesRoot(), '_inputs/bert-a-batch.json'), 'utf8')) as { input_ids: number[][]; token_type_ids: number[][]; attention_mask: number[][] };
  const expected = fixtureTensors('lora/expected.safetensors').get('last_hidden_state')!;
  model.setActiveAdapters(name);
  return tf.tidy(() => {
    const output = model.forward({
      inputIds: tf.tensor2d(batch.input_ids, undefined, 'int32'),
      tokenTypeIds: tf.tensor2d(batch.token_type_ids, undefined, 'int32'),
      attentionMask: tf.tensor2d(batch.attention_mask, undefined, 'int32'),
    });
    return tf.max(tf.abs(tf.sub(output.lastHiddenState, tf.tensor(expected.values, [...expected.shape])))).dataSync()[0]!;
  });
}

describe('PEFT LoRA folders', () => {
  it('loadAdapter recognises a PEFT folder and reproduces the same LoRA (bert. keys and bare BertModel keys)', async () => {
    const model = new AdapterModel(backbone);
    try {
      expect(await model.loadAdapter(await peftFolderFromLoraCase('task-model'), { loadAs: 'p' })).toBe('p');
      expect(model.adapterEntry('p').config).toMatchObject({ architecture: 'lora', r: 8, alpha: 16, attnMatrices: ['q', 'v'], compositionMode: 'add' });
      expect(maxDifferenceFromLoraCase(model, 'p')).toBeLessThan(1e-5);
      await model.loadAdapter(await peftFolderFromLoraCase('base-model', { stripBertPrefix: true }), { loadAs: 'bare' });
      expect(maxDifferenceFromLoraCase(model, 'bare')).toBeLessThan(1e-5);
    } finally {
      model.dispose();
    }
  });

  it('saves a LoRA as a PEFT folder that loads back', async () => {
    const model = new AdapterModel(backbone);
    const output = path.join(scratch, 'saved-peft');
    try {
      await model.loadAdapter(path.join(fixturesRoot(), 'lora/adapters/a'));
      await model.saveAdapter(output, 'a', { format: 'peft' });
      const json = JSON.parse(await readFile(path.join(output, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
      expect(json).toMatchObject({ peft_type: 'LORA', r: 8, lora_alpha: 16, target_modules: ['query', 'value'], bias: 'none', use_dora: false, use_rslora: false });
      const header = await readSafetensorsHeader(path.join(output, 'adapter_model.safetensors'));
      expect(header.metadata).toEqual({ format: 'pt' });
      expect(header.entries.map((entry) => entry.name)).toContain('base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight');
      expect(header.entries.map((entry) => entry.name)).toContain('base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight');
      await model.loadAdapter(output, { loadAs: 'back' });
      expect(maxDifferenceFromLoraCase(model, 'back')).toBeLessThan(1e-5);
    } finally {
      model.dispose();
    }
  });

  it('refuses PEFT options the library has no equivalent for, naming the field', async () => {
    const model = new AdapterModel(backbone);
    try {
      for (const [config, field] of [
        [{ use_dora: true }, 'use_dora'],
        [{ use_rslora: true }, 'use_rslora'],
        [{ modules_to_save: ['classifier'] }, 'modules_to_save'],
        [{ peft_type: 'PREFIX_TUNING' }, 'peft_type'],
      ] as const) {
        const folder = await peftFolderFromLoraCase(`refused-${field}`, { config });
        const error = await model.loadAdapter(folder, { loadAs: field }).catch((caught: unknown) => caught);
        expect(error, field).toBeInstanceOf(FileFormatError);
        expect((error as Error).message).toContain(`field '${field}'`);
      }
      expect(model.adapterNames()).toEqual([]);
    } finally {
      model.dispose();
    }
  });
});

describe('PEFT (IA)^3 folders', () => {
  async function ia3Folder(name: string, feedforward: boolean): Promise<string> {
    const folder = path.join(scratch, name);
    await mkdir(folder, { recursive: true });
    // (IA)^3 on key and value: one vector per output feature, PEFT shape [out, 1].
    const tensors = new Map<string, TensorData>();
    for (let layer = 0; layer < backbone.numLayers; layer += 1) {
      for (const [index, module] of ['key', 'value'].entries()) {
        const values = Float32Array.from({ length: backbone.hiddenSize }, (_, element) => 1 + 0.01 * (element + index));
        tensors.set(`base_model.model.bert.encoder.layer.${layer}.attention.self.${module}.ia3_l`, { dtype: 'float32', shape: [backbone.hiddenSize, 1], values });
      }
      if (feedforward) tensors.set(`base_model.model.bert.encoder.layer.${layer}.output.dense.ia3_l`, { dtype: 'float32', shape: [1, 4], values: new Float32Array(4).fill(1) });
    }
    await writeSafetensors(path.join(folder, 'adapter_model.safetensors'), tensors, { format: 'pt' });
    const json = { peft_type: 'IA3', target_modules: feedforward ? ['key', 'value', 'output.dense'] : ['key', 'value'], feedforward_modules: feedforward ? ['output.dense'] : [] };
    await writeFile(path.join(folder, 'adapter_config.json'), dumpPythonJson(json, { indent: 2 }));
    return folder;
  }

  it('loads key/value vectors as the library IA3 scales (lora_B)', async () => {
    const model = new AdapterModel(backbone);
    try {
      await model.loadAdapter(await ia3Folder('ia3', false), { loadAs: 'i' });
      expect(model.adapterEntry('i').config).toMatchObject({ compositionMode: 'scale', attnMatrices: ['k', 'v'], r: 1, alpha: 1, intermediateLora: false });
      const state = model.adapterEntry('i').stateDict();
      const scale = state.get('encoder.layer.1.attention.self.value.loras.i.lora_B')!;
      expect(scale.shape).toEqual([backbone.hiddenSize, 1]);
      expect(scale.dataSync()[3]).toBeCloseTo(1 + 0.01 * 4, 6);
    } finally {
      model.dispose();
    }
  });

  it('refuses feed-forward vectors (PEFT scales the input, the library the output)', async () => {
    const model = new AdapterModel(backbone);
    try {
      const error = await model.loadAdapter(await ia3Folder('ia3-ff', true), { loadAs: 'f' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FileFormatError);
      expect((error as Error).message).toContain('output.dense.ia3_l');
    } finally {
      model.dispose();
    }
  });
});

describe('PEFT LoRA on RoBERTa, all four sites, some layers', () => {
  it('gives the same outputs as the same weights in an AdapterHub folder', async () => {
    const roberta = tinyBert({ model_type: 'roberta', pad_token_id: 1, max_position_embeddings: 40, type_vocab_size: 1 });
    const model = new AdapterModel(roberta);
    const peftFolder = path.join(scratch, 'roberta-peft');
    const hubFolder = path.join(scratch, 'roberta-hub');
    await mkdir(peftFolder, { recursive: true });
    await mkdir(hubFolder, { recursive: true });
    try {
      const hidden = roberta.hiddenSize;
      const intermediate = 64;
      const r = 4;
      // module → [in, out]; layer 1 gets no LoRA (PEFT layers_to_transform [0], the library's leave_out [1]).
      const modules: ReadonlyArray<[string, number, number]> = [
        ['attention.self.query', hidden, hidden],
        ['attention.self.value', hidden, hidden],
        ['intermediate.dense', hidden, intermediate],
        ['output.dense', intermediate, hidden],
      ];
      const peft = new Map<string, TensorData>();
      const hub = new Map<string, TensorData>();
      let seed = 1;
      const random = (count: number): Float32Array => Float32Array.from({ length: count }, () => Math.sin(seed++ * 12.9898) * 0.2);
      for (const [module, inputs, outputs] of modules) {
        const a: TensorData = { dtype: 'float32', shape: [r, inputs], values: random(r * inputs) };
        const b: TensorData = { dtype: 'float32', shape: [outputs, r], values: random(outputs * r) };
        peft.set(`base_model.model.roberta.encoder.layer.0.${module}.lora_A.weight`, a);
        peft.set(`base_model.model.roberta.encoder.layer.0.${module}.lora_B.weight`, b);
        hub.set(`roberta.encoder.layer.0.${module}.loras.x.lora_A`, a);
        hub.set(`roberta.encoder.layer.0.${module}.loras.x.lora_B`, b);
      }
      await writeSafetensors(path.join(peftFolder, 'adapter_model.safetensors'), peft, { format: 'pt' });
      await writeFile(
        path.join(peftFolder, 'adapter_config.json'),
        JSON.stringify({ peft_type: 'LORA', r, lora_alpha: 8, target_modules: '.*\\.(?:attention\\.self\\.(?:query|value)|intermediate\\.dense|layer\\.\\d+\\.output\\.dense)', layers_to_transform: [0], bias: 'none' }),
      );
      await writeSafetensors(path.join(hubFolder, 'adapter.safetensors'), hub);
      const config = { architecture: 'lora', r, alpha: 8, attn_matrices: ['q', 'v'], selfattn_lora: true, intermediate_lora: true, output_lora: true, composition_mode: 'add', leave_out: [1] };
      await writeFile(path.join(hubFolder, 'adapter_config.json'), JSON.stringify({ config, hidden_size: hidden, model_type: 'roberta', name: 'x', version: 'adapters.1.2.0' }));
      await model.loadAdapter(peftFolder, { loadAs: 'p' });
      await model.loadAdapter(hubFolder, { loadAs: 'h' });
      expect(model.adapterEntry('p').config).toMatchObject({ leaveOut: [1], intermediateLora: true, outputLora: true, attnMatrices: ['q', 'v'] });
      const inputs = {
        inputIds: tf.tensor2d([[0, 17, 33, 9, 41, 2], [0, 8, 12, 2, 1, 1]], [2, 6], 'int32'),
        attentionMask: tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], [2, 6], 'int32'),
        positionIds: tf.tensor2d([[2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 1, 1]], [2, 6], 'int32'),
      };
      const hidden3 = (name: string | null): Float32Array =>
        tf.tidy(() => {
          model.setActiveAdapters(name);
          return model.forward(inputs).lastHiddenState.dataSync() as Float32Array;
        });
      const [fromPeft, fromHub, base] = [hidden3('p'), hidden3('h'), hidden3(null)];
      tf.dispose(Object.values(inputs));
      expect([...fromPeft]).toEqual([...fromHub]);
      expect(Math.max(...fromPeft.map((value, index) => Math.abs(value - base[index]!)))).toBeGreaterThan(1e-3);
    } finally {
      model.dispose();
      roberta.dispose();
    }
  });
});
