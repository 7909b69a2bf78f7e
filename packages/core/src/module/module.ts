import * as tf from '@tensorflow/tfjs-core';
import { DisposedError } from '../errors/disposed-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { StateDictError } from '../errors/state-dict-error';
import type { TensorData } from '../safetensors/index';
import type { Owned } from './owned';

/** A value `loadStateDict` accepts: a tfjs tensor, or plain typed-array data as read from safetensors. */
export type StateValue = tf.Tensor | TensorData;

export interface LoadStateDictOptions {
  /** Throw `StateDictError` on missing or unexpected keys (default true). */
  readonly strict?: boolean;
  /** Named in error messages (usually the file). */
  readonly source?: string;
}

export interface LoadStateDictResult {
  readonly missingKeys: readonly string[];
  readonly unexpectedKeys: readonly string[];
}

function shapeOf(value: StateValue): readonly number[] {
  return value.shape;
}

function isTensor(value: StateValue): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/**
 * A tree of named parameters with PyTorch-style dotted names (`encoder.layer.0.attention.self.query.weight`).
 * Parameters are tfjs variables with engine-generated unique names; the dotted name lives here, so two
 * models (or a deleted and re-added adapter) never collide in tfjs's global variable registry.
 */
export class Module implements Owned {
  private readonly ownParameters = new Map<string, tf.Variable>();
  private readonly ownChildren = new Map<string, Module>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  protected assertNotDisposed(): void {
    if (this.disposed) throw new DisposedError(this.constructor.name);
  }

  /** Creates a variable from an initializer (inside `tidy`, so the initial value never leaks) and registers it. */
  protected addParameter(name: string, initialValue: () => tf.Tensor, trainable = true): tf.Variable {
    const variable = tf.tidy(() => tf.variable(initialValue(), trainable));
    this.ownParameters.set(name, variable);
    return variable;
  }

  /** Registers an existing variable under a local name (ownership moves to this module). */
  protected registerParameter(name: string, variable: tf.Variable): tf.Variable {
    this.ownParameters.set(name, variable);
    return variable;
  }

  protected addModule<M extends Module>(name: string, module: M): M {
    this.ownChildren.set(name, module);
    return module;
  }

  /** Removes (and disposes) a child module; used when deleting adapters. */
  protected removeModule(name: string): void {
    const child = this.ownChildren.get(name);
    if (child === undefined) return;
    child.dispose();
    this.ownChildren.delete(name);
  }

  protected childModule(name: string): Module | undefined {
    return this.ownChildren.get(name);
  }

  /** Direct children with their local names, in registration order. */
  childEntries(): Array<[string, Module]> {
    return [...this.ownChildren.entries()];
  }

  /** Every parameter with its full dotted name, depth first in registration order. */
  namedParameters(prefix = ''): Array<[string, tf.Variable]> {
    const result: Array<[string, tf.Variable]> = [];
    for (const [name, variable] of this.ownParameters) result.push([`${prefix}${name}`, variable]);
    for (const [name, child] of this.ownChildren) result.push(...child.namedParameters(`${prefix}${name}.`));
    return result;
  }

  /** The variables themselves (not copies), keyed by dotted name. */
  stateDict(prefix = ''): Map<string, tf.Variable> {
    return new Map(this.namedParameters(prefix));
  }

  parameterCount(): number {
    return this.namedParameters().reduce((total, [, variable]) => total + variable.size, 0);
  }

  trainableVariables(): tf.Variable[] {
    return this.namedParameters()
      .filter(([, variable]) => variable.trainable)
      .map(([, variable]) => variable);
  }

  setTrainable(trainable: boolean): void {
    for (const [, variable] of this.namedParameters()) variable.trainable = trainable;
  }

  /**
   * Copies values into the parameters. Shapes must match exactly (a `ShapeMismatchError` names the key
   * and both shapes). All shapes are checked before anything is written, so a failed load changes nothing.
   */
  loadStateDict(values: ReadonlyMap<string, StateValue>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    this.assertNotDisposed();
    const own = this.stateDict();
    const missingKeys = [...own.keys()].filter((key) => !values.has(key));
    const unexpectedKeys = [...values.keys()].filter((key) => !own.has(key));
    if ((options.strict ?? true) && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      throw new StateDictError({ missingKeys, unexpectedKeys, source: options.source });
    }
    for (const [key, variable] of own) {
      const value = values.get(key);
      if (value === undefined) continue;
      const actual = shapeOf(value);
      if (actual.length !== variable.shape.length || actual.some((size, axis) => size !== variable.shape[axis])) {
        throw new ShapeMismatchError({ key, expected: variable.shape, actual, source: options.source });
      }
    }
    for (const [key, variable] of own) {
      const value = values.get(key);
      if (value === undefined) continue;
      tf.tidy(() => {
        const tensor = isTensor(value) ? value : tf.tensor(value.values, [...value.shape], value.dtype);
        variable.assign(tensor.dtype === variable.dtype ? tensor : tf.cast(tensor, variable.dtype));
      });
    }
    return { missingKeys, unexpectedKeys };
  }

  dispose(): void {
    if (this.disposed) return;
    for (const variable of this.ownParameters.values()) variable.dispose();
    for (const child of this.ownChildren.values()) child.dispose();
    this.ownParameters.clear();
    this.ownChildren.clear();
    this.disposed = true;
  }
}
