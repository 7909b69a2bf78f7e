import type * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  Module,
  bottleneckSize,
  type AdapterConfig,
  type AdapterHost,
  type AdapterLayout,
  type FusedLinearSite,
  type BottleneckConfig,
  type LinearSite,
  type LoRAConfig,
  type PrefixTuningConfig,
  type ResidualSite,
  type SingleAdapterConfig,
} from '@adapters/core';
import { BottleneckAdapter } from '../bottleneck/bottleneck-adapter';
import { PhmSharedParameters } from '../compacter/phm-layer';
import { GlowCoupling } from '../invertible/glow-coupling';
import { NiceCoupling } from '../invertible/nice-coupling';
import { PromptTuning } from '../prompt/prompt-tuning';
import { LoRAModule } from '../lora/lora-module';
import { PrefixTuning, type PrefixShape } from '../prefix/prefix-tuning';
import { MergedLoRAModule } from '../lora/merged-lora-module';

/** `attention` → `attention.output`, `ffn` → `output`: where HF BERT keeps the adapters of each location. */
export const RESIDUAL_PATHS: Readonly<Record<ResidualSite, string>> = {
  attention: 'attention.output',
  ffn: 'output',
};

export const LINEAR_PATHS: Readonly<Record<LinearSite, string>> = {
  'attention.query': 'attention.self.query',
  'attention.key': 'attention.self.key',
  'attention.value': 'attention.self.value',
  'attention.output': 'attention.output.dense',
  'ffn.intermediate': 'intermediate.dense',
  'ffn.output': 'output.dense',
};

/** BERT's names: the layout of hosts that do not give one. */
export const BERT_ADAPTER_LAYOUT: AdapterLayout = {
  residualPath: (layer, site) => `encoder.layer.${layer}.${RESIDUAL_PATHS[site]}`,
  linearPath: (layer, site) => (site === 'attention.qkv' ? undefined : `encoder.layer.${layer}.${LINEAR_PATHS[site]}`),
  fusedQkv: false,
  residualWithoutLayerNorm: false,
};

/** The adapter module paths of a host. */
export function adapterLayoutOf(host: AdapterHost): AdapterLayout {
  return host.adapterLayout ?? BERT_ADAPTER_LAYOUT;
}

/** Prefix-tuning sizes of a host: GQA models size prefixes by their key/value heads. */
export function prefixShapeOf(host: AdapterHost): PrefixShape {
  const keyValueHeads = host.numKeyValueHeads ?? host.numHeads;
  const headSize = Math.floor(host.hiddenSize / host.numHeads);
  return { numLayers: host.numLayers, numHeads: keyValueHeads, hiddenSize: host.hiddenSize, keyValueSize: keyValueHeads * headSize };
}

export type LocationKey = `${number}:${string}`;

export function locationKey(layer: number, site: string): LocationKey {
  return `${layer}:${site}`;
}

/** Every module one adapter owns, registered under its full dotted path relative to the base model. */
export class AdapterEntry extends Module {
  readonly bottlenecks = new Map<LocationKey, BottleneckAdapter>();
  readonly loras = new Map<LocationKey, LoRAModule>();
  prefix: PrefixTuning | undefined;
  prompt: PromptTuning | undefined;
  invertible: NiceCoupling | GlowCoupling | undefined;

  constructor(
    readonly name: string,
    readonly config: AdapterConfig,
    host: AdapterHost,
  ) {
    super();
    const parts: readonly SingleAdapterConfig[] = config.architecture === 'union' ? config.configs : [config];
    try {
      for (const part of parts) {
        if (part.architecture === 'bottleneck') this.buildBottleneck(part, host);
        else if (part.architecture === 'lora') this.buildLoRA(part, host);
        else if (part.architecture === 'prefix_tuning') this.buildPrefix(part, host);
        else if (part.architecture === 'prompt_tuning') {
          this.prompt = this.addModule(`prompt_tuning.prompt_tunings.${this.name}`, new PromptTuning(part, host.hiddenSize));
        } else {
          throw new InvalidConfigError({ path: 'architecture', expected: 'bottleneck, lora, prefix_tuning or prompt_tuning', received: (part as { architecture: unknown }).architecture });
        }
      }
    } catch (error) {
      // nothing half-built: release whatever was created before the failure
      this.dispose();
      throw error;
    }
  }

  private buildBottleneck(config: BottleneckConfig, host: AdapterHost): void {
    const phmShared = config.phmLayer ? this.addModule(`shared_parameters.${this.name}`, new PhmSharedParameters(config)) : undefined;
    const sites: ResidualSite[] = [];
    if (config.mhAdapter) sites.push('attention');
    if (config.outputAdapter) sites.push('ffn');
    for (let layer = 0; layer < host.numLayers; layer++) {
      if (config.leaveOut.includes(layer)) continue;
      for (const site of sites) {
        const size = bottleneckSize(config, host.hiddenSize, layer);
        const adapter = this.addModule(
          `${adapterLayoutOf(host).residualPath(layer, site)}.adapters.${this.name}`,
          new BottleneckAdapter(config, host.hiddenSize, size, phmShared),
        );
        this.bottlenecks.set(locationKey(layer, site), adapter);
      }
    }
    if (config.invAdapter !== null) {
      const Coupling = config.invAdapter === 'glow' ? GlowCoupling : NiceCoupling;
      this.invertible = this.addModule(
        `invertible_adapters.${this.name}`,
        new Coupling(host.hiddenSize, config.invAdapterReductionFactor ?? 2, config.nonLinearity),
      );
    }
  }

  private buildLoRA(config: LoRAConfig, host: AdapterHost): void {
    const layout = adapterLayoutOf(host);
    const sites: Array<LinearSite | FusedLinearSite> = [];
    if (config.selfattnLora) {
      if (layout.fusedQkv && ['q', 'k', 'v'].some((matrix) => config.attnMatrices.includes(matrix as 'q'))) sites.push('attention.qkv');
      if (!layout.fusedQkv && config.attnMatrices.includes('q')) sites.push('attention.query');
      if (!layout.fusedQkv && config.attnMatrices.includes('k')) sites.push('attention.key');
      if (!layout.fusedQkv && config.attnMatrices.includes('v')) sites.push('attention.value');
    }
    if (config.intermediateLora) sites.push('ffn.intermediate');
    if (config.outputLora) sites.push('ffn.output');
    for (let layer = 0; layer < host.numLayers; layer++) {
      if (config.leaveOut.includes(layer)) continue;
      for (const site of sites) {
        const path = layout.linearPath(layer, site);
        if (path === undefined) continue;
        const linear = host.linear(layer, site);
        const module = this.addModule(
          `${path}.loras.${this.name}`,
          site === 'attention.qkv' ? new MergedLoRAModule(config, linear.inFeatures, linear.outFeatures) : new LoRAModule(config, linear.inFeatures, linear.outFeatures),
        );
        this.loras.set(locationKey(layer, site), module);
      }
    }
  }

  private buildPrefix(config: PrefixTuningConfig, host: AdapterHost): void {
    this.prefix = this.addModule(
      `prefix_tuning.prefix_tunings.${this.name}.self_prefix`,
      new PrefixTuning(config, prefixShapeOf(host)),
    );
  }

  /** `[alias, canonical]` full names of parameters the library stores twice. */
  parameterAliases(): Array<[string, string]> {
    const aliases: Array<[string, string]> = [];
    for (const [path, module] of this.childEntries()) {
      if (module instanceof BottleneckAdapter) {
        for (const [alias, canonical] of module.parameterAliases()) aliases.push([`${path}.${alias}`, `${path}.${canonical}`]);
      }
    }
    return aliases;
  }

  trainableParameterCount(): number {
    return this.parameterCount();
  }

  variables(): tf.Variable[] {
    return this.namedParameters().map(([, variable]) => variable);
  }
}
