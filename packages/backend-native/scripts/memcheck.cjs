#!/usr/bin/env node
// Calls every addon binding many times (including rejected arguments) so a leak checker can watch the
// addon's own memory. Run: valgrind --leak-check=full --show-leak-kinds=definite node scripts/memcheck.cjs
const path = require('node:path');
const addon = require(process.env.ADAPTERS_NATIVE_ADDON || path.join(__dirname, '../build/Release/adapters_native.node'));

const filled = (length, seed) => Float32Array.from({ length }, (_, index) => Math.sin(index * 0.1 + seed));
const zero = new Int32Array([0]);
let rejected = 0;
for (let round = 0; round < 200; round++) {
  const a = filled(64 * 32, 1);
  const b = filled(32 * 48, 2);
  const out = new Float32Array(64 * 48);
  addon.matmul(a, b, out, zero, zero, 64, 48, 32, false, false);
  addon.matmul(a, b, out, zero, zero, 64, 48, 32, false, round % 2 === 1 ? false : false);
  addon.binary(0, out, filled(48, 3), out, new Int32Array([64, 48]), new Int32Array([48, 1]), new Int32Array([0, 1]));
  for (let op = 0; op <= 16; op++) addon.unary(op, out, new Float32Array(out.length), 0.1);
  addon.softmax(out, new Float32Array(out.length), 48);
  addon.layerNorm(out, filled(48, 5), filled(48, 6), new Float32Array(out.length), 48, 1e-5);
  addon.layerNormGrad(filled(out.length, 7), out, filled(48, 5), new Float32Array(out.length), 48, 1e-5);
  addon.geluGrad(out, out, new Float32Array(out.length));
  for (let op = 0; op <= 3; op++) addon.reduce(op, out, new Float32Array(48), 1, 64, 48);
  addon.addN([out, out, out], new Float32Array(out.length));
  addon.stridedCopy(out, new Float32Array(out.length), 0, new Int32Array([48, 64]), new Int32Array([1, 48]));
  addon.gather(out, new Int32Array([0, 5, 63]), new Float32Array(3 * 48), 1, 64, 48);
  addon.unsortedSegmentSum(out, new Int32Array(64).fill(1), new Float32Array(4 * 48), 4);
  // Attention over [2, 32, 48] (2 heads of 24), with and without a dropout multiplier; linear; AdamW.
  const dims = new Int32Array([2, 2, 32, 32, 24, 32, 0]);
  const probabilities = new Float32Array(2 * 2 * 32 * 32);
  const multiplier = filled(probabilities.length, 8).map((value) => (value > 0 ? 2 : 0));
  const [q, k, v] = [11, 12, 13].map((seed) => filled(3072, seed));
  for (const dropout of [new Float32Array(0), multiplier]) {
    addon.attention(q, k, v, filled(64, 9), dropout, new Float32Array(3072), probabilities, dims, 0.2);
    addon.attentionGrad(out.subarray(0, 3072), q, k, v, probabilities, dropout, new Float32Array(3072), new Float32Array(3072), new Float32Array(3072), dims, 0.2);
  }
  addon.linear(a, b.subarray(0, 48 * 32), filled(48, 10), new Float32Array(64 * 48), 32, 48);
  addon.linear(a, b.subarray(0, 48 * 32), new Float32Array(0), new Float32Array(64 * 48), 32, 48);
  const scalars = Float32Array.from([0.9, 0.1, 0.999, 0.001, 1e-8, 1e-3, 0.03, 0.99]);
  addon.adamw(a, a, a, a.map(Math.abs), new Float32Array(a.length), new Float32Array(a.length), new Float32Array(a.length), scalars);
  addon.dropoutMask(new Float32Array(4096), 0.25, 0.5, 0.75, 1, 0.9);
  addon.info();
  for (const bad of [
    () => addon.dropoutMask(new Float32Array(8), 0.25, 0.5, 0.75, 1, 0),
    () => addon.dropoutMask(new Float32Array(8), 0.25, 0.5, 'not a number', 1, 0.9),
    () => addon.attention(q, k, v, filled(4, 9), new Float32Array(0), new Float32Array(3072), probabilities, dims, 0.2),
    () => addon.attentionGrad(q, q, k, v, probabilities, new Float32Array(3), q, k, v, dims, 0.2),
    () => addon.linear(a, b.subarray(0, 10), new Float32Array(0), out, 32, 48),
    () => addon.adamw(a, a, a, a, a, a, new Float32Array(3), scalars),
    () => addon.matmul(a, b, out, new Int32Array([1 << 20]), zero, 64, 48, 32, false, false),
    () => addon.binary(0, a, b, out, new Int32Array([99, 99]), new Int32Array([99, 1]), new Int32Array([0, 1])),
    () => addon.addN([a, 'not an array'], out),
    () => addon.unary(0, new Int32Array(4), out, 0),
    () => addon.layerNorm(out, filled(4, 5), filled(48, 6), new Float32Array(out.length), 48, 1e-5),
    () => addon.layerNormGrad(a, out, filled(48, 5), new Float32Array(4), 48, 1e-5),
    () => addon.geluGrad(out, out, new Float32Array(4)),
  ]) {
    try {
      bad();
    } catch {
      rejected++;
    }
  }
}
// Big enough for two BLAS threads once, so their buffers show up too.
const big = filled(256 * 256, 4);
addon.matmul(big, big, new Float32Array(256 * 256), zero, zero, 256, 256, 256, false, true);
console.log(JSON.stringify({ source: 'memcheck', rounds: 200, rejected }));
