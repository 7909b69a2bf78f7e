import { zipSync } from 'fflate';
import type { Prediction } from '@adapters/auto';
import { renderLossCurveSvg } from '@adapters/trainer';
import { TrainingClient } from './training-client';
import type { ExampleBackend } from './training-protocol';
import { ADAPTER_NAME, type StepRecord, type TrainReport } from './training-session';

/** What the page has done so far; on `window.adaptersExample` for the browser test and for curious users. */
export interface ExampleState {
  backend?: string;
  notes: readonly string[];
  history: StepRecord[];
  runs: TrainReport[];
  /** Mean training-set loss (no dropout) after loading (step 0) and after each training run. */
  meanLosses: { step: number; loss: number }[];
  predictions: readonly Prediction[];
  /** The longest pause of the page's 50 ms clock while the worker trained. */
  longestPauseMs: number;
}

const state: ExampleState = { notes: [], history: [], runs: [], meanLosses: [], predictions: [], longestPauseMs: 0 };
(globalThis as { adaptersExample?: ExampleState }).adaptersExample = state;

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}
const backendSelect = element<HTMLSelectElement>('backend');
const examplesInput = element<HTMLInputElement>('examples');
const stepsInput = element<HTMLInputElement>('steps');
const buttons = { load: element<HTMLButtonElement>('load'), train: element<HTMLButtonElement>('train'), predict: element<HTMLButtonElement>('predict'), download: element<HTMLButtonElement>('download') };
const status = element<HTMLParagraphElement>('status');
const plot = element<HTMLDivElement>('plot');
const speed = element<HTMLSpanElement>('speed');
const predictions = element<HTMLTableElement>('predictions');

// ?backend=cpu&examples=200&steps=30 presets the form (links, tests).
const query = new URLSearchParams(location.search);
if (query.get('backend') !== null) backendSelect.value = query.get('backend')!;
if (query.get('examples') !== null) examplesInput.value = query.get('examples')!;
if (query.get('steps') !== null) stepsInput.value = query.get('steps')!;

let client: TrainingClient | undefined;
let training = false;

function setStatus(state: string, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

function enable(ready: boolean): void {
  buttons.train.disabled = !ready;
  buttons.predict.disabled = !ready;
  buttons.download.disabled = !ready;
  buttons.load.disabled = !ready && client !== undefined;
}

/** Runs one user action; any failure shows in the status line and the console. */
function action(run: () => Promise<void>): () => void {
  return () => {
    enable(false);
    run().then(
      () => enable(true),
      (error: unknown) => {
        console.error(error);
        setStatus('error', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        buttons.load.disabled = false;
      },
    );
  };
}

let plotQueued = false;
function drawPlot(): void {
  if (plotQueued) return;
  plotQueued = true;
  requestAnimationFrame(() => {
    plotQueued = false;
    // Noisy per-batch losses as the line; the mean over all training sentences as points (eval_loss).
    const entries = [...state.history.map(({ step, loss }) => ({ step, loss })), ...state.meanLosses.map(({ step, loss }) => ({ step, eval_loss: loss }))];
    plot.innerHTML = renderLossCurveSvg(entries, { width: 700, height: 300 });
  });
}

buttons.load.addEventListener(
  'click',
  action(async () => {
    client?.terminate();
    client = new TrainingClient();
    client.onStep = (record) => {
      state.history.push(record);
      speed.textContent = `${record.examplesPerSecond.toFixed(1)} examples/s`;
      setStatus('training', `step ${record.step}: loss ${record.loss.toFixed(4)}`);
      drawPlot();
    };
    Object.assign(state, { history: [], runs: [], meanLosses: [], predictions: [], longestPauseMs: 0 });
    plot.innerHTML = '';
    setStatus('loading', 'Loading bert-tiny-mlm and SST-2…');
    const backend = backendSelect.value as ExampleBackend;
    const opened = await client.open(backend, new URL('.', document.baseURI).href, Number(examplesInput.value));
    Object.assign(state, { backend: opened.backend, notes: opened.notes });
    state.meanLosses.push({ step: 0, loss: (await client.evaluate()).meanLoss });
    setStatus('ready', `Ready on ${opened.backend}: ${opened.examples} sentences, mean loss ${state.meanLosses[0]!.loss.toFixed(4)}.`);
  }),
);

buttons.train.addEventListener(
  'click',
  action(async () => {
    training = true;
    try {
      const run = await client!.train(Number(stepsInput.value));
      state.runs.push(run);
      speed.textContent = `${run.examplesPerSecond.toFixed(1)} examples/s on ${state.backend}`;
    } finally {
      training = false;
    }
    const meanLoss = (await client!.evaluate()).meanLoss;
    state.meanLosses.push({ step: state.history.length, loss: meanLoss });
    drawPlot();
    setStatus('trained', `Trained ${state.history.length} steps: mean loss ${state.meanLosses[0]!.loss.toFixed(4)} → ${meanLoss.toFixed(4)}.`);
  }),
);

buttons.predict.addEventListener(
  'click',
  action(async () => {
    const sentences = element<HTMLTextAreaElement>('sentences').value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    state.predictions = await client!.predict(sentences);
    predictions.replaceChildren(
      ...state.predictions.map((prediction, index) => {
        const row = document.createElement('tr');
        row.dataset.scores = JSON.stringify(prediction.scores);
        for (const text of [sentences[index]!, prediction.label ?? '', prediction.score.toFixed(3)]) row.insertCell().textContent = text;
        return row;
      }),
    );
  }),
);

buttons.download.addEventListener(
  'click',
  action(async () => {
    const files = await client!.adapterFiles();
    // One folder in the zip, as AdapterHub's `save_adapter(folder, name)` leaves it.
    const zipped = zipSync(Object.fromEntries([...files].map(([name, bytes]) => [`${ADAPTER_NAME}/${name}`, bytes])));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([zipped], { type: 'application/zip' }));
    link.download = `${ADAPTER_NAME}-adapter.zip`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }),
);

// The page's own clock: it keeps moving while the worker trains, and records its longest stall.
const clock = element<HTMLSpanElement>('clock');
const start = performance.now();
let lastTick = start;
setInterval(() => {
  const now = performance.now();
  if (training) state.longestPauseMs = Math.max(state.longestPauseMs, now - lastTick);
  lastTick = now;
  clock.textContent = ((now - start) / 1000).toFixed(1);
}, 50);
