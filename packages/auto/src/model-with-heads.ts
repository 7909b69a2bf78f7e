import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  NoSuchEntryError,
  ShapeMismatchError,
  firstAdapter,
  lastAdapter,
  tidyOutputs,
  type AdapterSetup,
  type CompositionBlock,
  type HeadLabels,
  type HeadOutput,
  type PredictionHead,
  type Tokenizer,
  memoizedSource,
  toFileSource,
  saveFileMap,
  nodeModule,
  type FileMap,
  type FileSource,
} from '@adapters/core';
import {
  HEAD_CONFIG_FILE,
  assertHeadConfigCompatible,
  createHead,
  headFiles,
  loadHead,
  loadHeadWeights,
  readHeadFolder,
  renameHeadTensors,
  saveHead,
  type HeadContext,
} from '@adapters/heads';
import { AdapterModel, modelClassFor, type AdapterForwardOptions, type LoadAdapterOptions, type SaveAdapterOptions } from '@adapters/layers';
import { isDecoder, type Backbone, type DecoderOutput, type EncoderInputs, type EncoderOutput } from '@adapters/models';

const path = nodeModule<typeof import('node:path')>('node:path');

export interface ModelWithHeadsForwardOptions extends AdapterForwardOptions {
  /** The head(s) to run; default: the active head. A list runs one head per Parallel branch. */
  readonly head?: string | readonly string[] | null;
  readonly labels?: HeadLabels;
  /** Only the loss is needed: heads may skip logits of unlabelled positions (see `HeadForwardOptions`). */
  readonly lossOnly?: boolean;
}

/** One head's result for one (branch of a) call. */
export interface BranchOutput extends HeadOutput {
  readonly head: string;
  readonly lastHiddenState: tf.Tensor3D;
  readonly poolerOutput?: tf.Tensor2D;
}

export interface ModelWithHeadsOutput extends HeadOutput {
  readonly lastHiddenState: tf.Tensor3D;
  readonly poolerOutput?: tf.Tensor2D;
  readonly hiddenStates?: tf.Tensor3D[];
  readonly attentionMask: tf.Tensor2D;
  /** With several heads (Parallel): one entry per head, each on its own branch of the batch. */
  readonly branches?: BranchOutput[];
}

/**
 * A pretrained encoder with adapters and prediction heads: AdapterHub's `BertAdapterModel` /
 * the seed's `AutoModelWithHeads`. Heads live outside the backbone, so `trainAdapter` and
 * `freezeModel` never freeze them.
 */
export class ModelWithHeads extends AdapterModel<EncoderInputs, EncoderOutput> {
  private readonly heads = new Map<string, PredictionHead>();
  private currentHead: string | null = null;
  /** The tokenizer found next to the model, used by `predict`. */
  tokenizer: Tokenizer | undefined;

  /** A BERT-style encoder or a GPT-2 / Llama decoder (`AutoModelWithHeads` picks it from `model_type`). */
  constructor(readonly encoder: Backbone) {
    super(encoder);
  }

  /** What heads need to know about the backbone. */
  headContext(): HeadContext {
    const config = this.encoder.config;
    const classifierDropout = config.raw.classifier_dropout;
    return {
      hiddenSize: config.hiddenSize,
      vocabSize: config.vocabSize,
      layerNormEps: config.layerNormEps,
      hiddenDropoutProb: config.hiddenDropoutProb,
      classifierDropout: typeof classifierDropout === 'number' ? classifierDropout : undefined,
      // Decoders tie the LM head only when `tie_word_embeddings` says so (GPT-2 yes, most Llamas no).
      wordEmbeddings: isDecoder(this.encoder) && !this.encoder.config.tieWordEmbeddings ? undefined : this.encoder.wordEmbeddings(),
      hasPooler: this.encoder.pooler !== undefined,
    };
  }

  headNames(): string[] {
    return [...this.heads.keys()];
  }

  hasHead(name: string): boolean {
    return this.heads.has(name);
  }

  getHead(name: string): PredictionHead {
    const head = this.heads.get(name);
    if (head === undefined) throw new NoSuchEntryError({ registry: 'prediction head', key: name, available: this.headNames() });
    return head;
  }

  /** Adds a head from a head_config-style dict or typed options (`headType` decides the kind). */
  addHead(name: string, config: Readonly<Record<string, unknown>>, options: { overwriteOk?: boolean; setActive?: boolean } = {}): PredictionHead {
    if (this.heads.has(name)) {
      if (options.overwriteOk !== true) {
        throw new InvalidConfigError({ path: 'name', expected: `a head name not in use (pass { overwriteOk: true } to replace '${name}')`, received: name });
      }
      this.deleteHead(name);
    }
    const head = createHead(name, config, this.headContext());
    this.heads.set(name, head);
    if (options.setActive !== false) this.currentHead = name;
    return head;
  }

  addClassificationHead(
    name: string,
    options: { numLabels?: number; layers?: number; activationFunction?: string | null; id2label?: Record<number, string>; usePooler?: boolean; multilabel?: boolean; overwriteOk?: boolean; dropoutProb?: number | null } = {},
  ): PredictionHead {
    const { overwriteOk, multilabel, ...rest } = options;
    return this.addHead(name, { headType: multilabel === true ? 'multilabel_classification' : 'classification', ...rest }, { overwriteOk });
  }

  addMultipleChoiceHead(name: string, options: { numChoices?: number; layers?: number; activationFunction?: string | null; id2label?: Record<number, string>; usePooler?: boolean; overwriteOk?: boolean } = {}): PredictionHead {
    const { overwriteOk, ...rest } = options;
    return this.addHead(name, { headType: 'multiple_choice', ...rest }, { overwriteOk });
  }

  addTaggingHead(name: string, options: { numLabels?: number; layers?: number; activationFunction?: string | null; id2label?: Record<number, string>; overwriteOk?: boolean } = {}): PredictionHead {
    const { overwriteOk, ...rest } = options;
    return this.addHead(name, { headType: 'tagging', ...rest }, { overwriteOk });
  }

  addQaHead(name: string, options: { numLabels?: number; layers?: number; activationFunction?: string | null; overwriteOk?: boolean } = {}): PredictionHead {
    const { overwriteOk, ...rest } = options;
    return this.addHead(name, { headType: 'question_answering', ...rest }, { overwriteOk });
  }

  addMaskedLmHead(name: string, options: { activationFunction?: string; layers?: number; overwriteOk?: boolean } = {}): PredictionHead {
    const { overwriteOk, ...rest } = options;
    return this.addHead(name, { headType: 'masked_lm', ...rest }, { overwriteOk });
  }

  addCausalLmHead(name: string, options: { activationFunction?: string; layers?: number; overwriteOk?: boolean } = {}): PredictionHead {
    const { overwriteOk, ...rest } = options;
    return this.addHead(name, { headType: 'causal_lm', ...rest }, { overwriteOk });
  }

  deleteHead(name: string): void {
    const head = this.getHead(name);
    head.dispose();
    this.heads.delete(name);
    if (this.currentHead === name) this.currentHead = null;
  }

  get activeHead(): string | null {
    return this.currentHead;
  }

  set activeHead(name: string | null) {
    if (name !== null) this.getHead(name);
    this.currentHead = name;
  }

  /** Also activates a head named like the setup's last adapter, as the library does. */
  override setActiveAdapters(setup: AdapterSetup | readonly AdapterSetup[] | null): void {
    super.setActiveAdapters(setup);
    const active = this.activeAdapters;
    if (active !== null && this.heads.has(lastAdapter(active))) this.currentHead = lastAdapter(active);
  }

  override trainAdapter(names: string | readonly string[] | CompositionBlock): void {
    super.trainAdapter(names);
    const active = this.activeAdapters;
    if (active !== null && this.heads.has(lastAdapter(active))) this.currentHead = lastAdapter(active);
  }

  /** Every parameter under its checkpoint name: `bert.*` for the backbone and adapters, `heads.<name>.*`. */
  namedParameters(): Array<[string, tf.Variable]> {
    const prefix = this.encoder.baseModelPrefix;
    const named: Array<[string, tf.Variable]> = this.encoder.namedParameters().map(([name, variable]) => [`${prefix}.${name}`, variable]);
    for (const name of this.adapterNames()) {
      for (const [key, variable] of this.adapterEntry(name).namedParameters()) named.push([`${prefix}.${key}`, variable]);
    }
    for (const name of this.fusionNames()) {
      for (const [key, variable] of this.fusionEntry(name).namedParameters()) named.push([`${prefix}.${key}`, variable]);
    }
    for (const [headName, head] of this.heads) {
      const tied = new Set(head.tiedParameterNames());
      for (const [key, variable] of head.namedParameters()) if (!tied.has(key)) named.push([`heads.${headName}.${key}`, variable]);
    }
    return named;
  }

  override trainableVariables(): tf.Variable[] {
    return this.namedParameters()
      .map(([, variable]) => variable)
      .filter((variable) => variable.trainable);
  }

  private inverseFor(setup: CompositionBlock | null): ((hidden: tf.Tensor) => tf.Tensor) | undefined {
    if (setup === null) return undefined;
    const first = firstAdapter(setup);
    if (!this.hasAdapter(first)) return undefined;
    const invertible = this.adapterEntry(first).invertible;
    return invertible === undefined ? undefined : (hidden) => invertible.inverse(hidden);
  }

  /** Runs the encoder with the active (or per-call) adapters, then the head(s). Every tensor returned is the caller's. */
  override forward(inputs: EncoderInputs, options: ModelWithHeadsForwardOptions = {}): ModelWithHeadsOutput {
    const { head, labels, lossOnly, ...encoderOptions } = options;
    const setup = this.resolveSetup(encoderOptions.adapterNames);
    const headNames = head === undefined ? (this.currentHead === null ? [] : [this.currentHead]) : head === null ? [] : typeof head === 'string' ? [head] : [...head];
    for (const name of headNames) this.getHead(name);
    // A loss-only call returns nothing of the pooler's: it runs only when a head reads it.
    const pooler = lossOnly === true && headNames.length > 0 && headNames.every((name) => this.getHead(name).usesPooler === false) ? false : encoderOptions.pooler;
    return tidyOutputs(() => {
      const encoded = super.forward(inputs, { ...encoderOptions, pooler, adapterNames: setup });
      const invertibleInverse = this.inverseFor(setup);
      // The last-token index is for heads only: left out of the result, so tidy frees it.
      const { sentenceIndex, ...encodedOutputs } = encoded as DecoderOutput;
      const training = encoderOptions.training ?? false;
      if (headNames.length === 0) return { ...encodedOutputs };
      if (headNames.length === 1) {
        const result = this.getHead(headNames[0] as string).forward(
          { lastHiddenState: encoded.lastHiddenState, poolerOutput: encoded.poolerOutput, attentionMask: encoded.attentionMask, sentenceIndex, invertibleInverse },
          labels,
          { training, lossOnly },
        );
        return { ...encodedOutputs, ...result };
      }
      // Parallel: rows [i*B, (i+1)*B) belong to branch i and its head.
      const rows = encoded.lastHiddenState.shape[0];
      if (rows % headNames.length !== 0) {
        throw new ShapeMismatchError({ key: 'heads', expected: [headNames.length], actual: [rows], source: 'one head per Parallel branch' });
      }
      const size = rows / headNames.length;
      const branches: BranchOutput[] = headNames.map((name, index) => {
        const slice = <T extends tf.Tensor>(tensor: T): T => tf.slice(tensor, index * size, size) as T;
        const branchInputs = {
          lastHiddenState: slice(encoded.lastHiddenState),
          poolerOutput: encoded.poolerOutput === undefined ? undefined : slice(encoded.poolerOutput),
          attentionMask: slice(encoded.attentionMask),
          sentenceIndex: sentenceIndex === undefined ? undefined : slice(sentenceIndex),
          invertibleInverse,
        };
        const result = this.getHead(name).forward(branchInputs, labels, { training, lossOnly });
        return { head: name, lastHiddenState: branchInputs.lastHiddenState, poolerOutput: branchInputs.poolerOutput, ...result };
      });
      return { ...encodedOutputs, branches };
    });
  }

  /** Model metadata written next to heads and adapters. */
  private fileMeta(): { hiddenSize: number; modelClass: string; modelName: string | null; modelType: string } {
    const modelType = this.encoder.modelType;
    const modelClass = modelClassFor(modelType);
    return { hiddenSize: this.encoder.hiddenSize, modelClass, modelName: this.encoder.modelName ?? '', modelType };
  }

  /** Writes `head_config.json` + `model_head.safetensors` (`save_head`). */
  async saveHead(directory: string, name: string): Promise<void> {
    await saveHead(this.getHead(name), directory, this.fileMeta());
  }

  /** The files `saveHead` writes, as bytes (name → bytes): `head_config.json` + `model_head.safetensors`. */
  async saveHeadFiles(name: string): Promise<FileMap> {
    return headFiles(this.getHead(name), this.fileMeta());
  }

  /** Writes every head into `directory/<name>/` (`save_all_heads`). */
  async saveAllHeads(directory: string): Promise<void> {
    for (const name of this.headNames()) await this.saveHead(path.join(directory, name), name);
  }

  /**
   * Loads a head folder (`load_head`), a path or any `FileSource`; returns the name it was registered under. Into
   * an existing head of the same name the saved config must match (`num_labels`, `layers`, ...) unless
   * `overwriteOk` replaces the head.
   */
  async loadHead(directoryOrSource: string | FileSource, options: { loadAs?: string; overwriteOk?: boolean; setActive?: boolean } = {}): Promise<string> {
    const folder = await readHeadFolder(directoryOrSource);
    const name = options.loadAs ?? folder.name;
    const existing = this.heads.get(name);
    if (existing !== undefined && options.overwriteOk !== true) {
      assertHeadConfigCompatible(existing, folder.config, { source: folder.configFile });
      loadHeadWeights(existing, renameHeadTensors(folder.tensors, folder.name, name), { source: folder.weightsFile });
    } else {
      const { head } = await loadHead(directoryOrSource, this.headContext(), { loadAs: name });
      if (existing !== undefined) this.deleteHead(name);
      this.heads.set(name, head);
    }
    if (options.setActive !== false) this.currentHead = name;
    return name;
  }

  /** `save_adapter`, plus the head of the same name when `withHead` (default true) and one exists. */
  override async saveAdapter(directory: string, name: string, options: SaveAdapterOptions & { withHead?: boolean } = {}): Promise<void> {
    if (options.withHead === false || !this.heads.has(name)) {
      await super.saveAdapter(directory, name, options);
      return;
    }
    // Adapter and head land together: one folder filled beside `directory`, renamed into place.
    const files = await this.saveAdapterFiles(name, options);
    await saveFileMap(directory, files);
  }

  /**
   * The files `saveAdapter` writes, as bytes (name → bytes): the adapter's (`adapter_config.json`,
   * `adapter.safetensors`) and, when `withHead` (default true) and a head of the same name exists, the head's
   * (`head_config.json`, `model_head.safetensors`): the AdapterHub folder, ready for a page to download.
   */
  override async saveAdapterFiles(name: string, options: SaveAdapterOptions & { withHead?: boolean } = {}): Promise<FileMap> {
    // With a head the AdapterHub layout is written whatever `format` says, as the folder save always did.
    const files = await super.saveAdapterFiles(name, options.format === 'peft' && options.withHead !== false && this.heads.has(name) ? { ...options, format: 'adapterhub' } : options);
    if (options.withHead === false || !this.heads.has(name)) return files;
    for (const [file, bytes] of await this.saveHeadFiles(name)) files.set(file, bytes);
    return files;
  }

  /** `load_adapter` from a path or any `FileSource`, plus the head saved next to it when `withHead` (default true). */
  override async loadAdapter(directoryOrSource: string | FileSource, options: LoadAdapterOptions & { withHead?: boolean } = {}): Promise<string> {
    const source = memoizedSource(toFileSource(directoryOrSource));
    const name = await super.loadAdapter(source, options);
    if (options.withHead !== false && (await source.read(HEAD_CONFIG_FILE)) !== undefined) {
      await this.loadHead(source, { loadAs: options.loadAs, overwriteOk: true });
    }
    return name;
  }

  /** Frees everything the model owns: heads, adapters and fusions, then the encoder's own weights. */
  override dispose(): void {
    for (const head of this.heads.values()) head.dispose();
    this.heads.clear();
    super.dispose();
    this.encoder.dispose();
  }
}
