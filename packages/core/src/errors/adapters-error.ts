const marker = Symbol.for('adapters.error');

/** Every error code the library throws; consumers can `switch` on it exhaustively. */
export type AdaptersErrorCode =
  | 'invalid-config'
  | 'no-such-entry'
  | 'composition'
  | 'shape-mismatch'
  | 'disposed'
  | 'gradients-not-registered'
  | 'dataset-format'
  | 'safetensors-format'
  | 'torch-checkpoint'
  | 'state-dict'
  | 'backend'
  | 'tokenizer'
  | 'file-format'
  | 'model-resolution'
  | 'io'
  | 'platform'
  | 'file-source'
  | 'trainable-frozen-layer';

/** Base class of every error thrown by `@adapters/*`. */
export class AdaptersError extends Error {
  readonly code: AdaptersErrorCode;
  private readonly [marker] = true;

  constructor(code: AdaptersErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'AdaptersError';
  }

  /** Works across duplicate installs of the package, unlike `instanceof`. */
  static isInstance(value: unknown): value is AdaptersError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
