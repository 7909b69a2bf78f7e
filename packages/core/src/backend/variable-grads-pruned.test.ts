import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { declareFirstOutputGradient, variableGradsPruned } from './variable-grads-pruned';

// A frozen branch (weights that do not train, an int index path) feeding a trainable one, as in an encoder
// whose lower layers are frozen under an adapter.
function setup() {
  const frozen = tf.tidy(() => tf.variable(tf.tensor2d([0.5, -1, 2, 0.25, 1.5, -0.75], [3, 2]), false));
  const weight = tf.tidy(() => tf.variable(tf.tensor2d([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [2, 3]), true));
  const bias = tf.tidy(() => tf.variable(tf.tensor1d([0.05, -0.1, 0.2]), true));
  const unused = tf.tidy(() => tf.variable(tf.tensor1d([1, 2]), true));
  const input = tf.tensor2d([1, 2, 3, -1, 0.5, 2, 0, 1, -2, 4, 1, 1], [4, 3]);
  const labels = tf.tensor1d([2, 0, 1, 2], 'int32');
  // A customGrad op on the trainable path: its output must count as depending on the parameters.
  const scaledTanh = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const y = tf.mul(tf.tanh(x), 2);
    save([y]);
    return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sub(2, tf.div(tf.square(saved[0] as tf.Tensor), 2))) };
  });
  const loss = (): tf.Scalar => {
    // Everything up to `hidden` depends on no trainable variable.
    const hidden = tf.relu(tf.matMul(input, frozen));
    const positions = tf.tile(tf.expandDims(tf.range(0, 4, 1, 'int32'), 1), [1, 3]);
    const logits = scaledTanh(tf.add(tf.matMul(hidden, weight), bias)) as tf.Tensor;
    const picked = tf.gather(tf.reshape(logits, [-1]), tf.add(tf.mul(tf.range(0, 4, 1, 'int32'), tf.scalar(3, 'int32')), labels));
    return tf.add(tf.neg(tf.mean(picked)), tf.mul(tf.sum(tf.cast(positions, 'float32')), 1e-3)) as tf.Scalar;
  };
  const dispose = () => tf.dispose([frozen, weight, bias, unused, input, labels]);
  return { variables: [weight, bias, unused], unusedName: unused.name, loss, dispose };
}

async function kernelNames(run: () => void): Promise<string[]> {
  const profile = await tf.profile(run);
  return profile.kernels.map((kernel) => kernel.name);
}

describe('variableGradsPruned', () => {
  it('gives tf.variableGrads’ loss and gradients to the bit, recording only ops that depend on the variables', async () => {
    const { variables, unusedName, loss, dispose } = setup();
    const plain = tf.variableGrads(loss, variables);
    const pruned = variableGradsPruned(loss, variables);
    expect(await pruned.value.data()).toEqual(await plain.value.data());
    expect(Object.keys(pruned.grads).sort()).toEqual(Object.keys(plain.grads).sort());
    expect(Object.keys(pruned.grads)).not.toContain(unusedName);
    for (const [name, gradient] of Object.entries(plain.grads)) expect(await pruned.grads[name]!.data()).toEqual(await gradient.data());
    tf.dispose([plain.value, pruned.value, ...Object.values(plain.grads), ...Object.values(pruned.grads)]);

    // tfjs clones every saved tensor with an Identity kernel; here the frozen branch (matMul, relu, range, tile,
    // ...) saves nothing, and on cpu-like backends the saves run no kernel at all.
    const counts = async (run: typeof variableGradsPruned) => {
      const names = await kernelNames(() => {
        const { value, grads } = run(loss, variables);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return { total: names.length, identity: names.filter((name) => name === 'Identity').length };
    };
    const [before, after] = [await counts(tf.variableGrads), await counts(variableGradsPruned)];
    expect(after.identity).toBeLessThan(before.identity);
    expect(after.total).toBe(before.total - (before.identity - after.identity));
    dispose();
  });

  it('gives a declared first-output gradient null for its unused outputs instead of tfjs’ zero-filled tensors', async () => {
    // A two-output op (y = 2x, and an [8, 8] side output kept for the backward pass), as the attention's.
    const kernelName = 'AdaptersTestTwoOutputs';
    const received: Array<Array<tf.Tensor | null>> = [];
    tf.registerKernel({
      kernelName,
      backendName: tf.getBackend(),
      kernelFunc: ({ inputs, backend }) => {
        const x = inputs.x as tf.TensorInfo;
        const values = (backend as tf.KernelBackend).readSync(x.dataId) as Float32Array;
        const write = (data: Float32Array, shape: number[]) => ({ dataId: (backend as tf.KernelBackend).write(data, shape, 'float32'), shape, dtype: 'float32' as const });
        return [write(values.map((value) => 2 * value), x.shape), write(new Float32Array(64).fill(1), [8, 8])];
      },
    });
    tf.registerGradient({
      kernelName,
      gradFunc: (dys) => {
        const all = dys as Array<tf.Tensor | null>;
        received.push([...all]);
        return { x: () => tf.mul(all[0] as tf.Tensor, 2) };
      },
    });
    declareFirstOutputGradient(kernelName);
    const weight = tf.tidy(() => tf.variable(tf.tensor1d([1, -2, 3]), true));
    const loss = () => tf.tidy(() => {
      const [y, side] = tf.engine().runKernel(kernelName, { x: tf.mul(weight, 1.5) }) as tf.Tensor[];
      side!.dispose();
      return tf.sum(tf.square(y!)) as tf.Scalar;
    });
    const plain = tf.variableGrads(loss, [weight]);
    const pruned = variableGradsPruned(loss, [weight]);
    expect(await pruned.grads[weight.name]!.data()).toEqual(await plain.grads[weight.name]!.data());
    // tfjs' path zero-fills the side output's dy; the pruned path passes null.
    expect(received.map((dys) => dys[1] === null)).toEqual([false, true]);
    tf.dispose([plain.value, pruned.value, ...Object.values(plain.grads), ...Object.values(pruned.grads), weight]);
    tf.unregisterKernel(kernelName, tf.getBackend());
    tf.unregisterGradient(kernelName);
  });

  it('leaves the engine as it was, after a throw too, and adds no tensors', () => {
    const { variables, loss, dispose } = setup();
    const engine = tf.engine() as unknown as Record<string, unknown>;
    const tensors = tf.memory().numTensors;
    const { value, grads } = variableGradsPruned(loss, variables);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Object.hasOwn(engine, 'runKernelFunc')).toBe(false);
    expect(() =>
      variableGradsPruned(() => {
        throw new Error('forward failed');
      }, variables),
    ).toThrow('forward failed');
    for (const key of ['runKernelFunc', 'clone', 'addTapeNode']) expect(Object.hasOwn(engine, key)).toBe(false);
    expect(tf.engine().state.kernelDepth).toBe(0);
    expect(tf.engine().state.gradientDepth).toBe(0);
    dispose();
  });

  it('is plain tf.variableGrads inside another gradient (second order stays exact)', async () => {
    const weight = tf.tidy(() => tf.variable(tf.scalar(1.5), true));
    const frozen = tf.scalar(3);
    // d/dx of (d/dw sum(w^3 x^2)) = d/dx (3 w^2 x^2) = 6 w^2 x: x is outside the inner variables, so pruning the
    // inner tape would lose it.
    const gradient = tf.grad((x: tf.Tensor) => {
      const { value, grads } = variableGradsPruned(() => tf.sum(tf.mul(tf.pow(weight, 3), tf.square(tf.mul(x, frozen)))) as tf.Scalar, [weight]);
      value.dispose();
      return grads[weight.name] as tf.Tensor;
    });
    const x = tf.scalar(2);
    const result = tf.tidy(() => gradient(x));
    expect((await result.data())[0]).toBeCloseTo(6 * 1.5 ** 2 * 2 * 9, 3);
    tf.dispose([weight, frozen, x, result]);
  });
});
