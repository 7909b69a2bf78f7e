import { AdaptersError } from './adapters-error';

/** A dataset file has a row or field the reader cannot parse; `line` (text formats) or `id` (JSON records) says where. */
export class DatasetFormatError extends AdaptersError {
  readonly file: string;
  readonly line: number | undefined;
  readonly id: string | undefined;

  constructor(options: { file: string; line?: number; id?: string; message: string }) {
    const where = options.line !== undefined ? `:${options.line}` : options.id !== undefined ? ` (id ${options.id})` : '';
    super('dataset-format', `${options.file}${where}: ${options.message}`);
    this.name = 'DatasetFormatError';
    this.file = options.file;
    this.line = options.line;
    this.id = options.id;
  }
}
