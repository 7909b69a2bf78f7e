import { InvalidConfigError } from '../errors/invalid-config-error';

/** One `name[key=value, ...]` part of a config string. */
export interface AdapterConfigStringPart {
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/**
 * Splits a config string (spec A.9) such as `'seq_bn[reduction_factor=8,non_linearity=gelu]|lora'`
 * into parts. Values are read the way Python's `literal_eval` would, plus JSON spellings: ints,
 * floats, True/False/true/false, None/null, quoted strings, lists and dicts; anything else is a bare
 * string (`non_linearity=gelu`).
 */
export function parseAdapterConfigString(text: string): AdapterConfigStringPart[] {
  return splitTopLevel(text, '|', text).map((chunk) => parseChunk(chunk, text));
}

/** The names in a config string, without reading the arguments (to tell a config string from a path). */
export function configStringNames(text: string): string[] | undefined {
  try {
    return splitTopLevel(text, '|', text).map((chunk) => chunkName(chunk.trim(), text));
  } catch {
    return undefined;
  }
}

function fail(text: string, detail: string): never {
  throw new InvalidConfigError({
    path: 'config',
    expected: `a config string like 'seq_bn[reduction_factor=8]|lora' (${detail})`,
    received: text,
  });
}

/** Splits at `separator` outside brackets and quotes. */
function splitTopLevel(segment: string, separator: string, text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < segment.length; index++) {
    const character = segment[index] as string;
    if (quote !== undefined) {
      if (character === '\\') index++;
      else if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") quote = character;
    else if ('[({'.includes(character)) depth++;
    else if (')]}'.includes(character)) depth--;
    else if (character === separator && depth === 0) {
      parts.push(segment.slice(start, index));
      start = index + 1;
    }
  }
  if (quote !== undefined) fail(text, 'unterminated quote');
  if (depth !== 0) fail(text, 'unbalanced brackets');
  parts.push(segment.slice(start));
  return parts;
}

function chunkName(chunk: string, text: string): string {
  const bracket = chunk.indexOf('[');
  const name = (bracket === -1 ? chunk : chunk.slice(0, bracket)).trim();
  if (name === '' || /[\]|\n]/.test(name)) fail(text, `bad adapter name in '${chunk}'`);
  if (bracket !== -1 && !chunk.endsWith(']')) fail(text, `'${chunk}' must end with ']'`);
  return name;
}

function parseChunk(rawChunk: string, text: string): AdapterConfigStringPart {
  const chunk = rawChunk.trim();
  const name = chunkName(chunk, text);
  const bracket = chunk.indexOf('[');
  const parsedArguments: Record<string, unknown> = {};
  if (bracket !== -1) {
    const inner = chunk.slice(bracket + 1, -1);
    for (const rawArgument of splitTopLevel(inner, ',', text)) {
      const argument = rawArgument.trim();
      if (argument === '') continue;
      const match = /^(\w+)\s*=(.*)$/s.exec(argument);
      if (match === null) fail(text, `expected key=value, got '${argument}'`);
      const [, key = '', valueText = ''] = match;
      parsedArguments[key] = parseLiteral(valueText.trim(), text);
    }
  }
  return { name, arguments: parsedArguments };
}

const INTEGER = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$/;
const KEYWORDS: Readonly<Record<string, unknown>> = { True: true, true: true, False: false, false: false, None: null, null: null };

function parseLiteral(valueText: string, text: string): unknown {
  if (valueText === '') fail(text, 'missing value');
  const first = valueText[0] as string;
  const last = valueText[valueText.length - 1];
  if ((first === '[' && last === ']') || (first === '(' && last === ')')) {
    return splitTopLevel(valueText.slice(1, -1), ',', text)
      .map((item) => item.trim())
      .filter((item, index, items) => item !== '' || index < items.length - 1)
      .map((item) => parseLiteral(item, text));
  }
  if (first === '{' && last === '}') {
    const dict: Record<string, unknown> = {};
    for (const rawEntry of splitTopLevel(valueText.slice(1, -1), ',', text)) {
      const entry = rawEntry.trim();
      if (entry === '') continue;
      const colon = topLevelColon(entry);
      if (colon === -1) fail(text, `expected key: value in '${entry}'`);
      dict[String(parseLiteral(entry.slice(0, colon).trim(), text))] = parseLiteral(entry.slice(colon + 1).trim(), text);
    }
    return dict;
  }
  if ((first === '"' || first === "'") && last === first && valueText.length >= 2) return unquote(valueText.slice(1, -1));
  if (INTEGER.test(valueText) || FLOAT.test(valueText)) return Number(valueText);
  if (Object.hasOwn(KEYWORDS, valueText)) return KEYWORDS[valueText];
  if (/["'[\]{}()]/.test(valueText)) fail(text, `cannot read value '${valueText}'`);
  return valueText;
}

function topLevelColon(entry: string): number {
  let quote: string | undefined;
  for (let index = 0; index < entry.length; index++) {
    const character = entry[index] as string;
    if (quote !== undefined) {
      if (character === '\\') index++;
      else if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === ':') return index;
  }
  return -1;
}

const UNESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

function unquote(body: string): string {
  return body.replace(/\\(.)/gs, (_match, character: string) => UNESCAPES[character] ?? `\\${character}`);
}
