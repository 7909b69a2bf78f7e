import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '@adapters/core';
import { allocate, cpuKernel, finish, floatValues, int32Values, type NativeKernel } from './kernel-support';

const cpuGather = cpuKernel('GatherV2');
const cpuSegmentSum = cpuKernel('UnsortedSegmentSum');

/** Row gathers along one axis (embedding lookups). */
const gatherV2: NativeKernel = {
  kernelName: 'GatherV2',
  kernelFunc: (args) => {
    const { backend } = args;
    const x = args.inputs.x as tf.TensorInfo;
    const indices = args.inputs.indices as tf.TensorInfo;
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    const params = floatValues(backend, x);
    const indexValues = int32Values(backend, indices);
    if (params === undefined || indexValues === undefined || (batchDims ?? 0) !== 0) return cpuGather(args);
    const [parsedAxis] = tf.util.parseAxisParam(axis, x.shape);
    const gatherAxis = parsedAxis as number;
    const axisSize = x.shape[gatherAxis] as number;
    const shape = [...x.shape.slice(0, gatherAxis), ...indices.shape, ...x.shape.slice(gatherAxis + 1)];
    const values = allocate(backend, shape);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, gatherAxis));
    const inner = tf.util.sizeFromShape(x.shape.slice(gatherAxis + 1));
    const bad = backend.addon.gather(params, indexValues, values, outer, axisSize, inner);
    if (bad >= 0) {
      throw new BackendError({ backend: 'native', message: `GatherV2: index ${indexValues[bad]} is not in [0, ${axisSize - 1}]` });
    }
    return finish(backend, shape, values);
  },
};

/** Sums rows into segments: the gradient of an embedding gather. */
const unsortedSegmentSum: NativeKernel = {
  kernelName: 'UnsortedSegmentSum',
  kernelFunc: (args) => {
    const { backend } = args;
    const x = args.inputs.x as tf.TensorInfo;
    const segmentIds = args.inputs.segmentIds as tf.TensorInfo;
    const { numSegments } = args.attrs as unknown as { numSegments: number };
    const xValues = floatValues(backend, x);
    const ids = int32Values(backend, segmentIds);
    const leading = segmentIds.shape.length;
    const matchesLeading = segmentIds.shape.every((size, axis) => x.shape[axis] === size);
    if (xValues === undefined || ids === undefined || !matchesLeading || ids.length === 0) return cpuSegmentSum(args);
    const shape = [numSegments, ...x.shape.slice(leading)];
    const values = allocate(backend, shape);
    backend.addon.unsortedSegmentSum(xValues, ids, values, numSegments);
    return finish(backend, shape, values);
  },
};

export const GATHER_KERNELS: readonly NativeKernel[] = [gatherV2, unsortedSegmentSum];
