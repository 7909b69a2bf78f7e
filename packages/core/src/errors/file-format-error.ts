import { AdaptersError } from './adapters-error';

/** A JSON or model file is missing, unreadable, or lacks a required field. */
export class FileFormatError extends AdaptersError {
  readonly file: string;
  readonly field: string | undefined;

  constructor(options: { file: string; field?: string; message: string; cause?: unknown }) {
    const subject = options.field === undefined ? options.file : `${options.file} (field '${options.field}')`;
    super('file-format', `${subject}: ${options.message}`, { cause: options.cause });
    this.name = 'FileFormatError';
    this.file = options.file;
    this.field = options.field;
  }
}
