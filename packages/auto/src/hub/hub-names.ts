// Hub ids, revisions and file names become cache folder names and URL segments, so they are checked
// against huggingface_hub's rules before use: nothing here may climb out of the cache folder.

const SEGMENT = /^[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9_])?$/;

/** `name` or `org/name` as huggingface_hub accepts it (letters, digits, `-_.`, no `--`/`..`, at most 96 characters). */
export function isHubRepoId(value: string): boolean {
  if (value.length === 0 || value.length > 96 || value.includes('--') || value.includes('..')) return false;
  const segments = value.split('/');
  return segments.length <= 2 && segments.every((segment) => SEGMENT.test(segment));
}

/** A branch, tag or commit (`main`, `v1.0`, `refs/pr/1`, a 40-hex sha) that is safe as a relative folder name. */
export function isSafeRevision(value: string): boolean {
  return /^[\w.-]+(?:\/[\w.-]+)*$/.test(value) && !value.split('/').some((segment) => segment === '.' || segment === '..');
}

/** A file inside a repository (`config.json`, `onnx/model.onnx`): relative, forward slashes, no `.`/`..` segments. */
export function isSafeRepoFile(value: string): boolean {
  return isSafeRevision(value);
}

/** A full commit sha, the only kind of revision that never moves. */
export function isCommitHash(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}
