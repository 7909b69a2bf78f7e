// torch.optim.AdamW's update for one parameter as one pass: the moments, the decoupled decay and the step, with
// every product and sum rounded to float32 in the order the trainer's tfjs ops use (no FMA contraction), so the
// result equals that path.
#include <cmath>
#include "kernels.h"
#include "parallel.h"

namespace adapters {

namespace {

// Its own function so the no-contraction attribute covers the loop (a lambda would not inherit it).
__attribute__((optimize("fp-contract=off"))) void adamwRange(const float* parameter, const float* gradient,
                                                              const float* firstMoment, const float* secondMoment,
                                                              float* parameterOut, float* firstOut, float* secondOut,
                                                              int64_t begin, int64_t end, const AdamWScalars& s) {
  for (int64_t i = begin; i < end; i++) {
    const float g = gradient[i];
    const float m = firstMoment[i] * s.beta1 + g * s.oneMinusBeta1;
    const float v = secondMoment[i] * s.beta2 + (g * g) * s.oneMinusBeta2;
    const float decayed = s.decays ? parameter[i] * s.decayFactor : parameter[i];
    const float denominator = std::sqrt(v) / s.secondCorrectionRoot + s.epsilon;
    firstOut[i] = m;
    secondOut[i] = v;
    parameterOut[i] = decayed - (m / denominator) * s.stepSize;
  }
}

}  // namespace

void adamw(const float* parameter, const float* gradient, const float* firstMoment, const float* secondMoment,
           float* parameterOut, float* firstOut, float* secondOut, int64_t size, const AdamWScalars& scalars) {
  parallelForElements(size, grainFor(8), [&](int64_t begin, int64_t end) {
    adamwRange(parameter, gradient, firstMoment, secondMoment, parameterOut, firstOut, secondOut, begin, end, scalars);
  });
}

}  // namespace adapters
