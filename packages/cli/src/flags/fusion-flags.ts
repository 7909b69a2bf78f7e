import type { FlagSpecs } from '../arguments/flag-spec';

/** What to fuse and how (the Python fusion scripts hard-code these; here they are flags). */
export const FUSION_FLAGS = {
  fusion_adapters: { type: 'strings', required: true, valueName: 'DIR [DIR ...]', group: 'Fusion', help: 'Adapter folders to fuse (trained task adapters; their heads are not loaded).' },
  fusion_config: { type: 'string', default: 'dynamic', valueName: 'CONFIG', group: 'Fusion', help: 'Fusion preset (dynamic, static) or an adapter_fusion_config.json file.' },
  fusion_query_before_ln: { type: 'boolean', group: 'Fusion', help: "Override the preset's query_before_ln." },
  fusion_regularization: { type: 'boolean', group: 'Fusion', help: "Override the preset's regularization (0.01·||I - V||² added to the loss)." },
  fusion_residual_before: { type: 'boolean', group: 'Fusion', help: "Override the preset's residual_before." },
  fusion_temperature: { type: 'boolean', group: 'Fusion', help: "Override the preset's temperature (softmax temperature annealed from 50 to 1)." },
  fusion_value: { type: 'boolean', group: 'Fusion', help: "Override the preset's value (a learned value matrix)." },
  fusion_value_before_softmax: { type: 'boolean', group: 'Fusion', help: "Override the preset's value_before_softmax." },
  fusion_value_initialized: { type: 'boolean', group: 'Fusion', help: "Override the preset's value_initialized (V starts as the identity)." },
  fusion_dropout_prob: { type: 'number', group: 'Fusion', help: "Dropout on the fusion attention logits (default: the model's attention_probs_dropout_prob)." },
  unfreeze_adapters: { type: 'boolean', default: false, group: 'Fusion', help: 'Train the fused adapters together with the fusion layer.' },
} as const satisfies FlagSpecs;
