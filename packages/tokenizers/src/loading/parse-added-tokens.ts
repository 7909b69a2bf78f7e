import { addedToken, type AddedToken } from '../pipeline/added-tokens';
import { child, expectArray, expectInteger, expectObject, expectString, optional, readBoolean, type JsonContext } from './json-fields';

/** tokenizer.json `added_tokens`: `[{ id, content, special, lstrip, rstrip, single_word, normalized }]`. */
export function parseAddedTokens(value: unknown, context: JsonContext): AddedToken[] {
  if (value === undefined || value === null) return [];
  return expectArray(value, context).map((entry, index) => {
    const entryContext = child(context, index);
    const object = expectObject(entry, entryContext);
    return addedToken(expectString(object.content, child(entryContext, 'content')), expectInteger(object.id, child(entryContext, 'id')), {
      special: optional(object, 'special', entryContext, readBoolean) ?? false,
      leftStrip: optional(object, 'lstrip', entryContext, readBoolean) ?? false,
      rightStrip: optional(object, 'rstrip', entryContext, readBoolean) ?? false,
      singleWord: optional(object, 'single_word', entryContext, readBoolean) ?? false,
    });
  });
}
