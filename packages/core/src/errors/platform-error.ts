import { AdaptersError } from './adapters-error';

/**
 * A function that works on files or folders (a Node built-in such as `node:fs/promises`) was called in a
 * runtime without Node's built-in modules, e.g. a browser page: names the module and what to use instead.
 */
export class PlatformError extends AdaptersError {
  /** The Node built-in that was needed, e.g. `node:fs/promises`. */
  readonly module: string;

  constructor(module: string) {
    super(
      'platform',
      `${module} is not available in this runtime: functions that read or write files and folders need Node.js >= 20.16 ` +
        '(or a runtime with process.getBuiltinModule); in a browser build models from bytes instead',
    );
    this.name = 'PlatformError';
    this.module = module;
  }
}
