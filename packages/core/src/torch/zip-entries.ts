// The zip container of `torch.save` (torch >= 1.6): read from the central directory, STORED entries only.
import { TorchCheckpointError } from '../errors/torch-checkpoint-error';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_RECORD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const CENTRAL_ENTRY_BYTES = 46;
const LOCAL_HEADER_BYTES = 30;
const ZIP64_EXTRA_ID = 0x0001;
const STORED = 0;

/** Whether `bytes` starts like a zip archive (a local file header). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Every entry of a zip archive as a view into `bytes`, keyed by its name. Sizes and offsets come from the
 * central directory (torch's writer leaves them 0 in the local headers) and are checked against the bytes
 * present; compressed or encrypted entries are refused, so nothing is ever inflated.
 */
export function readZipEntries(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (message: string, entry?: string): never => {
    throw new TorchCheckpointError({ file, entry, message });
  };
  const endRecord = findEndRecord(view);
  if (endRecord < 0) fail('not a valid zip archive: no end-of-central-directory record (the file is truncated or not a torch.save zip).');
  let entryCount = view.getUint16(endRecord + 10, true);
  let directorySize = view.getUint32(endRecord + 12, true);
  let directoryOffset = view.getUint32(endRecord + 16, true);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = endRecord - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_END_LOCATOR) fail('the zip64 end-of-central-directory locator is missing.');
    const zip64End = readUint64(view, locator + 8, file);
    if (zip64End + 56 > locator || view.getUint32(zip64End, true) !== ZIP64_END_OF_CENTRAL_DIRECTORY) fail('the zip64 end-of-central-directory record is missing or out of range.');
    entryCount = readUint64(view, zip64End + 32, file);
    directorySize = readUint64(view, zip64End + 40, file);
    directoryOffset = readUint64(view, zip64End + 48, file);
  }
  if (directoryOffset + directorySize > endRecord) {
    fail(`the central directory (${directorySize} bytes at ${directoryOffset}) extends past its end record at byte ${endRecord}.`);
  }
  const entries = new Map<string, Uint8Array>();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let position = directoryOffset;
  const directoryEnd = directoryOffset + directorySize;
  for (let index = 0; index < entryCount; index += 1) {
    if (position + CENTRAL_ENTRY_BYTES > directoryEnd || view.getUint32(position, true) !== CENTRAL_DIRECTORY_ENTRY) {
      fail(`central directory entry ${index} of ${entryCount} is missing or malformed at byte ${position}.`);
    }
    const flags = view.getUint16(position + 8, true);
    const method = view.getUint16(position + 10, true);
    let compressedSize = view.getUint32(position + 20, true);
    let size = view.getUint32(position + 24, true);
    const nameLength = view.getUint16(position + 28, true);
    const extraLength = view.getUint16(position + 30, true);
    const commentLength = view.getUint16(position + 32, true);
    let localOffset = view.getUint32(position + 42, true);
    const nameStart = position + CENTRAL_ENTRY_BYTES;
    const next = nameStart + nameLength + extraLength + commentLength;
    if (next > directoryEnd) fail(`central directory entry ${index} runs past the directory's end.`);
    const name = decoder.decode(bytes.subarray(nameStart, nameStart + nameLength));
    const extraStart = nameStart + nameLength;
    const zip64 = findExtraField(view, extraStart, extraStart + extraLength, ZIP64_EXTRA_ID);
    if (zip64 !== undefined) {
      let cursor = zip64.start;
      const take = (): number => {
        if (cursor + 8 > zip64.end) fail('the zip64 extra field is too short.', name);
        const value = readUint64(view, cursor, file);
        cursor += 8;
        return value;
      };
      if (size === 0xffffffff) size = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
    }
    if ((flags & 0x1) !== 0) fail('the entry is encrypted.', name);
    if (method !== STORED) fail(`the entry is compressed (method ${method}); torch.save writes every entry STORED, so compressed entries are refused.`, name);
    if (compressedSize !== size) fail(`a STORED entry declares ${compressedSize} stored bytes but ${size} bytes of content.`, name);
    if (localOffset + LOCAL_HEADER_BYTES > directoryOffset || view.getUint32(localOffset, true) !== LOCAL_FILE_HEADER) {
      fail(`no local file header at byte ${localOffset}.`, name);
    }
    const dataStart = localOffset + LOCAL_HEADER_BYTES + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + size > directoryOffset) {
      fail(`the entry declares ${size} bytes at byte ${dataStart}, past the end of the stored data (byte ${directoryOffset}); the file is ${bytes.length} bytes.`, name);
    }
    if (entries.has(name)) fail('the archive holds two entries of this name.', name);
    entries.set(name, bytes.subarray(dataStart, dataStart + size));
    position = next;
  }
  return entries;
}

/** The end record sits in the last 22 + 65535 bytes; scan backwards so a comment cannot fake an earlier one. */
function findEndRecord(view: DataView): number {
  const last = view.byteLength - END_RECORD_BYTES;
  const first = Math.max(0, last - MAX_COMMENT_BYTES);
  for (let position = last; position >= first; position -= 1) {
    if (view.getUint32(position, true) === END_OF_CENTRAL_DIRECTORY && position + END_RECORD_BYTES + view.getUint16(position + 20, true) === view.byteLength) {
      return position;
    }
  }
  return -1;
}

function findExtraField(view: DataView, start: number, end: number, id: number): { start: number; end: number } | undefined {
  let position = start;
  while (position + 4 <= end) {
    const fieldId = view.getUint16(position, true);
    const length = view.getUint16(position + 2, true);
    const fieldEnd = Math.min(end, position + 4 + length);
    if (fieldId === id) return { start: position + 4, end: fieldEnd };
    position = position + 4 + length;
  }
  return undefined;
}

function readUint64(view: DataView, position: number, file: string): number {
  const value = view.getBigUint64(position, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TorchCheckpointError({ file, message: `a zip64 size or offset (${value}) is out of range.` });
  return Number(value);
}
