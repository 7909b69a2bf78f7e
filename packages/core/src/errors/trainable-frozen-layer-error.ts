import { AdaptersError } from './adapters-error';

/**
 * The frozen-layer cache (AdapterDrop, `cacheFrozenLayers: k`) needs every layer below k, and the embeddings,
 * to carry no trainable parameter; this one does.
 */
export class TrainableFrozenLayerError extends AdaptersError {
  /** The checkpoint name of the offending parameter. */
  readonly parameter: string;
  /** The adapter (or fusion) it belongs to, or undefined for the backbone's own weights. */
  readonly adapter: string | undefined;
  /** Its layer, or 'embeddings' for what runs before layer 0 (embeddings, invertible adapters, prompts). */
  readonly layer: number | 'embeddings';
  readonly cacheLayers: number;

  constructor(options: { parameter: string; adapter?: string; layer: number | 'embeddings'; cacheLayers: number; hint: string }) {
    const owner = options.adapter === undefined ? 'the backbone' : `adapter '${options.adapter}'`;
    const where = options.layer === 'embeddings' ? 'the embeddings' : `layer ${options.layer}`;
    super(
      'trainable-frozen-layer',
      `cacheFrozenLayers ${options.cacheLayers} needs layers 0..${options.cacheLayers - 1} and the embeddings frozen, but ${owner} trains '${options.parameter}' in ${where}: ${options.hint}.`,
    );
    this.name = 'TrainableFrozenLayerError';
    this.parameter = options.parameter;
    this.adapter = options.adapter;
    this.layer = options.layer;
    this.cacheLayers = options.cacheLayers;
  }
}
