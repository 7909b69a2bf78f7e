import { AdapterConfig, AdapterType, type Batch, type FileSource } from '@adapters/core';
import { AutoModelWithHeads, TrainableModelWithHeads, predict, type ModelWithHeads, type Prediction } from '@adapters/auto';
import { convertGlueExamplesToFeatures, createPaddingCollator, iterateBatches, padTokenIdOf, type Collator, type SequenceStore } from '@adapters/datasets';
import { loadTokenizerFrom } from '@adapters/tokenizers';
import { AdamW, createLearningRateSchedule, trainStep, type LearningRateSchedule } from '@adapters/trainer';
import { sst2Examples } from './sst2-examples';

/** The adapter and head name, as the AdapterHub files call them. */
export const ADAPTER_NAME = 'sst-2';

/** What the page (or a test) chooses; everything else is the README's recipe. */
export interface TrainingSessionOptions {
  /** The model folder: `config.json`, `model.safetensors`, `vocab.txt` (+ tokenizer config). */
  readonly model: FileSource;
  /** The text of SST-2's `train.tsv`. */
  readonly trainTsv: string;
  /** How many training sentences (the first rows of the file). Default 400. */
  readonly examples?: number;
  /** Default 16. */
  readonly batchSize?: number;
  /** Default 64 (the seed's SST-2 setting; bert-tiny-mlm has 128 positions). */
  readonly maxSeqLength?: number;
  /** Constant AdamW rate. Default 1e-3 (the reference adapter runs in models/bert-tiny-mlm/SOURCES.md). */
  readonly learningRate?: number;
  /** Shuffle and dropout seed. Default 42. */
  readonly seed?: number;
}

/** One optimizer step, as the page plots it. */
export interface StepRecord {
  readonly step: number;
  readonly loss: number;
  /** Training examples per second over the steps of this `train` call so far. */
  readonly examplesPerSecond: number;
}

/** The result of one `train` call. */
export interface TrainReport {
  readonly steps: readonly StepRecord[];
  readonly examples: number;
  readonly seconds: number;
  readonly examplesPerSecond: number;
}

/**
 * The example's training code, free of DOM and worker plumbing so a test can drive it anywhere: bert-tiny-mlm
 * from a `FileSource` (a URL base in the page), a pfeiffer adapter and a 2-class head named `sst-2` (the
 * backbone frozen, as `train_adapter`), AdamW steps over a few hundred SST-2 sentences, predictions, and the
 * trained adapter + head as AdapterHub files. The caller has picked the backend (`initBackend`).
 */
export class TrainingSession {
  private readonly trainable: TrainableModelWithHeads;
  private readonly optimizer: AdamW;
  private readonly schedule: LearningRateSchedule;
  private readonly collate: Collator;
  private stepsDone = 0;
  private epoch = 0;
  private batches: Iterator<Batch> | undefined;

  private constructor(
    readonly model: ModelWithHeads,
    private readonly features: SequenceStore,
    private readonly options: Required<Omit<TrainingSessionOptions, 'model' | 'trainTsv'>>,
  ) {
    this.trainable = new TrainableModelWithHeads(model);
    this.optimizer = new AdamW(this.trainable.namedTrainableParameters());
    this.schedule = createLearningRateSchedule({ kind: 'constant', learningRate: options.learningRate, totalSteps: 0 });
    this.collate = createPaddingCollator({ padTokenId: padTokenIdOf(model.tokenizer!) });
  }

  static async open(options: TrainingSessionOptions): Promise<TrainingSession> {
    const settings = {
      examples: options.examples ?? 400,
      batchSize: options.batchSize ?? 16,
      maxSeqLength: options.maxSeqLength ?? 64,
      learningRate: options.learningRate ?? 1e-3,
      seed: options.seed ?? 42,
    };
    const model = await AutoModelWithHeads.fromPretrained(options.model);
    try {
      const tokenizer = model.tokenizer ?? (await loadTokenizerFrom(options.model));
      model.tokenizer = tokenizer;
      model.deleteHead('default'); // the checkpoint's masked-LM head; classification needs its own
      model.addAdapter(ADAPTER_NAME, AdapterType.textTask, AdapterConfig.load('pfeiffer'));
      model.addClassificationHead(ADAPTER_NAME, { numLabels: 2, id2label: { 0: 'negative', 1: 'positive' } });
      model.trainAdapter([ADAPTER_NAME]); // freezes BERT; the adapter and the head train, and are active
      const examples = sst2Examples(options.trainTsv, settings.examples);
      const features = convertGlueExamplesToFeatures(examples, tokenizer, 'sst-2', { maxSeqLength: settings.maxSeqLength });
      return new TrainingSession(model, features, settings);
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  /** How many sentences it trains on. */
  get exampleCount(): number {
    return this.features.size;
  }

  /** `steps` AdamW updates (epochs roll over, reshuffled), reporting each one to `onStep`. */
  async train(steps: number, onStep?: (record: StepRecord) => void): Promise<TrainReport> {
    const records: StepRecord[] = [];
    let examples = 0;
    const started = performance.now();
    for (let index = 0; index < steps; index += 1) {
      const batch = this.nextBatch();
      const result = await trainStep({
        model: this.trainable,
        batches: batch,
        optimizer: this.optimizer,
        schedule: this.schedule,
        step: this.stepsDone,
        seed: this.options.seed,
      });
      this.stepsDone += 1;
      examples += result.examples;
      const record = { step: this.stepsDone, loss: result.loss, examplesPerSecond: examples / ((performance.now() - started) / 1000) };
      records.push(record);
      onStep?.(record);
    }
    const seconds = (performance.now() - started) / 1000;
    return { steps: records, examples, seconds, examplesPerSecond: examples / seconds };
  }

  /** Mean cross-entropy over the training sentences, without dropout: falls as the adapter learns them. */
  async meanTrainingLoss(): Promise<number> {
    let total = 0;
    for (const batch of iterateBatches(this.features, this.collate, { batchSize: 64 })) {
      const loss = this.trainable.loss(batch, { training: false });
      total += (await loss.data())[0]! * batch.shape[0];
      loss.dispose();
    }
    return total / this.features.size;
  }

  /** Labels and class probabilities of the head `sst-2`. */
  predict(sentences: readonly string[]): Promise<Prediction[]> {
    return predict(this.model, sentences, { head: ADAPTER_NAME });
  }

  /** The adapter and its head as AdapterHub writes them (adapter_config.json, pytorch_adapter.*, head_config.json, ...). */
  adapterFiles(): Promise<Map<string, Uint8Array>> {
    return this.model.saveAdapterFiles(ADAPTER_NAME, { withHead: true });
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }

  private nextBatch(): Batch {
    for (;;) {
      this.batches ??= iterateBatches(this.features, this.collate, { batchSize: this.options.batchSize, shuffle: true, seed: this.options.seed }, this.epoch)[Symbol.iterator]();
      const next = this.batches.next();
      if (!next.done) return next.value;
      this.batches = undefined;
      this.epoch += 1;
    }
  }
}
