import * as tf from '@tensorflow/tfjs-core';
import { InvalidConfigError } from '@adapters/core';
import { KeyValueCache, isDecoder, type DecoderConfig } from '@adapters/models';
import type { ModelWithHeads } from '../model-with-heads';
import { TokenSampler, type SamplingOptions } from './token-sampler';

export interface GenerateOptions extends SamplingOptions {
  /** Tokens to generate after the prompt (HF `max_new_tokens`); default 20. */
  readonly maxNewTokens?: number;
  /** A row stops after producing one of these; default the config's `eos_token_id`. `[]` never stops early. */
  readonly eosTokenIds?: readonly number[];
  /** Fills finished rows and the left padding of shorter prompts; default `pad_token_id`, else the first EOS, else 0. */
  readonly padTokenId?: number;
  /** Reuse keys/values of earlier positions (default true); false recomputes the whole sequence every step. */
  readonly useCache?: boolean;
  /** The causal-LM head to run; default the active head. */
  readonly head?: string;
}

export interface GenerateResult {
  /** Per row: the prompt followed by the generated tokens (no padding; EOS kept when produced). */
  readonly sequences: number[][];
  /** Per row: only the generated tokens. */
  readonly generated: number[][];
}

function checkPrompts(prompts: readonly (readonly number[])[], vocabSize: number): void {
  if (prompts.length === 0 || prompts.some((prompt) => prompt.length === 0)) {
    throw new InvalidConfigError({ path: 'prompts', expected: 'at least one prompt, each with at least one token (e.g. BOS)', received: prompts.map((prompt) => prompt.length) });
  }
  for (const prompt of prompts) {
    const bad = prompt.find((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize);
    if (bad !== undefined) throw new InvalidConfigError({ path: 'prompts', expected: `token ids in [0, ${vocabSize})`, received: bad });
  }
}

/** The last position's logits of every row, `[B, V]` as arrays; every tensor of the forward is freed. */
function lastLogits(model: ModelWithHeads, inputs: { inputIds: tf.Tensor2D; attentionMask: tf.Tensor2D; positionIds: tf.Tensor2D }, head: string, cache: KeyValueCache | undefined): Float32Array[] {
  const output = model.forward(inputs, { head, cache });
  const logits = output.logits as tf.Tensor3D;
  const [batchSize, length, vocabSize] = logits.shape;
  const last = tf.tidy(() => tf.reshape(tf.slice(logits, [0, length - 1, 0], [batchSize, 1, vocabSize]), [batchSize, vocabSize]));
  const values = last.dataSync() as Float32Array;
  tf.dispose([last, output.lastHiddenState, output.attentionMask, logits, ...(output.hiddenStates ?? [])]);
  return Array.from({ length: batchSize }, (_, row) => values.slice(row * vocabSize, (row + 1) * vocabSize));
}

/**
 * HF `generate` for decoders with a causal-LM head: greedy or sampled (temperature, top-k, top-p, seeded),
 * `max_new_tokens`, EOS stop per row, a batch of prompts of different lengths left-padded (positions count
 * real tokens only, so a padded row generates what it would alone), and a key/value cache (prefix-tuning
 * prefixes are computed once, in the first step, and cached with the keys).
 */
export async function generate(model: ModelWithHeads, prompts: readonly (readonly number[])[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const backbone = model.encoder;
  if (!isDecoder(backbone)) throw new InvalidConfigError({ path: 'model_type', expected: 'a decoder (gpt2, llama) for generation', received: backbone.modelType });
  const config: DecoderConfig = backbone.config;
  const head = options.head ?? model.activeHead;
  if (head === null || model.getHead(head).headType !== 'causal_lm') {
    throw new InvalidConfigError({ path: 'head', expected: 'a causal_lm head (add one with addCausalLmHead or load an *ForCausalLM folder)', received: head });
  }
  checkPrompts(prompts, config.vocabSize);
  const maxNewTokens = options.maxNewTokens ?? 20;
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) throw new InvalidConfigError({ path: 'max_new_tokens', expected: 'an integer >= 0', received: maxNewTokens });
  const eos = new Set(options.eosTokenIds ?? config.eosTokenIds);
  const pad = options.padTokenId ?? config.padTokenId ?? config.eosTokenIds[0] ?? 0;
  const sampler = new TokenSampler(options);
  const batchSize = prompts.length;
  const promptLength = Math.max(...prompts.map((prompt) => prompt.length));
  // Left padding: row b's tokens end at the right edge.
  const tokens = prompts.map((prompt) => [...Array<number>(promptLength - prompt.length).fill(pad), ...prompt]);
  const mask = prompts.map((prompt) => [...Array<number>(promptLength - prompt.length).fill(0), ...prompt.map(() => 1)]);
  const generated: number[][] = prompts.map(() => []);
  const finished = prompts.map(() => false);
  const useCache = options.useCache !== false;
  const cache = useCache ? new KeyValueCache() : undefined;
  // HF: position_ids = cumsum(mask) - 1, pads get 1 (they are masked anyway).
  const positions = (rows: number[][], from: number): number[][] =>
    rows.map((row) => {
      let count = 0;
      return row.map((bit) => (bit === 1 ? count++ : 1)).slice(from);
    });
  try {
    for (let step = 0; step < maxNewTokens && !finished.every(Boolean); step++) {
      const from = useCache && step > 0 ? tokens[0]!.length - 1 : 0;
      const inputs = tf.tidy(() => ({
        inputIds: tf.tensor2d(tokens.map((row) => row.slice(from)), undefined, 'int32'),
        attentionMask: tf.tensor2d(mask, undefined, 'int32'),
        positionIds: tf.tensor2d(positions(mask, from), undefined, 'int32'),
      }));
      let rows: Float32Array[];
      try {
        rows = lastLogits(model, inputs, head, cache);
      } finally {
        tf.dispose([inputs.inputIds, inputs.attentionMask, inputs.positionIds]);
      }
      for (let row = 0; row < batchSize; row++) {
        const next = finished[row] ? pad : sampler.next(rows[row] as Float32Array);
        tokens[row]!.push(next);
        mask[row]!.push(1);
        if (!finished[row]) {
          generated[row]!.push(next);
          if (eos.has(next)) finished[row] = true;
        }
      }
      await Promise.resolve();
    }
  } finally {
    cache?.dispose();
  }
  return { sequences: prompts.map((prompt, row) => [...prompt, ...(generated[row] as number[])]), generated };
}
