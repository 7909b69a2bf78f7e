import { resolveHeadConfig, type MaskedLMHeadConfig, type MaskedLMHeadOptions } from '../config/head-config';
import type { HeadContext } from '../config/head-context';
import { LanguageModelHead } from './language-model-head';

/**
 * `BertStyleMaskedLMHead`: `0 Linear(H, E)`, `1 gelu`, `2 LayerNorm`, `3 Linear(E, V)` tied to the word
 * embeddings (`3.weight` is listed in `tiedParameterNames()`), with its own `3.bias`. Logits `[B, T, V]`;
 * cross-entropy on int32 labels `[B, T]` (-100 = not masked).
 */
export class BertStyleMaskedLMHead extends LanguageModelHead<MaskedLMHeadConfig> {
  constructor(name: string, options: MaskedLMHeadOptions, context: HeadContext) {
    super(name, resolveHeadConfig({ ...options, headType: 'masked_lm' }, context, `head '${name}'`) as MaskedLMHeadConfig, context);
  }
}
