// PyTorch `.bin` checkpoints (`torch.save` of a state dict), read from bytes without running any Python.
import { TorchCheckpointError } from '../errors/torch-checkpoint-error';
import { ELEMENT_BYTES, decodedDtypeOf, type SafetensorsDtype } from '../safetensors/safetensors-dtype';
import type { TensorData } from '../safetensors/tensor-data';
import { createTensorValues, decodeTensorBytes } from '../safetensors/tensor-decoding';
import { PickleGlobal, PickleTuple, runPickle, type PickleHooks } from './pickle-machine';
import { ALLOWED_TORCH_GLOBALS, TORCH_STORAGE_DTYPES } from './torch-storage-types';
import { looksLikeZip, readZipEntries } from './zip-entries';

interface StorageReference {
  readonly kind: 'storage';
  readonly dtype: SafetensorsDtype;
  readonly key: string;
  readonly numel: number;
}

interface TensorReference {
  readonly kind: 'tensor';
  readonly storage: StorageReference;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

// The legacy format's first pickle: torch.serialization.MAGIC_NUMBER.
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;
/** Materialised elements may exceed the storages' by this factor (tied weights, views), plus a little slack. */
const MAX_VIEW_EXPANSION = 8;
const MAX_VIEW_SLACK = 1 << 20;

/**
 * Reads a PyTorch checkpoint holding a state dict, the zip format (torch >= 1.6) or the legacy one, into
 * row-major tensors (floats as float32, integers as int32). Only the globals a state dict needs are accepted;
 * every storage reference is checked against the bytes present (record exists, its size is numel * itemsize,
 * every view lies inside it). Anything else is a `TorchCheckpointError`; no code from the file ever runs.
 */
export function parseTorchCheckpoint(input: Uint8Array, file = '<bytes>'): Map<string, TensorData> {
  // A plain view: Node's Buffer.slice() shares memory, which the unaligned-copy paths rely on not doing.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (looksLikeZip(bytes)) return parseZipCheckpoint(bytes, file);
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] === 0x02) return parseLegacyCheckpoint(bytes, file);
  throw new TorchCheckpointError({ file, message: 'not a PyTorch checkpoint: neither a torch.save zip archive nor the legacy pickle format.' });
}

function parseZipCheckpoint(bytes: Uint8Array, file: string): Map<string, TensorData> {
  const entries = readZipEntries(bytes, file);
  // The archive folder is the saved file's stem, or `archive`: take it from the entries.
  const pickles = [...entries.keys()].filter((name) => name.endsWith('/data.pkl') && name.indexOf('/') === name.length - '/data.pkl'.length);
  if (pickles.length !== 1) {
    throw new TorchCheckpointError({ file, message: `expected one '<archive>/data.pkl' entry, found ${pickles.length === 0 ? 'none' : pickles.join(', ')}.` });
  }
  const pickleName = pickles[0]!;
  const prefix = pickleName.slice(0, -'data.pkl'.length);
  const { value } = runPickle(entries.get(pickleName)!, 0, stateDictHooks(file, pickleName, false), file, pickleName);
  return materialize(value, file, (storage) => {
    const name = `${prefix}data/${storage.key}`;
    const record = entries.get(name);
    if (record === undefined) throw new TorchCheckpointError({ file, entry: name, message: `storage record '${name}' not found in the archive.` });
    return { record, name };
  });
}

function parseLegacyCheckpoint(bytes: Uint8Array, file: string): Map<string, TensorData> {
  const plain = stateDictHooks(file, 'legacy', false);
  const magic = runPickle(bytes, 0, plain, file, 'legacy magic number');
  if (magic.value !== LEGACY_MAGIC) {
    throw new TorchCheckpointError({ file, message: 'a pickle that is not a PyTorch checkpoint (the legacy format starts with torch\'s magic number).' });
  }
  const protocol = runPickle(bytes, magic.end, plain, file, 'legacy protocol version');
  if (protocol.value !== LEGACY_PROTOCOL) {
    throw new TorchCheckpointError({ file, message: `legacy format protocol version ${String(protocol.value)}; only ${LEGACY_PROTOCOL} is known.` });
  }
  const systemInfo = runPickle(bytes, protocol.end, plain, file, 'legacy sys info');
  if (!(systemInfo.value instanceof Map) || systemInfo.value.get('little_endian') !== true) {
    throw new TorchCheckpointError({ file, message: 'the legacy checkpoint was not written on a little-endian machine.' });
  }
  const stateDict = runPickle(bytes, systemInfo.end, stateDictHooks(file, 'legacy state dict', true), file, 'legacy state dict');
  const keys = runPickle(bytes, stateDict.end, plain, file, 'legacy storage keys');
  if (!Array.isArray(keys.value) || !keys.value.every((key) => typeof key === 'string')) {
    throw new TorchCheckpointError({ file, message: 'the legacy storage key list is not a list of strings.' });
  }
  // Each storage follows in the listed order: an int64 element count, then its raw bytes.
  const records = new Map<string, { count: number; start: number }>();
  const declared = collectStorages(stateDict.value);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = keys.end;
  for (const key of keys.value as string[]) {
    const storage = declared.get(key);
    if (storage === undefined) throw new TorchCheckpointError({ file, entry: `storage ${key}`, message: 'listed in the storage keys but used by no tensor.' });
    if (position + 8 > bytes.length) throw new TorchCheckpointError({ file, entry: `storage ${key}`, message: `the file ends at byte ${bytes.length} before the storage's element count.` });
    const count = view.getBigInt64(position, true);
    const byteLength = Number(count) * ELEMENT_BYTES[storage.dtype];
    if (count < 0n || position + 8 + byteLength > bytes.length) {
      throw new TorchCheckpointError({ file, entry: `storage ${key}`, message: `declares ${count} elements (${byteLength} bytes) at byte ${position + 8}, past the end of the file (${bytes.length} bytes).` });
    }
    records.set(key, { count: Number(count), start: position + 8 });
    position += 8 + byteLength;
  }
  return materialize(stateDict.value, file, (storage) => {
    const name = `storage ${storage.key}`;
    const record = records.get(storage.key);
    if (record === undefined) throw new TorchCheckpointError({ file, entry: name, message: 'the storage is not among the records written after the pickles.' });
    return { record: bytes.subarray(record.start, record.start + record.count * ELEMENT_BYTES[storage.dtype]), name };
  });
}

/** The storages the tensors of a state dict refer to, by key (each must keep one dtype). */
function collectStorages(stateDict: unknown): Map<string, StorageReference> {
  const storages = new Map<string, StorageReference>();
  if (stateDict instanceof Map) {
    for (const value of stateDict.values()) {
      if (isTensor(value)) storages.set(value.storage.key, value.storage);
    }
  }
  return storages;
}

function isTensor(value: unknown): value is TensorReference {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'tensor';
}

function isStorage(value: unknown): value is StorageReference {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'storage';
}

function stateDictHooks(file: string, entry: string, legacy: boolean): PickleHooks {
  const fail = (message: string): never => {
    throw new TorchCheckpointError({ file, entry, message });
  };
  const index = (value: unknown, what: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(`${what} must be a non-negative integer, got ${String(value)}.`);
    return value as number;
  };
  const indexTuple = (value: unknown, what: string): number[] => {
    if (!(value instanceof PickleTuple)) fail(`${what} must be a tuple.`);
    return (value as PickleTuple).items.map((item, position) => index(item, `${what}[${position}]`));
  };
  return {
    allowedGlobals: ALLOWED_TORCH_GLOBALS,
    reduce(callable, args) {
      const items = args.items;
      switch (callable.qualifiedName) {
        case 'collections.OrderedDict':
          if (items.length !== 0) fail('OrderedDict is only rebuilt empty in a state dict.');
          return new Map();
        case 'torch._utils._rebuild_tensor_v2': {
          // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
          if (items.length < 6 || items.length > 7 || !isStorage(items[0])) fail('_rebuild_tensor_v2 expects (storage, offset, size, stride, requires_grad, hooks).');
          const size = indexTuple(items[2], 'size');
          const stride = indexTuple(items[3], 'stride');
          if (size.length !== stride.length) fail(`size ${JSON.stringify(size)} and stride ${JSON.stringify(stride)} differ in length.`);
          const tensor: TensorReference = { kind: 'tensor', storage: items[0] as StorageReference, offset: index(items[1], 'storage_offset'), size, stride };
          return tensor;
        }
        case 'torch._utils._rebuild_parameter':
          if (items.length < 1 || !isTensor(items[0])) fail('_rebuild_parameter expects a tensor.');
          return items[0];
        default:
          return fail(`the global '${callable.qualifiedName}' cannot be called.`);
      }
    },
    persistentLoad(id) {
      // ("storage", torch.<Type>Storage, key, location, numel) and, in the legacy format, view metadata.
      const items = id instanceof PickleTuple ? id.items : [];
      const [tag, type, key, , numel, viewMetadata] = items;
      if (tag !== 'storage' || !(type instanceof PickleGlobal) || typeof key !== 'string' || items.length < 5 || items.length > (legacy ? 6 : 5)) {
        fail('a persistent id that is not a torch storage reference.');
      }
      if (legacy && viewMetadata !== null && viewMetadata !== undefined) fail(`storage ${String(key)} is a legacy storage view, which is not supported.`);
      const dtype = TORCH_STORAGE_DTYPES[(type as PickleGlobal).name];
      if (dtype === undefined || (type as PickleGlobal).module !== 'torch') fail(`unknown storage type '${(type as PickleGlobal).qualifiedName}'.`);
      const storage: StorageReference = { kind: 'storage', dtype: dtype!, key: key as string, numel: index(numel, `storage ${String(key)} numel`) };
      return storage;
    },
  };
}

type RecordLookup = (storage: StorageReference) => { record: Uint8Array; name: string };

function materialize(stateDict: unknown, file: string, lookup: RecordLookup): Map<string, TensorData> {
  if (!(stateDict instanceof Map)) throw new TorchCheckpointError({ file, message: 'the checkpoint is not a state dict (a dict of tensors).' });
  const decoded = new Map<string, { dtype: SafetensorsDtype; values: Float32Array | Int32Array }>();
  const tensors = new Map<string, TensorData>();
  // Views are copied out, so many views of one big storage could cost far more than the file: bound the total.
  let storageElements = 0;
  let materialized = 0;
  for (const [name, value] of stateDict) {
    if (typeof name !== 'string') throw new TorchCheckpointError({ file, message: `a state dict key is not a string (${String(name)}).` });
    if (!isTensor(value)) throw new TorchCheckpointError({ file, entry: name, message: 'the value is not a tensor.' });
    const storage = value.storage;
    let source = decoded.get(storage.key);
    if (source !== undefined && source.dtype !== storage.dtype) {
      throw new TorchCheckpointError({ file, entry: name, message: `storage '${storage.key}' is used as both ${source.dtype} and ${storage.dtype}.` });
    }
    if (source === undefined) {
      const { record, name: recordName } = lookup(storage);
      const expectedBytes = storage.numel * ELEMENT_BYTES[storage.dtype];
      if (record.byteLength !== expectedBytes) {
        throw new TorchCheckpointError({
          file,
          entry: recordName,
          message: `the record is ${record.byteLength} bytes, but the pickle declares ${storage.numel} x ${ELEMENT_BYTES[storage.dtype]} bytes (${expectedBytes}).`,
        });
      }
      const values = createTensorValues(storage.dtype, storage.numel);
      decodeTensorBytes(storage.dtype, record, values, 0, { file, tensor: name });
      source = { dtype: storage.dtype, values };
      decoded.set(storage.key, source);
      storageElements += storage.numel;
    }
    materialized += value.size.reduce((product, size) => product * size, 1);
    if (materialized > MAX_VIEW_EXPANSION * storageElements + MAX_VIEW_SLACK) {
      throw new TorchCheckpointError({
        file,
        entry: name,
        message: `the tensors so far view ${materialized} elements of storages holding ${storageElements}; more than ${MAX_VIEW_EXPANSION}x is refused (a state dict shares storages only for tied weights and views).`,
      });
    }
    tensors.set(name, { dtype: decodedDtypeOf(storage.dtype), shape: value.size, values: gather(source.values, value, storage, file, name) });
  }
  return tensors;
}

/** The tensor's elements in row-major order: element [i, j, ...] is storage[offset + i*stride0 + j*stride1 + ...]. */
function gather(source: Float32Array | Int32Array, tensor: TensorReference, storage: StorageReference, file: string, name: string): Float32Array | Int32Array {
  const { size, stride, offset } = tensor;
  let count = 1;
  let extent = offset;
  for (let axis = 0; axis < size.length; axis += 1) {
    count *= size[axis]!;
    extent += (size[axis]! - 1) * stride[axis]!;
  }
  if (count === 0) return source instanceof Float32Array ? new Float32Array(0) : new Int32Array(0);
  if (extent >= storage.numel) {
    throw new TorchCheckpointError({
      file,
      entry: name,
      message: `shape ${JSON.stringify(size)} with stride ${JSON.stringify(stride)} at storage offset ${offset} needs ${extent + 1} elements, but storage '${storage.key}' has ${storage.numel}.`,
    });
  }
  if (count > storage.numel) {
    throw new TorchCheckpointError({
      file,
      entry: name,
      message: `shape ${JSON.stringify(size)} with stride ${JSON.stringify(stride)} has ${count} elements, more than its storage '${storage.key}' holds (${storage.numel}); overlapping or broadcast views are refused.`,
    });
  }
  const target = source instanceof Float32Array ? new Float32Array(count) : new Int32Array(count);
  let contiguous = true;
  for (let axis = size.length - 1, expected = 1; axis >= 0; axis -= 1) {
    if (size[axis]! !== 1 && stride[axis] !== expected) contiguous = false;
    expected *= size[axis]!;
  }
  if (contiguous) {
    target.set(source.subarray(offset, offset + count));
    return target;
  }
  const counters = new Array<number>(size.length).fill(0);
  let sourceIndex = offset;
  for (let targetIndex = 0; targetIndex < count; targetIndex += 1) {
    target[targetIndex] = source[sourceIndex]!;
    // Odometer over the axes, last fastest: no recursion, one step per element.
    for (let axis = size.length - 1; axis >= 0; axis -= 1) {
      counters[axis] = counters[axis]! + 1;
      sourceIndex += stride[axis]!;
      if (counters[axis]! < size[axis]!) break;
      sourceIndex -= counters[axis]! * stride[axis]!;
      counters[axis] = 0;
    }
  }
  return target;
}
