/** Compute backends the library knows how to pick, best first. */
export type BackendChoice = 'webgpu' | 'node-gpu' | 'node' | 'native' | 'webgl' | 'wasm' | 'cpu';

export interface BackendCandidate {
  readonly choice: BackendChoice;
  /** The npm module that registers the backend when imported. */
  readonly module: string;
  /** The name tfjs registers the backend under. */
  readonly tfjsName: string;
  /**
   * A function the module exports that registers the backend and returns `{ status, reason? }`, for
   * modules whose backend may be unavailable at run time (a native addon that was not built).
   */
  readonly register?: string;
  /**
   * Counted as installed only when the application imported the module (tfjs has it registered), never because
   * Node can resolve it: WebGL needs a page's canvas, so in Node an installed `tfjs-backend-webgl` is no backend.
   */
  readonly importedOnly?: boolean;
}

export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  // First only with a real GPU adapter: the automatic order skips a software one (SwiftShader).
  { choice: 'webgpu', module: '@tensorflow/tfjs-backend-webgpu', tfjsName: 'webgpu' },
  { choice: 'node-gpu', module: '@tensorflow/tfjs-node-gpu', tfjsName: 'tensorflow' },
  { choice: 'node', module: '@tensorflow/tfjs-node', tfjsName: 'tensorflow' },
  // Loaded only through a dynamic import: core has no dependency on the native package.
  { choice: 'native', module: '@adapters/backend-native', tfjsName: 'native', register: 'registerNativeBackend' },
  // In a page that imported it: between a GPU through WebGPU and the CPU through wasm.
  { choice: 'webgl', module: '@tensorflow/tfjs-backend-webgl', tfjsName: 'webgl', importedOnly: true },
  { choice: 'wasm', module: '@tensorflow/tfjs-backend-wasm', tfjsName: 'wasm' },
  { choice: 'cpu', module: '@tensorflow/tfjs-backend-cpu', tfjsName: 'cpu' },
];

/** Every backend name `initBackend()`, `ADAPTERS_BACKEND` and the CLI's `--backend` accept, best first. */
export const BACKEND_CHOICES: readonly BackendChoice[] = BACKEND_CANDIDATES.map((candidate) => candidate.choice);
