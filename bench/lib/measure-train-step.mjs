// One training-throughput measurement of the project's BERT + adapter step, shared by bench/train-speed.mjs
// (and its bundle for GPU machines, bench/gpu/). Classification head on the CLS state, AdamW on the trainable
// parameters only, no dropout, no gradient clipping: the shapes and wiring of torch-train-bench.py.

/**
 * The bench shapes (../shared/bench/torch_reference_bench.py's defaults), the bundled model's with the SST-2
 * recipe's batch and sequence length (layers 2, hidden 128, heads 2), bert-base's, and a smoke-test size.
 */
export const SHAPES = {
  tiny: { layers: 2, hidden: 64, batch: 4, seq: 16, vocab: 30522 },
  bench: { layers: 4, hidden: 256, batch: 16, seq: 128, vocab: 30522 },
  bundled: { layers: 2, hidden: 128, batch: 32, seq: 64, vocab: 30522 },
  base: { layers: 12, hidden: 768, batch: 32, seq: 128, vocab: 30522 },
};

/** A randomly initialised BERT encoder of the given shapes (heads of 64 dimensions, FFN 4 × hidden). */
export async function bertEncoder(shapes) {
  const { BertModel, normalizeEncoderConfig } = await import('@adapters/models');
  return new BertModel(
    normalizeEncoderConfig({
      model_type: 'bert',
      vocab_size: shapes.vocab,
      hidden_size: shapes.hidden,
      num_hidden_layers: shapes.layers,
      num_attention_heads: shapes.hidden / 64,
      intermediate_size: 4 * shapes.hidden,
      max_position_embeddings: 512,
    }),
  );
}

/** The model (random weights), optimizer, schedule and one random batch of a bench step in the given mode. */
export async function trainingSetup({ mode, shapes, totalSteps }) {
  const { ModelWithHeads, TrainableModelWithHeads } = await import('@adapters/auto');
  const { AdamW, createLearningRateSchedule } = await import('@adapters/trainer');
  const encoder = await bertEncoder(shapes);
  const model = new ModelWithHeads(encoder);
  model.addClassificationHead('task', { numLabels: 2 });
  if (mode === 'seq_bn') model.addAdapter('task', 'seq_bn');
  if (mode === 'lora') model.addAdapter('task', 'lora[r=8,alpha=8]');
  if (mode === 'seq_bn' || mode === 'lora') model.trainAdapter('task');
  if (mode === 'head_only') model.freezeModel(true);
  model.activeHead = 'task';
  const trainable = new TrainableModelWithHeads(model, { dropout: false });
  const optimizer = new AdamW(trainable.namedTrainableParameters(), { weightDecay: 0 });
  const schedule = createLearningRateSchedule({ kind: 'constant', learningRate: 1e-4, totalSteps });
  const count = shapes.batch * shapes.seq;
  const batch = {
    inputIds: new Int32Array(count).map(() => Math.floor(Math.random() * shapes.vocab)),
    attentionMask: new Int32Array(count).fill(1),
    tokenTypeIds: new Int32Array(count),
    labels: new Int32Array(shapes.batch).map(() => Math.floor(Math.random() * 2)),
    shape: [shapes.batch, shapes.seq],
  };
  return { trainable, optimizer, schedule, batch };
}

/**
 * `explicit`: the backend was named by the user, so a software WebGPU adapter (SwiftShader) is fine;
 * otherwise webgpu counts only on a real GPU and the line says why it was skipped.
 */
export async function measureTrainStep({ backend, mode, steps, shapes, explicit }) {
  const tf = await import('@tensorflow/tfjs-core');
  const { describeAdapter, initBackend } = await import('@adapters/core');
  const { trainStep } = await import('@adapters/trainer');
  const report = await initBackend({ backend });
  const adapter = report.adapter === undefined ? {} : { adapter: describeAdapter(report.adapter) };
  if (report.adapter?.isFallbackAdapter === true && !explicit) {
    return { source: 'adapters', backend, mode, skipped: 'software WebGPU adapter only (name the backend to measure it)', ...adapter };
  }
  // A software adapter is a correctness check, not a speed figure: one step is enough.
  const stepCount = report.adapter?.isFallbackAdapter === true ? 1 : steps;
  const { trainable, optimizer, schedule, batch } = await trainingSetup({ mode, shapes, totalSteps: stepCount + 1 });
  let peakRss = process.memoryUsage().rss;
  // trainStep reads the loss back, so each step ends with the device's work done (no timer around queued work).
  await trainStep({ model: trainable, batches: batch, optimizer, schedule, step: 0, maxGradNorm: 0 });
  const tensorsAfterWarmup = tf.memory().numTensors;
  const started = performance.now();
  for (let step = 1; step <= stepCount; step++) {
    await trainStep({ model: trainable, batches: batch, optimizer, schedule, step, maxGradNorm: 0 });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const stepMs = (performance.now() - started) / stepCount;
  const gpuBytes = tf.memory().numBytesInGPU;
  return {
    source: 'adapters',
    backend,
    mode,
    ...shapes,
    steps: stepCount,
    step_ms: Math.round(stepMs),
    examples_per_s: Number(((shapes.batch * 1000) / stepMs).toFixed(2)),
    peak_rss_mb: Math.round(peakRss / 2 ** 20),
    ...(gpuBytes === undefined ? {} : { gpu_mb: Math.round(gpuBytes / 2 ** 20) }),
    trainable_parameters: trainable.namedTrainableParameters().reduce((total, [, variable]) => total + variable.size, 0),
    tensor_count_flat: tf.memory().numTensors === tensorsAfterWarmup,
    ...adapter,
  };
}

/** `--name value` from the command line, or the fallback. */
export function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

/** The shape set named by --shapes (default bundled); an unknown name is an error listing the known ones. */
export function shapesOption() {
  const name = option('shapes', 'bundled');
  const shapes = SHAPES[name];
  if (shapes === undefined) throw new Error(`--shapes: expected one of ${Object.keys(SHAPES).join(', ')}, got ${name}`);
  return { shapeName: name, shapes };
}
