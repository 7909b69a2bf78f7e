import * as tf from '@tensorflow/tfjs-core';
import { allocate, cpuKernel, finish, floatValues, stridesOf, type NativeKernel, type NativeKernelArgs } from './kernel-support';

/** Every layout kernel here is one strided copy into a fresh pooled array. */
function copyStrided(args: NativeKernelArgs, source: Float32Array, offset: number, shape: number[], strides: number[]): tf.TensorInfo {
  const values = allocate(args.backend, shape);
  if (values.length > 0) args.backend.addon.stridedCopy(source, values, offset, Int32Array.from(shape), Int32Array.from(strides));
  return finish(args.backend, shape, values);
}

const cpuTranspose = cpuKernel('Transpose');
const cpuSlice = cpuKernel('Slice');
const cpuTile = cpuKernel('Tile');
const cpuUnpack = cpuKernel('Unpack');

const transpose: NativeKernel = {
  kernelName: 'Transpose',
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const source = floatValues(args.backend, x);
    if (source === undefined || x.shape.length > 8) return cpuTranspose(args);
    const { perm } = args.attrs as unknown as { perm: number[] };
    const strides = stridesOf(x.shape);
    return copyStrided(
      args,
      source,
      0,
      perm.map((axis) => x.shape[axis] as number),
      perm.map((axis) => strides[axis] as number),
    );
  },
};

/** A copying Slice: the cpu kernel returns a view into its input, which a buffer pool must not recycle under. */
const slice: NativeKernel = {
  kernelName: 'Slice',
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const source = floatValues(args.backend, x);
    if (source === undefined || x.shape.length > 8) return cpuSlice(args);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [begins = [], sizes = []] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    tf.slice_util.assertParamsValid(x as tf.Tensor, begins, sizes);
    const strides = stridesOf(x.shape);
    const offset = begins.reduce((total, start, axis) => total + start * (strides[axis] as number), 0);
    return copyStrided(args, source, offset, sizes, strides);
  },
};

/** Tile where every tiled axis has size 1 (what broadcastTo and the reduction gradients produce): stride 0. */
const tile: NativeKernel = {
  kernelName: 'Tile',
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const source = floatValues(args.backend, x);
    const { reps } = args.attrs as unknown as { reps: number[] };
    const broadcastOnly = reps.every((rep, axis) => rep === 1 || x.shape[axis] === 1);
    if (source === undefined || !broadcastOnly || x.shape.length > 8 || reps.length !== x.shape.length) return cpuTile(args);
    const strides = stridesOf(x.shape).map((stride, axis) => (x.shape[axis] === 1 ? 0 : stride));
    return copyStrided(
      args,
      source,
      0,
      x.shape.map((size, axis) => size * (reps[axis] as number)),
      strides,
    );
  },
};

/**
 * Unpack (unstack; the gradient of stack, which AdapterFusion uses over its adapters) as one strided copy per
 * output. The cpu kernel slices in JS: 3.9 s for [32, 128, 4, 128] along axis 2, most of a fusion step.
 */
const unpack: NativeKernel = {
  kernelName: 'Unpack',
  kernelFunc: (args) => {
    const value = args.inputs.value as tf.TensorInfo;
    const source = floatValues(args.backend, value);
    if (source === undefined || value.shape.length > 8) return cpuUnpack(args);
    const rank = value.shape.length;
    const { axis: rawAxis } = args.attrs as unknown as { axis: number };
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    const strides = stridesOf(value.shape);
    const outShape = value.shape.filter((_, dimension) => dimension !== axis);
    const outStrides = strides.filter((_, dimension) => dimension !== axis);
    return Array.from({ length: value.shape[axis] as number }, (_, index) => copyStrided(args, source, index * (strides[axis] as number), outShape, outStrides));
  },
};

const cpuPad = cpuKernel('PadV2');

/**
 * A constant pad (a slice's gradient, e.g. BERT's [CLS] pick): a pooled output filled with the constant, then the
 * input written into its interior (the cpu kernel allocates and zero-fills a fresh array in JavaScript).
 */
const pad: NativeKernel = {
  kernelName: 'PadV2',
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const source = floatValues(args.backend, x);
    if (source === undefined || x.shape.length > 8) return cpuPad(args);
    const { paddings, constantValue } = args.attrs as unknown as { paddings: [number, number][]; constantValue: number };
    const shape = x.shape.map((size, axis) => (paddings[axis]![0] as number) + size + (paddings[axis]![1] as number));
    const values = allocate(args.backend, shape);
    values.fill(constantValue);
    const strides = stridesOf(shape);
    const offset = paddings.reduce((total, [before], axis) => total + before * (strides[axis] as number), 0);
    if (source.length > 0) args.backend.addon.stridedWrite(source, values, offset, Int32Array.from(x.shape), Int32Array.from(strides));
    return finish(args.backend, shape, values);
  },
};

export const LAYOUT_KERNELS: readonly NativeKernel[] = [transpose, slice, tile, unpack, pad];
