import * as tf from '@tensorflow/tfjs-core';
import { Embedding, LayerNorm, Module, dropout, initializers } from '@adapters/core';
import type { EncoderConfig } from '../config/encoder-config';

/** HF `BertEmbeddings` / `RobertaEmbeddings`: `LN((word + token_type) + position)`, then dropout. */
export class BertEmbeddings extends Module {
  readonly wordEmbeddings: Embedding;
  readonly positionEmbeddings: Embedding;
  readonly tokenTypeEmbeddings: Embedding;
  readonly layerNorm: LayerNorm;

  constructor(private readonly config: EncoderConfig) {
    super();
    const init = initializers.normal(config.initializerRange);
    this.wordEmbeddings = this.addModule('word_embeddings', new Embedding(config.vocabSize, config.hiddenSize, { initializer: init }));
    this.positionEmbeddings = this.addModule(
      'position_embeddings',
      new Embedding(config.maxPositionEmbeddings, config.hiddenSize, { initializer: init }),
    );
    this.tokenTypeEmbeddings = this.addModule(
      'token_type_embeddings',
      new Embedding(config.typeVocabSize, config.hiddenSize, { initializer: init }),
    );
    this.layerNorm = this.addModule('LayerNorm', new LayerNorm(config.hiddenSize, config.layerNormEps));
  }

  /**
   * BERT counts positions 0..T-1. RoBERTa/XLM-R follow HF `create_position_ids_from_input_ids`: real tokens
   * count from `padding_idx + 1`, pads get `padding_idx`. Always int32 (a JS number added to an int32
   * tensor would promote it to float32, which `gather` refuses).
   */
  positionIds(inputIds: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [batchSize, length] = inputIds.shape;
      if (this.config.modelType === 'bert') {
        // Built on the host: a plain upload, where range, expandDims and tile are three ops every forward.
        return tf.tensor2d(Int32Array.from({ length: batchSize * length }, (_, index) => index % length), [batchSize, length], 'int32');
      }
      const pad = tf.scalar(this.config.padTokenId, 'int32');
      const isReal = tf.cast(tf.notEqual(tf.cast(inputIds, 'int32'), pad), 'int32');
      return tf.add(tf.mul(tf.cumsum(isReal, 1), isReal), pad) as tf.Tensor2D;
    });
  }

  apply(
    inputIds: tf.Tensor2D,
    tokenTypeIds: tf.Tensor2D | undefined,
    positionIds: tf.Tensor2D | undefined,
    training: boolean,
  ): tf.Tensor3D {
    this.assertNotDisposed();
    return tf.tidy(() => {
      const positions = positionIds ?? this.positionIds(inputIds);
      const tokenTypes = tokenTypeIds ?? tf.zerosLike(inputIds);
      const summed = tf.add(
        tf.add(this.wordEmbeddings.apply(inputIds), this.tokenTypeEmbeddings.apply(tokenTypes)),
        this.positionEmbeddings.apply(positions),
      );
      return dropout(this.layerNorm.apply(summed), this.config.hiddenDropoutProb, training) as tf.Tensor3D;
    });
  }
}
