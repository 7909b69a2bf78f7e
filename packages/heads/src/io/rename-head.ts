/**
 * Renames the head inside full state-dict keys (`heads.<from>.*` → `heads.<to>.*`), as `load_head(load_as=...)`
 * does; other keys are kept. Matches whole name segments, so renaming 'a' leaves 'heads.ab.*' alone.
 */
export function renameHeadTensors<T>(tensors: ReadonlyMap<string, T>, from: string, to: string): Map<string, T> {
  const fromPrefix = `heads.${from}.`;
  const renamed = new Map<string, T>();
  for (const [key, value] of tensors) renamed.set(key.startsWith(fromPrefix) ? `heads.${to}.${key.slice(fromPrefix.length)}` : key, value);
  return renamed;
}
