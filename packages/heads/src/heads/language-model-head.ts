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
import { crossEntropyLoss } from '../losses/cross-entropy';
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
        targets = tf.slice(labels.labels, [0, 1], [batch, length - 1]);
      }
      const loss = crossEntropyLoss(tf.reshape(scored, [-1, vocabSize]), tf.reshape(targets, [-1]), { owner });
      return { logits, loss };
    });
  }
}
