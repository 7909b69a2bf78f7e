import type { SpecialTokens } from '@adapters/core';
import {
  child,
  expectArray,
  expectInteger,
  expectObject,
  expectString,
  fail,
  optional,
  parseJsonText,
  readBoolean,
  type JsonContext,
} from '../loading/json-fields';
import { modelType } from '../loading/model-type';
import { parseAddedTokens } from '../loading/parse-added-tokens';
import { parsePostProcessor } from '../loading/parse-post-processor';
import type { AddedToken } from '../pipeline/added-tokens';
import { PipelineTokenizer, type TokenizerParts } from '../pipeline/pipeline-tokenizer';
import { plainPostProcessor, robertaPostProcessor, type PostProcessor } from '../pipeline/post-processor';
import { withoutUndefined } from '../pipeline/without-undefined';
import { registerSpecialTokens, specialTokenTable, type SpecialTokenSpec } from '../pipeline/special-token-registry';
import { createBpeMerger } from './bpe-merger';
import { createByteLevelBpeModel } from './byte-level-bpe-model';
import { parseMergesText, type Merge } from './parse-merges';

/** Which special-token layout: RoBERTa (`<s> A </s></s> B </s>`) or GPT-2 (none added). */
export type ByteLevelFlavor = 'roberta' | 'gpt2';

export type ByteLevelSpecialTokenRole = 'unk' | 'pad' | 'bos' | 'eos' | 'cls' | 'sep' | 'mask';

export interface ByteLevelBpeTokenizerOptions {
  /** Default: 'roberta' when the vocabulary has `<s>` and `</s>`, else 'gpt2'. */
  readonly flavor?: ByteLevelFlavor | undefined;
  /** Default false (as for roberta-base and gpt2). */
  readonly addPrefixSpace?: boolean | undefined;
  /** Default: true for RoBERTa, false for GPT-2 (their tokenizer.json settings). */
  readonly trimOffsets?: boolean | undefined;
  readonly modelMaxLength?: number | undefined;
  readonly paddingSide?: 'left' | 'right' | undefined;
  /** HF `clean_up_tokenization_spaces` for `decode`; default false. */
  readonly cleanUpTokenizationSpaces?: boolean | undefined;
  readonly specialTokens?: Readonly<Partial<Record<ByteLevelSpecialTokenRole, string | SpecialTokenSpec>>> | undefined;
  readonly additionalSpecialTokens?: readonly (string | SpecialTokenSpec)[] | undefined;
  readonly addedTokens?: readonly AddedToken[] | undefined;
}

const ROBERTA_ROLES: Readonly<Record<ByteLevelSpecialTokenRole, SpecialTokenSpec>> = {
  bos: { content: '<s>' },
  eos: { content: '</s>' },
  unk: { content: '<unk>' },
  sep: { content: '</s>' },
  pad: { content: '<pad>' },
  cls: { content: '<s>' },
  // RoBERTa's mask swallows the space before it, so "a <mask>" predicts "Ġword".
  mask: { content: '<mask>', leftStrip: true },
};

// GPT-2 has no pad token; padding with <|endoftext|> is the usual choice (the mask hides it anyway).
const GPT2_ROLES: Readonly<Partial<Record<ByteLevelSpecialTokenRole, SpecialTokenSpec>>> = {
  bos: { content: '<|endoftext|>' },
  eos: { content: '<|endoftext|>' },
  unk: { content: '<|endoftext|>' },
  pad: { content: '<|endoftext|>' },
};

const ROLE_ORDER: readonly ByteLevelSpecialTokenRole[] = ['bos', 'eos', 'unk', 'sep', 'pad', 'cls', 'mask'];

/** A byte-level BPE tokenizer (RoBERTa, GPT-2) with HF semantics. */
export class ByteLevelBpeTokenizer extends PipelineTokenizer {
  readonly flavor: ByteLevelFlavor;

  /** Prefer the factories (`fromVocabAndMerges`, `fromTokenizerJson`), which apply HF's defaults. */
  constructor(parts: TokenizerParts, flavor: ByteLevelFlavor) {
    super(parts);
    this.flavor = flavor;
  }

  /** From vocab.json (text or parsed) and merges.txt (text or parsed pairs). */
  static fromVocabAndMerges(
    vocabJson: string | Readonly<Record<string, number>>,
    merges: string | readonly Merge[],
    options: ByteLevelBpeTokenizerOptions = {},
    files: { readonly vocab: string; readonly merges: string } = { vocab: 'vocab.json', merges: 'merges.txt' },
  ): ByteLevelBpeTokenizer {
    const vocabContext: JsonContext = { file: files.vocab, path: '(root)' };
    const vocab = readVocab(typeof vocabJson === 'string' ? parseJsonText(vocabJson, files.vocab) : vocabJson, vocabContext);
    const mergeList = typeof merges === 'string' ? parseMergesText(merges, files.merges) : merges;
    const flavor = options.flavor ?? (vocab.has('<s>') && vocab.has('</s>') ? 'roberta' : 'gpt2');
    return assemble(vocab, mergeList, flavor, options, options.addedTokens ?? [], undefined, false);
  }

  /** From a parsed HF tokenizer.json whose model is a byte-level `BPE`; `options` override it. */
  static fromTokenizerJson(json: unknown, options: ByteLevelBpeTokenizerOptions = {}, file = 'tokenizer.json'): ByteLevelBpeTokenizer {
    const root = expectObject(json, { file, path: '(root)' });
    const context: JsonContext = { file, path: '' };
    const modelContext = child(context, 'model');
    const model = expectObject(root.model, modelContext);
    const type = modelType(model, modelContext);
    if (type !== 'BPE') fail(child(modelContext, 'type'), "'BPE'", type);
    for (const key of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
      const value = optional(model, key, modelContext, expectString);
      if (value !== undefined && value !== '') fail(child(modelContext, key), "'' (byte-level BPE has no sub-word affixes)", value);
    }
    const vocab = readVocab(model.vocab, child(modelContext, 'vocab'));
    const merges = readMerges(model.merges, child(modelContext, 'merges'));

    if (root.normalizer !== null && root.normalizer !== undefined) {
      const normalizer = expectObject(root.normalizer, child(context, 'normalizer'));
      fail(child(context, 'normalizer.type'), 'null (no normalizer) for byte-level BPE', normalizer.type);
    }
    const preTokenizerContext = child(context, 'pre_tokenizer');
    const preTokenizer = expectObject(root.pre_tokenizer, preTokenizerContext);
    const preTokenizerType = expectString(preTokenizer.type, child(preTokenizerContext, 'type'));
    if (preTokenizerType !== 'ByteLevel') fail(child(preTokenizerContext, 'type'), "'ByteLevel'", preTokenizerType);
    if (optional(preTokenizer, 'use_regex', preTokenizerContext, readBoolean) === false) {
      fail(child(preTokenizerContext, 'use_regex'), 'true (the GPT-2 split)', false);
    }
    const addPrefixSpace = optional(preTokenizer, 'add_prefix_space', preTokenizerContext, readBoolean);
    if (root.decoder !== null && root.decoder !== undefined) {
      const decoderContext = child(context, 'decoder');
      const decoderType = expectString(expectObject(root.decoder, decoderContext).type, child(decoderContext, 'type'));
      if (decoderType !== 'ByteLevel') fail(child(decoderContext, 'type'), "'ByteLevel' (or null)", decoderType);
    }
    const processed = parsePostProcessor(root.post_processor, child(context, 'post_processor'));
    const addedTokens = parseAddedTokens(root.added_tokens, child(context, 'added_tokens'));
    const flavor = options.flavor ?? (processed.leading !== undefined ? 'roberta' : 'gpt2');
    const unkToken = optional(model, 'unk_token', modelContext, expectString);
    return assemble(
      vocab,
      merges,
      flavor,
      {
        addPrefixSpace,
        trimOffsets: processed.trimOffsets,
        ...withoutUndefined(options),
        specialTokens: { ...(unkToken === undefined ? {} : { unk: unkToken }), ...options.specialTokens },
      },
      [...addedTokens, ...(options.addedTokens ?? [])],
      processed.leading === undefined ? undefined : processed.postProcessor,
      true,
    );
  }
}

function assemble(
  vocab: ReadonlyMap<string, number>,
  merges: readonly Merge[],
  flavor: ByteLevelFlavor,
  options: ByteLevelBpeTokenizerOptions,
  existingAdded: readonly AddedToken[],
  postProcessorFromJson: PostProcessor | undefined,
  onlyPresentRoles: boolean,
): ByteLevelBpeTokenizer {
  const defaults = flavor === 'roberta' ? ROBERTA_ROLES : GPT2_ROLES;
  const roles: Partial<Record<ByteLevelSpecialTokenRole, SpecialTokenSpec>> = {};
  for (const role of ROLE_ORDER) {
    const given = options.specialTokens?.[role];
    const spec = given === undefined ? defaults[role] : typeof given === 'string' ? { ...defaults[role], content: given } : given;
    if (spec !== undefined) roles[role] = spec;
  }
  const isKnown = (token: string): boolean => vocab.has(token) || existingAdded.some((added) => added.content === token);
  const specs = ROLE_ORDER.map((role) => roles[role]).filter(
    (spec): spec is SpecialTokenSpec => spec !== undefined && (!onlyPresentRoles || isKnown(spec.content)),
  );
  const additional = (options.additionalSpecialTokens ?? []).map((value) => (typeof value === 'string' ? { content: value } : value));
  const addedTokens = registerSpecialTokens([...specs, ...additional], vocab, existingAdded);
  const idOf = (token: string | undefined): number | undefined =>
    token === undefined ? undefined : (addedTokens.find((added) => added.content === token)?.id ?? vocab.get(token));

  let postProcessor = postProcessorFromJson ?? plainPostProcessor();
  if (postProcessorFromJson === undefined && flavor === 'roberta') {
    const cls = roles.cls?.content ?? '<s>';
    const sep = roles.sep?.content ?? '</s>';
    postProcessor = robertaPostProcessor({ token: cls, id: idOf(cls) ?? 0 }, { token: sep, id: idOf(sep) ?? 0 });
  }
  const unk = roles.unk?.content;
  const specialTokens: SpecialTokens = specialTokenTable(
    {
      pad: roles.pad?.content,
      cls: roles.cls?.content,
      sep: roles.sep?.content,
      mask: roles.mask?.content,
      bos: roles.bos?.content,
      eos: roles.eos?.content,
    },
    (token) => idOf(token) !== undefined,
    roles.pad?.content ?? roles.eos?.content ?? unk ?? '',
    unk ?? '',
  );
  const parts: TokenizerParts = {
    model: createByteLevelBpeModel({
      vocab,
      merger: createBpeMerger(merges),
      addPrefixSpace: options.addPrefixSpace ?? false,
      trimOffsets: options.trimOffsets ?? flavor === 'roberta',
      unkId: idOf(unk),
      cleanUpTokenizationSpaces: options.cleanUpTokenizationSpaces ?? false,
    }),
    addedTokens,
    postProcessor,
    specialTokens,
    modelMaxLength: options.modelMaxLength,
    paddingSide: options.paddingSide,
  };
  return new ByteLevelBpeTokenizer(parts, flavor);
}

function readVocab(value: unknown, context: JsonContext): Map<string, number> {
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(expectObject(value, context))) vocab.set(token, expectInteger(id, child(context, token)));
  if (vocab.size === 0) fail(context, 'a non-empty vocabulary', value);
  return vocab;
}

function readMerges(value: unknown, context: JsonContext): Merge[] {
  return expectArray(value, context).map((entry, index) => {
    const entryContext = child(context, index);
    // Older files store "a b", newer ones ["a", "b"].
    if (typeof entry === 'string') {
      const parts = entry.split(' ');
      if (parts.length !== 2 || parts[0] === undefined || parts[1] === undefined) fail(entryContext, "'left right'", entry);
      return [parts[0], parts[1]];
    }
    const pair = expectArray(entry, entryContext);
    if (pair.length !== 2) fail(entryContext, 'a pair of symbols', entry);
    return [expectString(pair[0], child(entryContext, 0)), expectString(pair[1], child(entryContext, 1))];
  });
}

