// The seed's examples/language-modeling/run_language_modeling.py in TypeScript, same flags. A language adapter:
//   npx tsx examples/language-modeling/run-language-modeling.ts --model_name_or_path models/bert-tiny-mlm \
//     --train_data_file ../shared/data/text/wikitext-2/valid.txt --eval_data_file ../shared/data/text/wikitext-2/test.txt \
//     --mlm --language en --train_adapter --adapter_config pfeiffer+inv --do_train --do_eval \
//     --learning_rate 1e-4 --num_train_epochs 1 --output_dir runs/lm-en --overwrite_output_dir
// `--language en --train_adapter` adds a text_lang adapter named `en`; it is saved to <output_dir>/en.
import { AdaptersError } from '@adapters/core';
import { LANGUAGE_MODELING_COMMAND, formatHelp, parseCommandLine, runLanguageModeling } from '@adapters/cli';

try {
  const { help, flags } = parseCommandLine(LANGUAGE_MODELING_COMMAND, process.argv.slice(2));
  if (help) console.log(formatHelp(LANGUAGE_MODELING_COMMAND));
  else await runLanguageModeling(flags);
} catch (error) {
  if (!AdaptersError.isInstance(error)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}
