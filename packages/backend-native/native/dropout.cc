// tf.dropout's multiplier floor(u + keep) / keep, with u drawn by seedrandom's alea exactly as tf.randomUniform
// draws it (float64 state, each value rounded to float32 when stored), and the add, floor and divide in float32
// as tfjs's kernels do them. No FMA contraction, so every value equals the JavaScript one.
//
// Alea is a lag-3 multiply-with-carry generator in disguise: its doubles are exact multiples of 2^-32, so with
// x = s·2^32 it computes x_n = (a·x_{n-3} + c) mod 2^32, c = (a·x_{n-3} + c) div 2^32, a = 2091639. Such a
// generator is the Lehmer generator y_{n+1} = b⁻¹·y_n mod p with b = 2^32, p = a·b³ − 1 and
// y_n = c_n + a·(x_{n-2} + x_{n-1}·b + x_n·b²) (b⁻¹ ≡ a·b² mod p), so the state k draws ahead is one modular power
// away: each thread starts its chunk there and draws exactly the values one thread would.
#include <cmath>
#include <cstdint>
#include "kernels.h"
#include "parallel.h"

namespace adapters {

namespace {

using Wide = unsigned __int128;

constexpr uint64_t kMultiplier = 2091639;
constexpr double kTwoToMinus32 = 2.3283064365386963e-10;
const Wide kModulus = (Wide{kMultiplier} << 96) - 1;  // < 2^118, so sums of two residues fit in 128 bits

Wide addModulo(Wide x, Wide y) {
  const Wide sum = x + y;
  return sum >= kModulus ? sum - kModulus : sum;
}

Wide multiplyModulo(Wide x, Wide y) {
  Wide result = 0;
  for (int bit = 117; bit >= 0; bit--) {
    result = addModulo(result, result);
    if (((y >> bit) & 1) != 0) result = addModulo(result, x);
  }
  return result;
}

// Alea's state {s0, s1, s2, c} after `steps` draws.
void jump(const double* state, int64_t steps, double* out) {
  const Wide b = Wide{1} << 32;
  const Wide x0 = static_cast<uint64_t>(state[0] * 4294967296.0);
  const Wide x1 = static_cast<uint64_t>(state[1] * 4294967296.0);
  const Wide x2 = static_cast<uint64_t>(state[2] * 4294967296.0);
  Wide y = static_cast<uint64_t>(state[3]) + Wide{kMultiplier} * (x0 + x1 * b + x2 * b * b);
  Wide factor = Wide{kMultiplier} << 64;  // b⁻¹ mod p
  for (uint64_t remaining = static_cast<uint64_t>(steps); remaining != 0; remaining >>= 1) {
    if ((remaining & 1) != 0) y = multiplyModulo(y, factor);
    factor = multiplyModulo(factor, factor);
  }
  const Wide digits = y / kMultiplier;
  out[0] = static_cast<double>(static_cast<uint32_t>(digits)) * kTwoToMinus32;
  out[1] = static_cast<double>(static_cast<uint32_t>(digits >> 32)) * kTwoToMinus32;
  out[2] = static_cast<double>(static_cast<uint32_t>(digits >> 64)) * kTwoToMinus32;
  out[3] = static_cast<double>(static_cast<uint64_t>(y % kMultiplier));
}

__attribute__((optimize("fp-contract=off"))) void draw(float* out, int64_t size, const double* state, float keep) {
  double s0 = state[0], s1 = state[1], s2 = state[2], c = state[3];
  for (int64_t i = 0; i < size; i++) {
    const double t = 2091639.0 * s0 + c * kTwoToMinus32;  // alea's next()
    s0 = s1;
    s1 = s2;
    c = static_cast<double>(static_cast<int32_t>(t));  // JavaScript's t | 0 (0 <= t < 2^31)
    s2 = t - c;
    const float u = static_cast<float>(s2);
    out[i] = std::floor(u + keep) / keep;
  }
}

}  // namespace

void aleaJump(const double* state, int64_t steps, double* out) { jump(state, steps, out); }

void dropoutMask(float* out, int64_t size, const double* state, float keep) {
  // A jump costs ~40 modular products (tens of microseconds): chunks of at least 2^16 draws.
  parallelFor(size, int64_t{1} << 16, [&](int64_t begin, int64_t end) {
    double start[4];
    if (begin == 0) {
      for (int i = 0; i < 4; i++) start[i] = state[i];
    } else {
      jump(state, begin, start);
    }
    draw(out + begin, end - begin, start, keep);
  });
}

}  // namespace adapters
