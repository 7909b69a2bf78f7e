/**
 * A short JSON-like preview of any value for error messages: at most `maxLength` characters, never
 * recursive (an explicit stack), so a value nested 100,000 deep or a cyclic one is described, not a
 * `RangeError`. Containers deeper than `maxDepth` print as `[...]` / `{...}`.
 */
export function describeValue(value: unknown, maxLength = 80, maxDepth = 8): string {
  if (value === undefined) return 'undefined';
  let out = '';
  // Work items: a value to print at a depth, or literal text (closing brackets, separators).
  const stack: Array<{ value: unknown; depth: number } | string> = [{ value, depth: 0 }];
  while (stack.length > 0 && out.length <= maxLength) {
    const item = stack.pop() as { value: unknown; depth: number } | string;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    const { value: current, depth } = item;
    if (Array.isArray(current)) {
      if (depth >= maxDepth) {
        out += '[...]';
        continue;
      }
      out += '[';
      stack.push(']');
      // Only as many items as could still fit.
      const shown = current.slice(0, maxLength);
      for (let index = shown.length - 1; index >= 0; index--) {
        stack.push({ value: shown[index], depth: depth + 1 });
        if (index > 0) stack.push(',');
      }
      continue;
    }
    if (typeof current === 'object' && current !== null && !isScalarObject(current)) {
      if (depth >= maxDepth) {
        out += '{...}';
        continue;
      }
      out += '{';
      stack.push('}');
      const entries = Object.entries(current).slice(0, maxLength);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, entry] = entries[index] as [string, unknown];
        stack.push({ value: entry, depth: depth + 1 });
        stack.push(`${JSON.stringify(key)}:`);
        if (index > 0) stack.push(',');
      }
      continue;
    }
    out += scalarText(current);
  }
  return out.length > maxLength || stack.length > 0 ? `${out.slice(0, Math.max(0, maxLength - 3))}...` : out;
}

function isScalarObject(value: object): boolean {
  // PythonFloat and friends print through their own toString/toJSON.
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}` : value);
  if (typeof value === 'bigint') return `${value}`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'object' && value !== null) {
    try {
      return String(JSON.stringify(value));
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
