#!/usr/bin/env node
// The offline quickstart: train a Pfeiffer task adapter on SST-2 with the bundled pretrained BERT
// (models/bert-tiny-mlm) and the bundled data (data/glue/SST-2), print the dev accuracy and where the adapter
// went, then classify two sentences with it, the way `adapters glue` and `adapters predict` do.
// Runs on the built packages (`npm run quickstart` builds first). Extra flags override the recipe, e.g.
// `npm run quickstart -- --num_train_epochs 3` for the reproduction recipe of models/bert-tiny-mlm/SOURCES.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdaptersError } from '@adapters/core';
import { runCli, runGlue } from '@adapters/cli';

const started = performance.now();
process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..'));
const quote = (arg) => (/^[\w./=,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

// Sized for about 4 minutes of training on 2 CPU cores (wasm): one epoch over the 20,000 bundled examples,
// batches of similar length padded to their longest row, and a learning rate 3x the reference recipe's
// (1e-3 for 3 epochs) since there is one epoch only.
const recipe = [
  '--model_name_or_path', 'models/bert-tiny-mlm',
  '--task_name', 'sst-2',
  '--data_dir', 'data/glue/SST-2',
  '--do_train', '--do_eval',
  '--max_seq_length', '64',
  '--per_device_train_batch_size', '32',
  '--per_device_eval_batch_size', '64',
  '--learning_rate', '3e-3',
  '--num_train_epochs', '1',
  '--group_by_length',
  '--logging_steps', '100',
  '--train_adapter', '--adapter_config', 'pfeiffer',
  '--output_dir', '.cache/quickstart-sst-2', '--overwrite_output_dir',
  ...process.argv.slice(2),
];
console.log(`\n$ adapters glue ${recipe.map(quote).join(' ')}`);
let result;
try {
  result = await runGlue(recipe);
} catch (error) {
  if (!AdaptersError.isInstance(error)) throw error;
  console.error(`error: ${error.message}`);
  process.exit(2);
}
if (result === null) process.exit(0); // --help

const accuracy = result.metrics?.eval_accuracy;
console.log(`\nSST-2 dev accuracy: ${accuracy === undefined ? 'not evaluated' : `${(100 * accuracy).toFixed(1)}% (${result.evalSamples} sentences)`}`);
console.log(`task adapter 'sst-2' + head saved to ${result.adapterDir}`);

const predict = [
  'predict',
  '--model_name_or_path', 'models/bert-tiny-mlm',
  '--load_adapter', result.adapterDir,
  'a gorgeous, witty, seductive movie.',
  'the plot is nothing but boilerplate clichés from start to finish.',
];
console.log(`\n$ adapters ${predict.map(quote).join(' ')}`);
process.exitCode = await runCli(predict);
console.log(`\nquickstart done in ${((performance.now() - started) / 1000).toFixed(0)} s (after the build)`);
