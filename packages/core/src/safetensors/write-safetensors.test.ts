import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors/invalid-config-error';
import { readSafetensors } from './read-safetensors';
import { serializeSafetensors } from './serialize-safetensors';
import type { TensorData } from './tensor-data';
import { writeSafetensors } from './write-safetensors';

const tensors = new Map<string, TensorData>([
  ['encoder.weight', { dtype: 'float32', shape: [2, 3], values: new Float32Array([0.5, -1, 2, 3.25, 1e-8, -0]) }],
  ['position_ids', { dtype: 'int32', shape: [1, 4], values: new Int32Array([0, 1, 2, 3]) }],
  ['empty', { dtype: 'float32', shape: [0, 8], values: new Float32Array(0) }],
]);

describe('writeSafetensors', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'write-safetensors-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('round-trips: what it writes reads back equal, with metadata', async () => {
    const file = path.join(folder, 'model.safetensors');
    await writeSafetensors(file, tensors, { format: 'pt' });
    const read = await readSafetensors(file);
    expect(read.metadata).toEqual({ format: 'pt' });
    expect(read.tensors).toEqual(tensors);
    expect(new Uint8Array(await readFile(file))).toEqual(serializeSafetensors(tensors, { format: 'pt' }));
  });

  it('leaves no temporary file behind and replaces an existing file whole', async () => {
    const file = path.join(folder, 'model.safetensors');
    await writeFile(file, 'old contents');
    await writeSafetensors(file, Object.fromEntries(tensors));
    expect(await readdir(folder)).toEqual(['model.safetensors']);
    expect((await readSafetensors(file)).tensors).toEqual(tensors);
  });

  it('throws for a missing folder and creates nothing', async () => {
    const file = path.join(folder, 'no-such-folder', 'model.safetensors');
    await expect(writeSafetensors(file, tensors)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(folder)).toEqual([]);
  });

  it('removes the temporary file when the rename fails', async () => {
    // Renaming a file over a non-empty folder fails after the temporary file was fully written.
    const target = path.join(folder, 'occupied');
    await writeFile(path.join(folder, 'keep.txt'), 'x');
    await mkdir(target);
    await writeFile(path.join(target, 'inside.txt'), 'x');
    await expect(writeSafetensors(target, tensors)).rejects.toThrow();
    expect((await readdir(folder)).sort()).toEqual(['keep.txt', 'occupied']);
  });

  it('rejects invalid tensors before touching the disk', async () => {
    const file = path.join(folder, 'model.safetensors');
    const invalid = { x: { dtype: 'float32', shape: [5], values: new Float32Array(2) } } as const;
    await expect(writeSafetensors(file, invalid)).rejects.toThrow(InvalidConfigError);
    expect(await readdir(folder)).toEqual([]);
  });
});
