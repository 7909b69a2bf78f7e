import { describe, expect, it } from 'vitest';
import { isCommitHash, isHubRepoId, isSafeRepoFile, isSafeRevision } from './hub-names';

describe('hub names', () => {
  it.each(['bert-base-uncased', 'google/bert_uncased_L-2_H-128_A-2', 'org/tiny', 'FacebookAI/xlm-roberta-base', 'a', 'org/v1.0'])(
    "accepts the repo id '%s'",
    (id) => expect(isHubRepoId(id)).toBe(true),
  );

  it.each(['', 'a/b/c', '/org', 'org/', 'org--x/y', 'org/a..b', 'bert base', '-org/x', 'org/x-', 'org/.x', 'x'.repeat(97)])(
    "rejects the repo id '%s'",
    (id) => expect(isHubRepoId(id)).toBe(false),
  );

  it('accepts branch, tag, pull-request and commit revisions and refuses ones that climb out of a folder', () => {
    for (const revision of ['main', 'v1.0', 'refs/pr/1', '0123456789abcdef0123456789abcdef01234567']) expect(isSafeRevision(revision)).toBe(true);
    for (const revision of ['', '..', 'a/../b', '/main', 'main/', 'a b', 'a\\b']) expect(isSafeRevision(revision)).toBe(false);
  });

  it('accepts nested repository files and refuses traversal', () => {
    expect(isSafeRepoFile('onnx/model.onnx')).toBe(true);
    expect(isSafeRepoFile('../config.json')).toBe(false);
  });

  it('recognizes only full lowercase 40-hex shas as commits', () => {
    expect(isCommitHash('0123456789abcdef0123456789abcdef01234567')).toBe(true);
    expect(isCommitHash('main')).toBe(false);
    expect(isCommitHash('0123456789ABCDEF0123456789abcdef01234567')).toBe(false);
    expect(isCommitHash('0123456')).toBe(false);
  });
});
