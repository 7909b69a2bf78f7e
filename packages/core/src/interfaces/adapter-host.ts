import type * as tf from '@tensorflow/tfjs-core';

/** The linear projections of a transformer layer that LoRA / IA3 attach to. */
export type LinearSite =
  | 'attention.query'
  | 'attention.key'
  | 'attention.value'
  | 'attention.output'
  | 'ffn.intermediate'
  | 'ffn.output';

export const LINEAR_SITES: readonly LinearSite[] = [
  'attention.query',
  'attention.key',
  'attention.value',
  'attention.output',
  'ffn.intermediate',
  'ffn.output',
];

/**
 * A fused query|key|value projection (GPT-2's `attn.c_attn`, output `[q | k | v]`): hosts whose layout says
 * `fusedQkv` call `linearOutput` once with this site instead of the three attention sites.
 */
export type FusedLinearSite = 'attention.qkv';

/** The two sub-layer outputs where bottleneck adapters sit: after attention (`mh_adapter`) and after the FFN (`output_adapter`). */
export type ResidualSite = 'attention' | 'ffn';

export interface LinearParameters {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `out_in` (torch nn.Linear, the default) or `in_out` (GPT-2's Conv1D, `fan_in_fan_out`). */
  readonly weightLayout?: 'out_in' | 'in_out';
}

/**
 * Where a backbone keeps adapter modules (dotted paths relative to the base-model prefix, without the trailing
 * `.adapters.<name>` / `.loras.<name>`). Hosts without a layout use BERT's names.
 */
export interface AdapterLayout {
  /** Bottleneck location, e.g. BERT `encoder.layer.0.output`, GPT-2 `h.0.output_adapters`. */
  residualPath(layer: number, site: ResidualSite): string;
  /** LoRA/IA3 location, or undefined where the library does not wrap that linear (e.g. Llama `o_proj`). */
  linearPath(layer: number, site: LinearSite | FusedLinearSite): string | undefined;
  /** q/k/v are one fused projection (`attention.qkv`): LoRA uses the library's merged-linear form. */
  readonly fusedQkv: boolean;
  /** Sub-layer adapters get no LayerNorm (decoders call them with `layer_norm=None`). */
  readonly residualWithoutLayerNorm: boolean;
}

/**
 * Per-forward state shared by all hooks of one call: the options the caller passed (setup, training)
 * and a scratch map hooks may use (e.g. to remember that a Parallel block replicated the batch).
 */
export interface HookContext {
  readonly training: boolean;
  /** The adapter setup of this call (a composition expression), as given by the caller. */
  readonly adapterSetup: unknown;
  readonly scratch: Map<string, unknown>;
  /** `[B, T]` float 0/1 mask of the current call (before any replication). */
  readonly attentionMask: tf.Tensor2D;
}

export interface EmbeddingHookCall {
  /** `[B, T, H]` embedding output after its LayerNorm (and dropout). */
  readonly hidden: tf.Tensor3D;
  /** `[B, T]` float 0/1 mask. */
  readonly attentionMask: tf.Tensor2D;
}

/** An embedding hook's result when it changes the sequence length. */
export interface EmbeddingHookResult {
  readonly hidden: tf.Tensor3D;
  /** `[B, T']` float 0/1 mask for the new sequence. */
  readonly attentionMask: tf.Tensor2D;
}

export interface LinearHookCall {
  readonly layer: number;
  readonly site: LinearSite | FusedLinearSite;
  /** The linear's input. */
  readonly input: tf.Tensor;
  /** `W x + b` of the pretrained linear. */
  readonly output: tf.Tensor;
  readonly parameters: LinearParameters;
}

export interface ResidualHookCall {
  readonly layer: number;
  readonly site: ResidualSite;
  /** The sub-layer output `h` (dense projection after dropout), `[B, T, H]`. */
  readonly hidden: tf.Tensor3D;
  /** The sub-layer input `r` (the residual), `[B', T, H]`; B' may differ from B after Parallel replication. */
  readonly input: tf.Tensor3D;
  /** The block's pretrained LayerNorm. */
  layerNorm(x: tf.Tensor): tf.Tensor3D;
}

export interface PrefixHookCall {
  readonly layer: number;
  readonly batchSize: number;
  readonly numHeads: number;
  readonly headSize: number;
}

/** Prefix keys and values `[B, heads, P, headSize]` prepended to a layer's projected keys and values. */
export interface AttentionPrefix {
  readonly key: tf.Tensor4D;
  readonly value: tf.Tensor4D;
}

/**
 * What adapter methods may change in a backbone's forward pass. Each hook runs inside the
 * backbone's `tidy`; a hook returns new tensors and never disposes its inputs.
 */
export interface AdapterHooks {
  /**
   * Called once per forward, in the forward's outer scope, before the embeddings. Tensors it stores in
   * `context.scratch` stay alive until the forward pass returns (e.g. prefix-tuning key/values for all layers).
   */
  prepare?(context: HookContext): void;
  /**
   * Replaces the embedding output (invertible adapters). Returning a longer sequence with its mask
   * (prompt tuning) makes every layer and the output use that mask.
   */
  embeddingOutput?(call: EmbeddingHookCall, context: HookContext): tf.Tensor3D | EmbeddingHookResult;
  /** Replaces a linear's output (LoRA, IA3). */
  linearOutput?(call: LinearHookCall, context: HookContext): tf.Tensor;
  /** Replaces `LN(h + r)` at a sub-layer output (bottleneck adapters, fusion); `undefined` keeps the default. */
  residual?(call: ResidualHookCall, context: HookContext): tf.Tensor3D | undefined;
  /** Prefix keys/values for a layer's self-attention (prefix tuning). */
  attentionPrefix?(call: PrefixHookCall, context: HookContext): AttentionPrefix | undefined;
}

/** The typed view of a backbone that adapter methods use; they never import backbone code. */
export interface AdapterHost {
  readonly modelType: string;
  /** The attribute name of the base model in HF task models (`bert`, `roberta`): the key prefix of adapter files. */
  readonly baseModelPrefix: string;
  /** The model's name or path as recorded in adapter files (`model_name`). */
  readonly modelName: string | undefined;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly intermediateSize: number;
  readonly layerNormEps: number;
  readonly hiddenAct: string;
  readonly vocabSize: number;
  /** Key/value heads (grouped-query attention); absent means `numHeads`. Prefix tuning sizes its prefixes by it. */
  readonly numKeyValueHeads?: number;
  /** Module paths of adapter locations; absent means BERT's. */
  readonly adapterLayout?: AdapterLayout;
  /** The pretrained weights of a linear (LoRA merges into them). */
  linear(layer: number, site: LinearSite | FusedLinearSite): LinearParameters;
  /** The word embedding table `[V, H]` (tied LM decoders). */
  wordEmbeddings(): tf.Variable;
  /** Installs the hooks used by every later forward call (`undefined` removes them). */
  setHooks(hooks: AdapterHooks | undefined): void;
  /** Every backbone parameter with its dotted name (without the base-model prefix). */
  namedParameters(): Array<[string, tf.Variable]>;
  /** Freezes (false) or unfreezes (true) every backbone parameter. */
  setTrainable(trainable: boolean): void;
  parameterCount(): number;
}

/** Per-call options every host's `forward` accepts (hosts may accept more). */
export interface HostForwardOptions {
  readonly training?: boolean;
  readonly outputHiddenStates?: boolean;
  readonly adapterSetup?: unknown;
  readonly scratch?: Map<string, unknown>;
  /** Decoders: the key/value cache this call reads and extends (generation); encoders ignore it. */
  readonly cache?: unknown;
  /** Run only part of the layer stack (encoders; see `LayerRange`). Default: embeddings, every layer, pooler. */
  readonly layerRange?: LayerRange;
  /** false: skip the pooler (no `poolerOutput`), for a caller whose heads never read it. Default true. */
  readonly pooler?: boolean;
}

/**
 * Part of an encoder's layer stack, for AdapterDrop's frozen-layer cache: the states after layer k-1 depend
 * only on the example when layers below k are frozen, so a trainer computes them once (`end: k`) and later
 * starts every forward at layer k from them (`start`).
 */
export interface LayerRange {
  /**
   * Begin at `layer` from these `[B, T, H]` states (the output of layer `layer - 1`; for 0, the embedding
   * output after the embedding hooks) instead of the embeddings. The inputs' ids and mask still give the
   * shape and the attention mask.
   */
  readonly start?: { readonly layer: number; readonly hiddenStates: tf.Tensor3D };
  /** Stop before this layer: `lastHiddenState` is its input (0: the embedding output); no pooler output. */
  readonly end?: number;
}

/** A backbone that adapters can be added to and that can run a forward pass. */
export interface AdapterHostModel<TInputs, TOutput> extends AdapterHost {
  forward(inputs: TInputs, options?: HostForwardOptions): TOutput;
}
