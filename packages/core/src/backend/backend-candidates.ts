/** Compute backends the library knows how to pick, best first. */
export type BackendChoice = 'node-gpu' | 'node' | 'wasm' | 'cpu';

export interface BackendCandidate {
  readonly choice: BackendChoice;
  /** The npm module that registers the backend when imported. */
  readonly module: string;
  /** The name tfjs registers the backend under. */
  readonly tfjsName: string;
}

export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  { choice: 'node-gpu', module: '@tensorflow/tfjs-node-gpu', tfjsName: 'tensorflow' },
  { choice: 'node', module: '@tensorflow/tfjs-node', tfjsName: 'tensorflow' },
  { choice: 'wasm', module: '@tensorflow/tfjs-backend-wasm', tfjsName: 'wasm' },
  { choice: 'cpu', module: '@tensorflow/tfjs-backend-cpu', tfjsName: 'cpu' },
];
