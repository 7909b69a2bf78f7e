import * as tf from '@tensorflow/tfjs-core';
import {
  firstAdapter,
  flattenAdapterNames,
  isCompositionBlock,
  type AdapterHooks,
  type AttentionPrefix,
  type CompositionBlock,
  type EmbeddingHookCall,
  type EmbeddingHookResult,
  type HookContext,
  type LinearHookCall,
  type PrefixHookCall,
  type ResidualHookCall,
} from '@adapters/core';
import type { BottleneckAdapter } from '../bottleneck/bottleneck-adapter';
import { composeBlock, setupTouches } from '../bottleneck/bottleneck-composition';
import { composeFuse } from '../fusion/fuse-composition';
import type { FusionEntry } from '../fusion/fusion-entry';
import { composeLoRA } from '../lora/lora-composition';
import type { LoRAModule } from '../lora/lora-module';
import { PrefixTuning, type PrefixShape } from '../prefix/prefix-tuning';
import { locationKey, type AdapterEntry, type LocationKey } from './adapter-entry';

/** What the hooks read from the model's adapter registry. */
export interface AdapterRegistryView {
  readonly entries: ReadonlyMap<string, AdapterEntry>;
  readonly mergedLinears: ReadonlySet<LocationKey>;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly hiddenSize: number;
  /** Prefix sizes (GQA hosts use their key/value heads); default from the three fields above. */
  readonly prefixShape?: PrefixShape;
  readonly fusions: ReadonlyMap<string, FusionEntry>;
}

function tileRows<T extends tf.Tensor>(tensor: T, rows: number): T {
  const current = tensor.shape[0] as number;
  if (current === rows) return tensor;
  return tf.tile(tensor, tensor.shape.map((_, axis) => (axis === 0 ? rows / current : 1))) as T;
}

function activeBlock(context: HookContext): CompositionBlock | undefined {
  return isCompositionBlock(context.adapterSetup) ? context.adapterSetup : undefined;
}

const PREFIX_SCRATCH = 'adapters.prefixKeyValues';

/** The hooks an `AdapterModel` installs on its backbone: every method, composed per the call's setup. */
export function createAdapterHooks(registry: AdapterRegistryView): AdapterHooks {
  const bottlenecksAt = (layer: number, site: string): Map<string, BottleneckAdapter> => {
    const found = new Map<string, BottleneckAdapter>();
    const key = locationKey(layer, site);
    for (const [name, entry] of registry.entries) {
      const adapter = entry.bottlenecks.get(key);
      if (adapter !== undefined) found.set(name, adapter);
    }
    return found;
  };
  const lorasAt = (key: LocationKey): Map<string, LoRAModule> => {
    const found = new Map<string, LoRAModule>();
    for (const [name, entry] of registry.entries) {
      const module = entry.loras.get(key);
      if (module !== undefined) found.set(name, module);
    }
    return found;
  };

  return {
    prepare(context: HookContext): void {
      const setup = activeBlock(context);
      if (setup === undefined) return;
      const prefixes = new Map<string, tf.Tensor2D>();
      for (const name of flattenAdapterNames(setup)) {
        const prefix = registry.entries.get(name)?.prefix;
        if (prefix !== undefined) prefixes.set(name, prefix.keyValues(context.training));
      }
      if (prefixes.size > 0) context.scratch.set(PREFIX_SCRATCH, prefixes);
    },

    embeddingOutput({ hidden, attentionMask }: EmbeddingHookCall, context: HookContext): tf.Tensor3D | EmbeddingHookResult {
      const setup = activeBlock(context);
      if (setup === undefined) return hidden;
      const invertible = registry.entries.get(firstAdapter(setup))?.invertible;
      let current = invertible === undefined ? hidden : (invertible.apply(hidden) as tf.Tensor3D);
      let mask = attentionMask;
      let prompted = false;
      for (const name of flattenAdapterNames(setup)) {
        const prompt = registry.entries.get(name)?.prompt;
        if (prompt === undefined) continue;
        ({ hidden: current, attentionMask: mask } = prompt.apply(current, mask));
        prompted = true;
      }
      return prompted ? { hidden: current, attentionMask: mask } : current;
    },

    linearOutput(call: LinearHookCall, context: HookContext): tf.Tensor {
      const setup = activeBlock(context);
      const key = locationKey(call.layer, call.site);
      if (setup === undefined || registry.mergedLinears.has(key)) return call.output;
      const modules = lorasAt(key);
      if (!setupTouches(setup, modules)) return call.output;
      const rows = Math.max(call.input.shape[0] as number, call.output.shape[0] as number);
      const state = composeLoRA(
        setup,
        { layerInput: tileRows(call.input, rows), hidden: undefined, layerOutput: tileRows(call.output, rows), last: undefined },
        { modules, training: context.training, scratch: context.scratch },
      );
      const last = state.last === undefined ? undefined : modules.get(state.last);
      if (last === undefined || state.hidden === undefined) return state.layerOutput;
      return last.combine(state.layerOutput, state.hidden);
    },

    residual(call: ResidualHookCall, context: HookContext): tf.Tensor3D | undefined {
      const setup = activeBlock(context);
      if (setup === undefined) return undefined;
      const adapters = bottlenecksAt(call.layer, call.site);
      if (!setupTouches(setup, adapters)) return undefined;
      const rows = Math.max(call.hidden.shape[0], call.input.shape[0]);
      const hidden = tileRows(call.hidden, rows);
      const input = tileRows(call.input, rows);
      const result = composeBlock(
        setup,
        { hidden, input, adapterResidual: input },
        {
          location: locationKey(call.layer, call.site),
          adapters,
          layerNorm: call.layerNorm,
          training: context.training,
          scratch: context.scratch,
          fuse: (block, state, environment, level) => composeFuse(registry.fusions, block, state, environment, level),
        },
      );
      const last = result.last === undefined ? undefined : adapters.get(result.last);
      if (last === undefined) return call.layerNorm(tf.add(hidden, input));
      const finalRows = result.hidden.shape[0];
      return last.postForward(result.hidden, tileRows(hidden, finalRows), result.input, call.layerNorm);
    },

    attentionPrefix(call: PrefixHookCall, context: HookContext): AttentionPrefix | undefined {
      const prefixes = context.scratch.get(PREFIX_SCRATCH) as Map<string, tf.Tensor2D> | undefined;
      const setup = activeBlock(context);
      if (prefixes === undefined || setup === undefined) return undefined;
      const shape = registry.prefixShape ?? { numLayers: registry.numLayers, numHeads: registry.numHeads, hiddenSize: registry.hiddenSize };
      const collected: AttentionPrefix[] = [];
      // A Stack prepends each child's prefix in turn, so the last child's prefix ends up first.
      for (const name of flattenAdapterNames(setup)) {
        const entry = registry.entries.get(name);
        const keyValues = prefixes.get(name);
        if (entry?.prefix === undefined || keyValues === undefined) continue;
        if (entry.prefix.config.leaveOut.includes(call.layer)) continue;
        collected.unshift(PrefixTuning.layerPrefix(keyValues, call.layer, call.batchSize, shape));
      }
      if (collected.length === 0) return undefined;
      if (collected.length === 1) return collected[0];
      return { key: tf.concat(collected.map((prefix) => prefix.key), 2), value: tf.concat(collected.map((prefix) => prefix.value), 2) };
    },
  };
}
