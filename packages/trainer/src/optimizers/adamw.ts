import * as tf from '@tensorflow/tfjs-core';
import { ADAMW_KERNEL, DisposedError, fusedAdamWAvailable, InvalidConfigError, ShapeMismatchError, type AdamWKernelAttrs } from '@adapters/core';
import { weightDecayParameterNames } from './weight-decay-parameter-names';

/** Hyperparameters of `AdamW`; torch's names are `betas`, `eps`, `weight_decay`. */
export interface AdamWOptions {
  /** Decoupled weight decay for the decay group. Default 0 (HF `TrainingArguments.weight_decay`). */
  readonly weightDecay?: number;
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Added to the bias-corrected root of the second moment. Default 1e-8. */
  readonly epsilon?: number;
  /** The decay group. Default: `weightDecayParameterNames(parameters)` (HF's rule). */
  readonly decayParameterNames?: Iterable<string>;
}

/** One parameter's optimizer state as plain arrays (what a checkpoint stores). */
export interface AdamWParameterState {
  /** How many updates this parameter received (torch's per-parameter `state['step']`). */
  readonly step: number;
  readonly shape: readonly number[];
  /** `exp_avg`. */
  readonly firstMoment: Float32Array;
  /** `exp_avg_sq`. */
  readonly secondMoment: Float32Array;
}

/** The whole optimizer state; parameters that never had a gradient have no entry (torch does the same). */
export interface AdamWState {
  readonly stepCount: number;
  readonly parameters: ReadonlyMap<string, AdamWParameterState>;
}

interface Moments {
  readonly firstMoment: tf.Variable;
  readonly secondMoment: tf.Variable;
  step: number;
}

/**
 * `torch.optim.AdamW` (non-amsgrad, non-fused), one update per `step(gradients, learningRate)`:
 * `p *= 1 - lr·wd` for the decay group, `m = β1·m + (1-β1)·g`, `v = β2·v + (1-β2)·g²`,
 * `p -= lr/(1-β1^t) · m / (√v/√(1-β2^t) + ε)` with t the parameter's own update count.
 * Moments are created lazily (zeros) at a parameter's first gradient and kept as non-trainable variables;
 * `dispose()` releases them. The optimizer never disposes the parameters or the gradients it is given.
 */
export class AdamW {
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly parameters = new Map<string, tf.Variable>();
  private readonly decayGroup: ReadonlySet<string>;
  private readonly moments = new Map<string, Moments>();
  private steps = 0;
  private disposed = false;

  constructor(parameters: Iterable<readonly [string, tf.Variable]>, options: AdamWOptions = {}) {
    this.weightDecay = checkNumber('weightDecay', options.weightDecay ?? 0, (value) => value >= 0, 'a number >= 0');
    this.beta1 = checkNumber('beta1', options.beta1 ?? 0.9, (value) => value >= 0 && value < 1, 'a number in [0, 1)');
    this.beta2 = checkNumber('beta2', options.beta2 ?? 0.999, (value) => value >= 0 && value < 1, 'a number in [0, 1)');
    this.epsilon = checkNumber('epsilon', options.epsilon ?? 1e-8, (value) => value >= 0, 'a number >= 0');
    for (const [name, variable] of parameters) {
      if (this.parameters.has(name)) {
        throw new InvalidConfigError({ path: 'parameters', expected: 'unique parameter names', received: name });
      }
      this.parameters.set(name, variable);
    }
    const decayGroup = new Set(options.decayParameterNames ?? weightDecayParameterNames(this.parameters.keys()));
    for (const name of decayGroup) {
      if (!this.parameters.has(name)) {
        throw new InvalidConfigError({ path: 'decayParameterNames', expected: 'names of optimised parameters', received: name });
      }
    }
    this.decayGroup = decayGroup;
  }

  /** How many times `step` ran. */
  get stepCount(): number {
    return this.steps;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The optimised parameters' names, in construction order. */
  get parameterNames(): string[] {
    return [...this.parameters.keys()];
  }

  /** The names that get weight decay. */
  get decayParameterNames(): string[] {
    return this.parameterNames.filter((name) => this.decayGroup.has(name));
  }

  /**
   * One update with `learningRate` (already scheduled). `gradients` maps parameter names to gradients; a
   * parameter without one is left alone, moments and decay included (torch skips `grad is None`).
   * A learning rate of 0 still advances the moments, as torch does at warmup step 0.
   */
  step(gradients: ReadonlyMap<string, tf.Tensor>, learningRate: number): void {
    this.assertNotDisposed();
    checkNumber('learningRate', learningRate, (value) => value >= 0, 'a finite number >= 0');
    for (const [name, gradient] of gradients) {
      const parameter = this.parameters.get(name);
      if (parameter === undefined) {
        throw new InvalidConfigError({ path: 'gradients', expected: `names of optimised parameters (${this.parameterNames.join(', ')})`, received: name });
      }
      if (!tf.util.arraysEqual(gradient.shape, parameter.shape)) {
        throw new ShapeMismatchError({ key: name, expected: parameter.shape, actual: gradient.shape, source: 'gradient' });
      }
    }
    for (const [name, gradient] of gradients) {
      const parameter = this.parameters.get(name) as tf.Variable;
      const moments = this.momentsOf(name, parameter);
      moments.step += 1;
      this.update(parameter, gradient, moments, learningRate, this.decayGroup.has(name));
    }
    this.steps += 1;
  }

  /** Copies the state out as plain arrays (for `optimizer.safetensors`). */
  async exportState(): Promise<AdamWState> {
    this.assertNotDisposed();
    const parameters = new Map<string, AdamWParameterState>();
    for (const [name, moments] of this.moments) {
      const [firstMoment, secondMoment] = await Promise.all([moments.firstMoment.data(), moments.secondMoment.data()]);
      parameters.set(name, {
        step: moments.step,
        shape: [...moments.firstMoment.shape],
        firstMoment: new Float32Array(firstMoment),
        secondMoment: new Float32Array(secondMoment),
      });
    }
    return { stepCount: this.steps, parameters };
  }

  /** Replaces the whole state with `state` (from `exportState`); names and shapes must match the parameters. */
  importState(state: AdamWState): void {
    this.assertNotDisposed();
    for (const [name, entry] of state.parameters) {
      const parameter = this.parameters.get(name);
      if (parameter === undefined) {
        throw new InvalidConfigError({ path: 'state.parameters', expected: 'names of optimised parameters', received: name });
      }
      if (!tf.util.arraysEqual([...entry.shape], parameter.shape)) {
        throw new ShapeMismatchError({ key: name, expected: parameter.shape, actual: entry.shape, source: 'optimizer state' });
      }
      const size = tf.util.sizeFromShape(parameter.shape);
      if (entry.firstMoment.length !== size || entry.secondMoment.length !== size || !(Number.isInteger(entry.step) && entry.step >= 0)) {
        throw new InvalidConfigError({ path: `state.parameters['${name}']`, expected: `${size} values per moment and an integer step`, received: entry.step });
      }
    }
    this.disposeMoments();
    for (const [name, entry] of state.parameters) {
      const shape = [...entry.shape];
      this.moments.set(name, {
        firstMoment: tf.tidy(() => tf.variable(tf.tensor(entry.firstMoment, shape, 'float32'), false)),
        secondMoment: tf.tidy(() => tf.variable(tf.tensor(entry.secondMoment, shape, 'float32'), false)),
        step: entry.step,
      });
    }
    this.steps = state.stepCount;
  }

  /** Releases the moments; the parameters stay with their owner. */
  dispose(): void {
    if (this.disposed) return;
    this.disposeMoments();
    this.disposed = true;
  }

  private update(parameter: tf.Variable, gradient: tf.Tensor, moments: Moments, learningRate: number, decays: boolean): void {
    const { beta1, beta2, epsilon } = this;
    // Scalars in float64 as torch computes them in Python, then applied to float32 tensors.
    const stepSize = learningRate / (1 - beta1 ** moments.step);
    const secondCorrectionRoot = Math.sqrt(1 - beta2 ** moments.step);
    const decayFactor = decays && this.weightDecay > 0 ? 1 - learningRate * this.weightDecay : 1;
    tf.tidy(() => {
      let updated: tf.Tensor;
      let firstMoment: tf.Tensor;
      let secondMoment: tf.Tensor;
      if (fusedAdamWAvailable() && gradient.dtype === 'float32') {
        // One kernel per parameter (native), equal to the ops below.
        const attrs: AdamWKernelAttrs = { beta1, beta2, epsilon, stepSize, secondCorrectionRoot, decayFactor };
        const inputs = { parameter, gradient, firstMoment: moments.firstMoment, secondMoment: moments.secondMoment };
        [updated, firstMoment, secondMoment] = tf.engine().runKernel(ADAMW_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[] as [tf.Tensor, tf.Tensor, tf.Tensor];
      } else {
        firstMoment = tf.add(tf.mul(moments.firstMoment, beta1), tf.mul(gradient, 1 - beta1));
        secondMoment = tf.add(tf.mul(moments.secondMoment, beta2), tf.mul(tf.square(gradient), 1 - beta2));
        const decayed = decayFactor !== 1 ? tf.mul(parameter, decayFactor) : parameter;
        const denominator = tf.add(tf.div(tf.sqrt(secondMoment), secondCorrectionRoot), epsilon);
        updated = tf.sub(decayed, tf.mul(tf.div(firstMoment, denominator), stepSize));
      }
      moments.firstMoment.assign(firstMoment);
      moments.secondMoment.assign(secondMoment);
      parameter.assign(updated);
    });
  }

  private momentsOf(name: string, parameter: tf.Variable): Moments {
    const existing = this.moments.get(name);
    if (existing !== undefined) return existing;
    const created: Moments = {
      firstMoment: tf.tidy(() => tf.variable(tf.zerosLike(parameter), false)),
      secondMoment: tf.tidy(() => tf.variable(tf.zerosLike(parameter), false)),
      step: 0,
    };
    this.moments.set(name, created);
    return created;
  }

  private disposeMoments(): void {
    for (const moments of this.moments.values()) {
      moments.firstMoment.dispose();
      moments.secondMoment.dispose();
    }
    this.moments.clear();
  }

  private assertNotDisposed(): void {
    if (this.disposed) throw new DisposedError('AdamW optimizer');
  }
}

function checkNumber(path: string, value: number, valid: (value: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) throw new InvalidConfigError({ path, expected, received: value });
  return value;
}
