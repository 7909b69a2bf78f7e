// The seed-style run_swag.py in TypeScript (`adapters mc`), same flags. For example:
//   npx tsx examples/multiple-choice/run-multiple-choice.ts --model_name_or_path models/bert-tiny-mlm \
//     --train_file ../shared/data/multiple-choice/commonsenseqa-dev_rand_split.jsonl --dev_every 5 \
//     --do_train --do_eval --train_adapter --adapter_config pfeiffer --max_seq_length 128 --per_device_train_batch_size 16 \
//     --learning_rate 1e-3 --max_steps 300 --output_dir runs/mc --overwrite_output_dir
// (`npm run build` first: tsx resolves @adapters/* to the built packages.)
import { AdaptersError } from '@adapters/core';
import { MULTIPLE_CHOICE_COMMAND, formatHelp, parseCommandLine, runMultipleChoice } from '@adapters/cli';

try {
  const { help, flags } = parseCommandLine(MULTIPLE_CHOICE_COMMAND, process.argv.slice(2));
  if (help) console.log(formatHelp(MULTIPLE_CHOICE_COMMAND));
  // Adds the adapter and head named --task_name, trains, evaluates on dev, saves to <output_dir>/<task_name>.
  else await runMultipleChoice(flags);
} catch (error) {
  if (!AdaptersError.isInstance(error)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}
