import * as tf from '@tensorflow/tfjs-core';
import { BINARY_OPS } from '../native-addon';
import { allocate, broadcastStrides, cpuKernel, finish, floatValues, type NativeKernel } from './kernel-support';

function binaryKernel(kernelName: string, op: number): NativeKernel {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    kernelFunc: (args) => {
      const { backend } = args;
      const a = args.inputs.a as tf.TensorInfo;
      const b = args.inputs.b as tf.TensorInfo;
      const aValues = floatValues(backend, a);
      const bValues = floatValues(backend, b);
      if (aValues === undefined || bValues === undefined) return fallback(args);
      const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const values = allocate(backend, shape);
      if (values.length > 0) {
        backend.addon.binary(op, aValues, bValues, values, Int32Array.from(shape), broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape));
      }
      return finish(backend, shape, values);
    },
  };
}

/** Float32 elementwise arithmetic with numpy broadcasting (any ranks up to 8). */
export const BINARY_KERNELS: readonly NativeKernel[] = [
  binaryKernel('Add', BINARY_OPS.add),
  binaryKernel('Sub', BINARY_OPS.sub),
  binaryKernel('Multiply', BINARY_OPS.mul),
  binaryKernel('RealDiv', BINARY_OPS.div),
  binaryKernel('Maximum', BINARY_OPS.maximum),
  binaryKernel('Minimum', BINARY_OPS.minimum),
  binaryKernel('SquaredDifference', BINARY_OPS.squaredDifference),
  binaryKernel('Pow', BINARY_OPS.pow),
];
