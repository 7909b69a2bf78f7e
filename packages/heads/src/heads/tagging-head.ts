import * as tf from '@tensorflow/tfjs-core';
import { tidyOutputs, type HeadForwardOptions, type HeadInputs, type HeadLabels, type HeadOutput } from '@adapters/core';
import { resolveHeadConfig, type TaggingHeadConfig, type TaggingHeadOptions } from '../config/head-config';
import { resolveDropoutRate, type HeadContext } from '../config/head-context';
import { IGNORE_INDEX, crossEntropyLoss } from '../losses/cross-entropy';
import { checkLabelTensor } from '../losses/label-checks';
import { FlexHead } from './flex-head';

/**
 * Token classification (`TaggingHead`): per-token logits `[B, T, numLabels]`. Cross-entropy on int32 labels
 * `[B, T]`; positions with `attention_mask != 1` and labels of -100 are left out.
 */
export class TaggingHead extends FlexHead<TaggingHeadConfig> {
  readonly dropoutRate: number;

  constructor(name: string, options: TaggingHeadOptions, context: HeadContext) {
    super(name, resolveHeadConfig({ ...options, headType: 'tagging' }, context, `head '${name}'`) as TaggingHeadConfig, context);
    this.dropoutRate = resolveDropoutRate(this.config.dropoutProb, context);
    this.buildClassifierLayers(this.config.layers, this.config.activationFunction, this.config.numLabels, true, this.dropoutRate);
  }

  forward(inputs: HeadInputs, labels?: HeadLabels, options: HeadForwardOptions = {}): HeadOutput {
    this.checkHiddenState(inputs);
    const [batch, length] = inputs.lastHiddenState.shape;
    const owner = this.describe(`${this.config.numLabels} labels`);
    if (labels?.labels !== undefined) {
      checkLabelTensor(labels.labels, { dtypes: ['int32'], shapes: [[batch, length]] }, { owner });
      checkLabelTensor(inputs.attentionMask, { dtypes: ['float32', 'int32'], shapes: [[batch, length]] }, { name: 'attentionMask', owner });
    }
    return tidyOutputs(() => {
      const logits = this.runLayers(inputs.lastHiddenState, options.training === true) as tf.Tensor3D;
      if (labels?.labels === undefined) return { logits };
      const activeLabels = maskLabels(labels.labels, inputs.attentionMask);
      const loss = crossEntropyLoss(tf.reshape(logits, [-1, this.config.numLabels]), tf.reshape(activeLabels, [-1]), { owner });
      return { logits, loss };
    });
  }
}

/**
 * As the library: `where(attention_mask == 1, labels, ignore_index)`, built on the host from the input
 * tensors' values. The loss reads the class ids synchronously to check them, and the webgpu backend has no
 * synchronous read-back of a tensor it computed in Node; labels and mask are small.
 */
function maskLabels(labels: tf.Tensor, attentionMask: tf.Tensor): tf.Tensor {
  const values = labels.dataSync();
  const mask = attentionMask.dataSync();
  return tf.tensor(Int32Array.from(values, (value, index) => (mask[index] === 1 ? value : IGNORE_INDEX)), labels.shape, 'int32');
}
