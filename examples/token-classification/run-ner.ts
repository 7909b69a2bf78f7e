// The seed-style run_ner.py in TypeScript (`adapters ner`), same flags. For example:
//   npx tsx examples/token-classification/run-ner.ts --model_name_or_path models/bert-tiny-mlm \
//     --train_file ../shared/data/conll2003/eng.train --validation_file ../shared/data/conll2003/eng.testa \
//     --do_train --do_eval --train_adapter --adapter_config pfeiffer --max_seq_length 128 --per_device_train_batch_size 32 \
//     --learning_rate 2e-3 --max_steps 400 --output_dir runs/ner --overwrite_output_dir
// (`npm run build` first: tsx resolves @adapters/* to the built packages.)
import { AdaptersError } from '@adapters/core';
import { NER_COMMAND, formatHelp, parseCommandLine, runNer } from '@adapters/cli';

try {
  const { help, flags } = parseCommandLine(NER_COMMAND, process.argv.slice(2));
  if (help) console.log(formatHelp(NER_COMMAND));
  // Adds the adapter and head named --task_name, trains, evaluates on dev, saves to <output_dir>/<task_name>.
  else await runNer(flags);
} catch (error) {
  if (!AdaptersError.isInstance(error)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}
