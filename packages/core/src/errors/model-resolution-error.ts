import { AdaptersError } from './adapters-error';

/** Why a `--model_name_or_path` value could not be turned into a local model folder. */
export type ModelResolutionFailure =
  | 'no-such-folder'
  | 'not-a-model-folder'
  | 'invalid-id'
  | 'unreachable'
  | 'offline'
  | 'unknown-repo'
  | 'gated'
  | 'missing-file'
  | 'http'
  | 'incomplete-download'
  /** A download was larger than the size cap (`maxFileBytes`). */
  | 'too-large'
  /** Downloads did not finish within the overall deadline (`deadlineMs`). */
  | 'deadline'
  /** The cache holds a link (or a folder) whose real path leaves the cache root. */
  | 'unsafe-cache';

/** A local model folder or hub id could not be resolved to a folder holding config.json and the weights. */
export class ModelResolutionError extends AdaptersError {
  readonly nameOrPath: string;
  readonly reason: ModelResolutionFailure;

  constructor(options: { nameOrPath: string; reason: ModelResolutionFailure; message: string; cause?: unknown }) {
    super('model-resolution', `'${options.nameOrPath}': ${options.message}`, { cause: options.cause });
    this.name = 'ModelResolutionError';
    this.nameOrPath = options.nameOrPath;
    this.reason = options.reason;
  }
}
