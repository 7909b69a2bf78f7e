/**
 * IOB1 → IOB2: in IOB1 an entity starts with I- and B- only separates two adjacent entities of one type;
 * in IOB2 every entity starts with B-. An I-X becomes B-X unless the previous tag is B-X or I-X.
 */
export function iob1ToIob2(tags: readonly string[]): string[] {
  return tags.map((tag, index) => {
    if (!tag.startsWith('I-')) return tag;
    const previous = index === 0 ? 'O' : (tags[index - 1] ?? 'O');
    return previous === 'O' || previous.slice(2) !== tag.slice(2) ? `B-${tag.slice(2)}` : tag;
  });
}

/** `B-PER` → `I-PER`; other tags unchanged (the label of a word's later sub-tokens with `labelAllTokens`). */
export function insideTag(tag: string): string {
  return tag.startsWith('B-') ? `I-${tag.slice(2)}` : tag;
}

/** The sorted distinct tags of some sentences (HF run_ner's `get_label_list`). */
export function labelListOf(sentences: readonly { readonly tags: readonly string[] }[]): string[] {
  const labels = new Set<string>();
  for (const sentence of sentences) for (const tag of sentence.tags) labels.add(tag);
  return [...labels].sort();
}
