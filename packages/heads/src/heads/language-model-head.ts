import * as tf from '@tensorflow/tfjs-core';
import {
  ShapeMismatchError,
  tidyOutputs,
  type HeadForwardOptions,
  type HeadInputs,
  type HeadLabels,
  type HeadOutput,
} from '@adapters/core';
import type { CausalLMHeadConfig, MaskedLMHeadConfig } from '../config/head-config';
import type { HeadContext } from '../config/head-context';
import { crossEntropyLoss, IGNORE_INDEX } from '../losses/cross-entropy';
import { checkLabelTensor } from '../losses/label-checks';
import { FlexHead } from './flex-head';
import { TiedLinear } from './tied-linear';

/**
 * The LM head stack (`CausalLMHead.build`): per hidden layer Linear(H or E, E), the activation, LayerNorm(E,
 * model eps); then the vocabulary projection Linear(E, V), tied to the word embeddings when the context gives
 * them. With the defaults: `0 Linear, 1 gelu, 2 LayerNorm, 3 Linear`. No dropout.
 */
export abstract class LanguageModelHead<Config extends MaskedLMHeadConfig | CausalLMHeadConfig> extends FlexHead<Config> {
  /** Whether the vocabulary projection shares the backbone's word embedding variable. */
  readonly isTied: boolean;
  private readonly decoderIndex: number;
  private readonly decoder: { apply(x: tf.Tensor): tf.Tensor };

  protected constructor(name: string, config: Config, context: HeadContext) {
    super(name, config, context);
    const { layers, embeddingSize, vocabSize, activationFunction, layerNorm, bias } = this.config;
    // Checked before any weight exists, so a refused head leaves nothing allocated.
    const embeddings = context.wordEmbeddings;
    if (embeddings !== undefined && (embeddings.shape.length !== 2 || embeddings.shape[0] !== vocabSize || embeddings.shape[1] !== embeddingSize)) {
      const decoderIndex = (layers - 1) * (1 + (activationFunction === null ? 0 : 1) + (layerNorm ? 1 : 0));
      throw new ShapeMismatchError({
        key: `${decoderIndex}.weight`,
        expected: [vocabSize, embeddingSize],
        actual: embeddings.shape,
        source: `${this.describe()} tied to context.wordEmbeddings`,
      });
    }
    for (let layer = 0; layer < layers - 1; layer++) {
      this.appendLinear(layer === 0 ? this.hiddenSize : embeddingSize, embeddingSize, true);
      if (activationFunction !== null) this.appendActivation(activationFunction);
      if (layerNorm) this.appendLayerNorm(embeddingSize, context.layerNormEps);
    }
    this.decoderIndex = this.layerCount;
    if (embeddings === undefined) {
      this.isTied = false;
      this.decoder = this.appendLinear(embeddingSize, vocabSize, bias);
    } else {
      this.isTied = true;
      this.decoder = this.appendModule(new TiedLinear(embeddings, { bias }));
    }
  }

  override tiedParameterNames(): readonly string[] {
    return this.isTied ? [`${this.decoderIndex}.weight`] : [];
  }

  forward(inputs: HeadInputs, labels?: HeadLabels, options: HeadForwardOptions = {}): HeadOutput {
    this.checkHiddenState(inputs);
    const [batch, length] = inputs.lastHiddenState.shape;
    const owner = this.describe(`vocabulary ${this.config.vocabSize}`);
    if (labels?.labels !== undefined) checkLabelTensor(labels.labels, { dtypes: ['int32'], shapes: [[batch, length]] }, { owner });
    const labelled = options.lossOnly === true && labels?.labels !== undefined ? this.labelledPositions(labels.labels) : null;
    if (labelled !== null) return this.labelledLoss(inputs, labelled, options, owner);
    return tidyOutputs(() => {
      let hidden = this.runLayers(inputs.lastHiddenState, options.training === true, this.decoderIndex);
      // MAD-X: the inverse of the language adapter's invertible block maps back into embedding space.
      if (inputs.invertibleInverse !== undefined) hidden = inputs.invertibleInverse(hidden);
      const logits = this.decoder.apply(hidden) as tf.Tensor3D;
      if (labels?.labels === undefined) return { logits };
      const vocabSize = this.config.vocabSize;
      let scored: tf.Tensor = logits;
      let targets: tf.Tensor = labels.labels;
      if (this.config.shiftLabels) {
        // Token t predicts token t + 1.
        scored = tf.slice(logits, [0, 0, 0], [batch, length - 1, vocabSize]);
        targets = dropFirstPosition(labels.labels);
      }
      const loss = crossEntropyLoss(tf.reshape(scored, [-1, vocabSize]), tf.reshape(targets, [-1]), { owner });
      return { logits, loss };
    });
  }

  /**
   * Flat `[B*T]` row indices of the positions that carry a label (after the causal shift), with their targets;
   * null when none does (the dense path then gives torch's NaN). Only ~15% of tokens are masked in MLM, and
   * the `[B, T, V]` logits dominate a step's cost, so a loss-only call scores just these rows.
   */
  private labelledPositions(labelTensor: tf.Tensor): { rows: Int32Array; targets: Int32Array } | null {
    const [batch, length] = labelTensor.shape as [number, number];
    const values = labelTensor.dataSync() as Int32Array;
    const shift = this.config.shiftLabels ? 1 : 0;
    const rows: number[] = [];
    const targets: number[] = [];
    for (let row = 0; row < batch; row++) {
      for (let position = 0; position + shift < length; position++) {
        const target = values[row * length + position + shift] as number;
        if (target === IGNORE_INDEX) continue;
        rows.push(row * length + position);
        targets.push(target);
      }
    }
    return rows.length === 0 ? null : { rows: Int32Array.from(rows), targets: Int32Array.from(targets) };
  }

  private labelledLoss(inputs: HeadInputs, labelled: { rows: Int32Array; targets: Int32Array }, options: HeadForwardOptions, owner: string): HeadOutput {
    return tidyOutputs(() => {
      const [batch, length, hiddenSize] = inputs.lastHiddenState.shape;
      const flat = tf.reshape(inputs.lastHiddenState, [batch * length, hiddenSize]);
      // Kept 3-D ([1, n, H]) because the layers and the invertible inverse work on sequences; all are per token.
      const selected = tf.reshape(tf.gather(flat, tf.tensor1d(labelled.rows, 'int32')), [1, labelled.rows.length, hiddenSize]);
      let hidden = this.runLayers(selected, options.training === true, this.decoderIndex);
      if (inputs.invertibleInverse !== undefined) hidden = inputs.invertibleInverse(hidden);
      const logits = tf.reshape(this.decoder.apply(hidden), [labelled.rows.length, this.config.vocabSize]);
      const loss = crossEntropyLoss(logits, tf.tensor1d(labelled.targets, 'int32'), { owner });
      return { logits, loss };
    });
  }
}

/**
 * `labels[:, 1:]`, built on the host: the loss reads class ids synchronously to check them, which the webgpu
 * backend cannot do in Node for a tensor it computed (as TaggingHead's masked labels).
 */
function dropFirstPosition(labels: tf.Tensor): tf.Tensor {
  const [batch, length] = labels.shape as [number, number];
  const values = labels.dataSync() as Int32Array;
  const shifted = new Int32Array(batch * (length - 1));
  for (let row = 0; row < batch; row++) shifted.set(values.subarray(row * length + 1, (row + 1) * length), row * (length - 1));
  return tf.tensor2d(shifted, [batch, length - 1], 'int32');
}
