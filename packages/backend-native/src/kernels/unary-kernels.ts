import type * as tf from '@tensorflow/tfjs-core';
import { UNARY_OPS } from '../native-addon';
import { allocate, cpuKernel, finish, floatValues, type NativeKernel } from './kernel-support';

function unaryKernel(kernelName: string, op: number, alphaOf: (attrs: tf.NamedAttrMap | undefined) => number = () => 0): NativeKernel {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    kernelFunc: (args) => {
      const { backend } = args;
      const x = args.inputs.x as tf.TensorInfo;
      const xValues = floatValues(backend, x);
      if (xValues === undefined) return fallback(args);
      const values = allocate(backend, x.shape);
      backend.addon.unary(op, xValues, values, alphaOf(args.attrs));
      return finish(backend, x.shape, values);
    },
  };
}

/** Float32 elementwise maps; erf/exp/tanh/log run through glibc's vectorised libmvec. */
export const UNARY_KERNELS: readonly NativeKernel[] = [
  unaryKernel('Tanh', UNARY_OPS.tanh),
  unaryKernel('Erf', UNARY_OPS.erf),
  unaryKernel('Exp', UNARY_OPS.exp),
  unaryKernel('Log', UNARY_OPS.log),
  unaryKernel('Sqrt', UNARY_OPS.sqrt),
  unaryKernel('Rsqrt', UNARY_OPS.rsqrt),
  unaryKernel('Sigmoid', UNARY_OPS.sigmoid),
  unaryKernel('Relu', UNARY_OPS.relu),
  unaryKernel('Relu6', UNARY_OPS.relu6),
  unaryKernel('Elu', UNARY_OPS.elu),
  unaryKernel('Neg', UNARY_OPS.neg),
  unaryKernel('Square', UNARY_OPS.square),
  unaryKernel('Abs', UNARY_OPS.abs),
  unaryKernel('Reciprocal', UNARY_OPS.reciprocal),
  unaryKernel('Step', UNARY_OPS.step, (attrs) => (attrs?.alpha as number | undefined) ?? 0),
  unaryKernel('LeakyRelu', UNARY_OPS.leakyRelu, (attrs) => (attrs?.alpha as number | undefined) ?? 0.2),
];
