import { existsSync } from 'node:fs';
import { AdapterConfig, AdaptersError, closestName, InvalidConfigError, Stack, type AdapterType } from '@adapters/core';
import type { ModelWithHeads } from '@adapters/auto';
import { leaveOutLowerLayers } from './leave-out-lower-layers';

/** The adapter flags (spec F.1 `AdapterArguments`, plus the multilingual ones). */
export interface AdapterFlags {
  readonly trainAdapter: boolean;
  readonly loadAdapter: string;
  readonly adapterConfig: string;
  readonly adapterNonLinearity?: string | undefined;
  readonly adapterReductionFactor?: number | undefined;
  readonly loadLangAdapter?: string | undefined;
  readonly langAdapterConfig?: string | undefined;
  /** `--cache_frozen_layers` (glue, ner, qa, mc): a new adapter leaves those layers out. */
  readonly cacheFrozenLayers?: number | undefined;
}

export interface AdapterSetup {
  /** The adapter being trained; undefined for full fine-tuning. */
  readonly adapterName: string | undefined;
  /** The language adapter stacked below it, when one was loaded. */
  readonly languageAdapter: string | undefined;
}

/**
 * spec F.1 `setup_adapter_training`: with `--train_adapter`, resolve the config with the
 * `--adapter_non_linearity` / `--adapter_reduction_factor` overrides, load `--load_adapter` under
 * `adapterName` or add a new adapter, optionally load a language adapter, then `trainAdapter([name])` and
 * activate `Stack(lang, name)` or `name`. Without `--train_adapter` the whole model trains, and loading
 * adapters is refused.
 */
/** Before anything is loaded: checks the adapter config flags, and refuses adapter flags that make no sense without `--train_adapter`. */
export function checkAdapterFlags(flags: AdapterFlags): void {
  if (flags.cacheFrozenLayers !== undefined && !flags.trainAdapter) {
    throw new InvalidConfigError({ path: '--cache_frozen_layers', expected: 'to be used together with --train_adapter (the cached layers must carry no trainable parameter)', received: flags.cacheFrozenLayers });
  }
  if (flags.trainAdapter) {
    loadConfigFromFlags(flags.adapterConfig, flags.adapterNonLinearity, flags.adapterReductionFactor);
    return;
  }
  for (const [flag, value] of [['--load_adapter', flags.loadAdapter], ['--load_lang_adapter', flags.loadLangAdapter]] as const) {
    if (value !== undefined && value !== '') {
      throw new InvalidConfigError({ path: flag, expected: 'to be used together with --train_adapter (without it the whole model is fine-tuned)', received: value });
    }
  }
}

export async function setupAdapterTraining(
  model: ModelWithHeads,
  flags: AdapterFlags,
  adapterName: string,
  options: { adapterType: AdapterType; configGiven: boolean },
): Promise<AdapterSetup> {
  checkAdapterFlags(flags);
  if (!flags.trainAdapter) return { adapterName: undefined, languageAdapter: undefined };
  const config = loadConfigFromFlags(flags.adapterConfig, flags.adapterNonLinearity, flags.adapterReductionFactor);
  const overridden = options.configGiven || flags.adapterNonLinearity !== undefined || flags.adapterReductionFactor !== undefined;
  if (flags.loadAdapter !== '') {
    // The saved config wins unless the command line asked for another one; a head saved with it comes along.
    await model.loadAdapter(flags.loadAdapter, { loadAs: adapterName, config: overridden ? config : undefined, adapterType: options.adapterType });
  } else if (!model.hasAdapter(adapterName)) {
    // AdapterDrop: nothing of the new adapter below the cached layers (a loaded adapter keeps its own leave_out).
    model.addAdapter(adapterName, options.adapterType, leaveOutLowerLayers(config, flags.cacheFrozenLayers ?? 0));
  }
  let languageAdapter: string | undefined;
  if (flags.loadLangAdapter !== undefined && flags.loadLangAdapter !== '') {
    const languageConfig = flags.langAdapterConfig === undefined ? undefined : loadConfigFromFlags(flags.langAdapterConfig, undefined, undefined, '--lang_adapter_config');
    languageAdapter = await model.loadAdapter(flags.loadLangAdapter, { config: languageConfig, withHead: false, adapterType: 'text_lang' });
  }
  model.trainAdapter([adapterName]);
  if (languageAdapter !== undefined) model.setActiveAdapters(Stack(languageAdapter, adapterName));
  return { adapterName, languageAdapter };
}

/**
 * `AdapterConfig.load(name, { nonLinearity, reductionFactor })` with errors that name the flag at fault: what
 * the config loader expected, once (not the loader's whole message nested in ours), and for a name that is
 * neither a preset nor a file, the nearest preset (`pfeifer` → `pfeiffer`).
 */
export function loadConfigFromFlags(
  adapterConfig: string,
  nonLinearity: string | undefined,
  reductionFactor: number | undefined,
  configFlag = '--adapter_config',
): AdapterConfig {
  try {
    return AdapterConfig.load(adapterConfig, { nonLinearity, reductionFactor });
  } catch (error) {
    if (!AdaptersError.isInstance(error)) throw error;
    const path = error instanceof InvalidConfigError ? error.path : '';
    const flag = /non_?linearity/i.test(path) ? '--adapter_non_linearity' : /reduction_?factor/i.test(path) ? '--adapter_reduction_factor' : configFlag;
    const received = flag === '--adapter_non_linearity' ? nonLinearity : flag === '--adapter_reduction_factor' ? reductionFactor : adapterConfig;
    if (!(error instanceof InvalidConfigError)) throw new InvalidConfigError({ path: flag, expected: `a usable adapter config (${error.message})`, received, cause: error });
    const notAPreset = flag === configFlag && path === 'config' && !existsSync(adapterConfig);
    const suggestion = notAPreset ? closestName(adapterConfig, AdapterConfig.presetNames()) : undefined;
    const where = flag === configFlag && path !== 'config' ? ` (field '${path}')` : '';
    const expected = `${error.expected}${where}${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`;
    throw new InvalidConfigError({ path: flag, expected, received, cause: error });
  }
}
