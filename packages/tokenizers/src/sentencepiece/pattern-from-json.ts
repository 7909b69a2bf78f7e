import { TokenizerError } from '@adapters/core';
import { child, expectObject, expectString, fail, type JsonContext } from '../loading/json-fields';

/** tokenizer.json `{ "String": "..." }` or `{ "Regex": "..." }` as a global JavaScript RegExp. */
export function patternFromJson(value: unknown, context: JsonContext): RegExp {
  const pattern = expectObject(value, context);
  if (typeof pattern.String === 'string') return new RegExp(pattern.String.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  if (pattern.Regex === undefined) fail(context, '{ "String": ... } or { "Regex": ... }', value);
  const source = expectString(pattern.Regex, child(context, 'Regex'));
  try {
    return new RegExp(source, 'gu');
  } catch (error) {
    throw new TokenizerError({ file: context.file, message: `${context.path}.Regex: ${JSON.stringify(source)} is not a pattern JavaScript can run`, cause: error });
  }
}
