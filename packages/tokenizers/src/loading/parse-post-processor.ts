import type { PostProcessor, SpecialTokenRef, TemplateItem } from '../pipeline/post-processor';
import { bertPostProcessor, plainPostProcessor, robertaPostProcessor } from '../pipeline/post-processor';
import {
  child,
  expectArray,
  expectInteger,
  expectObject,
  expectString,
  fail,
  optional,
  readBoolean,
  type JsonContext,
  type JsonObject,
} from './json-fields';

/** A tokenizer.json post-processor: the template, plus the offset trimming a byte-level stage asks for. */
export interface ParsedPostProcessor {
  readonly postProcessor: PostProcessor;
  /** RobertaProcessing / ByteLevel `trim_offsets`, when the post-processor says. */
  readonly trimOffsets: boolean | undefined;
  /** The special tokens the template places, first and last (they name `cls` and `sep`). */
  readonly leading: SpecialTokenRef | undefined;
  readonly trailing: SpecialTokenRef | undefined;
}

type PostProcessorParser = (object: JsonObject, context: JsonContext) => ParsedPostProcessor;

const PARSERS: ReadonlyMap<string, PostProcessorParser> = new Map<string, PostProcessorParser>([
  ['BertProcessing', (object, context) => {
    const cls = readTokenPair(object.cls, child(context, 'cls'));
    const sep = readTokenPair(object.sep, child(context, 'sep'));
    return { postProcessor: bertPostProcessor(cls, sep), trimOffsets: undefined, leading: cls, trailing: sep };
  }],
  ['RobertaProcessing', (object, context) => {
    const cls = readTokenPair(object.cls, child(context, 'cls'));
    const sep = readTokenPair(object.sep, child(context, 'sep'));
    const trimOffsets = optional(object, 'trim_offsets', context, readBoolean) ?? true;
    return { postProcessor: robertaPostProcessor(cls, sep), trimOffsets, leading: cls, trailing: sep };
  }],
  ['ByteLevel', (object, context) => ({
    postProcessor: plainPostProcessor(),
    trimOffsets: optional(object, 'trim_offsets', context, readBoolean) ?? true,
    leading: undefined,
    trailing: undefined,
  })],
  ['TemplateProcessing', parseTemplateProcessing],
  ['Sequence', (object, context) => {
    // e.g. [ByteLevel (offsets), TemplateProcessing (special tokens)]: the last template wins.
    const processors = expectArray(object.processors, child(context, 'processors')).map((entry, index) =>
      parsePostProcessor(entry, child(context, `processors[${index}]`)),
    );
    const templated = [...processors].reverse().find((parsed) => parsed.leading !== undefined || parsed.postProcessor.single.length > 1);
    const trimming = processors.find((parsed) => parsed.trimOffsets !== undefined);
    return {
      postProcessor: templated?.postProcessor ?? plainPostProcessor(),
      trimOffsets: trimming?.trimOffsets,
      leading: templated?.leading,
      trailing: templated?.trailing,
    };
  }],
]);

/** Reads tokenizer.json `post_processor` (null means no special tokens). */
export function parsePostProcessor(value: unknown, context: JsonContext): ParsedPostProcessor {
  if (value === null || value === undefined) {
    return { postProcessor: plainPostProcessor(), trimOffsets: undefined, leading: undefined, trailing: undefined };
  }
  const object = expectObject(value, context);
  const type = expectString(object.type, child(context, 'type'));
  const parser = PARSERS.get(type);
  if (parser === undefined) fail(child(context, 'type'), `one of ${[...PARSERS.keys()].join(', ')}`, type);
  return parser(object, context);
}

function readTokenPair(value: unknown, context: JsonContext): SpecialTokenRef {
  const pair = expectArray(value, context);
  return { token: expectString(pair[0], child(context, 0)), id: expectInteger(pair[1], child(context, 1)) };
}

function parseTemplateProcessing(object: JsonObject, context: JsonContext): ParsedPostProcessor {
  const specialTokens = new Map<string, { tokens: string[]; ids: number[] }>();
  const specialsContext = child(context, 'special_tokens');
  for (const [name, entry] of Object.entries(expectObject(object.special_tokens ?? {}, specialsContext))) {
    const entryContext = child(specialsContext, name);
    const entryObject = expectObject(entry, entryContext);
    const ids = expectArray(entryObject.ids, child(entryContext, 'ids')).map((id, index) => expectInteger(id, child(entryContext, `ids[${index}]`)));
    const tokens = expectArray(entryObject.tokens, child(entryContext, 'tokens')).map((token, index) =>
      expectString(token, child(entryContext, `tokens[${index}]`)),
    );
    if (ids.length !== tokens.length) fail(entryContext, 'as many ids as tokens', `${ids.length} ids, ${tokens.length} tokens`);
    specialTokens.set(name, { tokens, ids });
  }
  const readTemplate = (key: 'single' | 'pair'): TemplateItem[] =>
    expectArray(object[key], child(context, key)).map((entry, index) => {
      const itemContext = child(context, `${key}[${index}]`);
      const item = expectObject(entry, itemContext);
      if (item.SpecialToken !== undefined) {
        const specialContext = child(itemContext, 'SpecialToken');
        const special = expectObject(item.SpecialToken, specialContext);
        const name = expectString(special.id, child(specialContext, 'id'));
        const resolved = specialTokens.get(name);
        if (resolved === undefined) fail(child(specialContext, 'id'), 'a key of special_tokens', name);
        return { kind: 'special', ...resolved, typeId: expectInteger(special.type_id ?? 0, child(specialContext, 'type_id')) };
      }
      const sequenceContext = child(itemContext, 'Sequence');
      const sequence = expectObject(item.Sequence, sequenceContext);
      const id = expectString(sequence.id, child(sequenceContext, 'id'));
      if (id !== 'A' && id !== 'B') fail(child(sequenceContext, 'id'), "'A' or 'B'", id);
      return { kind: 'sequence', sequence: id === 'A' ? 0 : 1, typeId: expectInteger(sequence.type_id ?? 0, child(sequenceContext, 'type_id')) };
    });
  const single = readTemplate('single');
  const pair = readTemplate('pair');
  const specials = single.filter((item) => item.kind === 'special');
  const toRef = (item: TemplateItem | undefined): SpecialTokenRef | undefined =>
    item?.kind === 'special' && item.tokens[0] !== undefined && item.ids[0] !== undefined ? { token: item.tokens[0], id: item.ids[0] } : undefined;
  const first = single[0];
  const last = single[single.length - 1];
  return {
    postProcessor: { single, pair },
    trimOffsets: undefined,
    leading: first?.kind === 'special' ? toRef(first) : undefined,
    trailing: last?.kind === 'special' && specials.length > 0 ? toRef(last) : undefined,
  };
}
