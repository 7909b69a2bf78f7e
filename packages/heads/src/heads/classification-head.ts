import * as tf from '@tensorflow/tfjs-core';
import { tidyOutputs, type HeadForwardOptions, type HeadInputs, type HeadLabels, type HeadOutput } from '@adapters/core';
import { resolveHeadConfig, type ClassificationHeadConfig, type ClassificationHeadOptions } from '../config/head-config';
import { resolveDropoutRate, type HeadContext } from '../config/head-context';
import { crossEntropyLoss } from '../losses/cross-entropy';
import { checkLabelTensor } from '../losses/label-checks';
import { mseLoss } from '../losses/mse-loss';
import { FlexHead } from './flex-head';

/**
 * Sentence classification (`ClassificationHead`): first-token state (or pooler output) → MLP → `[B, numLabels]`.
 * Cross-entropy on int32 labels `[B]`; with one label it is a regression with MSE on float32 labels `[B]`.
 */
export class ClassificationHead extends FlexHead<ClassificationHeadConfig> {
  /** The dropout probability in use (head, else model `classifier_dropout`, else `hidden_dropout_prob`). */
  readonly dropoutRate: number;

  constructor(name: string, options: ClassificationHeadOptions, context: HeadContext) {
    super(name, resolveHeadConfig({ ...options, headType: 'classification' }, context, `head '${name}'`) as ClassificationHeadConfig, context);
    this.assertPoolerAvailable(this.config.usePooler);
    this.dropoutRate = resolveDropoutRate(this.config.dropoutProb, context);
    this.buildClassifierLayers(this.config.layers, this.config.activationFunction, this.config.numLabels, this.config.bias, this.dropoutRate);
  }

  get isRegression(): boolean {
    return this.config.numLabels === 1;
  }

  forward(inputs: HeadInputs, labels?: HeadLabels, options: HeadForwardOptions = {}): HeadOutput {
    this.checkHiddenState(inputs);
    const batch = inputs.lastHiddenState.shape[0];
    const owner = this.describe(this.isRegression ? 'regression, 1 label' : `${this.config.numLabels} labels`);
    if (labels?.labels !== undefined) {
      const expected = this.isRegression ? { dtypes: ['float32'] as const, shapes: [[batch], [batch, 1]] } : { dtypes: ['int32'] as const, shapes: [[batch]] };
      checkLabelTensor(labels.labels, expected, { owner });
    }
    return tidyOutputs(() => {
      const logits = this.runLayers(this.sentenceInput(inputs, this.config.usePooler), options.training === true) as tf.Tensor2D;
      if (labels?.labels === undefined) return { logits };
      const loss = this.isRegression
        ? mseLoss(tf.reshape(logits, [-1]), tf.reshape(labels.labels, [-1]), { owner })
        : crossEntropyLoss(logits, labels.labels, { owner });
      return { logits, loss };
    });
  }
}
