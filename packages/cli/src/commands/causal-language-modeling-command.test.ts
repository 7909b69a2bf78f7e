// adapters clm + adapters generate on stories260K (a real llama2.c Llama) with a slice of Tiny Shakespeare.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from '@adapters/core';
import { AutoModelWithHeads } from '@adapters/auto';
import { dataRoot, REPO_ROOT } from '@adapters/test-utils';
import { capturePrint, removeTemporaryFolders, temporaryFolder } from '../testing/tiny-model-folder';
import { useWasmBackend } from '../testing/use-wasm-backend';
import { runCausalLanguageModeling } from './causal-language-modeling-command';
import { runGenerate } from './generate-command';
import { runCli } from './run-cli';

useWasmBackend();

const stories = path.join(dataRoot(), 'models/stories260K-hf');
const expected = JSON.parse(readFileSync(path.join(stories, 'expected_greedy_ids.json'), 'utf8')) as { ids: number[]; text: string };
let root: string;
let textFile: string;

beforeAll(async () => {
  root = await temporaryFolder();
  textFile = path.join(root, 'shakespeare.txt');
  await writeFile(textFile, (await readFile(path.join(dataRoot(), 'text/tinyshakespeare/input.txt'), 'utf8')).slice(0, 40_000));
});

afterAll(removeTemporaryFolders);

describe('adapters generate', () => {
  it('greedy from BOS prints exactly the text of llama2.c (expected_greedy_ids.json)', async () => {
    const capture = capturePrint();
    const code = await runCli(['generate', '--model_name_or_path', stories, '--max_new_tokens', '256'], { print: capture.print });
    expect(code).toBe(0);
    expect(`${capture.lines.join('\n')}\n`).toBe(expected.text);
  });

  it('refuses bad sampling flags with a typed error (exit code 2)', async () => {
    const errors: string[] = [];
    const code = await runCli(['generate', '--model_name_or_path', stories, '--do_sample', '--top_p', '0'], { print: () => {}, printError: (line) => errors.push(line) });
    expect(code).toBe(2);
    expect(errors[0]).toMatch(/top_p/);
  });
});

describe.each([
  ['seq_bn', 'model.layers.0.output_adapters.adapters.clm.adapter_down.0.weight'],
  ['prefix_tuning', 'model.prefix_tuning.prefix_tunings.clm.self_prefix.control_trans.2.weight'],
  ['ia3', 'model.layers.0.mlp.down_proj.loras.clm.lora_B'],
])('adapters clm --adapter_config %s', (config, key) => {
  it('trains on the frozen model, lowers held-out perplexity and saves the adapter', async () => {
    const outputDir = path.join(root, `clm-${config}`);
    const result = await runCausalLanguageModeling(
      [
        '--model_name_or_path', stories, '--train_data_file', textFile, '--block_size', '64', '--validation_split_percentage', '10',
        '--train_adapter', '--adapter_config', config, '--do_train', '--do_eval', '--learning_rate', '1e-2', '--max_steps', '12',
        '--per_device_train_batch_size', '8', '--output_dir', outputDir, '--disable_tqdm', '--seed', '1',
      ],
      { print: () => {} },
    );
    const before = result?.initialMetrics?.eval_perplexity as number;
    const after = result?.metrics?.eval_perplexity as number;
    console.log(`${config}: held-out perplexity ${before.toFixed(2)} -> ${after.toFixed(2)}`);
    expect(after).toBeLessThan(before);
    const keys = (await readSafetensorsHeader(path.join(outputDir, 'clm/adapter.safetensors'))).entries.map((entry) => entry.name);
    expect(keys).toContain(key);
  });
});

describe('adapters clm --train_adapter --adapter_config lora on stories260K', () => {
  let adapterDir: string;
  const prompt = 'ROMEO:';

  it('lowers held-out perplexity and saves the LoRA in the AdapterHub layout', async () => {
    const outputDir = path.join(root, 'clm-lora');
    const capture = capturePrint();
    const result = await runCausalLanguageModeling(
      [
        '--model_name_or_path', stories, '--train_data_file', textFile, '--block_size', '64', '--validation_split_percentage', '10',
        '--train_adapter', '--adapter_config', 'lora', '--do_train', '--do_eval', '--learning_rate', '1e-2', '--max_steps', '40',
        '--per_device_train_batch_size', '8', '--output_dir', outputDir, '--disable_tqdm', '--seed', '1',
      ],
      { print: capture.print },
    );
    const before = result?.initialMetrics?.eval_perplexity as number;
    const after = result?.metrics?.eval_perplexity as number;
    console.log(`held-out perplexity ${before.toFixed(2)} -> ${after.toFixed(2)}`);
    expect(after).toBeLessThan(before * 0.9);
    adapterDir = result?.adapterDir as string;
    expect(adapterDir).toBe(path.join(outputDir, 'clm'));
    const config = JSON.parse(await readFile(path.join(adapterDir, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ name: 'clm', model_type: 'llama', model_class: 'LlamaAdapterModel', config: { architecture: 'lora', attn_matrices: ['q', 'v'] } });
    const keys = (await readSafetensorsHeader(path.join(adapterDir, 'adapter.safetensors'))).entries.map((entry) => entry.name);
    expect(keys).toContain('model.layers.0.self_attn.q_proj.loras.clm.lora_A');
    expect(keys).toContain('model.layers.4.self_attn.v_proj.loras.clm.lora_B');
    expect(keys).toHaveLength(5 * 2 * 2);
    // HF run records, as every training command writes them
    expect(capture.text()).toContain('***** Running training *****');
    const trainingArgs = JSON.parse(await readFile(path.join(outputDir, 'training_args.json'), 'utf8')) as Record<string, unknown>;
    expect(trainingArgs).toMatchObject({ learning_rate: 0.01, block_size: 64, max_steps: 40 });
    const trainResults = JSON.parse(await readFile(path.join(outputDir, 'train_results.json'), 'utf8')) as Record<string, unknown>;
    expect(trainResults.train_samples).toBeGreaterThan(0);
  });

  it('reloads in a fresh process with identical generations, which differ from the base model', async () => {
    const flags = ['generate', '--model_name_or_path', stories, '--load_adapter', adapterDir, '--prompt', prompt, '--max_new_tokens', '40'];
    const here = await runGenerate(flags.slice(1), { print: () => {} });
    // a new Node process running the built bin (CI builds before testing)
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'packages/cli/dist/cli.js'), ...flags, '--backend', 'wasm']);
    expect(stdout).toBe(`${here?.text}\n`);
    const base = await runGenerate(flags.slice(1).filter((_, index, all) => all[index] !== '--load_adapter' && all[index - 1] !== '--load_adapter'), { print: () => {} });
    expect(base?.text).not.toBe(here?.text);
  });

  it('mergeAdapter gives the same logits (within 1e-5 of the logit scale; float32), and resetAdapter restores the base weights', async () => {
    const model = await AutoModelWithHeads.fromPretrained(stories);
    try {
      const name = await model.loadAdapter(adapterDir, { withHead: false });
      model.setActiveAdapters(name);
      const ids = model.tokenizer!.encode('First Citizen: Before we proceed any further, hear me speak.').inputIds;
      const inputs = { inputIds: tf.tensor2d([[...ids]], undefined, 'int32') };
      const logits = (): tf.Tensor => {
        const output = model.forward(inputs);
        tf.dispose([output.lastHiddenState, output.attentionMask]);
        return output.logits as tf.Tensor;
      };
      const unmerged = logits();
      model.mergeAdapter(name);
      const merged = logits();
      model.resetAdapter();
      model.setActiveAdapters(null);
      const base = logits();
      model.setActiveAdapters(name);
      const again = logits();
      const difference = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
      const scale = tf.tidy(() => tf.max(tf.abs(unmerged)).dataSync()[0] as number);
      console.log(`merge: max |logit| ${scale.toFixed(3)}, max |merged - unmerged| ${difference(unmerged, merged).toExponential(3)}, after reset ${difference(unmerged, again).toExponential(3)}`);
      // float32: 1e-5 relative to the logits' size (|logit| up to ~20 here, where one float32 ulp is 2e-6)
      expect(difference(unmerged, merged)).toBeLessThan(1e-5 * Math.max(1, scale));
      expect(difference(unmerged, again)).toBeLessThan(1e-5 * Math.max(1, scale));
      expect(difference(unmerged, base)).toBeGreaterThan(1e-2);
      tf.dispose([unmerged, merged, base, again, inputs.inputIds]);
    } finally {
      model.dispose();
      model.encoder.dispose();
    }
  });
});
