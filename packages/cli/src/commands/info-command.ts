import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidConfigError } from '@adapters/core';
import { resolveCommandArguments } from '../arguments/command-arguments';
import type { CommandSpec } from '../arguments/flag-spec';
import { describeFolder, formatFolderDescription, type FolderDescription } from '../info/describe-folder';
import { printerOf, type CommandContext } from '../setup/command-context';

// The files describeFolder recognises a folder by.
const KNOWN_FILES = ['config.json (with model.safetensors)', 'adapter_config.json', 'head_config.json', 'adapter_fusion_config.json', 'trainer_state.json'];

export const INFO_COMMAND = {
  name: 'info',
  summary: 'Show what a model, adapter, head or fusion folder holds. Prints the type, a config summary and tensor and parameter counts, for a folder of such folders too.',
  flags: {},
  positionals: [{ name: 'dir', help: 'Folder(s) to describe.', variadic: true, required: true }],
  examples: ['adapters info models/bert-tiny-mlm', 'adapters info out/sst-2'],
} as const satisfies CommandSpec;

/** `adapters info <dir>...`: argv, or `{ dirs }`; null when `--help` was asked for. Only safetensors headers are read (a `.bin` is read whole, safely). */
export async function runInfo(args: readonly string[] | { readonly dirs: readonly string[] }, context: CommandContext = {}): Promise<FolderDescription[] | null> {
  const print = printerOf(context);
  const resolved = resolveCommandArguments(INFO_COMMAND, Array.isArray(args) ? args : {}, print);
  if (resolved === null) return null;
  const dirs = Array.isArray(args) ? resolved.positionals : (args as { readonly dirs: readonly string[] }).dirs;
  const descriptions: FolderDescription[] = [];
  for (const dir of dirs) {
    const description = await describeFolder(dir);
    if (description.parts.length === 0 && description.children.length === 0) {
      // Exit non-zero: a folder that holds none of the known files is a wrong path, not an empty answer.
      throw new InvalidConfigError({
        path: 'dir',
        expected: `a model, adapter, head, fusion or run folder: ${dir} has no ${KNOWN_FILES.join(', ')}${existsSync(path.join(dir, 'model.safetensors')) ? ' (model.safetensors is there without its config.json)' : ''}`,
        received: dir,
      });
    }
    for (const line of formatFolderDescription(description)) print(line);
    descriptions.push(description);
  }
  return descriptions;
}
