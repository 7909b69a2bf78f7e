// The seed's examples/adapterfusion/run_fusion_glue.py in TypeScript. The Python script hard-codes the adapters
// and the fusion options; here they are flags. Fuse adapters trained with run-glue.ts on a target task:
//   npx tsx examples/adapterfusion/run-fusion-glue.ts --model_name_or_path models/bert-tiny-mlm --task_name sst-2 \
//     --data_dir data/glue/SST-2 --fusion_adapters runs/rte/rte runs/mrpc/mrpc --fusion_config dynamic \
//     --do_train --do_eval --learning_rate 5e-5 --num_train_epochs 3 --per_device_train_batch_size 32 --output_dir runs/fusion-sst-2
// Loads the adapters (without their heads), addAdapterFusion(Fuse(...)), adds a head named after the task,
// trainAdapterFusion, trains; saves the fusion to <output_dir>/<a,b> and the head to <output_dir>/<task>.
import { AdaptersError } from '@adapters/core';
import { FUSION_GLUE_COMMAND, formatHelp, parseCommandLine, runFusionGlue } from '@adapters/cli';

try {
  const { help, flags } = parseCommandLine(FUSION_GLUE_COMMAND, process.argv.slice(2));
  if (help) console.log(formatHelp(FUSION_GLUE_COMMAND));
  else await runFusionGlue(flags);
} catch (error) {
  if (!AdaptersError.isInstance(error)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 2;
}
