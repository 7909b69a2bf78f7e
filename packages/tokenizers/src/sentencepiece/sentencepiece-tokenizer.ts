import {
  BPE,
  ByteFallbackDecoder,
  FuseDecoder,
  MetaspaceDecoder,
  ReplaceDecoder,
  SequenceDecoder,
  StripDecoder,
  Unigram,
  type Decoder,
} from '@huggingface/tokenizers';
import type { SpecialTokens } from '@adapters/core';
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
} from '../loading/json-fields';
import { modelType } from '../loading/model-type';
import { parseAddedTokens } from '../loading/parse-added-tokens';
import { parsePostProcessor } from '../loading/parse-post-processor';
import type { AddedToken } from '../pipeline/added-tokens';
import { PipelineTokenizer } from '../pipeline/pipeline-tokenizer';
import { registerSpecialTokens, specialTokenTable, type SpecialTokenSpec } from '../pipeline/special-token-registry';
import { alignedNormalizerFromJson } from './aligned-normalizer';
import { preTokenizerFromJson } from './metaspace-pre-tokenizer';
import { createSentencePieceModel } from './sentencepiece-model';

export type SentencePieceSpecialTokenRole = 'unk' | 'pad' | 'bos' | 'eos' | 'cls' | 'sep' | 'mask';

export interface SentencePieceTokenizerOptions {
  readonly modelMaxLength?: number | undefined;
  readonly paddingSide?: 'left' | 'right' | undefined;
  /** Override the roles read from tokenizer.json (e.g. tokenizer_config.json's `pad_token`). */
  readonly specialTokens?: Readonly<Partial<Record<SentencePieceSpecialTokenRole, string | SpecialTokenSpec>>> | undefined;
  readonly additionalSpecialTokens?: readonly (string | SpecialTokenSpec)[] | undefined;
  readonly addedTokens?: readonly AddedToken[] | undefined;
}

type DecoderClass = new (config: never) => Decoder;

// Decoding (▁ back to spaces, <0xXX> bytes back to text) is @huggingface/tokenizers' own.
const DECODERS: ReadonlyMap<string, DecoderClass> = new Map<string, DecoderClass>([
  ['Metaspace', MetaspaceDecoder],
  ['ByteFallback', ByteFallbackDecoder],
  ['Fuse', FuseDecoder],
  ['Strip', StripDecoder],
  ['Replace', ReplaceDecoder],
  ['Sequence', SequenceDecoder],
]);

const ROLE_ORDER: readonly SentencePieceSpecialTokenRole[] = ['bos', 'eos', 'unk', 'sep', 'pad', 'cls', 'mask'];

/**
 * A SentencePiece-style tokenizer from an HF tokenizer.json: a `Unigram` model (XLM-R, ALBERT, T5) or a `BPE`
 * model without a byte-level pre-tokenizer (Llama, with byte fallback). Segmentation (Viterbi, BPE merges) and
 * decoding are @huggingface/tokenizers'; normalization with offsets, Metaspace, unknown/byte-fallback handling,
 * special tokens, truncation and padding are this package's pipeline (see docs/adr/0002).
 */
export class SentencePieceTokenizer extends PipelineTokenizer {
  static fromTokenizerJson(json: unknown, options: SentencePieceTokenizerOptions = {}, file = 'tokenizer.json'): SentencePieceTokenizer {
    const context: JsonContext = { file, path: '' };
    const root = expectObject(json, { file, path: '(root)' });
    const modelContext = child(context, 'model');
    const model = expectObject(root.model, modelContext);
    const type = modelType(model, modelContext);
    const read = type === 'Unigram' ? readUnigram(model, modelContext) : type === 'BPE' ? readBpe(model, modelContext) : fail(child(modelContext, 'type'), "'Unigram' or 'BPE'", type);

    const processed = parsePostProcessor(root.post_processor, child(context, 'post_processor'));
    const fileAdded = parseAddedTokens(root.added_tokens, child(context, 'added_tokens'));
    const existing = [...fileAdded, ...(options.addedTokens ?? [])];
    const isKnown = (token: string): boolean => read.vocab.has(token) || existing.some((added) => added.content === token);
    const present = (token: string | undefined): string | undefined => (token !== undefined && isKnown(token) ? token : undefined);
    // An encoder template (`<s> A </s>`) names cls and sep; a decoder one (`<s> A`) only bos.
    const encoderTemplate = processed.leading !== undefined && processed.trailing !== undefined;
    const defaults: Partial<Record<SentencePieceSpecialTokenRole, string>> = {
      unk: read.unkId === undefined ? undefined : [...read.vocab].find(([, id]) => id === read.unkId)?.[0],
      bos: processed.leading?.token ?? present('<s>'),
      eos: processed.trailing?.token ?? present('</s>'),
      cls: encoderTemplate ? processed.leading?.token : undefined,
      sep: encoderTemplate ? processed.trailing?.token : undefined,
      mask: present('<mask>'),
    };
    defaults.pad = present('<pad>') ?? defaults.eos ?? defaults.unk;
    const roles: Partial<Record<SentencePieceSpecialTokenRole, SpecialTokenSpec>> = {};
    for (const role of ROLE_ORDER) {
      const given = options.specialTokens?.[role];
      const content = typeof given === 'string' ? given : given?.content ?? defaults[role];
      if (content !== undefined) roles[role] = typeof given === 'object' ? given : { content };
    }
    const specs = ROLE_ORDER.map((role) => roles[role]).filter((spec): spec is SpecialTokenSpec => spec !== undefined && isKnown(spec.content));
    const additional = (options.additionalSpecialTokens ?? []).map((value) => (typeof value === 'string' ? { content: value } : value));
    const addedTokens = registerSpecialTokens([...specs, ...additional], read.vocab, existing);
    const unk = roles.unk?.content ?? '';
    const specialTokens: SpecialTokens = specialTokenTable(
      { pad: roles.pad?.content, cls: roles.cls?.content, sep: roles.sep?.content, mask: roles.mask?.content, bos: roles.bos?.content, eos: roles.eos?.content },
      isKnown,
      roles.pad?.content ?? unk,
      unk,
    );
    const decoder = decoderFromJson(root.decoder, child(context, 'decoder'));
    return new SentencePieceTokenizer({
      model: createSentencePieceModel({
        vocab: read.vocab,
        normalize: alignedNormalizerFromJson(root.normalizer, child(context, 'normalizer')),
        preTokenize: preTokenizerFromJson(root.pre_tokenizer, child(context, 'pre_tokenizer')),
        segment: read.segment,
        unkId: read.unkId,
        byteFallback: read.byteFallback,
        fuseUnknown: read.fuseUnknown,
        unknownToken: type === 'Unigram' ? 'surface' : unk,
        decode: (tokens) => (tokens.length === 0 ? '' : decoder === undefined ? tokens.join(' ') : decoder.decode([...tokens])),
        source: file,
      }),
      addedTokens,
      postProcessor: processed.postProcessor,
      specialTokens,
      modelMaxLength: options.modelMaxLength,
      paddingSide: options.paddingSide,
    });
  }
}

interface ModelRead {
  readonly vocab: Map<string, number>;
  readonly segment: (word: string) => string[];
  readonly unkId: number | undefined;
  readonly byteFallback: boolean;
  readonly fuseUnknown: boolean;
}

function readUnigram(model: JsonObject, context: JsonContext): ModelRead {
  const vocabContext = child(context, 'vocab');
  const entries = expectArray(model.vocab, vocabContext).map((entry, index) => expectNumberPair(entry, child(vocabContext, index)));
  if (entries.length === 0) fail(vocabContext, 'a non-empty list of [piece, score]', model.vocab);
  const vocab = new Map<string, number>();
  entries.forEach(([piece], index) => {
    if (!vocab.has(piece)) vocab.set(piece, index);
  });
  const unkId = model.unk_id === null || model.unk_id === undefined ? undefined : expectInteger(model.unk_id, child(context, 'unk_id'));
  if (unkId !== undefined && (unkId < 0 || unkId >= entries.length)) fail(child(context, 'unk_id'), `an index into vocab (0..${entries.length - 1})`, unkId);
  const unigram = new Unigram({ type: 'Unigram', unk_id: unkId ?? null, vocab: entries }, '</s>');
  return {
    vocab,
    segment: (word) => unigram.tokenize(word),
    unkId,
    byteFallback: optional(model, 'byte_fallback', context, readBoolean) ?? false,
    fuseUnknown: true,
  };
}

function readBpe(model: JsonObject, context: JsonContext): ModelRead {
  for (const key of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
    const value = model[key];
    if (value !== null && value !== undefined && value !== '') fail(child(context, key), 'null (SentencePiece BPE has no sub-word affixes)', value);
  }
  const vocabContext = child(context, 'vocab');
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(expectObject(model.vocab, vocabContext))) vocab.set(token, expectInteger(id, child(vocabContext, token)));
  if (vocab.size === 0) fail(vocabContext, 'a non-empty vocabulary', model.vocab);
  expectArray(model.merges, child(context, 'merges'));
  const unkToken = model.unk_token === null || model.unk_token === undefined ? undefined : expectString(model.unk_token, child(context, 'unk_token'));
  const ignoreMerges = optional(model, 'ignore_merges', context, readBoolean) ?? false;
  const bpe = new BPE({ ...(model as Record<string, unknown>), byte_fallback: false, unk_token: null } as never);
  return {
    vocab,
    segment: (word) => (ignoreMerges && vocab.has(word) ? [word] : bpe.bpe(word)),
    unkId: unkToken === undefined ? undefined : vocab.get(unkToken),
    byteFallback: optional(model, 'byte_fallback', context, readBoolean) ?? false,
    fuseUnknown: optional(model, 'fuse_unk', context, readBoolean) ?? false,
  };
}

function decoderFromJson(value: unknown, context: JsonContext): Decoder | undefined {
  if (value === null || value === undefined) return undefined;
  const config = expectObject(value, context);
  const type = expectString(config.type, child(context, 'type'));
  if (type === 'Sequence') {
    expectArray(config.decoders, child(context, 'decoders')).forEach((entry, index) => decoderFromJson(entry, child(context, `decoders[${index}]`)));
  }
  const Class = DECODERS.get(type);
  if (Class === undefined) fail(child(context, 'type'), `one of ${[...DECODERS.keys()].join(', ')} (or null)`, type);
  return new Class(config as never);
}

/** A Unigram vocab entry: `[piece, score]` with a finite score. */
function expectNumberPair(value: unknown, context: JsonContext): [string, number] {
  const pair = expectArray(value, context);
  const score = pair[1];
  if (pair.length !== 2 || typeof score !== 'number' || !Number.isFinite(score)) fail(context, '[piece, score] with a finite score', value);
  return [expectString(pair[0], child(context, 0)), score];
}
