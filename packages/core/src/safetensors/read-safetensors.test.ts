import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors/file-format-error';
import { parseSafetensors } from './parse-safetensors';
import { readSafetensors, readSafetensorsHeader } from './read-safetensors';
import { parseSafetensorsHeader } from './safetensors-header';
import {
  buildSafetensorsBytes,
  bytesOf,
  DATA_FOLDER,
  expectSafetensorsRejection,
  FIXTURES_FOLDER,
  findSafetensorsFiles,
} from './safetensors-test-helpers';
import { serializeSafetensors } from './serialize-safetensors';
import type { TensorData } from './tensor-data';

const fixtureFiles = findSafetensorsFiles(FIXTURES_FOLDER);

/** Compares values bit for bit (NaN and -0 included); far faster than toEqual on million-element arrays. */
function expectSameTensor(actual: TensorData, expected: TensorData | undefined, name: string): void {
  expect(expected, name).toBeDefined();
  expect(actual.dtype, name).toBe(expected?.dtype);
  expect(actual.shape, name).toEqual(expected?.shape);
  expect(actual.values.constructor, name).toBe(expected?.values.constructor);
  expect(Buffer.from(bytesOf(actual.values)).equals(Buffer.from(bytesOf(expected?.values ?? new Uint8Array()))), name).toBe(true);
}

describe('readSafetensors on the golden fixtures', () => {
  it('finds fixture files', () => {
    expect(fixtureFiles.length).toBeGreaterThan(0);
  });

  it.each(fixtureFiles.map((file) => [path.relative(FIXTURES_FOLDER, file), file]))(
    '%s reads like the in-memory parser and re-serializes byte for byte',
    async (_, file) => {
      const fileBytes = new Uint8Array(await readFile(file));
      const fromDisk = await readSafetensors(file);
      const fromMemory = parseSafetensors(fileBytes, file);
      expect(fromDisk.metadata).toEqual(fromMemory.metadata);
      expect([...fromDisk.tensors.keys()]).toEqual([...fromMemory.tensors.keys()]);
      for (const [name, tensor] of fromDisk.tensors) expectSameTensor(tensor, fromMemory.tensors.get(name), name);
      const reserialized = serializeSafetensors(fromDisk.tensors, fromDisk.metadata);
      expect(reserialized.length).toBe(fileBytes.length);
      expect(Buffer.from(reserialized).equals(Buffer.from(fileBytes))).toBe(true);
    },
  );
});

describe('readSafetensors on bert-tiny-mlm', () => {
  const modelFolder = path.join(DATA_FOLDER, 'models/bert-tiny-mlm');
  const config = JSON.parse(readFileSync(path.join(modelFolder, 'config.json'), 'utf8')) as {
    vocab_size: number;
    hidden_size: number;
    intermediate_size: number;
    max_position_embeddings: number;
  };

  it('loads with metadata and the shapes its config implies', async () => {
    const { metadata, tensors } = await readSafetensors(path.join(modelFolder, 'model.safetensors'));
    expect(metadata).toEqual({ format: 'pt' });
    const wordEmbeddings = [...tensors].find(([name]) => name.endsWith('embeddings.word_embeddings.weight'))?.[1];
    expect(wordEmbeddings?.shape).toEqual([config.vocab_size, config.hidden_size]);
    expect(wordEmbeddings?.values).toHaveLength(config.vocab_size * config.hidden_size);
    const positionEmbeddings = [...tensors].find(([name]) => name.endsWith('embeddings.position_embeddings.weight'))?.[1];
    expect(positionEmbeddings?.shape).toEqual([config.max_position_embeddings, config.hidden_size]);
    const intermediate = [...tensors].find(([name]) => name.endsWith('layer.0.intermediate.dense.weight'))?.[1];
    expect(intermediate?.shape).toEqual([config.intermediate_size, config.hidden_size]);
    for (const [name, tensor] of tensors) {
      expect(tensor.dtype, name).toBe('float32');
      expect(tensor.values.every(Number.isFinite), name).toBe(true);
    }
  });

  it('reads just the header with readSafetensorsHeader', async () => {
    const file = path.join(modelFolder, 'model.safetensors');
    const header = await readSafetensorsHeader(file);
    const fileBytes = new Uint8Array(await readFile(file));
    expect(header).toEqual(parseSafetensorsHeader(fileBytes, fileBytes.length, file));
    expect(header.dataStart % 8).toBe(0);
  });
});

describe('readSafetensors on hand-built files', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'read-safetensors-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function writeBytes(name: string, bytes: Uint8Array): Promise<string> {
    const file = path.join(folder, name);
    await writeFile(file, bytes);
    return file;
  }

  it('skips tensors the filter rejects without reading them', async () => {
    // `bad` would fail its int32 range check if it were read at all.
    const data = new Uint8Array([...bytesOf(new Float32Array([1, 2])), ...bytesOf(new BigInt64Array([2n ** 40n]))]);
    const bytes = buildSafetensorsBytes(
      {
        keep: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        bad: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      },
      data,
    );
    const file = await writeBytes('filtered.safetensors', bytes);
    const { tensors } = await readSafetensors(file, { filter: (name) => name !== 'bad' });
    expect([...tensors.keys()]).toEqual(['keep']);
    expect(tensors.get('keep')?.values).toEqual(new Float32Array([1, 2]));
    await expectSafetensorsRejection(readSafetensors(file), { file, tensor: 'bad', pattern: /outside the int32 range/ });
  });

  it('converts every dtype at unaligned offsets, tensors larger than one read chunk included', async () => {
    const halfCount = 3 * 1024 * 1024 + 3; // 6 MiB of F16: more than one 4 MiB conversion chunk
    const halves = new Uint16Array(halfCount).map((_, index) => index % 0x7c00); // finite float16 patterns only
    const data = new Uint8Array([
      1,
      ...bytesOf(new Float32Array([0.25, -8])),
      ...bytesOf(new BigInt64Array([-3n, 4n])),
      ...bytesOf(new Uint16Array([0x3f80])),
    ]);
    const halfBegin = data.length;
    const all = new Uint8Array(data.length + halves.byteLength);
    all.set(data);
    all.set(bytesOf(halves), halfBegin);
    const bytes = buildSafetensorsBytes(
      {
        flag: { dtype: 'BOOL', shape: [1], data_offsets: [0, 1] },
        floats: { dtype: 'F32', shape: [2], data_offsets: [1, 9] },
        longs: { dtype: 'I64', shape: [2], data_offsets: [9, 25] },
        brain: { dtype: 'BF16', shape: [1], data_offsets: [25, 27] },
        halves: { dtype: 'F16', shape: [halfCount], data_offsets: [halfBegin, all.length] },
      },
      all,
    );
    const file = await writeBytes('mixed.safetensors', bytes);
    const fromDisk = await readSafetensors(file);
    const fromMemory = parseSafetensors(bytes, file);
    expect(fromDisk.tensors.get('floats')?.values).toEqual(new Float32Array([0.25, -8]));
    expect(fromDisk.tensors.get('longs')?.values).toEqual(new Int32Array([-3, 4]));
    expect(fromDisk.tensors.get('brain')?.values).toEqual(new Float32Array([1]));
    const decodedHalves = fromDisk.tensors.get('halves')?.values;
    expect(decodedHalves?.[0x3c00]).toBe(1);
    expect(decodedHalves?.[halfCount - 1]).toBe(fromMemory.tensors.get('halves')?.values[halfCount - 1]);
    expect([...fromDisk.tensors.keys()]).toEqual([...fromMemory.tensors.keys()]);
    for (const [name, tensor] of fromDisk.tensors) expectSameTensor(tensor, fromMemory.tensors.get(name), name);
  });

  it('reports a truncated file with its path', async () => {
    const complete = serializeSafetensors({ x: { dtype: 'float32', shape: [4], values: new Float32Array(4) } });
    const file = await writeBytes('truncated.safetensors', complete.subarray(0, complete.length - 3));
    await expectSafetensorsRejection(readSafetensors(file), { file, tensor: 'x', pattern: /run past the end of the data/ });
    const headerOnly = await writeBytes('short.safetensors', complete.subarray(0, 6));
    await expectSafetensorsRejection(readSafetensorsHeader(headerOnly), { file: headerOnly, pattern: /too short/ });
  });

  it('reports a missing file as a FileFormatError with the cause attached', async () => {
    const file = path.join(folder, 'missing.safetensors');
    const error: unknown = await readSafetensors(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as FileFormatError).file).toBe(file);
    expect((error as FileFormatError).cause).toMatchObject({ code: 'ENOENT' });
  });
});
