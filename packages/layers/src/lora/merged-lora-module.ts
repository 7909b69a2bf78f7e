import * as tf from '@tensorflow/tfjs-core';
import { CompositionError, dropout, type LoRAConfig } from '@adapters/core';
import { LoRAModule } from './lora-module';

const MATRICES = ['q', 'k', 'v'] as const;

/**
 * The library's `LoRAMergedLinear` on a fused q|k|v projection (GPT-2 `attn.c_attn`, output `3H`). With n enabled
 * matrices `lora_A` is `[r*n, in]` and `lora_B` `[H*n, r]`; the g-th enabled matrix's delta
 * `(x A_g^T) B_g^T` fills its third of the output, zeros elsewhere. IA3: `lora_B` `[H*n, 1]`, ones elsewhere.
 * Only a single adapter may be active on it, as in the library.
 */
export class MergedLoRAModule extends LoRAModule {
  readonly enabled: readonly boolean[];
  private readonly partSize: number;

  constructor(config: LoRAConfig, inFeatures: number, outFeatures: number) {
    const enabled = MATRICES.map((matrix) => config.attnMatrices.includes(matrix));
    const count = enabled.filter(Boolean).length;
    super(config, inFeatures, outFeatures, { a: config.r * count, b: (outFeatures / 3) * count });
    this.enabled = enabled;
    this.partSize = outFeatures / 3;
  }

  /** Each third of the output: the enabled block's index in `lora_A`/`lora_B`, or -1. */
  private blocks(): number[] {
    let next = 0;
    return this.enabled.map((on) => (on ? next++ : -1));
  }

  /** `[3H]` IA3 vector or, for LoRA, `[N, 3H]` delta of `flat` `[N, in]` (before the scaling). */
  private fused(flat: tf.Tensor2D | undefined): tf.Tensor {
    const { r } = this.config;
    const size = this.partSize;
    const parts = this.blocks().map((block) => {
      if (this.isScale) return block < 0 ? tf.ones([size]) : tf.reshape(tf.slice(this.loraB, [block * size, 0], [size, 1]), [size]);
      const rows = (flat as tf.Tensor2D).shape[0];
      if (block < 0) return tf.zeros([rows, size]);
      const a = tf.slice(this.loraA as tf.Variable, [block * r, 0], [r, this.inFeatures]);
      const b = tf.slice(this.loraB, [block * size, 0], [size, r]);
      return tf.matMul(tf.matMul(flat as tf.Tensor2D, a, false, true), b, false, true);
    });
    return tf.concat(parts, -1);
  }

  override forward(hidden: tf.Tensor | undefined, layerInput: tf.Tensor, training: boolean): tf.Tensor {
    this.assertNotDisposed();
    if (hidden !== undefined) {
      throw new CompositionError({ block: 'stack', message: 'Only a single adapter may be active on a merged q/k/v linear (GPT-2 c_attn).' });
    }
    const factor = this.factor(layerInput);
    if (this.isScale) return tf.mul(this.fused(undefined), factor);
    const source = dropout(layerInput, this.config.dropout, training);
    const flat = tf.reshape(source, [-1, this.inFeatures]) as tf.Tensor2D;
    const delta = tf.reshape(this.fused(flat), [...source.shape.slice(0, -1), this.outFeatures]);
    return tf.mul(delta, factor);
  }

  /** `[3H, in]` (LoRA, zero rows for disabled thirds) or the `[3H, 1]` IA3 scale. */
  override deltaWeight(): tf.Tensor {
    return tf.tidy(() => {
      if (this.isScale) return tf.mul(tf.reshape(this.fused(undefined), [this.outFeatures, 1]), this.scaling);
      const { r } = this.config;
      const size = this.partSize;
      const parts = this.blocks().map((block) => {
        if (block < 0) return tf.zeros([size, this.inFeatures]);
        const a = tf.slice(this.loraA as tf.Variable, [block * r, 0], [r, this.inFeatures]);
        const b = tf.slice(this.loraB, [block * size, 0], [size, r]);
        return tf.matMul(b, a);
      });
      return tf.mul(tf.concat(parts, 0), this.scaling);
    });
  }
}
