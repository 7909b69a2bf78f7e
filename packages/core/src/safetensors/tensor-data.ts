/**
 * A tensor as plain typed arrays, so tooling without tfjs can read and write weights; the model code turns it
 * into a tf.Tensor. `values` is row-major and holds exactly product(shape) elements.
 */
export interface TensorData {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}
