import { AdaptersError } from './adapters-error';

/** The requested compute backend is not installed or failed to initialise. */
export class BackendError extends AdaptersError {
  readonly backend: string;

  constructor(options: { backend: string; message: string; cause?: unknown }) {
    super('backend', `Backend '${options.backend}': ${options.message}`, { cause: options.cause });
    this.name = 'BackendError';
    this.backend = options.backend;
  }
}
