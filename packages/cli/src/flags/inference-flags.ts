import type { FlagSpecs } from '../arguments/flag-spec';

/** What to put on top of the model for eval and predict: saved adapters, a fusion, a head. */
export const INFERENCE_FLAGS = {
  load_adapter: { type: 'strings', default: [], valueName: 'DIR', group: 'Adapters', help: 'Adapter folder(s) to load (with the head saved next to each); several are stacked in order.' },
  load_fusion: { type: 'string', valueName: 'DIR', group: 'Adapters', help: 'Fusion folder over the loaded adapters; the fusion becomes the active setup.' },
  load_head: { type: 'string', valueName: 'DIR', group: 'Adapters', help: 'Head folder, when the head was not saved with the adapter (fusion, full fine-tuning).' },
} as const satisfies FlagSpecs;
