import { child, expectString, type JsonContext, type JsonObject } from './json-fields';

/**
 * tokenizer.json `model.type`; older files (roberta-base's among them) omit it, and HF's deserializer then
 * recognizes the model by its fields, as this does.
 */
export function modelType(model: JsonObject, context: JsonContext): string {
  if (model.type !== undefined) return expectString(model.type, child(context, 'type'));
  if (model.merges !== undefined) return 'BPE';
  if (Array.isArray(model.vocab)) return 'Unigram';
  if (model.max_input_chars_per_word !== undefined || model.continuing_subword_prefix !== undefined) return 'WordPiece';
  return 'WordLevel';
}
