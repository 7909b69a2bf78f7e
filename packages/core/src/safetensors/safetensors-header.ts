import { describeValue } from '../format/describe-value';
import { SafetensorsError } from '../errors/safetensors-error';
import { countElements } from './count-elements';
import { ELEMENT_BYTES, isSafetensorsDtype, SUPPORTED_DTYPES, type SafetensorsDtype } from './safetensors-dtype';

/** One tensor's header record. `byteOffsets` are [begin, end) relative to `SafetensorsHeader.dataStart`. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly byteOffsets: readonly [number, number];
}

/** A validated header. `entries` are in the order their bytes appear in the file. */
export interface SafetensorsHeader {
  readonly metadata: Record<string, string> | undefined;
  readonly entries: readonly SafetensorsEntry[];
  /** Absolute file offset of the first data byte: 8 + the header length. */
  readonly dataStart: number;
}

const LENGTH_PREFIX_BYTES = 8;
// The Rust safetensors crate refuses larger headers; the limit also stops a corrupt length from allocating gigabytes.
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';

/**
 * Reads and checks the u64 header length at the start of a file of `fileSize` bytes. `bytes` must hold the
 * first 8 bytes (or the whole file when it is shorter).
 */
export function readHeaderLength(bytes: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < LENGTH_PREFIX_BYTES || bytes.length < LENGTH_PREFIX_BYTES) {
    const size = Math.min(fileSize, bytes.length);
    fail(file, undefined, `the file is ${size} bytes, too short to hold the 8-byte header length.`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_PREFIX_BYTES).getBigUint64(0, true);
  if (headerLength > BigInt(fileSize - LENGTH_PREFIX_BYTES)) {
    fail(file, undefined, `the header length ${headerLength} runs past the end of the file (${fileSize} bytes).`);
  }
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    fail(file, undefined, `the header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit.`);
  }
  return Number(headerLength);
}

/**
 * Parses and validates the header of a safetensors file of `fileSize` bytes whose beginning (at least the 8-byte
 * length and the header) is `bytes`. Checks every entry's fields, that its byte length matches its dtype and
 * shape, and, as the Rust reference (`Metadata::validate`) does, that the tensors tile the data exactly: no
 * overlap, no gap, no trailing bytes after the last one. The header must start with '{' (a byte-order mark is
 * refused, like Rust's `InvalidHeaderStart`) and may not repeat a tensor name (JSON parsers would silently
 * keep the last one).
 */
export function parseSafetensorsHeader(bytes: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  const headerLength = readHeaderLength(bytes, fileSize, file);
  const dataStart = LENGTH_PREFIX_BYTES + headerLength;
  if (bytes.length < dataStart) {
    fail(file, undefined, `the header needs bytes 0..${dataStart} but only ${bytes.length} bytes were given.`);
  }
  const parsed = parseJson(bytes.subarray(LENGTH_PREFIX_BYTES, dataStart), file);
  const dataLength = fileSize - dataStart;
  let metadata: Record<string, string> | undefined;
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (name === METADATA_KEY) metadata = parseMetadata(value, file);
    else entries.push(parseEntry(name, value, dataLength, file));
  }
  entries.sort((left, right) => left.byteOffsets[0] - right.byteOffsets[0] || left.byteOffsets[1] - right.byteOffsets[1]);
  checkTiling(entries, dataLength, file);
  return { metadata, entries, dataStart };
}

function parseJson(headerBytes: Uint8Array, file: string): Record<string, unknown> {
  if (headerBytes[0] === 0xef && headerBytes[1] === 0xbb && headerBytes[2] === 0xbf) {
    fail(file, undefined, "the header starts with a UTF-8 byte-order mark; it must start with '{'.");
  }
  let text: string;
  try {
    // ignoreBOM: keep any BOM in the text rather than silently dropping it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    fail(file, undefined, 'the header is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(file, undefined, `the header is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!isPlainObject(parsed)) {
    fail(file, undefined, `the header must be a JSON object, got ${describe(parsed)}.`);
  }
  if (headerBytes[0] !== 0x7b) fail(file, undefined, "the header must start with '{' (no leading whitespace).");
  const duplicate = firstDuplicateTopLevelKey(text);
  if (duplicate !== undefined) fail(file, duplicate, 'the name appears twice in the header; a file must name each tensor once.');
  return parsed;
}

/**
 * The first key that appears twice at the top level of a JSON object text already known to be valid, in one
 * linear pass (JSON.parse keeps the last duplicate without a word).
 */
function firstDuplicateTopLevelKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charCodeAt(index);
    if (character === 0x22) {
      const start = index;
      for (index += 1; text.charCodeAt(index) !== 0x22; index += 1) if (text.charCodeAt(index) === 0x5c) index += 1;
      if (depth !== 1) continue;
      let after = index + 1;
      while (after < text.length && /\s/.test(text[after] as string)) after += 1;
      if (text[after] !== ':') continue;
      const key = JSON.parse(text.slice(start, index + 1)) as string;
      if (seen.has(key)) return key;
      seen.add(key);
    } else if (character === 0x7b || character === 0x5b) {
      depth += 1;
    } else if (character === 0x7d || character === 0x5d) {
      depth -= 1;
    }
  }
  return undefined;
}

function parseMetadata(value: unknown, file: string): Record<string, string> | undefined {
  // The Rust crate writes `null` for a file without metadata in some versions.
  if (value === null) return undefined;
  if (!isPlainObject(value)) fail(file, undefined, `'${METADATA_KEY}' must be an object of strings, got ${describe(value)}.`);
  const metadata: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      fail(file, undefined, `'${METADATA_KEY}.${key}' must be a string, got ${describe(entry)}.`);
    }
    metadata[key] = entry;
  }
  return metadata;
}

function parseEntry(name: string, value: unknown, dataLength: number, file: string): SafetensorsEntry {
  if (!isPlainObject(value)) {
    fail(file, name, `the entry must be an object with dtype, shape and data_offsets, got ${describe(value)}.`);
  }
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!(field in value)) fail(file, name, `the entry has no '${field}'.`);
  }
  const { dtype, shape, data_offsets: dataOffsets } = value;
  if (typeof dtype !== 'string') fail(file, name, `'dtype' must be a string, got ${describe(dtype)}.`);
  if (!isSafetensorsDtype(dtype)) {
    fail(file, name, `unsupported dtype '${dtype}'; supported: ${SUPPORTED_DTYPES.join(', ')}.`);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    fail(file, name, `'shape' must be an array of non-negative integers, got ${describe(shape)}.`);
  }
  if (!Array.isArray(dataOffsets) || dataOffsets.length !== 2 || !dataOffsets.every(isNonNegativeInteger)) {
    fail(file, name, `'data_offsets' must be two non-negative integers [begin, end], got ${describe(dataOffsets)}.`);
  }
  const [begin, end] = dataOffsets as [number, number];
  if (end < begin) fail(file, name, `'data_offsets' [${begin}, ${end}] end before they begin.`);
  if (end > dataLength) {
    fail(file, name, `'data_offsets' [${begin}, ${end}] run past the end of the data (${dataLength} bytes); the file is truncated.`);
  }
  const expectedBytes = countElements(shape as number[]) * ELEMENT_BYTES[dtype];
  if (end - begin !== expectedBytes) {
    fail(
      file,
      name,
      `'data_offsets' [${begin}, ${end}] hold ${end - begin} bytes, but dtype ${dtype} with shape [${shape.join(', ')}] needs ${expectedBytes}.`,
    );
  }
  return { name, dtype, shape: shape as number[], byteOffsets: [begin, end] };
}

/** `entries` sorted by (begin, end) must cover `[0, dataLength]` back to back, as Rust's `Metadata::validate` demands. */
function checkTiling(entries: readonly SafetensorsEntry[], dataLength: number, file: string): void {
  let previous: SafetensorsEntry | undefined;
  let position = 0;
  for (const entry of entries) {
    const [begin, end] = entry.byteOffsets;
    if (begin < position && previous !== undefined) {
      fail(file, entry.name, `bytes [${begin}, ${end}] overlap tensor '${previous.name}' at [${previous.byteOffsets[0]}, ${previous.byteOffsets[1]}].`);
    }
    if (begin > position) {
      fail(file, entry.name, `bytes [${begin}, ${end}] leave a gap after byte ${position}; tensors must follow each other without gaps.`);
    }
    position = end;
    previous = entry;
  }
  if (position !== dataLength) {
    fail(file, undefined, `${dataLength - position} trailing bytes after the last tensor (the data section is ${dataLength} bytes, the tensors cover ${position}).`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  return describeValue(value);
}

function fail(file: string, tensor: string | undefined, message: string): never {
  throw new SafetensorsError(tensor === undefined ? { file, message } : { file, tensor, message });
}
