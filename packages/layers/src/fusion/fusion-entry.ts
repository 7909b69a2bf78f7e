import * as tf from '@tensorflow/tfjs-core';
import { Module, type AdapterFusionConfig, type AdapterHost, type ResidualSite } from '@adapters/core';
import { adapterLayoutOf, locationKey, type AdapterEntry, type LocationKey } from '../model/adapter-entry';
import { BertFusion } from './bert-fusion';

/** Every fusion layer of one fusion (e.g. `a,b,c`), at each location where all fused adapters exist. */
export class FusionEntry extends Module {
  readonly layers = new Map<LocationKey, BertFusion>();

  constructor(
    readonly name: string,
    readonly adapterNames: readonly string[],
    readonly config: AdapterFusionConfig,
    host: AdapterHost & { readonly attentionDropout?: number },
    adapters: readonly AdapterEntry[],
    attentionDropout: number,
  ) {
    super();
    const dropoutRate = config.dropoutProb ?? attentionDropout;
    for (let layer = 0; layer < host.numLayers; layer++) {
      for (const site of ['attention', 'ffn'] as ResidualSite[]) {
        const key = locationKey(layer, site);
        if (!adapters.every((entry) => entry.bottlenecks.has(key))) continue;
        const fusion = this.addModule(
          `${adapterLayoutOf(host).residualPath(layer, site)}.adapter_fusion_layer.${name}`,
          new BertFusion(config, host.hiddenSize, dropoutRate),
        );
        this.layers.set(key, fusion);
      }
    }
  }

  /** `0.01 * sum((I - V)^2)` over the layers that have a value matrix (`get_fusion_regularization_loss`). */
  regularizationLoss(): tf.Scalar {
    return tf.tidy(() => {
      const terms = [...this.layers.values()]
        .map((fusion) => fusion.valueWeight())
        .filter((weight): weight is tf.Variable => weight !== undefined && weight.trainable !== false)
        .map((weight) => tf.mul(0.01, tf.sum(tf.square(tf.sub(tf.eye(weight.shape[0] as number), weight)))));
      return (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
    });
  }

  variables(): tf.Variable[] {
    return this.namedParameters().map(([, variable]) => variable);
  }
}
