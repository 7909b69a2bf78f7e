import * as tf from '@tensorflow/tfjs-core';

// tfjs-backend-wasm 4.22 runs a matmul with transposeA or transposeB through a slow path: about 10x slower
// than transposing the operand first and multiplying plainly (measured: [77,128]·[30522,128]ᵀ 493 ms vs
// 22 ms + 51 ms). Every Linear (x·Wᵀ) and every matmul gradient asks for a transpose, so the wasm kernels
// are wrapped to transpose explicitly. The result is the same product.

const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;
const wrapped = new WeakSet<tf.KernelFunc>();

interface DisposingBackend {
  disposeData(dataId: tf.DataId): boolean;
}

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, axis) => axis);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

function explicitTranspose(original: tf.KernelFunc, transpose: tf.KernelFunc): tf.KernelFunc {
  const kernelFunc: tf.KernelFunc = (args) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (attrs.transposeA !== true && attrs.transposeB !== true) return original(args);
    const temporaries: tf.TensorInfo[] = [];
    const plain = (input: tf.TensorInfo, transposed: boolean | undefined): tf.TensorInfo => {
      if (transposed !== true) return input;
      const result = transpose({ inputs: { x: input }, backend: args.backend, attrs: { perm: swapLastTwo(input.shape.length) } }) as tf.TensorInfo;
      temporaries.push(result);
      return result;
    };
    const inputs = { ...args.inputs, a: plain(args.inputs.a as tf.TensorInfo, attrs.transposeA), b: plain(args.inputs.b as tf.TensorInfo, attrs.transposeB) };
    try {
      return original({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const temporary of temporaries) (args.backend as DisposingBackend).disposeData(temporary.dataId);
    }
  };
  wrapped.add(kernelFunc);
  return kernelFunc;
}

/** Wraps the wasm matmul kernels so transposed operands are transposed explicitly. Safe to call more than once. */
export function registerWasmMatMulKernels(): void {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) return;
  for (const kernelName of MATMUL_KERNELS) {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined || wrapped.has(config.kernelFunc)) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: explicitTranspose(config.kernelFunc, transpose.kernelFunc) });
  }
}
