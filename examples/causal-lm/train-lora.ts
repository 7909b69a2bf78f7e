// A LoRA on stories260K (Karpathy's llama2.c TinyStories Llama, as an HF folder) trained on Tiny Shakespeare with
// `adapters clm`, then greedy generation from the same prompt before and after:
//   npx tsx examples/causal-lm/train-lora.ts [max_steps] [output_dir]
import path from 'node:path';
import { initBackend } from '@adapters/core';
import { AutoModelWithHeads, generate, type ModelWithHeads } from '@adapters/auto';
import { runCausalLanguageModeling } from '@adapters/cli';

const data = path.resolve(process.env.ADAPTERS_DATA ?? '../shared/data');
const modelFolder = path.join(data, 'models/stories260K-hf');
const maxSteps = process.argv[2] ?? '200';
const outputDir = process.argv[3] ?? 'runs/causal-lm-lora';
const prompt = 'ROMEO:';

async function continuation(model: ModelWithHeads): Promise<string> {
  const ids = model.tokenizer!.encode(prompt).inputIds;
  const { sequences } = await generate(model, [ids], { maxNewTokens: 60 });
  return model.tokenizer!.decode(sequences[0]!);
}

await initBackend();
const model = await AutoModelWithHeads.fromPretrained(modelFolder);
try {
  console.log(`before:\n${await continuation(model)}\n`);
  const result = await runCausalLanguageModeling([
    '--model_name_or_path', modelFolder, '--train_data_file', path.join(data, 'text/tinyshakespeare/input.txt'),
    '--train_adapter', '--adapter_config', 'lora', '--adapter_name', 'shakespeare', '--block_size', '128',
    '--do_train', '--do_eval', '--learning_rate', '5e-3', '--max_steps', maxSteps, '--per_device_train_batch_size', '8',
    '--per_device_eval_batch_size', '32', '--output_dir', outputDir, '--overwrite_output_dir', '--disable_tqdm',
  ]);
  console.log(`held-out perplexity: ${result?.initialMetrics?.eval_perplexity?.toFixed(2)} -> ${result?.metrics?.eval_perplexity?.toFixed(2)}`);
  const name = await model.loadAdapter(result!.adapterDir!, { withHead: false });
  model.setActiveAdapters(name);
  console.log(`\nafter:\n${await continuation(model)}`);
} finally {
  model.dispose();
  model.encoder.dispose();
}
