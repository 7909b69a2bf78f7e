import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec } from '../arguments/flag-spec';
import { convertFolder, type ConvertTarget } from '../convert/convert-folder';
import { printerOf, type CommandContext } from '../setup/command-context';

export const CONVERT_COMMAND = {
  name: 'convert',
  summary:
    'Convert a folder: PyTorch .bin weights to safetensors (adapter, head, fusion, model and PEFT folders), or a LoRA between AdapterHub and HF PEFT. The .bin files are read without running any pickle code.',
  flags: {
    output_dir: { type: 'string', required: true, help: 'Folder to write the converted files into.', valueName: 'DIR' },
    to: { type: 'string', default: 'safetensors', choices: ['safetensors', 'peft', 'adapterhub'], help: 'safetensors: .bin → .safetensors, other files copied; peft / adapterhub: convert a LoRA folder to that layout.' },
    name: { type: 'string', help: 'Adapter name for --to adapterhub (default: the folder name).' },
    model_type: { type: 'string', help: "Backbone type for --to adapterhub when the PEFT keys have no 'bert.' / 'roberta.' prefix." },
  },
  positionals: [{ name: 'dir', help: 'The folder to convert.', required: true }],
  examples: ['adapters convert hub/pfeiffer-sst2 --output_dir converted/pfeiffer-sst2', 'adapters convert out/lora --to peft --output_dir out/lora-peft'],
} as const satisfies CommandSpec;

/** `adapters convert <dir> --output_dir <out> [--to ...]`; returns the files written, null for `--help`. */
export async function runConvert(argv: readonly string[], context: CommandContext = {}): Promise<string[] | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(CONVERT_COMMAND, argv, print);
  if (resolved === null) return null;
  const { flags, positionals } = resolved;
  const written = await convertFolder(positionals[0]!, flags.outputDir, { to: flags.to as ConvertTarget, name: flags.name, modelType: flags.modelType });
  for (const file of written) print(`wrote ${file}`);
  return written;
}
