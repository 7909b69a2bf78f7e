import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidConfigError,
  tidyOutputs,
  type HeadForwardOptions,
  type HeadInputs,
  type HeadLabels,
  type HeadOutput,
} from '@adapters/core';
import { resolveHeadConfig, type QuestionAnsweringHeadConfig, type QuestionAnsweringHeadOptions } from '../config/head-config';
import { resolveDropoutRate, type HeadContext } from '../config/head-context';
import { crossEntropyLoss } from '../losses/cross-entropy';
import { checkLabelTensor } from '../losses/label-checks';
import { FlexHead } from './flex-head';

/**
 * Extractive QA (`QuestionAnsweringHead`): per-token Linear(H, 2) split into start and end logits `[B, T]`.
 * Positions (int32 `[B]`) are clamped to `[0, T]` and T is ignored; loss = (CE_start + CE_end) / 2.
 */
export class QuestionAnsweringHead extends FlexHead<QuestionAnsweringHeadConfig> {
  readonly dropoutRate: number;

  constructor(name: string, options: QuestionAnsweringHeadOptions, context: HeadContext) {
    super(
      name,
      resolveHeadConfig({ ...options, headType: 'question_answering' }, context, `head '${name}'`) as QuestionAnsweringHeadConfig,
      context,
    );
    this.dropoutRate = resolveDropoutRate(this.config.dropoutProb, context);
    this.buildClassifierLayers(this.config.layers, this.config.activationFunction, this.config.numLabels, true, this.dropoutRate);
  }

  forward(inputs: HeadInputs, labels?: HeadLabels, options: HeadForwardOptions = {}): HeadOutput {
    this.checkHiddenState(inputs);
    const [batch, length] = inputs.lastHiddenState.shape;
    const owner = this.describe();
    const { startPositions, endPositions } = labels ?? {};
    if ((startPositions === undefined) !== (endPositions === undefined)) {
      throw new InvalidConfigError({
        path: startPositions === undefined ? 'startPositions' : 'endPositions',
        expected: 'both startPositions and endPositions (or neither)',
        received: undefined,
        source: owner,
      });
    }
    for (const [name, positions] of [['startPositions', startPositions], ['endPositions', endPositions]] as const) {
      if (positions !== undefined) checkLabelTensor(positions, { dtypes: ['int32'], shapes: [[batch], [batch, 1]] }, { name, owner });
    }
    return tidyOutputs(() => {
      const logits = this.runLayers(inputs.lastHiddenState, options.training === true);
      const [startLogits, endLogits] = tf.unstack(logits, 2) as [tf.Tensor2D, tf.Tensor2D];
      if (startPositions === undefined || endPositions === undefined) return { startLogits, endLogits };
      // Positions outside the inputs become T, the ignored class (negative ones become 0, as torch's clamp_).
      const clamp = (positions: tf.Tensor): tf.Tensor =>
        tf.minimum(tf.maximum(tf.reshape(positions, [-1]), tf.scalar(0, 'int32')), tf.scalar(length, 'int32'));
      const startLoss = crossEntropyLoss(startLogits, clamp(startPositions), { ignoreIndex: length, name: 'startPositions', owner });
      const endLoss = crossEntropyLoss(endLogits, clamp(endPositions), { ignoreIndex: length, name: 'endPositions', owner });
      return { startLogits, endLogits, loss: tf.div(tf.add(startLoss, endLoss), 2) as tf.Scalar };
    });
  }
}
