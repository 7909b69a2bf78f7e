import * as tf from '@tensorflow/tfjs-core';
import { Linear, Module, dropout, initializers, type AdapterFusionConfig } from '@adapters/core';

/**
 * One AdapterFusion layer at one location (AdapterHub `BertFusion`): attention of the sub-layer state (query)
 * over the fused adapters' scaled up-projections (keys/values). Plain dot product (no 1/sqrt(d)), dropout on
 * the logits, optional temperature. Names: `query`, `key` (`Linear(H,H)`), `value` (`Linear(H,H,bias=False)`).
 */
export class BertFusion extends Module {
  private readonly query: Linear | undefined;
  private readonly key: Linear | undefined;
  private readonly value: Linear | undefined;
  private temperature: number;
  private readonly temperatureStep: number;

  constructor(
    readonly config: AdapterFusionConfig,
    hiddenSize: number,
    private readonly dropoutRate: number,
  ) {
    super();
    const bert = { weightInitializer: initializers.normal(0.02), biasInitializer: initializers.zeros() };
    if (config.query) this.query = this.addModule('query', new Linear(hiddenSize, hiddenSize, bert));
    if (config.key) this.key = this.addModule('key', new Linear(hiddenSize, hiddenSize, bert));
    if (config.value) {
      this.value = this.addModule(
        'value',
        new Linear(hiddenSize, hiddenSize, {
          bias: false,
          // identity with 1e-6 everywhere else, as `value_initialized`
          weightInitializer: config.valueInitialized
            ? (shape) => tf.tidy(() => tf.add(tf.mul(tf.eye(shape[0] as number), 1 - 1e-6), 1e-6))
            : initializers.normal(0.02),
        }),
      );
    }
    this.temperature = config.temperature ? 50 : 1;
    this.temperatureStep = this.temperature / 1000;
  }

  /** `V` `[H, H]` when the layer has a value matrix (for the regularisation term). */
  valueWeight(): tf.Variable | undefined {
    return this.value?.weight;
  }

  /**
   * @param query `[B, T, H]` sub-layer state
   * @param ups the N adapters' scaled up-projections, each `[B, T, H]`
   * @param residual `[B, T, H]`
   * @returns the fused output and the `[B, T, N]` attention probabilities
   */
  forward(query: tf.Tensor3D, ups: readonly tf.Tensor3D[], residual: tf.Tensor3D, training: boolean): { output: tf.Tensor3D; probabilities: tf.Tensor3D } {
    this.assertNotDisposed();
    let values: tf.Tensor4D = tf.stack([...ups], 2) as tf.Tensor4D; // [B, T, N, H]
    if (this.config.residualBefore) values = tf.add(values, tf.expandDims(residual, 2));
    const queries = this.query === undefined ? query : (this.query.apply(query) as tf.Tensor3D);
    const keys = this.key === undefined ? values : (this.key.apply(values) as tf.Tensor4D);
    const valueLayer = this.value !== undefined && this.config.valueBeforeSoftmax ? (this.value.apply(values) as tf.Tensor4D) : values;
    const scores = tf.squeeze(tf.matMul(tf.expandDims(queries, 2), keys, false, true), [2]); // [B, T, N]
    const dropped = dropout(scores, this.dropoutRate, training);
    const probabilities = tf.softmax(tf.div(dropped, this.temperature)) as tf.Tensor3D;
    if (this.config.temperature) this.temperature = Math.max(this.temperature - this.temperatureStep, 1);
    let output = tf.squeeze(tf.matMul(tf.expandDims(probabilities, 2), valueLayer), [2]) as tf.Tensor3D;
    if (this.value !== undefined && !this.config.valueBeforeSoftmax) output = this.value.apply(output) as tf.Tensor3D;
    if (!this.config.residualBefore) output = tf.add(output, residual);
    return { output, probabilities };
  }
}
