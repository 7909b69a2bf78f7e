import type { FlagSpecs } from '../arguments/flag-spec';

/** The seed's `AdapterArguments` / `MultiLingAdapterArguments` (spec F.1). */
export const ADAPTER_FLAGS = {
  train_adapter: { type: 'boolean', default: false, group: 'Adapters', help: 'Train an adapter instead of the full model (backbone frozen).' },
  load_adapter: { type: 'string', default: '', valueName: 'DIR', group: 'Adapters', help: 'Adapter folder to load (and keep training) instead of adding a new adapter.' },
  adapter_config: { type: 'string', default: 'pfeiffer', valueName: 'CONFIG', group: 'Adapters', help: "Adapter config: a preset (pfeiffer, houlsby, lora, ...), a config string ('seq_bn[reduction_factor=8]') or a JSON file." },
  adapter_non_linearity: { type: 'string', valueName: 'NAME', group: 'Adapters', help: 'Override the non-linearity of the adapter config (relu, gelu, swish, tanh, ...).' },
  adapter_reduction_factor: { type: 'number', group: 'Adapters', help: 'Override the reduction factor of the adapter config.' },
  language: { type: 'string', valueName: 'NAME', group: 'Adapters', help: 'Language adapter name (language modelling; required there with --train_adapter).' },
  load_lang_adapter: { type: 'string', valueName: 'DIR', group: 'Adapters', help: 'Language adapter folder to load and stack below the task adapter (frozen).' },
  lang_adapter_config: { type: 'string', valueName: 'CONFIG', group: 'Adapters', help: 'Config to load the language adapter with (default: the one saved with it).' },
} as const satisfies FlagSpecs;
