// The seed's examples/text-classification/run_glue.py in TypeScript, same flags. For example a task adapter on RTE:
//   npx tsx examples/text-classification/run-glue.ts --model_name_or_path models/bert-tiny-mlm --task_name rte \
//     --do_train --do_eval --data_dir ../shared/data/glue/RTE --max_seq_length 128 --per_device_train_batch_size 32 \
//     --learning_rate 1e-4 --num_train_epochs 3 --output_dir runs/rte --overwrite_output_dir --train_adapter --adapter_config pfeiffer
// (`npm run build` first: tsx resolves @adapters/* to the built packages.)
import { AdaptersError } from '@adapters/core';
import { GLUE_COMMAND, formatHelp, parseCommandLine, runGlue } from '@adapters/cli';

try {
  const { help, flags } = parseCommandLine(GLUE_COMMAND, process.argv.slice(2));
  if (help) console.log(formatHelp(GLUE_COMMAND));
  // Adds the adapter and head named after the task, trains, evaluates, saves to <output_dir>/<task>.
  else await runGlue(flags);
} catch (error) {
  if (!AdaptersError.isInstance(error)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}
