// tf.dropout's multiplier floor(u + keep) / keep, with u drawn by seedrandom's alea exactly as tf.randomUniform
// draws it (float64 state, each value rounded to float32 when stored), and the add, floor and divide in float32
// as tfjs's kernels do them. No FMA contraction, so every value equals the JavaScript one.
#include <cmath>
#include <cstdint>
#include "kernels.h"

namespace adapters {

__attribute__((optimize("fp-contract=off"))) void dropoutMask(float* out, int64_t size, const double* state, float keep) {
  double s0 = state[0], s1 = state[1], s2 = state[2], c = state[3];
  for (int64_t i = 0; i < size; i++) {
    const double t = 2091639.0 * s0 + c * 2.3283064365386963e-10;  // alea's next(); 2^-32
    s0 = s1;
    s1 = s2;
    c = static_cast<double>(static_cast<int32_t>(t));  // JavaScript's t | 0 (0 <= t < 2^31)
    s2 = t - c;
    const float u = static_cast<float>(s2);
    out[i] = std::floor(u + keep) / keep;
  }
}

}  // namespace adapters
