import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdaptersError } from '../errors/adapters-error';
import { TorchCheckpointError } from '../errors/torch-checkpoint-error';
import { parseSafetensors } from '../safetensors/parse-safetensors';
import { FIXTURES_FOLDER } from '../safetensors/safetensors-test-helpers';
import type { TensorData } from '../safetensors/tensor-data';
import { parseTorchCheckpoint } from './parse-torch-checkpoint';
import { readWeightsFile } from '../weights/read-weights-file';

/** torch.save's names → the safetensors file the same case family uses (fixtures README, section 11). */
const TWIN_NAMES: Readonly<Record<string, string>> = {
  'pytorch_adapter.bin': 'adapter.safetensors',
  'pytorch_model_head.bin': 'model_head.safetensors',
  'pytorch_model_adapter_fusion.bin': 'model_adapter_fusion.safetensors',
  'pytorch_model.bin': 'model.safetensors',
};

/** Every `.bin` under a folder, recursively, without recursion in the walker's call depth mattering. */
function binFiles(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.name.endsWith('.bin')) found.push(full);
    }
  }
  return found.sort();
}

/** The safetensors file a fixture `.bin` was made from: same relative path in the source case. */
function twinOf(binFile: string): string {
  const relative = path.relative(FIXTURES_FOLDER, binFile).split(path.sep);
  const [caseName, ...rest] = relative;
  const source = caseName === '_backbones' ? ['_backbones', rest[0]!.replace(/-bin$/, ''), ...rest.slice(1)] : [caseName!.replace(/_bin(_.*)?$/, ''), ...rest];
  source[source.length - 1] = TWIN_NAMES[source[source.length - 1]!]!;
  return path.join(FIXTURES_FOLDER, ...source);
}

function expectBitIdentical(actual: Map<string, TensorData>, expected: Map<string, TensorData>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, tensor] of expected) {
    const got = actual.get(name)!;
    expect(got.shape, name).toEqual(tensor.shape);
    expect(got.dtype, name).toBe(tensor.dtype);
    expect(Buffer.from(got.values.buffer, got.values.byteOffset, got.values.byteLength).equals(Buffer.from(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength)), name).toBe(true);
  }
}

function expectRefused(bytes: Uint8Array, message: RegExp): void {
  let caught: unknown;
  try {
    parseTorchCheckpoint(bytes, 'test.bin');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TorchCheckpointError);
  expect(AdaptersError.isInstance(caught) && caught.code).toBe('torch-checkpoint');
  expect((caught as Error).message).toMatch(message);
}

const fixtureBins = binFiles(FIXTURES_FOLDER).filter((file) => !file.includes(`${path.sep}_malicious${path.sep}`));

describe('parseTorchCheckpoint on torch.save files', () => {
  it('finds the fixture .bin files (zip, shared storage, legacy, OrderedDict with _metadata)', () => {
    expect(fixtureBins.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtureBins.map((file) => [path.relative(FIXTURES_FOLDER, file), file]))('%s equals its safetensors twin bit for bit', async (_name, file) => {
    const twin = parseSafetensors(readFileSync(twinOf(file))).tensors;
    expectBitIdentical(await readWeightsFile(file), twin);
  });

  it('materialises transposed views of one shared storage by their strides', () => {
    const file = path.join(FIXTURES_FOLDER, 'seq_bn_bin_shared_storage/adapters/a/pytorch_adapter.bin');
    const tensors = parseTorchCheckpoint(readFileSync(file), file);
    const up = tensors.get('bert.encoder.layer.0.output.adapters.a.adapter_up.weight')!;
    expect(up.shape).toEqual([32, 2]);
    expect([...up.values].some(Number.isNaN)).toBe(false);
  });
});

const MARKER = '/tmp/adapters-pwned';
const malicious = path.join(FIXTURES_FOLDER, '_malicious');
const MALICIOUS_ERRORS: ReadonlyArray<[string, RegExp]> = [
  ['a_os_system_reduce.bin', /global 'os\.system' is not allowed/],
  ['b_builtins_eval.bin', /global 'builtins\.eval' is not allowed/],
  ['c_missing_record.bin', /storage record '.*data\/1' not found/],
  ['d_storage_too_small.bin', /needs 64 elements, but storage '0' has 4/],
  ['d2_storage_offset_out_of_range.bin', /needs 5 elements, but storage '0' has 4/],
  ['d3_record_shorter_than_numel.bin', /record is 16 bytes, but the pickle declares 64 x 4 bytes/],
  ['e_declared_size_huge.bin', /past the end of the stored data/],
  ['e2_deflate_bomb.bin', /compressed \(method 8\)/],
  ['f_truncated.bin', /no end-of-central-directory record/],
];

/** A legacy-format checkpoint written here opcode by opcode: one float32 storage 'k' and views of it. */
function legacyCheckpoint(numel: number, views: ReadonlyArray<{ name: string; offset: number; size: number[]; stride: number[] }>): Uint8Array {
  const out: number[] = [];
  const text = (value: string): void => {
    const bytes = [...Buffer.from(value, 'utf8')];
    out.push(0x58, bytes.length & 0xff, (bytes.length >> 8) & 0xff, 0, 0, ...bytes);
  };
  const int = (value: number): void => {
    out.push(0x4a, value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff);
  };
  const global = (module: string, name: string): void => {
    out.push(0x63, ...Buffer.from(`${module}\n${name}\n`, 'latin1'));
  };
  const tuple = (values: number[]): void => {
    out.push(0x28);
    values.forEach(int);
    out.push(0x74);
  };
  // magic number (LONG1, 10 bytes), protocol 1001, sys info
  out.push(0x80, 0x02, 0x8a, 0x0a, ...[0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19], 0x2e);
  out.push(0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e);
  out.push(0x80, 0x02, 0x7d, 0x28);
  text('little_endian');
  out.push(0x88, 0x75, 0x2e);
  // the state dict
  out.push(0x80, 0x02, 0x7d, 0x28);
  for (const view of views) {
    text(view.name);
    global('torch._utils', '_rebuild_tensor_v2');
    out.push(0x28, 0x28);
    text('storage');
    global('torch', 'FloatStorage');
    text('k');
    text('cpu');
    int(numel);
    out.push(0x4e, 0x74, 0x51);
    int(view.offset);
    tuple(view.size);
    tuple(view.stride);
    out.push(0x89);
    global('collections', 'OrderedDict');
    out.push(0x29, 0x52, 0x74, 0x52);
  }
  out.push(0x75, 0x2e);
  // the storage keys, then each storage: int64 element count and the raw floats
  out.push(0x80, 0x02, 0x5d, 0x28);
  text('k');
  out.push(0x65, 0x2e);
  const count = new Uint8Array(new BigInt64Array([BigInt(numel)]).buffer);
  const values = new Uint8Array(Float32Array.from({ length: numel }, (_, index) => index).buffer);
  return Uint8Array.from([...out, ...count, ...values]);
}

describe('parseTorchCheckpoint on hand-written legacy pickles', () => {
  it('reads strided views of one storage (the builder itself is sound)', () => {
    const tensors = parseTorchCheckpoint(legacyCheckpoint(6, [{ name: 't', offset: 0, size: [3, 2], stride: [1, 3] }]));
    expect([...tensors.get('t')!.values]).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('refuses broadcast (stride 0) views with more elements than their storage', () => {
    expectRefused(legacyCheckpoint(4, [{ name: 'b', offset: 0, size: [1000, 4], stride: [0, 1] }]), /1000,4.*has 4000 elements, more than its storage 'k' holds \(4\)/);
  });

  it('bounds the total copied out of many views of one storage', () => {
    const views = Array.from({ length: 40 }, (_, index) => ({ name: `v${index}`, offset: 0, size: [65536], stride: [1] }));
    expectRefused(legacyCheckpoint(65536, views), /more than 8x is refused/);
  });
});

describe('parseTorchCheckpoint refuses unsafe or broken files', () => {
  it('covers every file of _malicious/', () => {
    expect(readdirSync(malicious).filter((name) => name.endsWith('.bin')).sort()).toEqual(MALICIOUS_ERRORS.map(([name]) => name).sort());
  });

  it.each(MALICIOUS_ERRORS)('%s is refused with a typed error and runs nothing', async (name, message) => {
    rmSync(MARKER, { force: true });
    const file = path.join(malicious, name);
    await expect(readWeightsFile(file)).rejects.toThrow(TorchCheckpointError);
    expectRefused(readFileSync(file), message);
    expect(existsSync(MARKER)).toBe(false);
  });

  it('refuses opcodes a state dict never uses, and pickles without STOP', () => {
    const legacyHead = [0x80, 0x02];
    // PROTO 2, EMPTY_DICT, INST (0x69) ... : INST builds arbitrary objects.
    expectRefused(Uint8Array.from([...legacyHead, 0x7d, 0x69]), /opcode 0x69 is not allowed/);
    expectRefused(Uint8Array.from([...legacyHead, 0x7d]), /ends without a STOP/);
    expectRefused(Uint8Array.from([...legacyHead, 0x58, 0xff, 0xff, 0xff, 0x7f]), /needs 2147483647 more bytes/);
  });

  it('refuses a global reached through STACK_GLOBAL before it is called', () => {
    const module = [...Buffer.from('posix')];
    const name = [...Buffer.from('system')];
    const bytes = [0x80, 0x02, 0x8c, module.length, ...module, 0x8c, name.length, ...name, 0x93, 0x2e];
    expectRefused(Uint8Array.from(bytes), /global 'posix\.system' is not allowed/);
  });

  it('refuses a legacy storage view (view metadata instead of None)', () => {
    const bytes = Uint8Array.from(readFileSync(path.join(FIXTURES_FOLDER, 'seq_bn_bin_legacy/adapters/a/pytorch_adapter.bin')));
    // The first storage's persistent id ends ..., numel (BININT1 2), view_metadata (NONE), TUPLE.
    expect([...bytes.subarray(307, 311)]).toEqual([0x4b, 2, 0x4e, 0x74]);
    bytes[309] = 0x88; // NEWTRUE: anything but None is a view
    expectRefused(bytes, /legacy storage view, which is not supported/);
  });

  it('refuses bytes that are neither format', () => {
    expectRefused(Buffer.from('not a checkpoint'), /not a PyTorch checkpoint/);
  });
});
