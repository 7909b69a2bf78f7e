import type { StepRecord } from './training-session';
import type { ExampleBackend, WorkerMessage, WorkerRequest, WorkerResults } from './training-protocol';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The page's side of the worker: one promise per request, step records to a listener. */
export class TrainingClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  onStep: ((record: StepRecord) => void) | undefined;

  constructor() {
    this.worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'adapters-training' });
    this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      const error = new Error(`training worker failed: ${event.message}`);
      // Said even when no request waits (a worker that fails to load), so the page never just stalls.
      console.error(error);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  open(backend: ExampleBackend, baseUrl: string, examples: number): Promise<WorkerResults['open']> {
    return this.send({ type: 'open', backend, baseUrl, examples }) as Promise<WorkerResults['open']>;
  }

  train(steps: number): Promise<WorkerResults['train']> {
    return this.send({ type: 'train', steps }) as Promise<WorkerResults['train']>;
  }

  evaluate(): Promise<WorkerResults['evaluate']> {
    return this.send({ type: 'evaluate' }) as Promise<WorkerResults['evaluate']>;
  }

  predict(sentences: readonly string[]): Promise<WorkerResults['predict']> {
    return this.send({ type: 'predict', sentences }) as Promise<WorkerResults['predict']>;
  }

  async adapterFiles(): Promise<Map<string, Uint8Array>> {
    return new Map((await this.send({ type: 'save' })) as WorkerResults['save']);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private send(request: Request): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private receive(message: WorkerMessage): void {
    if (message.type === 'step') {
      this.onStep?.(message.record);
      return;
    }
    const waiting = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'result') waiting?.resolve(message.value);
    else {
      const error = Object.assign(new Error(message.message), { name: message.name, code: message.code });
      waiting?.reject(error);
    }
  }
}
