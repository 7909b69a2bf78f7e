import type { FlagSpecs } from '../arguments/flag-spec';
import { BACKEND_NAMES } from '../setup/ensure-backend';

/** Which model to load and where to compute (every command). */
export const MODEL_FLAGS = {
  model_name_or_path: {
    type: 'string',
    required: true,
    valueName: 'DIR|ID',
    group: 'Model',
    help: 'Model folder (config.json, model.safetensors, tokenizer files) or a hub id, resolved through the local cache.',
  },
  model_type: { type: 'string', valueName: 'TYPE', group: 'Model', help: 'Expected model type (bert, roberta, xlm-roberta); checked against config.json.' },
  tokenizer_name: { type: 'string', valueName: 'DIR', group: 'Model', help: 'Tokenizer folder, when it is not the model folder.' },
  cache_dir: { type: 'string', valueName: 'DIR', group: 'Model', help: 'Cache for hub downloads (default: env ADAPTERS_CACHE, else ~/.cache/adapters).' },
  backend: {
    type: 'string',
    choices: BACKEND_NAMES,
    group: 'Model',
    help: 'Compute backend (default: env ADAPTERS_BACKEND, else the best installed).',
  },
} as const satisfies FlagSpecs;
