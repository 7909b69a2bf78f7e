import * as tf from '@tensorflow/tfjs-core';
import { REDUCE_OPS } from '../native-addon';
import { allocate, cpuKernel, finish, floatValues, type NativeKernel } from './kernel-support';

/**
 * Reductions over one contiguous run of axes, viewed as [outer, reduce, inner]: the last axis
 * (LayerNorm, softmax pieces) and the leading axes (bias gradients) are the hot cases.
 */
function reduceKernel(kernelName: string, op: number, axisAttr: 'axis' | 'reductionIndices'): NativeKernel {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    kernelFunc: (args) => {
      const { backend } = args;
      const x = args.inputs.x as tf.TensorInfo;
      const xValues = floatValues(backend, x);
      const attrs = args.attrs as Record<string, unknown>;
      if (xValues === undefined || x.shape.length === 0) return fallback(args);
      const axes = tf.util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape).sort((left, right) => left - right);
      const first = axes[0];
      const last = axes[axes.length - 1];
      if (first === undefined || last === undefined || last - first + 1 !== axes.length) return fallback(args);
      const outer = tf.util.sizeFromShape(x.shape.slice(0, first));
      const reduce = tf.util.sizeFromShape(x.shape.slice(first, last + 1));
      const inner = tf.util.sizeFromShape(x.shape.slice(last + 1));
      if (reduce === 0) return fallback(args);
      const [reducedShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
      const shape = attrs.keepDims === true ? tf.backend_util.expandShapeToKeepDim(reducedShape, axes) : reducedShape;
      const values = allocate(backend, shape);
      if (values.length > 0) backend.addon.reduce(op, xValues, values, outer, reduce, inner);
      return finish(backend, shape, values);
    },
  };
}

export const REDUCE_KERNELS: readonly NativeKernel[] = [
  reduceKernel('Sum', REDUCE_OPS.sum, 'axis'),
  reduceKernel('Mean', REDUCE_OPS.mean, 'axis'),
  reduceKernel('Max', REDUCE_OPS.max, 'reductionIndices'),
  reduceKernel('Min', REDUCE_OPS.min, 'axis'),
];
