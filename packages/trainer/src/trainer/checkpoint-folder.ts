import { nodeModule } from '@adapters/core';

const { access, readdir } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const { join } = nodeModule<typeof import('node:path')>('node:path');

export { removeFolderAtomic, removeTemporaryFolders, writeFolderAtomic } from '@adapters/core';

const CHECKPOINT_PATTERN = /^checkpoint-(\d+)$/;
/** Written last into every checkpoint: a folder without it is not a checkpoint (an older, non-atomic write). */
export const TRAINER_STATE_FILE = 'trainer_state.json';

/** `<outputDir>/checkpoint-<step>`, HF's name. */
export function checkpointFolder(outputDir: string, step: number): string {
  return join(outputDir, `checkpoint-${step}`);
}

/** The complete checkpoints in `outputDir` (those holding `trainer_state.json`), oldest step first. */
export async function listCheckpoints(outputDir: string): Promise<Array<{ step: number; folder: string }>> {
  let names: string[];
  try {
    names = await readdir(outputDir);
  } catch {
    return [];
  }
  const found: Array<{ step: number; folder: string }> = [];
  for (const name of names) {
    const match = CHECKPOINT_PATTERN.exec(name);
    const folder = join(outputDir, name);
    if (match !== null && (await isComplete(folder))) found.push({ step: Number(match[1]), folder });
  }
  return found.sort((left, right) => left.step - right.step);
}

async function isComplete(folder: string): Promise<boolean> {
  try {
    await access(join(folder, TRAINER_STATE_FILE));
    return true;
  } catch {
    return false;
  }
}
