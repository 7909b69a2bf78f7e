// The Web Worker that owns the model: training never blocks the page's main thread.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { AdaptersError, initBackend, urlSource } from '@adapters/core';
import type { WorkerMessage, WorkerRequest, WorkerResults } from './training-protocol';
import { TrainingSession } from './training-session';

// Vite copies the .wasm files into the build (hashed names); tfjs fetches whichever the browser supports.
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd });

interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;
let session: TrainingSession | undefined;

function opened(): TrainingSession {
  if (session === undefined) throw new Error('no model loaded yet: send "open" first');
  return session;
}

async function handle(request: WorkerRequest): Promise<{ value: WorkerResults[keyof WorkerResults]; transfer?: Transferable[] }> {
  switch (request.type) {
    case 'open': {
      const report = await initBackend({ backend: request.backend });
      const base = new URL(request.baseUrl);
      const trainUrl = new URL('data/sst-2/train.tsv', base);
      const response = await fetch(trainUrl);
      if (!response.ok) throw new Error(`${trainUrl.href}: HTTP ${response.status}; expected SST-2's train.tsv`);
      const trainTsv = await response.text();
      session?.dispose();
      session = await TrainingSession.open({ model: urlSource(new URL('models/bert-tiny-mlm/', base)), trainTsv, examples: request.examples });
      return { value: { backend: report.choice, examples: session.exampleCount, notes: report.notes } };
    }
    case 'train':
      return { value: await opened().train(request.steps, (record) => scope.postMessage({ type: 'step', record })) };
    case 'evaluate':
      return { value: { meanLoss: await opened().meanTrainingLoss() } };
    case 'predict':
      return { value: await opened().predict(request.sentences) };
    case 'save': {
      const files = [...(await opened().adapterFiles())];
      return { value: files, transfer: files.map(([, bytes]) => bytes.buffer as ArrayBuffer) };
    }
  }
}

// One request at a time, in order: the model is not safe to train and save at once.
let queue = Promise.resolve();
scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    try {
      const { value, transfer } = await handle(request);
      scope.postMessage({ id: request.id, type: 'result', value }, transfer);
    } catch (error) {
      const code = AdaptersError.isInstance(error) ? error.code : undefined;
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      scope.postMessage({ id: request.id, type: 'error', name, message, ...(code === undefined ? {} : { code }) });
    }
  });
};
