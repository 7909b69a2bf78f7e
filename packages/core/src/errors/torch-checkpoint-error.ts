import { AdaptersError } from './adapters-error';

/** A PyTorch checkpoint (`.bin`, written by `torch.save`) is malformed, unsafe, or uses something the safe reader refuses. */
export class TorchCheckpointError extends AdaptersError {
  readonly file: string;
  readonly entry: string | undefined;

  constructor(options: { file: string; entry?: string; message: string }) {
    const subject = options.entry === undefined ? options.file : `${options.file} (${options.entry})`;
    super('torch-checkpoint', `${subject}: ${options.message}`);
    this.name = 'TorchCheckpointError';
    this.file = options.file;
    this.entry = options.entry;
  }
}
