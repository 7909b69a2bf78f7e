import { findNodeModule } from '../platform/node-module';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors/backend-error';
import { GRADIENTS_INSTALL_HINT } from '../errors/gradients-not-registered-error';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { BACKEND_CANDIDATES, BACKEND_CHOICES, type BackendCandidate, type BackendChoice } from './backend-candidates';
import { registerGradients } from './gradients';
import { registerWasmTrainingKernels } from './wasm-training-kernels';
import { prepareWebGpu, type WebGpuAdapterReport } from './webgpu-adapter';
import { keepIntegerHostCopies } from './webgpu-host-copies';
import { registerWebGpuTrainingKernels } from './webgpu-training-kernels';


export interface InitBackendOptions {
  /** Force a backend; otherwise env `ADAPTERS_BACKEND`, otherwise the best installed one. */
  readonly backend?: BackendChoice;
  /** Register gradients (needed for training). Default true. */
  readonly gradients?: boolean;
}

export interface BackendReport {
  readonly choice: BackendChoice;
  readonly tfjsName: string;
  readonly module: string;
  /** How the choice was made. */
  readonly reason: 'argument' | 'environment' | 'auto';
  /** Modules that were found installed, best first. */
  readonly available: readonly BackendChoice[];
  readonly gradients: boolean;
  /** One line per better backend that was skipped, e.g. `native unavailable (addon not built); using wasm`. */
  readonly notes: readonly string[];
  /** On webgpu: the GPU adapter it runs on (name, vendor, whether it is a software fallback). */
  readonly adapter?: WebGpuAdapterReport;
}

type NodeRequire = ReturnType<typeof import('node:module').createRequire>;

interface NodeProcess {
  readonly env?: Record<string, string | undefined>;
  cwd?(): string;
}

/** `process` where there is one (Node, Bun, Deno); a browser page has none. */
function currentProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/**
 * Node's `require` from this package and from the application's folder, built at call time so that importing
 * the package in a page never touches `node:module` or `process`. Empty outside Node: a page imports its
 * backends itself, and `isBackendInstalled` finds them registered.
 */
function nodeResolvers(): NodeRequire[] {
  const module = findNodeModule<typeof import('node:module')>('node:module');
  const path = findNodeModule<typeof import('node:path')>('node:path');
  const cwd = currentProcess()?.cwd?.();
  if (module === undefined) return [];
  const resolvers = [module.createRequire(import.meta.url)];
  if (path !== undefined && cwd !== undefined) resolvers.push(module.createRequire(path.join(cwd, 'noop.js')));
  return resolvers;
}

/**
 * Whether a backend is registered with tfjs already (the application imported its module: a page, a bundle)
 * or its module can be resolved (from this package or the application), without loading it.
 */
export function isBackendInstalled(candidate: BackendCandidate): boolean {
  if (tf.findBackendFactory(candidate.tfjsName) !== null) return true;
  if (candidate.importedOnly === true) return false;
  for (const resolver of nodeResolvers()) {
    try {
      resolver.resolve(candidate.module);
      return true;
    } catch {
      // not resolvable from here; try the next root
    }
  }
  return false;
}

interface RegistrationResult {
  readonly status: string;
  readonly reason?: string;
}

async function loadModule(candidate: BackendCandidate): Promise<void> {
  // Imported by the application already: bundlers cannot follow the dynamic import below.
  if (tf.findBackendFactory(candidate.tfjsName) !== null) return;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(/* @vite-ignore */ candidate.module)) as Record<string, unknown>;
  } catch (error) {
    // The app may have it where this package cannot see it; try the app's resolution root.
    const fromApp = nodeResolvers()[1];
    try {
      if (fromApp === undefined) throw error;
      loaded = fromApp(candidate.module) as Record<string, unknown>;
    } catch {
      throw new BackendError({ backend: candidate.choice, message: `could not load ${candidate.module}`, cause: error });
    }
  }
  if (candidate.register === undefined) return;
  const register = loaded[candidate.register];
  if (typeof register !== 'function') {
    throw new BackendError({ backend: candidate.choice, message: `${candidate.module} does not export ${candidate.register}()` });
  }
  const result = (register as () => RegistrationResult)();
  if (result.status !== 'available') {
    throw new BackendError({ backend: candidate.choice, message: `unavailable (${result.reason ?? 'unknown reason'})` });
  }
}

function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).replace(/^Backend '[^']*': /, '');
}

function parseChoice(value: string, source: string): BackendChoice {
  const found = BACKEND_CANDIDATES.find((candidate) => candidate.choice === value);
  if (found === undefined) {
    throw new InvalidConfigError({
      path: source,
      expected: `one of ${BACKEND_CHOICES.join(', ')}`,
      received: value,
    });
  }
  return found.choice;
}

/**
 * Picks, loads and activates the compute backend, registers gradients and the extra kernels
 * training needs, and reports what it chose. Only applications (and tests) call this.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendReport> {
  const available = BACKEND_CANDIDATES.filter(isBackendInstalled).map((candidate) => candidate.choice);
  const fromEnvironment = currentProcess()?.env?.ADAPTERS_BACKEND;
  let reason: BackendReport['reason'] = 'auto';
  let wanted: BackendChoice | undefined;
  if (options.backend !== undefined) {
    wanted = parseChoice(options.backend, 'backend');
    reason = 'argument';
  } else if (fromEnvironment !== undefined && fromEnvironment !== '') {
    wanted = parseChoice(fromEnvironment, 'ADAPTERS_BACKEND');
    reason = 'environment';
  }
  const order = wanted === undefined ? BACKEND_CANDIDATES.filter((c) => available.includes(c.choice)) : BACKEND_CANDIDATES.filter((c) => c.choice === wanted);
  let lastError: unknown;
  const notes: string[] = [];
  for (const candidate of order) {
    if (wanted !== undefined && !available.includes(candidate.choice)) {
      const missing = candidate.importedOnly === true ? `is not imported (a page that wants it imports '${candidate.module}' before initBackend())` : 'is not installed';
      throw new BackendError({ backend: candidate.choice, message: `${candidate.module} ${missing}` });
    }
    try {
      // A software adapter only when webgpu was asked for by name.
      const adapter = candidate.choice === 'webgpu' ? await prepareWebGpu({ allowSoftware: wanted === 'webgpu' }) : undefined;
      await loadModule(candidate);
      if (candidate.choice === 'wasm') registerWasmTrainingKernels();
      if (candidate.choice === 'webgpu') registerWebGpuTrainingKernels();
      const ok = await tf.setBackend(candidate.tfjsName);
      if (!ok) throw new BackendError({ backend: candidate.choice, message: 'tfjs failed to initialise it' });
      await tf.ready();
      if (candidate.choice === 'webgpu') keepIntegerHostCopies(tf.backend());
      const gradients = options.gradients === false ? false : await registerGradients();
      const report = { choice: candidate.choice, tfjsName: candidate.tfjsName, module: candidate.module, reason, available, gradients };
      const skipped = notes.map((note) => `${note}; using ${candidate.choice}`);
      // Said out loud: training would otherwise fail later with only "call initBackend()".
      if (options.gradients !== false && !gradients) skipped.push(`gradients unavailable: ${GRADIENTS_INSTALL_HINT}`);
      return { ...report, notes: skipped, ...(adapter === undefined ? {} : { adapter }) };
    } catch (error) {
      if (wanted !== undefined) {
        throw BackendError.isInstance(error) ? error : new BackendError({ backend: candidate.choice, message: 'initialisation failed', cause: error });
      }
      lastError = error;
      notes.push(`${candidate.choice} ${shortReason(error)}`);
    }
  }
  throw new BackendError({ backend: 'auto', message: 'no usable backend found (install @tensorflow/tfjs-backend-wasm or -cpu)', cause: lastError });
}
