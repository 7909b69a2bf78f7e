import * as tf from '@tensorflow/tfjs-core';
import {
  AdapterConfig,
  CompositionError,
  Fuse,
  Stack,
  isCompositionBlock,
  lastAdapter,
  loadAdapterFusionConfig,
  type AdapterFusionConfig,
  type FuseBlock,
  DisposedError,
  InvalidConfigError,
  NoSuchEntryError,
  flattenAdapterNames,
  parseComposition,
  parseLegacyAdapterNames,
  validateSetup,
  type AdapterHostModel,
  type FusedLinearSite,
  type LinearSite,
  type AdapterSetup,
  type CompositionBlock,
  type HostForwardOptions,
  toFileSource,
  type FileMap,
  type FileSource,
} from '@adapters/core';
import { createAdapterHooks, type AdapterRegistryView } from './adapter-hooks';
import { AdapterEntry, locationKey, prefixShapeOf, type LocationKey } from './adapter-entry';
import { ModelAdaptersConfig, type AdapterTypeName } from './model-adapters-config';
import { formatAdapterSummary, type AdapterSummaryRow } from './adapter-summary';
import { adapterFiles, loadAdapter, restoreAdapterWeights, saveAdapter, saveAllAdapters, type LoadAdapterOptions, type SaveAdapterOptions } from '../io/adapter-files';
import { isPeftFolder, loadPeftAdapter, peftAdapterFiles, savePeftAdapter } from '../io/peft-files';
import { adapterFusionFiles, loadAdapterFusion, restoreFusionWeights, saveAdapterFusion, saveAllAdapterFusions } from '../io/fusion-files';
import { FusionEntry } from '../fusion/fusion-entry';
import { FUSION_ATTENTIONS_SCRATCH } from '../fusion/fuse-composition';

/** What `addAdapterFusion` accepts as a fusion config: a preset, a dict or a typed config. */
export type AdapterFusionConfigInput = 'dynamic' | 'static' | AdapterFusionConfig | Readonly<Record<string, unknown>>;

/** What `addAdapter` accepts as a config: a preset name or config string, a snake_case dict, or a typed config. */
export type AdapterConfigInput = string | AdapterConfig | Readonly<Record<string, unknown>>;

export interface AddAdapterOptions {
  /** Replace an existing adapter of the same name instead of throwing. */
  readonly overwriteOk?: boolean;
  /** Make the new adapter the active setup. */
  readonly setActive?: boolean;
}

export interface AdapterForwardOptions extends Omit<HostForwardOptions, 'adapterSetup'> {
  /** Collect the fusion attention probabilities into this map (keys `<fusion>.layer<i>.<location>`, `[B, T, N]`). */
  readonly fusionAttentions?: Map<string, tf.Tensor>;
  /**
   * Overrides the active setup for this call. A composition block or a name; a list uses the seed's
   * list-of-lists rule: the outer list is a Stack, an inner list is a Fuse (`['a', 'b']` fuses a and b).
   */
  readonly adapterNames?: AdapterSetup | readonly (string | readonly string[])[] | null;
}

/** A LoRA delta `[out, in]` or IA3 scale `[out, 1]` in the layout of the weight it merges into (Conv1D: `[in, out]`). */
function alignedDelta(delta: tf.Tensor, isScale: boolean, layout: 'out_in' | 'in_out' | undefined): tf.Tensor {
  if (layout !== 'in_out') return delta;
  return isScale ? tf.reshape(delta, [1, -1]) : tf.transpose(delta);
}

const ADAPTER_TYPES: readonly AdapterTypeName[] = ['text_task', 'text_lang'];

function isAdapterType(value: unknown): value is AdapterTypeName {
  return typeof value === 'string' && (ADAPTER_TYPES as readonly string[]).includes(value);
}

/**
 * A backbone with adapters: the AdapterHub model API (`addAdapter`, `trainAdapter`, `setActiveAdapters`, ...)
 * over any `AdapterHostModel`. Methods attach through the host's hook points only.
 */
export class AdapterModel<TInputs, TOutput> {
  readonly config: { readonly adapters: ModelAdaptersConfig };
  private readonly entries = new Map<string, AdapterEntry>();
  private readonly fusions = new Map<string, FusionEntry>();
  private readonly mergedLinears = new Map<LocationKey, string>();
  private active: CompositionBlock | null = null;
  private disposed = false;
  /** Extra registry hooks (fusion) plug in here. */
  protected registryView: AdapterRegistryView;

  constructor(readonly backbone: AdapterHostModel<TInputs, TOutput>) {
    this.config = { adapters: new ModelAdaptersConfig() };
    const mergedKeys = this.mergedLinears;
    this.registryView = {
      entries: this.entries,
      get mergedLinears() {
        return new Set(mergedKeys.keys());
      },
      numLayers: backbone.numLayers,
      numHeads: backbone.numHeads,
      hiddenSize: backbone.hiddenSize,
      prefixShape: prefixShapeOf(backbone),
      fusions: this.fusions,
    };
    backbone.setHooks(createAdapterHooks(this.registryView));
  }

  private assertNotDisposed(): void {
    if (this.disposed) throw new DisposedError('AdapterModel');
  }

  private entry(name: string): AdapterEntry {
    const found = this.entries.get(name);
    if (found === undefined) throw new NoSuchEntryError({ registry: 'adapter', key: name, available: [...this.entries.keys()] });
    return found;
  }

  /** Names of every adapter, in the order they were added. */
  adapterNames(): string[] {
    return [...this.entries.keys()];
  }

  hasAdapter(name: string): boolean {
    return this.entries.has(name);
  }

  /** The modules of one adapter (for save/load and inspection). */
  adapterEntry(name: string): AdapterEntry {
    return this.entry(name);
  }

  /**
   * Adds an adapter. Seed form: `addAdapter(name, AdapterType.textTask, config)`; modern form:
   * `addAdapter(name, config)`. The config defaults to `seq_bn` (Pfeiffer).
   */
  addAdapter(name: string, typeOrConfig?: AdapterTypeName | AdapterConfigInput, config?: AdapterConfigInput, options: AddAdapterOptions = {}): void {
    this.assertNotDisposed();
    if (typeof name !== 'string' || name === '' || /[.,]/.test(name)) {
      throw new InvalidConfigError({ path: 'name', expected: 'a non-empty adapter name without dots or commas', received: name });
    }
    const type = isAdapterType(typeOrConfig) ? typeOrConfig : undefined;
    const configInput = type === undefined ? (typeOrConfig as AdapterConfigInput | undefined) : config;
    const resolved = AdapterConfig.load((configInput ?? 'seq_bn') as Parameters<typeof AdapterConfig.load>[0]);
    this.installEntry(name, resolved, type, options);
  }

  /** @internal Registers a built adapter; also used by the loader once weights are in place. */
  installEntry(name: string, config: AdapterConfig, type: AdapterTypeName | undefined, options: AddAdapterOptions = {}, entry?: AdapterEntry): AdapterEntry {
    if (this.entries.has(name)) {
      if (options.overwriteOk !== true) {
        entry?.dispose();
        throw new InvalidConfigError({ path: 'name', expected: `a name not in use (pass { overwriteOk: true } to replace '${name}')`, received: name });
      }
      this.deleteAdapter(name);
    }
    const built = entry ?? new AdapterEntry(name, config, this.backbone);
    this.entries.set(name, built);
    this.config.adapters.set({ name, type, config });
    if (options.setActive === true) this.setActiveAdapters(name);
    return built;
  }

  /** Deletes an adapter and frees its variables; a setup that used it is deactivated. */
  deleteAdapter(name: string): void {
    this.assertNotDisposed();
    const entry = this.entry(name);
    for (const [key, merged] of [...this.mergedLinears]) if (merged === name) this.mergedLinears.delete(key);
    for (const [fusionName, fusion] of [...this.fusions]) {
      if (fusion.adapterNames.includes(name)) this.deleteAdapterFusion(fusionName);
    }
    entry.dispose();
    this.entries.delete(name);
    this.config.adapters.delete(name);
    if (this.active !== null && flattenAdapterNames(this.active).includes(name)) this.active = null;
  }

  private parseSetup(setup: unknown, legacyLists: boolean): CompositionBlock | null {
    const available = this.adapterNames();
    if (setup === null || setup === undefined) return null;
    const parsed =
      legacyLists && Array.isArray(setup)
        ? parseLegacyAdapterNames(setup, { available })
        : parseComposition(setup, { available, modelType: this.backbone.modelType });
    if (parsed !== null) validateSetup(parsed, { available, modelType: this.backbone.modelType });
    return parsed;
  }

  /** Activates a setup for every later forward call (a name, a block, a list → Stack); `null` deactivates. */
  setActiveAdapters(setup: AdapterSetup | readonly AdapterSetup[] | null): void {
    this.assertNotDisposed();
    this.active = this.parseSetup(setup, false);
  }

  get activeAdapters(): CompositionBlock | null {
    return this.active;
  }

  set activeAdapters(setup: AdapterSetup | readonly AdapterSetup[] | null) {
    this.setActiveAdapters(setup);
  }

  /**
   * Freezes the backbone and every other adapter, unfreezes the named adapters (with their invertible
   * modules) and activates them: what the seed's `train_adapter` does.
   */
  trainAdapter(names: string | readonly string[] | CompositionBlock): void {
    this.assertNotDisposed();
    const setup = this.parseSetup(typeof names === 'string' || Array.isArray(names) ? names : names, false);
    if (setup === null) throw new InvalidConfigError({ path: 'names', expected: 'at least one adapter name', received: names });
    this.freezeModel(true);
    for (const name of flattenAdapterNames(setup)) this.entry(name).setTrainable(true);
    this.active = setup;
  }

  /** Freezes (default) or unfreezes the backbone and all adapters, as the seed's `freeze_model`. */
  freezeModel(freeze = true): void {
    this.assertNotDisposed();
    this.backbone.setTrainable(!freeze);
    for (const entry of this.entries.values()) entry.setTrainable(!freeze);
    for (const fusion of this.fusions.values()) fusion.setTrainable(!freeze);
  }

  /** Resolves the setup of one call: per-call `adapterNames` (seed list rule) or the active setup. */
  resolveSetup(adapterNames?: AdapterForwardOptions['adapterNames']): CompositionBlock | null {
    if (adapterNames === undefined) return this.active;
    return this.parseSetup(adapterNames, true);
  }

  forward(inputs: TInputs, options: AdapterForwardOptions = {}): TOutput {
    this.assertNotDisposed();
    const { adapterNames, fusionAttentions, ...rest } = options;
    const scratch = rest.scratch ?? new Map<string, unknown>();
    if (fusionAttentions !== undefined) scratch.set(FUSION_ATTENTIONS_SCRATCH, fusionAttentions);
    return this.backbone.forward(inputs, { ...rest, scratch, adapterSetup: this.resolveSetup(adapterNames) ?? undefined });
  }

  /** Trainable variables of the backbone and every adapter. */
  trainableVariables(): tf.Variable[] {
    const variables = this.backbone.namedParameters().map(([, variable]) => variable);
    for (const entry of this.entries.values()) variables.push(...entry.variables());
    for (const fusion of this.fusions.values()) variables.push(...fusion.variables());
    return variables.filter((variable) => variable.trainable);
  }

  /** Merges a LoRA/IA3 adapter into the backbone weights (`merge_adapter`); its modules are then skipped. */
  mergeAdapter(name: string): void {
    this.assertNotDisposed();
    const entry = this.entry(name);
    if (entry.loras.size === 0) throw new InvalidConfigError({ path: 'name', expected: 'a LoRA or IA3 adapter', received: name });
    for (const [key, module] of entry.loras) {
      const other = this.mergedLinears.get(key);
      if (other === name) continue;
      if (other !== undefined) {
        throw new CompositionError({ block: 'merge', message: `Linear ${key} already has '${other}' merged; call resetAdapter() first.` });
      }
      if (module.config.useGating) throw new CompositionError({ block: 'merge', message: `Cannot merge '${name}': it uses gating.` });
    }
    for (const [key, module] of entry.loras) {
      if (this.mergedLinears.get(key) === name) continue;
      const [layer, site] = key.split(':') as [string, string];
      const linear = this.backbone.linear(Number(layer), site as LinearSite | FusedLinearSite);
      tf.tidy(() => {
        const delta = alignedDelta(module.deltaWeight(), module.isScale, linear.weightLayout);
        if (module.isScale) {
          linear.weight.assign(tf.mul(linear.weight, delta));
          if (linear.bias !== undefined) linear.bias.assign(tf.mul(linear.bias, tf.reshape(delta, [-1])));
        } else {
          linear.weight.assign(tf.add(linear.weight, delta));
        }
      });
      this.mergedLinears.set(key, name);
    }
  }

  /** Undoes `mergeAdapter` for every merged linear (`reset_adapter`). */
  resetAdapter(): void {
    this.assertNotDisposed();
    for (const [key, name] of [...this.mergedLinears]) {
      const module = this.entry(name).loras.get(key);
      if (module === undefined) continue;
      const [layer, site] = key.split(':') as [string, string];
      const linear = this.backbone.linear(Number(layer), site as LinearSite | FusedLinearSite);
      tf.tidy(() => {
        const delta = alignedDelta(module.deltaWeight(), module.isScale, linear.weightLayout);
        if (module.isScale) {
          linear.weight.assign(tf.div(linear.weight, delta));
          if (linear.bias !== undefined) linear.bias.assign(tf.div(linear.bias, tf.reshape(delta, [-1])));
        } else {
          linear.weight.assign(tf.sub(linear.weight, delta));
        }
      });
      this.mergedLinears.delete(key);
    }
  }

  /** Converts a prefix-tuning adapter from its MLP form to the flat form (`eject_prefix_tuning`). */
  ejectPrefixTuning(name: string): void {
    const prefix = this.entry(name).prefix;
    if (prefix === undefined) throw new InvalidConfigError({ path: 'name', expected: 'a prefix-tuning adapter', received: name });
    prefix.eject();
  }

  /** One row per adapter plus the full model, as the library's `adapter_summary(as_dict=True)`. */
  adapterSummaryRows(): AdapterSummaryRow[] {
    const backboneParameters = this.backbone.parameterCount();
    const active = new Set(this.active === null ? [] : flattenAdapterNames(this.active));
    const rows: AdapterSummaryRow[] = [...this.entries.values()].map((entry) => {
      const variables = entry.variables();
      const parameters = variables.reduce((total, variable) => total + variable.size, 0);
      return {
        name: entry.name,
        architecture: entry.config.architecture,
        parameters,
        percentOfBackbone: (100 * parameters) / backboneParameters,
        active: active.has(entry.name),
        trainable: variables.length > 0 && variables.every((variable) => variable.trainable),
      };
    });
    const backboneTrainable = this.backbone.namedParameters().every(([, variable]) => variable.trainable);
    rows.push({ name: 'Full model', architecture: '', parameters: backboneParameters, percentOfBackbone: 100, active: false, trainable: backboneTrainable });
    return rows;
  }

  /** The summary as a text table (`adapter_summary()`). */
  adapterSummary(): string {
    return formatAdapterSummary(this.adapterSummaryRows());
  }

  /** Writes an AdapterHub adapter folder (`adapter_config.json` + `adapter.safetensors`), or a PEFT one (`format: 'peft'`). */
  async saveAdapter(directory: string, name: string, options?: SaveAdapterOptions): Promise<void> {
    this.assertNotDisposed();
    if (options?.format === 'peft') await savePeftAdapter(this, directory, name);
    else await saveAdapter(this, directory, name, options);
  }

  /**
   * The files `saveAdapter` writes, as bytes (name → bytes): `adapter_config.json` + `adapter.safetensors`, or
   * PEFT's with `format: 'peft'`. Works anywhere: a page can offer them for download.
   */
  async saveAdapterFiles(name: string, options?: SaveAdapterOptions): Promise<FileMap> {
    this.assertNotDisposed();
    return options?.format === 'peft' ? peftAdapterFiles(this, name) : adapterFiles(this, name, options);
  }

  /** Writes every adapter into `directory/<name>/`, each with its `config_id`. */
  async saveAllAdapters(directory: string): Promise<void> {
    this.assertNotDisposed();
    await saveAllAdapters(this, directory);
  }

  /**
   * Loads an AdapterHub adapter folder, or an HF PEFT LoRA / (IA)^3 one, from a path or any `FileSource`
   * (`fileMapSource`, `urlSource`); returns the name it was registered under.
   */
  async loadAdapter(directoryOrSource: string | FileSource, options?: LoadAdapterOptions): Promise<string> {
    this.assertNotDisposed();
    const source = toFileSource(directoryOrSource);
    return (await isPeftFolder(source)) ? loadPeftAdapter(this, source, options) : loadAdapter(this, source, options);
  }

  // ---- AdapterFusion -------------------------------------------------------------------------------

  fusionNames(): string[] {
    return [...this.fusions.keys()];
  }

  hasAdapterFusion(name: string): boolean {
    return this.fusions.has(name);
  }

  fusionEntry(name: string): FusionEntry {
    const fusion = this.fusions.get(name);
    if (fusion === undefined) throw new NoSuchEntryError({ registry: 'adapter fusion', key: name, available: this.fusionNames() });
    return fusion;
  }

  private fuseBlock(setup: FuseBlock | readonly string[] | string): FuseBlock {
    if (typeof setup === 'string') return Fuse(...setup.split(','));
    if (isCompositionBlock(setup)) {
      if (setup.kind !== 'fuse') throw new CompositionError({ block: setup.kind, message: `Expected a Fuse block, got ${setup.kind}.` });
      return setup;
    }
    return Fuse(...(setup as readonly string[]));
  }

  /** @internal Builds (without registering) the fusion layers for `adapterNames`; the adapters must exist. */
  buildFusionEntry(name: string, adapterNames: readonly string[], config: AdapterFusionConfig): FusionEntry {
    const adapters = adapterNames.map((adapterName) => this.entry(adapterName));
    const attentionDropout = (this.backbone as { config?: { attentionProbsDropoutProb?: number } }).config?.attentionProbsDropoutProb ?? 0.1;
    return new FusionEntry(name, adapterNames, config, this.backbone, adapters, attentionDropout);
  }

  /** @internal */
  installFusionEntry(entry: FusionEntry, options: { overwriteOk?: boolean; setActive?: boolean } = {}): void {
    if (this.fusions.has(entry.name)) {
      if (options.overwriteOk !== true) {
        entry.dispose();
        throw new InvalidConfigError({ path: 'fusion', expected: `a fusion name not in use (pass { overwriteOk: true } to replace '${entry.name}')`, received: entry.name });
      }
      this.deleteAdapterFusion(entry.name);
    }
    this.fusions.set(entry.name, entry);
    if (options.setActive === true) this.setActiveAdapters(Stack(Fuse({ name: entry.name }, ...entry.adapterNames)));
  }

  /**
   * Adds fusion layers over the children of a Fuse block (`add_adapter_fusion`), at every location where all
   * fused adapters exist. The config defaults to `dynamic`.
   */
  addAdapterFusion(setup: FuseBlock | readonly string[] | string, config: AdapterFusionConfigInput = 'dynamic', options: { overwriteOk?: boolean; setActive?: boolean } = {}): string {
    this.assertNotDisposed();
    const block = this.fuseBlock(setup);
    const adapterNames = block.children.map((child) => (typeof child === 'string' ? child : lastAdapter(child)));
    const entry = this.buildFusionEntry(block.name, adapterNames, loadAdapterFusionConfig(config));
    this.installFusionEntry(entry, options);
    return block.name;
  }

  /** The seed-era name: `addFusion(['a', 'b', 'c'], 'dynamic')`. */
  addFusion(adapterNames: readonly string[] | string, config: AdapterFusionConfigInput = 'dynamic', options: { overwriteOk?: boolean; setActive?: boolean } = {}): string {
    return this.addAdapterFusion(typeof adapterNames === 'string' ? adapterNames : [...adapterNames], config, options);
  }

  deleteAdapterFusion(setup: FuseBlock | readonly string[] | string): void {
    const name = typeof setup === 'string' ? setup : this.fuseBlock(setup).name;
    const fusion = this.fusionEntry(name);
    fusion.dispose();
    this.fusions.delete(name);
    if (this.active !== null && JSON.stringify(this.active).includes(`"name":${JSON.stringify(name)}`)) this.active = null;
  }

  /**
   * Trains only the fusion layers (`train_adapter_fusion`): everything else frozen, the fused adapters too unless
   * `unfreezeAdapters`; the setup becomes active.
   */
  trainAdapterFusion(setup: FuseBlock | readonly string[] | string, options: { unfreezeAdapters?: boolean } = {}): void {
    this.assertNotDisposed();
    const block = this.fuseBlock(setup);
    const fusion = this.fusionEntry(block.name);
    this.freezeModel(true);
    fusion.setTrainable(true);
    if (options.unfreezeAdapters === true) for (const name of fusion.adapterNames) this.entry(name).setTrainable(true);
    this.setActiveAdapters(Stack(block));
  }

  /** The seed-era name: `trainFusion(['a', 'b', 'c'])`. */
  trainFusion(adapterNames: readonly string[] | string, options: { unfreezeAdapters?: boolean } = {}): void {
    this.trainAdapterFusion(typeof adapterNames === 'string' ? adapterNames : [...adapterNames], options);
  }

  /** `sum over fusion layers with a trainable value matrix of 0.01 * ||I - V||^2` (`get_fusion_regularization_loss`). */
  fusionRegularizationLoss(): tf.Scalar {
    return tf.tidy(() => {
      const terms = [...this.fusions.values()].map((fusion) => fusion.regularizationLoss());
      return (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
    });
  }

  async saveAdapterFusion(directory: string, name: string): Promise<void> {
    this.assertNotDisposed();
    await saveAdapterFusion(this, directory, name);
  }

  /** The files `saveAdapterFusion` writes, as bytes: `adapter_fusion_config.json` + `model_adapter_fusion.safetensors`. */
  async saveAdapterFusionFiles(name: string): Promise<FileMap> {
    this.assertNotDisposed();
    return adapterFusionFiles(this, name);
  }

  async saveAllAdapterFusions(directory: string): Promise<void> {
    this.assertNotDisposed();
    await saveAllAdapterFusions(this, directory);
  }

  /** Loads a fusion folder (a path or any `FileSource`); the fused adapters must already be loaded. */
  async loadAdapterFusion(directoryOrSource: string | FileSource, options: { loadAs?: string; setActive?: boolean } = {}): Promise<string> {
    this.assertNotDisposed();
    return loadAdapterFusion(this, directoryOrSource, options);
  }

  /** Reloads an existing adapter's weights from its folder (checkpoints); flags and activation are kept. */
  async restoreAdapterWeights(directoryOrSource: string | FileSource, name: string): Promise<void> {
    this.assertNotDisposed();
    await restoreAdapterWeights(this, directoryOrSource, name);
  }

  /** Reloads an existing fusion's weights from its folder. */
  async restoreFusionWeights(directoryOrSource: string | FileSource, name: string): Promise<void> {
    this.assertNotDisposed();
    await restoreFusionWeights(this, directoryOrSource, name);
  }

  /** Disposes every adapter (not the backbone, which the caller owns) and removes the hooks. */
  dispose(): void {
    if (this.disposed) return;
    this.resetAdapter();
    for (const fusion of this.fusions.values()) fusion.dispose();
    this.fusions.clear();
    for (const entry of this.entries.values()) entry.dispose();
    this.entries.clear();
    this.backbone.setHooks(undefined);
    this.disposed = true;
  }
}
