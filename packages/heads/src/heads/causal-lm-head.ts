import { resolveHeadConfig, type CausalLMHeadConfig, type CausalLMHeadOptions } from '../config/head-config';
import type { HeadContext } from '../config/head-context';
import { LanguageModelHead } from './language-model-head';

/**
 * `CausalLMHead` as `add_causal_lm_head` builds it: the masked-LM layer stack, and the loss compares
 * `logits[:, :-1]` with `labels[:, 1:]` (`shift_labels`).
 */
export class CausalLMHead extends LanguageModelHead<CausalLMHeadConfig> {
  constructor(name: string, options: CausalLMHeadOptions, context: HeadContext) {
    super(name, resolveHeadConfig({ ...options, headType: 'causal_lm' }, context, `head '${name}'`) as CausalLMHeadConfig, context);
  }
}
