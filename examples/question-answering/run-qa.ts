// The seed-style run_qa.py in TypeScript (`adapters qa`), same flags. For example:
//   npx tsx examples/question-answering/run-qa.ts --model_name_or_path models/bert-tiny-mlm \
//     --train_file ../shared/data/squad/xquad.en.json --dev_every 5 \
//     --do_train --do_eval --train_adapter --adapter_config pfeiffer --max_seq_length 128 --doc_stride 48 \
//     --per_device_train_batch_size 16 --learning_rate 3e-3 --max_steps 300 --output_dir runs/qa --overwrite_output_dir
// (`npm run build` first: tsx resolves @adapters/* to the built packages.)
import { AdaptersError } from '@adapters/core';
import { QUESTION_ANSWERING_COMMAND, formatHelp, parseCommandLine, runQuestionAnswering } from '@adapters/cli';

try {
  const { help, flags } = parseCommandLine(QUESTION_ANSWERING_COMMAND, process.argv.slice(2));
  if (help) console.log(formatHelp(QUESTION_ANSWERING_COMMAND));
  // Adds the adapter and head named --task_name, trains, evaluates on dev, saves to <output_dir>/<task_name>.
  else await runQuestionAnswering(flags);
} catch (error) {
  if (!AdaptersError.isInstance(error)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}
