// tf.dropout draws from Math.random unless it gets a seed, so runs with dropout were not repeatable and a
// resumed run diverged from an uninterrupted one. A training step opens a seeded stream instead: the k-th
// dropout call of step s with run seed r gets a seed that depends on (r, s, k) only, so a resumed run
// draws exactly the masks the uninterrupted run drew.

interface DropoutStream {
  readonly seed: number;
  readonly step: number;
  calls: number;
}

let stream: DropoutStream | null = null;

/** 32-bit mix (splitmix-style) of the run seed, the step and the call index. */
function mix(seed: number, step: number, call: number): number {
  let hash = (seed ^ Math.imul(step + 1, 0x9e3779b1) ^ Math.imul(call + 1, 0x85ebca6b)) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Seeds the dropout masks of one training step (the trainer calls it before each forward pass). */
export function seedDropout(seed: number, step: number): void {
  stream = { seed, step, calls: 0 };
}

/** Back to unseeded dropout (Math.random), e.g. after a training step. */
export function clearDropoutSeed(): void {
  stream = null;
}

/** The seed for the next dropout call, or undefined when no stream is open. */
export function nextDropoutSeed(): number | undefined {
  if (stream === null) return undefined;
  const seed = mix(stream.seed, stream.step, stream.calls);
  stream.calls += 1;
  return seed;
}
