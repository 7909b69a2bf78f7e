import { InvalidConfigError } from '@adapters/core';

export interface SamplingOptions {
  /** Sample from the distribution instead of taking the argmax (HF `do_sample`). Default false. */
  readonly doSample?: boolean;
  /** Divides the logits before sampling; default 1. */
  readonly temperature?: number;
  /** Keep the k most likely tokens (0 = off). */
  readonly topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (1 = off). */
  readonly topP?: number;
  /** Seed of the sampler's random numbers (same seed, same tokens). */
  readonly seed?: number;
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkOptions(options: SamplingOptions): void {
  const { temperature = 1, topK = 0, topP = 1 } = options;
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new InvalidConfigError({ path: 'temperature', expected: 'a number > 0', received: temperature });
  if (!Number.isInteger(topK) || topK < 0) throw new InvalidConfigError({ path: 'top_k', expected: 'an integer >= 0', received: topK });
  if (!(topP > 0 && topP <= 1)) throw new InvalidConfigError({ path: 'top_p', expected: 'a number in (0, 1]', received: topP });
}

function argmax(logits: Float32Array): number {
  let best = 0;
  for (let index = 1; index < logits.length; index++) if ((logits[index] as number) > (logits[best] as number)) best = index;
  return best;
}

/**
 * Picks the next token from one row of logits, as HF `generate`: greedy argmax, or sampling after the
 * temperature, top-k and top-p warpers (in that order; top-p keeps at least one token).
 */
export class TokenSampler {
  private readonly random: () => number;

  constructor(private readonly options: SamplingOptions = {}) {
    checkOptions(options);
    this.random = mulberry32(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  next(logits: Float32Array): number {
    if (this.options.doSample !== true) return argmax(logits);
    const { temperature = 1, topK = 0, topP = 1 } = this.options;
    const order = Array.from(logits.keys()).sort((a, b) => (logits[b] as number) - (logits[a] as number));
    let kept = topK > 0 ? order.slice(0, topK) : order;
    const top = logits[kept[0] as number] as number;
    let weights = kept.map((id) => Math.exp(((logits[id] as number) - top) / temperature));
    let total = weights.reduce((sum, weight) => sum + weight, 0);
    if (topP < 1) {
      let cumulative = 0;
      let count = 0;
      while (count < kept.length && cumulative < topP) cumulative += (weights[count++] as number) / total;
      kept = kept.slice(0, Math.max(1, count));
      weights = weights.slice(0, kept.length);
      total = weights.reduce((sum, weight) => sum + weight, 0);
    }
    let draw = this.random() * total;
    for (let index = 0; index < kept.length; index++) {
      draw -= weights[index] as number;
      if (draw < 0) return kept[index] as number;
    }
    return kept[kept.length - 1] as number;
  }
}
