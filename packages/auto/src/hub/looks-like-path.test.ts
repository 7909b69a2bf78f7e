import { describe, expect, it } from 'vitest';
import { looksLikePath } from './looks-like-path';

describe('looksLikePath', () => {
  it.each(['./bert', '../bert', '.', '/models/bert', '~/bert', '~', 'C:\\models\\bert', 'c:/bert', 'models\\bert', 'a/b/c', 'bert/'])(
    "treats '%s' as a path",
    (value) => expect(looksLikePath(value)).toBe(true),
  );

  it.each(['bert-base-uncased', 'org/name', 'google/bert_uncased_L-2_H-128_A-2'])("treats '%s' as a possible hub id", (value) =>
    expect(looksLikePath(value)).toBe(false),
  );
});
