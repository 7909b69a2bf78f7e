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
      // As the library: `where(attention_mask == 1, labels, ignore_index)`.
      const active = tf.equal(inputs.attentionMask, tf.scalar(1, inputs.attentionMask.dtype));
      const activeLabels = tf.where(active, labels.labels, tf.fill(labels.labels.shape, IGNORE_INDEX, 'int32'));
      const loss = crossEntropyLoss(tf.reshape(logits, [-1, this.config.numLabels]), tf.reshape(activeLabels, [-1]), { owner });
      return { logits, loss };
    });
  }
}
