import type * as tf from '@tensorflow/tfjs-core';
import { tidyOutputs, type HeadForwardOptions, type HeadInputs, type HeadLabels, type HeadOutput } from '@adapters/core';
import { resolveHeadConfig, type MultiLabelClassificationHeadConfig, type MultiLabelClassificationHeadOptions } from '../config/head-config';
import { resolveDropoutRate, type HeadContext } from '../config/head-context';
import { bceWithLogitsLoss } from '../losses/bce-with-logits';
import { checkLabelTensor } from '../losses/label-checks';
import { FlexHead } from './flex-head';

/** Multi-label classification: the classification MLP with BCE-with-logits (mean) on multi-hot labels `[B, numLabels]`. */
export class MultiLabelClassificationHead extends FlexHead<MultiLabelClassificationHeadConfig> {
  readonly dropoutRate: number;

  constructor(name: string, options: MultiLabelClassificationHeadOptions, context: HeadContext) {
    super(
      name,
      resolveHeadConfig({ ...options, headType: 'multilabel_classification' }, context, `head '${name}'`) as MultiLabelClassificationHeadConfig,
      context,
    );
    this.assertPoolerAvailable(this.config.usePooler);
    this.dropoutRate = resolveDropoutRate(this.config.dropoutProb, context);
    this.buildClassifierLayers(this.config.layers, this.config.activationFunction, this.config.numLabels, this.config.bias, this.dropoutRate);
  }

  forward(inputs: HeadInputs, labels?: HeadLabels, options: HeadForwardOptions = {}): HeadOutput {
    this.checkHiddenState(inputs);
    const batch = inputs.lastHiddenState.shape[0];
    const owner = this.describe(`${this.config.numLabels} labels`);
    // Labels are cast to float, as the library does; int32 multi-hot rows are fine.
    if (labels?.labels !== undefined) {
      checkLabelTensor(labels.labels, { dtypes: ['float32', 'int32', 'bool'], shapes: [[batch, this.config.numLabels]] }, { owner });
    }
    return tidyOutputs(() => {
      const logits = this.runLayers(this.sentenceInput(inputs, this.config.usePooler), options.training === true) as tf.Tensor2D;
      if (labels?.labels === undefined) return { logits };
      return { logits, loss: bceWithLogitsLoss(logits, labels.labels, { owner }) };
    });
  }
}
