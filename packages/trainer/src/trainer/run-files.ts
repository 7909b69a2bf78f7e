import { writeFileAtomic, nodeModule } from '@adapters/core';
import { removeTemporaryFolders } from './checkpoint-folder';
import type { LogEntry } from './trainer-state';

const { appendFile, mkdir } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const { join } = nodeModule<typeof import('node:path')>('node:path');

/** The files a run keeps in `outputDir` besides checkpoints. */
export class RunFiles {
  readonly outputDir: string;

  constructor(outputDir: string) {
    this.outputDir = outputDir;
  }

  /** Creates the folder and clears what a killed run left half-written. */
  async prepare(): Promise<void> {
    await mkdir(this.outputDir, { recursive: true });
    await removeTemporaryFolders(this.outputDir);
  }

  /** Rewrites `log.jsonl` to hold exactly `history` (a fresh run: nothing; a resumed one: the checkpoint's history). */
  async resetLog(history: readonly LogEntry[]): Promise<void> {
    await writeFileAtomic(join(this.outputDir, 'log.jsonl'), history.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  }

  /** One JSON line per `log_history` entry, appended as it happens. */
  async appendLog(entry: LogEntry): Promise<void> {
    await appendFile(join(this.outputDir, 'log.jsonl'), `${JSON.stringify(entry)}\n`);
  }

  async writeJson(name: string, value: unknown): Promise<void> {
    await writeFileAtomic(join(this.outputDir, name), `${JSON.stringify(value, null, 2)}\n`);
  }

  async writeText(name: string, text: string): Promise<void> {
    await writeFileAtomic(join(this.outputDir, name), text);
  }
}
