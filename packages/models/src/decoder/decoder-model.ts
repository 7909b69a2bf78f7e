import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  Module,
  ShapeMismatchError,
  tidyOutputs,
  type AdapterHooks,
  type AdapterHost,
  type AdapterLayout,
  type FusedLinearSite,
  type HookContext,
  type LinearParameters,
  type LinearSite,
} from '@adapters/core';
import { tileBatchTo } from '../bert/batch-alignment';
import type { DecoderConfig } from '../config/decoder-config';
import { causalMask } from './causal-attention';
import type { DecoderForwardOptions, DecoderInputs, DecoderOutput } from './decoder-io';
import type { KeyValueCache } from './key-value-cache';

/** What a decoder block receives besides its input (built once per forward). */
export interface DecoderLayerCall {
  /** Additive `[B, 1, T, past + T]` causal + padding mask over tokens (prefix columns are added per layer). */
  readonly mask: tf.Tensor4D;
  /** `[B, T]` int32 positions of the new tokens. */
  readonly positionIds: tf.Tensor2D;
  readonly hooks: AdapterHooks | undefined;
  readonly context: HookContext;
  readonly cache: KeyValueCache | undefined;
}

/** One transformer block of a decoder. */
export interface DecoderBlock extends Module {
  linearParameters(site: LinearSite | FusedLinearSite): LinearParameters;
  apply(hidden: tf.Tensor3D, call: DecoderLayerCall): tf.Tensor3D;
}

/**
 * What GPT-2 and Llama share: the `AdapterHost` view, the causal forward loop (hooks, hidden states, cache,
 * last-token index) and HF's `hidden_states` convention (the last entry is after the final norm).
 */
export abstract class DecoderModel extends Module implements AdapterHost {
  protected hooks: AdapterHooks | undefined;
  /** Set by the loader to the folder name when config.json has no `_name_or_path`. */
  modelName: string | undefined;
  abstract readonly layers: readonly DecoderBlock[];
  abstract readonly baseModelPrefix: string;
  abstract readonly adapterLayout: AdapterLayout;
  /** Decoders have no pooler; kept for the `ModelWithHeads` head context. */
  readonly pooler = undefined;

  constructor(readonly config: DecoderConfig) {
    super();
  }

  get modelType(): string {
    return this.config.modelType;
  }
  get hiddenSize(): number {
    return this.config.hiddenSize;
  }
  get numLayers(): number {
    return this.config.numHiddenLayers;
  }
  get numHeads(): number {
    return this.config.numAttentionHeads;
  }
  get numKeyValueHeads(): number {
    return this.config.numKeyValueHeads;
  }
  get intermediateSize(): number {
    return this.config.intermediateSize;
  }
  get layerNormEps(): number {
    return this.config.layerNormEps;
  }
  get hiddenAct(): string {
    return this.config.hiddenAct;
  }
  get vocabSize(): number {
    return this.config.vocabSize;
  }

  linear(layer: number, site: LinearSite | FusedLinearSite): LinearParameters {
    const found = this.layers[layer];
    if (found === undefined) throw new RangeError(`layer ${layer} does not exist (the model has ${this.layers.length})`);
    return found.linearParameters(site);
  }

  abstract wordEmbeddings(): tf.Variable;

  setHooks(hooks: AdapterHooks | undefined): void {
    this.hooks = hooks;
  }

  /** `[B, T, H]` token (and, for GPT-2, position) embeddings after embedding dropout. */
  protected abstract embed(inputIds: tf.Tensor2D, positionIds: tf.Tensor2D, training: boolean): tf.Tensor3D;
  /** The final norm (`ln_f` / `norm`). */
  protected abstract finalNorm(hidden: tf.Tensor3D): tf.Tensor3D;

  private validateInputs(inputs: DecoderInputs, pastLength: number): void {
    const [batchSize, length] = inputs.inputIds.shape;
    const mask = inputs.attentionMask;
    if (mask !== undefined && (mask.shape[0] !== batchSize || mask.shape[1] !== pastLength + length)) {
      throw new ShapeMismatchError({ key: 'attentionMask', expected: [batchSize, pastLength + length], actual: mask.shape, source: 'the mask covers cached and new tokens' });
    }
    const positions = inputs.positionIds;
    if (positions !== undefined && (positions.shape[0] !== batchSize || positions.shape[1] !== length)) {
      throw new ShapeMismatchError({ key: 'positionIds', expected: [batchSize, length], actual: positions.shape });
    }
    if (pastLength + length > this.config.maxPositionEmbeddings && this.config.modelType === 'gpt2') {
      throw new ShapeMismatchError({
        key: 'inputIds',
        expected: [batchSize, this.config.maxPositionEmbeddings - pastLength],
        actual: inputs.inputIds.shape,
        source: `sequence longer than n_positions (${this.config.maxPositionEmbeddings})`,
      });
    }
  }

  /** Per row, the last token that is not `pad_token_id` (the last position when there is no pad id). */
  private sentenceIndex(inputIds: tf.Tensor2D): tf.Tensor1D {
    const length = inputIds.shape[1];
    const pad = this.config.padTokenId;
    if (pad === undefined) return tf.fill([inputIds.shape[0]], length - 1, 'int32') as tf.Tensor1D;
    const count = tf.sum(tf.cast(tf.notEqual(inputIds, pad), 'int32'), 1);
    return tf.where(tf.greater(count, 0), tf.sub(count, tf.scalar(1, 'int32')), tf.fill(count.shape, length - 1, 'int32')) as tf.Tensor1D;
  }

  /** Runs the decoder. Every returned tensor is owned by the caller; `options.cache` is extended in place. */
  forward(inputs: DecoderInputs, options: DecoderForwardOptions = {}): DecoderOutput {
    this.assertNotDisposed();
    if (options.layerRange !== undefined) {
      // The frozen-layer cache keeps unpadded per-example states; causal decoders are not wired for it yet.
      throw new InvalidConfigError({ path: 'layerRange', expected: `undefined: ${this.modelType} runs its whole layer stack (only BERT, RoBERTa and XLM-R encoders take a layer range)`, received: options.layerRange });
    }
    const cache = options.cache;
    const pastLength = cache?.length ?? 0;
    this.validateInputs(inputs, pastLength);
    const output = tidyOutputs(() => {
      const training = options.training ?? false;
      const [batchSize, length] = inputs.inputIds.shape;
      const fullMask = tf.cast(inputs.attentionMask ?? tf.ones([batchSize, pastLength + length], 'int32'), 'float32') as tf.Tensor2D;
      const currentMask = pastLength === 0 ? fullMask : (tf.slice(fullMask, [0, pastLength], [batchSize, length]) as tf.Tensor2D);
      const context: HookContext = { training, adapterSetup: options.adapterSetup, scratch: options.scratch ?? new Map(), attentionMask: currentMask };
      const hooks = this.hooks;
      hooks?.prepare?.(context);
      const positionIds =
        inputs.positionIds ?? (tf.tile(tf.expandDims(tf.range(pastLength, pastLength + length, 1, 'int32'), 0), [batchSize, 1]) as tf.Tensor2D);
      let hidden = this.embed(inputs.inputIds, positionIds, training);
      let keyMask = fullMask;
      let outputMask = currentMask;
      if (hooks?.embeddingOutput !== undefined) {
        const replaced = hooks.embeddingOutput({ hidden, attentionMask: currentMask }, context);
        if (replaced instanceof tf.Tensor) {
          hidden = replaced;
        } else {
          if (cache !== undefined) throw new ShapeMismatchError({ key: 'cache', expected: [0], actual: [pastLength], source: 'prompt tuning changes the sequence; generate without a cache' });
          hidden = replaced.hidden;
          keyMask = replaced.attentionMask;
          outputMask = replaced.attentionMask;
        }
      }
      const queryLength = hidden.shape[1];
      const layerPositions =
        queryLength === length ? positionIds : (tf.tile(tf.expandDims(tf.range(0, queryLength, 1, 'int32'), 0), [batchSize, 1]) as tf.Tensor2D);
      const call: DecoderLayerCall = { mask: causalMask(keyMask, queryLength, pastLength), positionIds: layerPositions, hooks, context, cache };
      const hiddenStates: tf.Tensor3D[] = [hidden];
      for (const layer of this.layers) {
        hidden = layer.apply(hidden, call);
        hiddenStates.push(hidden);
      }
      hidden = this.finalNorm(hidden);
      // HF: the last hidden state replaces the last block's output in `hidden_states`.
      hiddenStates[hiddenStates.length - 1] = hidden;
      const rows = hidden.shape[0];
      const result: { -readonly [K in keyof DecoderOutput]: DecoderOutput[K] } = {
        lastHiddenState: hidden,
        attentionMask: tileBatchTo(outputMask, rows, 'attention_mask'),
      };
      if (cache === undefined) result.sentenceIndex = tileBatchTo(this.sentenceIndex(inputs.inputIds), rows, 'sentence_index');
      if (options.outputHiddenStates === true) result.hiddenStates = hiddenStates;
      return result as DecoderOutput;
    });
    if (cache !== undefined) cache.length = pastLength + inputs.inputIds.shape[1];
    return output;
  }
}
