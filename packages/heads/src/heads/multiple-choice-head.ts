import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  tidyOutputs,
  type HeadForwardOptions,
  type HeadInputs,
  type HeadLabels,
  type HeadOutput,
} from '@adapters/core';
import { resolveHeadConfig, type MultipleChoiceHeadConfig, type MultipleChoiceHeadOptions } from '../config/head-config';
import { resolveDropoutRate, type HeadContext } from '../config/head-context';
import { crossEntropyLoss } from '../losses/cross-entropy';
import { checkLabelTensor } from '../losses/label-checks';
import { FlexHead } from './flex-head';

/**
 * Multiple choice: the encoder ran on the flattened `[B * C, T]` inputs; each row's first-token state gives one
 * score (final Linear(H, 1)), reshaped to `[B, C]`. Cross-entropy on int32 labels `[B]` (the right choice).
 */
export class MultipleChoiceHead extends FlexHead<MultipleChoiceHeadConfig> {
  readonly dropoutRate: number;

  constructor(name: string, options: MultipleChoiceHeadOptions, context: HeadContext) {
    super(name, resolveHeadConfig({ ...options, headType: 'multiple_choice' }, context, `head '${name}'`) as MultipleChoiceHeadConfig, context);
    this.assertPoolerAvailable(this.config.usePooler);
    this.dropoutRate = resolveDropoutRate(this.config.dropoutProb, context);
    // No bias option: `MultipleChoiceHead` always has a bias on its scorer.
    this.buildClassifierLayers(this.config.layers, this.config.activationFunction, 1, true, this.dropoutRate);
  }

  forward(inputs: HeadInputs, labels?: HeadLabels, options: HeadForwardOptions = {}): HeadOutput {
    this.checkHiddenState(inputs);
    const choices = this.config.numChoices;
    const rows = inputs.lastHiddenState.shape[0];
    if (rows % choices !== 0) {
      throw new InvalidConfigError({
        path: 'lastHiddenState',
        expected: `[B * ${choices}, T, H]: a row count that is a multiple of num_choices ${choices}`,
        received: `[${inputs.lastHiddenState.shape.join(', ')}]`,
        source: this.describe(`${choices} choices`),
      });
    }
    const owner = this.describe(`${choices} choices`);
    if (labels?.labels !== undefined) checkLabelTensor(labels.labels, { dtypes: ['int32'], shapes: [[rows / choices]] }, { owner });
    return tidyOutputs(() => {
      const scores = this.runLayers(this.sentenceInput(inputs, this.config.usePooler), options.training === true);
      const logits = tf.reshape(scores, [-1, choices]) as tf.Tensor2D;
      if (labels?.labels === undefined) return { logits };
      return { logits, loss: crossEntropyLoss(logits, labels.labels, { owner }) };
    });
  }
}
