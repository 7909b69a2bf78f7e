import { TokenizerError, type EncodeOptions, type Encoding, type SpecialTokens, type Tokenizer } from '@adapters/core';
import { parseJsonText } from '../loading/json-fields';
import { joinPath, readTextFile } from '../loading/node-file-system';

const SPACE_PIECE = '\u2581';
const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

/** The fields of `tokenizer_vocab.json` (a llama2.c `tok*.bin` as JSON). */
export interface Llama2cVocabulary {
  readonly pieces: readonly string[];
  readonly scores: readonly number[];
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly addDummyPrefix: boolean;
}

/**
 * The sentencepiece BPE tokenizer of llama2.c models (stories260K's `tok512.bin`). Encoding is llama2.c's
 * `encode`: the dummy-prefix space, one piece per code point (byte-fallback pieces `<0xXX>` for code points
 * not in the vocabulary), then repeatedly merge the adjacent pair whose concatenation is a piece with the
 * highest score (leftmost on ties). Decoding maps `▁` to a space and byte pieces to bytes, drops the first
 * piece's leading space (sentencepiece) and skips `<unk>`, `<s>`, `</s>` unless asked not to.
 */
export class Llama2cTokenizer implements Tokenizer {
  readonly specialTokens: SpecialTokens;
  private readonly ids = new Map<string, number>();

  constructor(readonly vocabulary: Llama2cVocabulary) {
    vocabulary.pieces.forEach((piece, id) => {
      if (!this.ids.has(piece)) this.ids.set(piece, id);
    });
    const piece = (id: number): string => vocabulary.pieces[id] ?? '<unk>';
    this.specialTokens = { pad: piece(vocabulary.unkId), unk: piece(vocabulary.unkId), bos: piece(vocabulary.bosId), eos: piece(vocabulary.eosId) };
  }

  /** Reads `tokenizer_vocab.json` (pieces, scores, special ids) from its JSON text. */
  static fromJson(text: string, file = 'tokenizer_vocab.json'): Llama2cTokenizer {
    const json = parseJsonText(text, file) as Record<string, unknown>;
    const { pieces, scores } = json;
    if (!Array.isArray(pieces) || !pieces.every((piece) => typeof piece === 'string')) {
      throw new TokenizerError({ file, message: "'pieces' must be a list of strings" });
    }
    if (!Array.isArray(scores) || scores.length !== pieces.length || !scores.every((score) => typeof score === 'number')) {
      throw new TokenizerError({ file, message: `'scores' must be a list of ${pieces.length} numbers (one per piece)` });
    }
    const id = (key: string, fallback: number): number => {
      const value = json[key] ?? fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= pieces.length) {
        throw new TokenizerError({ file, message: `'${key}' must be a piece id below ${pieces.length}, got ${JSON.stringify(value)}` });
      }
      return value;
    };
    return new Llama2cTokenizer({
      pieces: pieces as string[],
      scores: scores as number[],
      unkId: id('unk_id', 0),
      bosId: id('bos_id', 1),
      eosId: id('eos_id', 2),
      addDummyPrefix: json.add_dummy_prefix !== false,
    });
  }

  /** Loads `<folder>/tokenizer_vocab.json` (Node only). */
  static fromFolder(folder: string): Llama2cTokenizer {
    const file = joinPath(folder, 'tokenizer_vocab.json');
    return Llama2cTokenizer.fromJson(readTextFile(file), file);
  }

  get vocabSize(): number {
    return this.vocabulary.pieces.length;
  }

  get bosTokenId(): number {
    return this.vocabulary.bosId;
  }

  get eosTokenId(): number {
    return this.vocabulary.eosId;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.vocabulary.pieces[id];
  }

  /** The ids of `text` without BOS/EOS, as llama2.c's `encode(text, bos=0, eos=0)`. */
  encodeIds(text: string): number[] {
    if (text === '') return [];
    const normalized = (this.vocabulary.addDummyPrefix ? ` ${text}` : text).replaceAll(' ', SPACE_PIECE);
    const tokens: number[] = [];
    for (const character of normalized) {
      const id = this.ids.get(character);
      if (id !== undefined) {
        tokens.push(id);
        continue;
      }
      // byte fallback: ids 3..258 are <0x00>..<0xFF>
      for (const byte of new TextEncoder().encode(character)) tokens.push(this.ids.get(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`) ?? this.vocabulary.unkId);
    }
    return this.mergePieces(tokens);
  }

  /**
   * llama2.c's merge loop (best score first, leftmost on ties) in O(n log n): symbols in a linked list, candidate
   * pairs in a heap ordered by (score desc, left position asc); stale candidates are skipped when popped.
   */
  private mergePieces(initial: number[]): number[] {
    const count = initial.length;
    const ids = Int32Array.from(initial);
    const next = Int32Array.from({ length: count }, (_, index) => (index + 1 < count ? index + 1 : -1));
    const previous = Int32Array.from({ length: count }, (_, index) => index - 1);
    const alive = new Uint8Array(count).fill(1);
    const heap = new PairHeap();
    const consider = (left: number): void => {
      const right = next[left] as number;
      if (right < 0) return;
      const merged = this.ids.get(`${this.vocabulary.pieces[ids[left] as number]}${this.vocabulary.pieces[ids[right] as number]}`);
      if (merged !== undefined) heap.push({ score: this.vocabulary.scores[merged] as number, left, leftId: ids[left] as number, rightId: ids[right] as number, merged });
    };
    for (let index = 0; index + 1 < count; index++) consider(index);
    for (let pair = heap.pop(); pair !== undefined; pair = heap.pop()) {
      const right = next[pair.left] as number;
      // stale: a side was merged away or changed since the pair was pushed
      if (alive[pair.left] !== 1 || right < 0 || ids[pair.left] !== pair.leftId || ids[right] !== pair.rightId) continue;
      ids[pair.left] = pair.merged;
      alive[right] = 0;
      next[pair.left] = next[right] as number;
      if ((next[right] as number) >= 0) previous[next[right] as number] = pair.left;
      if ((previous[pair.left] as number) >= 0) consider(previous[pair.left] as number);
      consider(pair.left);
    }
    const result: number[] = [];
    for (let index = count > 0 ? 0 : -1; index >= 0; index = next[index] as number) result.push(ids[index] as number);
    return result;
  }

  tokenize(text: string): string[] {
    return this.encodeIds(text).map((id) => this.vocabulary.pieces[id] as string);
  }

  /** BOS + pieces (llama2.c and HF Llama add BOS, not EOS); `addSpecialTokens: false` leaves BOS out. Pairs are joined. */
  encode(text: string, pair?: string | null, options: EncodeOptions = {}): Encoding {
    let ids = this.encodeIds(pair === undefined || pair === null ? text : `${text} ${pair}`);
    if (options.addSpecialTokens !== false) ids = [this.vocabulary.bosId, ...ids];
    if (options.maxLength !== undefined && options.truncation !== false && options.truncation !== 'do_not_truncate') ids = ids.slice(0, options.maxLength);
    const attentionMask = ids.map(() => 1);
    const padTo = options.padding === 'max_length' && options.maxLength !== undefined ? options.maxLength : ids.length;
    while (ids.length < padTo) {
      ids.push(this.vocabulary.unkId);
      attentionMask.push(0);
    }
    return { tokens: ids.map((id) => this.vocabulary.pieces[id] as string), inputIds: ids, tokenTypeIds: ids.map(() => 0), attentionMask };
  }

  encodeBatch(inputs: readonly (readonly [string, (string | null)?])[], options: EncodeOptions = {}): Encoding[] {
    return inputs.map(([text, pair]) => this.encode(text, pair ?? null, options));
  }

  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const special = new Set([this.vocabulary.unkId, this.vocabulary.bosId, this.vocabulary.eosId]);
    const bytes: number[] = [];
    let first = true;
    for (const id of ids) {
      if (options.skipSpecialTokens !== false && special.has(id)) continue;
      const piece = this.vocabulary.pieces[id];
      if (piece === undefined) throw new TokenizerError({ message: `id ${id} is outside the vocabulary (size ${this.vocabSize})` });
      const byte = BYTE_PIECE.exec(piece);
      if (byte !== null) {
        bytes.push(Number.parseInt(byte[1] as string, 16));
      } else {
        let text = piece.replaceAll(SPACE_PIECE, ' ');
        if (first && text.startsWith(' ')) text = text.slice(1);
        bytes.push(...new TextEncoder().encode(text));
      }
      first = false;
    }
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }
}

interface Candidate {
  readonly score: number;
  readonly left: number;
  readonly leftId: number;
  readonly rightId: number;
  readonly merged: number;
}

/** A binary max-heap of merge candidates: higher score first, then the leftmost. */
class PairHeap {
  private readonly items: Candidate[] = [];

  private before(a: Candidate, b: Candidate): boolean {
    return a.score > b.score || (a.score === b.score && a.left < b.left);
  }

  push(item: Candidate): void {
    const items = this.items;
    items.push(item);
    for (let index = items.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if (!this.before(items[index] as Candidate, items[parent] as Candidate)) break;
      [items[index], items[parent]] = [items[parent] as Candidate, items[index] as Candidate];
      index = parent;
    }
  }

  pop(): Candidate | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let index = 0; ; ) {
        const left = 2 * index + 1;
        const right = left + 1;
        let best = index;
        if (left < items.length && this.before(items[left] as Candidate, items[best] as Candidate)) best = left;
        if (right < items.length && this.before(items[right] as Candidate, items[best] as Candidate)) best = right;
        if (best === index) break;
        [items[index], items[best]] = [items[best] as Candidate, items[index] as Candidate];
        index = best;
      }
    }
    return top;
  }
}
