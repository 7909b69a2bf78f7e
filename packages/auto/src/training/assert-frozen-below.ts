import { flattenAdapterNames, InvalidConfigError, TrainableFrozenLayerError } from '@adapters/core';
import { isDecoder } from '@adapters/models';
import type { ModelWithHeads } from '../model-with-heads';

const LAYER_INDEX = /(?:^|\.)layer\.(\d+)\./;
/** What runs before layer 0: the embeddings, invertible adapters (on the embedding output) and soft prompts. */
const BEFORE_FIRST_LAYER = /^(?:embeddings\.|invertible_adapters\.|prompt_tuning\.)/;

function layerOf(name: string): number | 'embeddings' | undefined {
  if (BEFORE_FIRST_LAYER.test(name)) return 'embeddings';
  const match = LAYER_INDEX.exec(name);
  return match === null ? undefined : Number(match[1]);
}

const below = (layer: number | 'embeddings' | undefined, layers: number): layer is number | 'embeddings' =>
  layer === 'embeddings' || (layer !== undefined && layer < layers);

function range(layers: number): string {
  return `[${Array.from({ length: layers }, (_, index) => index).join(', ')}]`;
}

/**
 * Checks that nothing below layer `layers` trains, as the frozen-layer cache (AdapterDrop) needs: the
 * backbone's embeddings and layers 0..layers-1, every adapter's and fusion's modules there, invertible adapters
 * and prompts (before layer 0), and prefix tuning unless its `leave_out` covers those layers. Throws
 * `TrainableFrozenLayerError` naming the first offender.
 */
export function assertFrozenBelow(model: ModelWithHeads, layers: number): void {
  const numLayers = model.encoder.numLayers;
  if (!(Number.isInteger(layers) && layers >= 0 && layers <= numLayers)) {
    throw new InvalidConfigError({ path: 'cacheFrozenLayers', expected: `an integer in [0, ${numLayers}] (the model has ${numLayers} layers)`, received: layers });
  }
  if (isDecoder(model.encoder)) {
    throw new InvalidConfigError({ path: 'cacheFrozenLayers', expected: `undefined for ${model.encoder.modelType}: the frozen-layer cache works on BERT, RoBERTa and XLM-R encoders`, received: layers });
  }
  const adapterHint = `add the adapter with leave_out covering ${range(layers)} (AdapterDrop; e.g. AdapterConfig.load('seq_bn', { leave_out: ${range(layers)} }); the CLI's --cache_frozen_layers does this for an adapter it adds), or lower cacheFrozenLayers`;
  for (const [name, variable] of model.encoder.namedParameters()) {
    const layer = layerOf(name);
    if (variable.trainable && below(layer, layers)) {
      throw new TrainableFrozenLayerError({
        parameter: `${model.encoder.baseModelPrefix}.${name}`,
        layer,
        cacheLayers: layers,
        hint: 'train adapters only (trainAdapter / --train_adapter) or lower cacheFrozenLayers',
      });
    }
  }
  const active = new Set(model.activeAdapters === null ? [] : flattenAdapterNames(model.activeAdapters));
  for (const adapter of model.adapterNames()) {
    const entry = model.adapterEntry(adapter);
    for (const [name, variable] of entry.namedParameters()) {
      if (!variable.trainable) continue;
      const layer = layerOf(name);
      if (below(layer, layers)) throw new TrainableFrozenLayerError({ parameter: name, adapter, layer, cacheLayers: layers, hint: adapterHint });
    }
    if (entry.prompt !== undefined && active.has(adapter)) {
      // a prompt lengthens every sequence, so the states are no longer one row per unpadded example
      throw new InvalidConfigError({ path: `adapters.${adapter}`, expected: 'no prompt tuning while cacheFrozenLayers is on (its soft prompt runs before layer 0)', received: 'prompt_tuning' });
    }
    const prefix = entry.prefix;
    if (prefix !== undefined && layers > 0 && entry.variables().some((variable) => variable.trainable)) {
      const parts = entry.config.architecture === 'union' ? entry.config.configs : [entry.config];
      const leaveOut = parts.find((part) => part.architecture === 'prefix_tuning')?.leaveOut ?? [];
      const missing = Array.from({ length: layers }, (_, index) => index).find((layer) => !leaveOut.includes(layer));
      if (missing !== undefined) {
        throw new TrainableFrozenLayerError({ parameter: `prefix_tuning.prefix_tunings.${adapter}`, adapter, layer: missing, cacheLayers: layers, hint: adapterHint });
      }
    }
  }
  for (const fusion of model.fusionNames()) {
    for (const [name, variable] of model.fusionEntry(fusion).namedParameters()) {
      const layer = layerOf(name);
      if (variable.trainable && below(layer, layers)) {
        throw new TrainableFrozenLayerError({ parameter: name, adapter: fusion, layer, cacheLayers: layers, hint: 'freeze the fusion layers below, or lower cacheFrozenLayers' });
      }
    }
  }
}
