import type * as tf from '@tensorflow/tfjs-core';

/** Sizes a head config needs to be complete (`vocab_size` and `embedding_size` default to the model's). */
export interface HeadSizes {
  readonly hiddenSize: number;
  readonly vocabSize: number;
  /** The model config's `embedding_size` (ALBERT-style models); absent means `hiddenSize`. */
  readonly embeddingSize?: number;
}

/** What a head reads from the backbone it sits on (the Python heads read `model.config` and the embeddings). */
export interface HeadContext extends HeadSizes {
  /** `layer_norm_eps` of the model: the LM heads' LayerNorm uses it. */
  readonly layerNormEps: number;
  /** `hidden_dropout_prob`: the last fallback for the head dropout. */
  readonly hiddenDropoutProb: number;
  /** `classifier_dropout`: used when the head config has no `dropout_prob`. */
  readonly classifierDropout?: number | null;
  /**
   * The backbone's word embedding variable `[vocabSize, embeddingSize]`. LM heads tie their decoder weight to it
   * (shared, never disposed by the head); without it they get a decoder weight of their own.
   */
  readonly wordEmbeddings?: tf.Variable;
  /** Whether the backbone computes `poolerOutput` (BERT does); `use_pooler` heads need it. */
  readonly hasPooler: boolean;
  /** `initializer_range`: std of the normal init of new head weights (BERT: 0.02). */
  readonly initializerRange?: number;
}

/** BERT's `initializer_range`, used when the context does not say. */
export const DEFAULT_INITIALIZER_RANGE = 0.02;

/** `PredictionHead.build`: the head's `dropout_prob`, else the model's `classifier_dropout`, else `hidden_dropout_prob`. */
export function resolveDropoutRate(dropoutProb: number | null, context: HeadContext): number {
  if (dropoutProb !== null) return dropoutProb;
  if (context.classifierDropout !== undefined && context.classifierDropout !== null) return context.classifierDropout;
  return context.hiddenDropoutProb;
}
