import { AdaptersError } from './adapters-error';

/** A tokenizer file is malformed or an encode option is invalid. */
export class TokenizerError extends AdaptersError {
  readonly file: string | undefined;

  constructor(options: { message: string; file?: string; cause?: unknown }) {
    super('tokenizer', options.file === undefined ? options.message : `${options.file}: ${options.message}`, {
      cause: options.cause,
    });
    this.name = 'TokenizerError';
    this.file = options.file;
  }
}
