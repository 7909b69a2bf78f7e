/** A piece of a post-processing template: fixed special tokens, or the first (0) / second (1) input sequence. */
export type TemplateItem =
  | { readonly kind: 'special'; readonly tokens: readonly string[]; readonly ids: readonly number[]; readonly typeId: number }
  | { readonly kind: 'sequence'; readonly sequence: 0 | 1; readonly typeId: number };

/** Where special tokens go around one sequence or a pair, and which token type each part gets. */
export interface PostProcessor {
  readonly single: readonly TemplateItem[];
  readonly pair: readonly TemplateItem[];
}

/** A special token (text and id) as used by the post-processor factories. */
export interface SpecialTokenRef {
  readonly token: string;
  readonly id: number;
}

function special(reference: SpecialTokenRef, typeId: number): TemplateItem {
  return { kind: 'special', tokens: [reference.token], ids: [reference.id], typeId };
}

function sequence(index: 0 | 1, typeId: number): TemplateItem {
  return { kind: 'sequence', sequence: index, typeId };
}

/** BERT: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`, with token type 1 for `B [SEP]`. */
export function bertPostProcessor(cls: SpecialTokenRef, sep: SpecialTokenRef): PostProcessor {
  return {
    single: [special(cls, 0), sequence(0, 0), special(sep, 0)],
    pair: [special(cls, 0), sequence(0, 0), special(sep, 0), sequence(1, 1), special(sep, 1)],
  };
}

/** RoBERTa: `<s> A </s>` and `<s> A </s></s> B </s>`, every token type 0. */
export function robertaPostProcessor(cls: SpecialTokenRef, sep: SpecialTokenRef): PostProcessor {
  return {
    single: [special(cls, 0), sequence(0, 0), special(sep, 0)],
    pair: [special(cls, 0), sequence(0, 0), special(sep, 0), special(sep, 0), sequence(1, 0), special(sep, 0)],
  };
}

/** GPT-2: no special tokens; the second sequence gets token type 1. */
export function plainPostProcessor(): PostProcessor {
  return { single: [sequence(0, 0)], pair: [sequence(0, 0), sequence(1, 1)] };
}

/** How many special tokens the template adds. */
export function countSpecialTokens(template: readonly TemplateItem[]): number {
  let count = 0;
  for (const item of template) if (item.kind === 'special') count += item.ids.length;
  return count;
}
