import type { SafetensorsDtype } from '../safetensors/safetensors-dtype';

/** `torch.<Name>Storage` → the element type of its bytes (spelled as safetensors does, to share the decoders). */
export const TORCH_STORAGE_DTYPES: Readonly<Record<string, SafetensorsDtype>> = {
  FloatStorage: 'F32',
  DoubleStorage: 'F64',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

/** The only globals a state dict needs (`torch.load(weights_only=True)` allows a superset of these). */
export const ALLOWED_TORCH_GLOBALS: ReadonlySet<string> = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...Object.keys(TORCH_STORAGE_DTYPES).map((name) => `torch.${name}`),
]);
