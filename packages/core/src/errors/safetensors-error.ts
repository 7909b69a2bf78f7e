import { AdaptersError } from './adapters-error';

/** A safetensors file is malformed, or a tensor cannot be converted. */
export class SafetensorsError extends AdaptersError {
  readonly file: string;
  readonly tensor: string | undefined;

  constructor(options: { file: string; tensor?: string; message: string }) {
    const subject = options.tensor === undefined ? options.file : `${options.file} (tensor '${options.tensor}')`;
    super('safetensors-format', `${subject}: ${options.message}`);
    this.name = 'SafetensorsError';
    this.file = options.file;
    this.tensor = options.tensor;
  }
}
