import * as tf from '@tensorflow/tfjs-core';
import {
  StateDictError,
  readSafetensors,
  writeSafetensors,
  type Batch,
  type CompositionBlock,
  type FrozenLayerCacheOptions,
  type HeadLabels,
  type TensorData,
  type TrainableModel,
  nodeModule,
} from '@adapters/core';
import type { EncoderInputs } from '@adapters/models';
import type { ModelWithHeads } from '../model-with-heads';
import { assertFrozenBelow } from './assert-frozen-below';
import { FrozenLayerCache, type FrozenLayerCacheStats } from './frozen-layer-cache';
import { fillFrozenStates, missingRowsBatch, planFrozenStates, type FrozenStatesPlan } from './frozen-layer-states';

const { existsSync } = nodeModule<typeof import('node:fs')>('node:fs');
const { readdir } = nodeModule<typeof import('node:fs/promises')>('node:fs/promises');
const path = nodeModule<typeof import('node:path')>('node:path');

/** Turns a batch of typed arrays into encoder inputs and labels (inside the caller's tidy). */
export function batchTensors(batch: Batch): { inputs: EncoderInputs; labels: HeadLabels | undefined } {
  const [rows, length] = batch.shape;
  const inputs: EncoderInputs = {
    inputIds: tf.tensor2d(batch.inputIds, [rows, length], 'int32'),
    attentionMask: tf.tensor2d(batch.attentionMask, [rows, length], 'int32'),
    tokenTypeIds: batch.tokenTypeIds === undefined ? undefined : tf.tensor2d(batch.tokenTypeIds, [rows, length], 'int32'),
  };
  if (batch.startPositions !== undefined && batch.endPositions !== undefined) {
    return { inputs, labels: { startPositions: tf.tensor1d(batch.startPositions, 'int32'), endPositions: tf.tensor1d(batch.endPositions, 'int32') } };
  }
  if (batch.labels === undefined) return { inputs, labels: undefined };
  // token-level labels (tagging, language modelling) come as [batch, length] without an explicit shape
  const shape = batch.labelShape !== undefined ? [...batch.labelShape] : batch.labels.length === rows * length && length > 1 ? [rows, length] : [rows];
  const labels = batch.labels instanceof Float32Array ? tf.tensor(batch.labels, shape, 'float32') : tf.tensor(batch.labels, shape, 'int32');
  return { inputs, labels: { labels } };
}

function containsFuse(setup: CompositionBlock | null): string[] {
  if (setup === null) return [];
  const found: string[] = [];
  const visit = (block: CompositionBlock): void => {
    if (block.kind === 'fuse') found.push(block.name);
    for (const child of block.children) if (typeof child !== 'string') visit(child);
  };
  visit(setup);
  return found;
}

/**
 * A `ModelWithHeads` as the trainer sees it: loss on a batch (plus the fusion regularisation term, added
 * before the optimizer step), eval logits, named trainable parameters, and AdapterHub-layout checkpoints
 * (adapters, fusions and heads only, unless the backbone trains too).
 */
export class TrainableModelWithHeads implements TrainableModel {
  constructor(
    readonly model: ModelWithHeads,
    private readonly options: { head?: string; /** Dropout during training (default true). */ dropout?: boolean } = {},
  ) {}

  private frozen: { readonly layers: number; readonly cache: FrozenLayerCache; readonly prepared: WeakMap<Batch, Float32Array> } | undefined;

  /**
   * AdapterDrop's frozen-layer cache: checks that nothing below layer `layers` trains (typed error naming the
   * adapter and layer otherwise), then training forwards start at that layer from states computed once per
   * example in eval mode (no dropout below), kept in host memory up to `maxBytes`.
   */
  enableFrozenLayerCache(options: FrozenLayerCacheOptions): void {
    assertFrozenBelow(this.model, options.layers);
    this.frozen = { layers: options.layers, cache: new FrozenLayerCache(this.model.encoder.hiddenSize, options.maxBytes), prepared: new WeakMap() };
  }

  disableFrozenLayerCache(): void {
    this.frozen?.cache.clear();
    this.frozen = undefined;
  }

  /** Rows, bytes, hits and computed rows of the frozen-layer cache; undefined when it is off. */
  get frozenLayerCacheStats(): FrozenLayerCacheStats | undefined {
    return this.frozen?.cache.stats;
  }

  /** The lower layers' states of the missing rows, as a tensor the caller reads and disposes. */
  private computeLowerStates(batch: Batch, plan: FrozenStatesPlan, layers: number): tf.Tensor {
    return tf.tidy(() => {
      const { inputs } = batchTensors(missingRowsBatch(batch, plan));
      // eval mode: the cached states must not depend on a dropout mask
      return this.model.forward(inputs, { training: false, head: null, layerRange: { end: layers } }).lastHiddenState;
    });
  }

  /** Fills the cache for a batch before the step's tape starts, so the lower layers leave nothing on it. */
  async prepareBatch(batch: Batch): Promise<void> {
    const frozen = this.frozen;
    if (frozen === undefined) return;
    const plan = planFrozenStates(frozen.cache, batch);
    if (plan.missing.length === 0) {
      frozen.prepared.set(batch, plan.states);
      return;
    }
    const computed = this.computeLowerStates(batch, plan, frozen.layers);
    try {
      frozen.prepared.set(batch, fillFrozenStates(frozen.cache, batch, plan, (await computed.data()) as Float32Array));
    } finally {
      computed.dispose();
    }
  }

  /** The batch's states from `prepareBatch`, or computed here (synchronous read) for a caller that skipped it. */
  private frozenStates(batch: Batch): Float32Array | undefined {
    const frozen = this.frozen;
    if (frozen === undefined) return undefined;
    const prepared = frozen.prepared.get(batch);
    if (prepared !== undefined) {
      frozen.prepared.delete(batch);
      return prepared;
    }
    const plan = planFrozenStates(frozen.cache, batch);
    if (plan.missing.length === 0) return plan.states;
    const computed = this.computeLowerStates(batch, plan, frozen.layers);
    try {
      return fillFrozenStates(frozen.cache, batch, plan, computed.dataSync() as Float32Array);
    } finally {
      computed.dispose();
    }
  }

  loss(batch: Batch, options: { readonly training: boolean }): tf.Scalar {
    const states = options.training ? this.frozenStates(batch) : undefined;
    return tf.tidy(() => {
      const { inputs, labels } = batchTensors(batch);
      const training = options.training && this.options.dropout !== false;
      const [rows, length] = batch.shape;
      const layerRange =
        states === undefined || this.frozen === undefined
          ? undefined
          : { start: { layer: this.frozen.layers, hiddenStates: tf.tensor3d(states, [rows, length, this.model.encoder.hiddenSize]) } };
      const output = this.model.forward(inputs, { labels, training, lossOnly: true, head: this.options.head, layerRange });
      if (output.loss === undefined) throw new StateDictError({ missingKeys: ['loss'], unexpectedKeys: [], source: 'the active head returned no loss (are labels missing?)' });
      let loss: tf.Scalar = output.loss;
      for (const name of containsFuse(this.model.activeAdapters)) {
        const fusion = this.model.fusionEntry(name);
        if (fusion.config.regularization) loss = tf.add(loss, fusion.regularizationLoss());
      }
      return loss;
    });
  }

  predict(batch: Batch): tf.Tensor {
    return tf.tidy(() => {
      const { inputs } = batchTensors(batch);
      const output = this.model.forward(inputs, { head: this.options.head });
      return (output.logits ?? output.startLogits) as tf.Tensor;
    });
  }

  namedTrainableParameters(): Array<[string, tf.Variable]> {
    return this.model.namedParameters().filter(([, variable]) => variable.trainable);
  }

  get trainsAdaptersOnly(): boolean {
    return this.model.encoder.namedParameters().every(([, variable]) => !variable.trainable);
  }

  async saveCheckpoint(directory: string): Promise<void> {
    if (!this.trainsAdaptersOnly) {
      const tensors = new Map<string, TensorData>();
      for (const [name, variable] of this.model.namedParameters()) {
        tensors.set(name, { dtype: 'float32', shape: variable.shape, values: (await variable.data()) as Float32Array });
      }
      await writeSafetensors(path.join(directory, 'model.safetensors'), tensors, { format: 'pt' });
      return;
    }
    await this.model.saveAllAdapters(directory);
    if (this.model.fusionNames().length > 0) await this.model.saveAllAdapterFusions(directory);
    await this.model.saveAllHeads(directory);
  }

  /** Restores weights saved by `saveCheckpoint` into the existing adapters, fusions and heads (flags kept). */
  async loadCheckpoint(directory: string): Promise<void> {
    const full = path.join(directory, 'model.safetensors');
    if (existsSync(full)) {
      const { tensors } = await readSafetensors(full);
      const named = new Map(this.model.namedParameters());
      const missing = [...named.keys()].filter((key) => !tensors.has(key));
      if (missing.length > 0) throw new StateDictError({ missingKeys: missing, unexpectedKeys: [], source: full });
      tf.tidy(() => {
        for (const [name, variable] of named) {
          const value = tensors.get(name) as TensorData;
          variable.assign(tf.tensor(value.values, [...value.shape], 'float32'));
        }
      });
      return;
    }
    const folders = new Set(await readdir(directory));
    for (const name of this.model.adapterNames()) if (folders.has(name)) await this.model.restoreAdapterWeights(path.join(directory, name), name);
    for (const name of this.model.fusionNames()) if (folders.has(name)) await this.model.restoreFusionWeights(path.join(directory, name), name);
    for (const name of this.model.headNames()) {
      if (folders.has(name) && existsSync(path.join(directory, name, 'head_config.json'))) await this.model.loadHead(path.join(directory, name), { setActive: false });
    }
  }
}
